package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"qingfeng/content"
	"qingfeng/content/seal"
	"qingfeng/content/store"
)

// opinionStore is what the recorder needs of the store.
type opinionStore interface {
	RecordOpinion(ctx context.Context, o store.StoredOpinion) (receipt string, err error)
}

// opinionRecorder is where the opinion screen's submissions go (the
// kiosk's OpinionRecorder). It checks an opinion against the config, marks
// it for review when it holds a hold word, seals the resident's name and
// phone to the office key, and stores it. Refusals are
// *content.OpinionError, worded for the resident.
type opinionRecorder struct {
	st   opinionStore
	cfg  OpinionsConfig
	site string
	now  func() time.Time
	log  *slog.Logger

	holdLower []string // cfg.HoldWords, lowercased once

	mu   sync.Mutex // one submission at a time, so the interval holds
	last time.Time  // when this screen last stored an opinion
}

func newOpinionRecorder(st opinionStore, cfg *Config, log *slog.Logger) *opinionRecorder {
	r := &opinionRecorder{st: st, cfg: cfg.Opinions, site: cfg.Site.ID, now: time.Now, log: log}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	for _, w := range cfg.Opinions.HoldWords {
		r.holdLower = append(r.holdLower, strings.ToLower(w))
	}
	return r
}

// sealedContact is what is sealed to the office key. Its JSON is padded to
// a multiple of contactPad bytes before sealing, so the length of a stored
// contact does not tell how long the name or the number is.
type sealedContact struct {
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
}

const contactPad = 160

func refuse(field, msg string) error { return &content.OpinionError{Field: field, Msg: msg} }

// RecordOpinion checks, seals and stores o, and returns the receipt to
// show the resident. It returns only once the opinion is on disk.
func (r *opinionRecorder) RecordOpinion(ctx context.Context, o content.Opinion) (string, error) {
	o.Subject = strings.TrimSpace(o.Subject)
	o.Text = strings.TrimSpace(o.Text)
	o.Name = strings.TrimSpace(o.Name)
	o.Phone = strings.TrimSpace(o.Phone)
	if err := r.check(o); err != nil {
		return "", err
	}
	so := store.StoredOpinion{
		Category: o.Category, Subject: o.Subject, Text: o.Text, Rating: o.Rating,
		Site: o.Site, At: o.At,
	}
	if so.Site == "" {
		so.Site = r.site
	}
	so.HeldWord = r.holdWord(o)
	so.Held = so.HeldWord != ""
	if o.Name != "" || o.Phone != "" {
		sealed, err := r.sealContact(o.Name, o.Phone)
		if err != nil {
			return "", err
		}
		so.Contact = sealed
	}

	r.mu.Lock()
	defer r.mu.Unlock()
	// The interval is measured between submission times: the screen stamps
	// o.At from the same clock it keeps its own interval with, so the two
	// checks agree to the instant.
	if so.At.IsZero() {
		so.At = r.now()
	}
	// elapsed < 0: the clock was set back (a kiosk without a clock battery
	// gets the time late); that must not lock the screen until it catches up.
	if elapsed := so.At.Sub(r.last); !r.last.IsZero() && elapsed >= 0 && elapsed < r.cfg.MinInterval {
		return "", refuse("interval", "刚刚已经有人提交过，请稍等一会儿再提交")
	}
	receipt, err := r.st.RecordOpinion(ctx, so)
	if err != nil {
		return "", fmt.Errorf("opinion not stored: %w", err)
	}
	r.last = so.At
	// No text and no contact in the log: the log is not sealed.
	r.log.Info("opinion recorded", "receipt", receipt, "category", so.Category, "rating", so.Rating,
		"chars", utf8.RuneCountInString(so.Text), "contact", so.Contact != nil, "held", so.Held)
	return receipt, nil
}

// check refuses what the form should not have let through; the first
// problem found is reported.
func (r *opinionRecorder) check(o content.Opinion) error {
	if !slices.Contains(r.cfg.Categories, o.Category) {
		return refuse("category", "请选择意见的类别")
	}
	if o.Rating < content.RatingNone || o.Rating > content.RatingHappy {
		return refuse("rating", "满意度只能选满意、一般或不满意")
	}
	if o.Text == "" && o.Rating == content.RatingNone {
		return refuse("text", "请写下您的意见，或者选一个满意度")
	}
	if n := utf8.RuneCountInString(o.Text); n > r.cfg.MaxLength {
		return refuse("text", fmt.Sprintf("内容最多 %d 个字，现在有 %d 个字", r.cfg.MaxLength, n))
	}
	if utf8.RuneCountInString(o.Subject) > maxSubjectRunes {
		return refuse("subject", "事项名称太长")
	}
	if o.Name == "" && o.Phone == "" {
		return nil
	}
	if !r.cfg.CollectsContact() {
		// The form does not offer the fields then; storing them unsealed
		// is never an option.
		return refuse("contact", "本机不收集姓名和电话，请清空后再提交")
	}
	if utf8.RuneCountInString(o.Name) > content.MaxOpinionNameRunes {
		return refuse("name", fmt.Sprintf("姓名最多 %d 个字", content.MaxOpinionNameRunes))
	}
	if strings.IndexFunc(o.Name, unicode.IsControl) >= 0 || !utf8.ValidString(o.Name) {
		return refuse("name", "姓名里有无法识别的字符")
	}
	if o.Phone != "" {
		if strings.IndexFunc(o.Phone, func(c rune) bool { return c < '0' || c > '9' }) >= 0 {
			return refuse("phone", "电话号码只能填数字")
		}
		if n := len(o.Phone); n < content.MinOpinionPhoneDigits || n > content.MaxOpinionPhoneDigits {
			return refuse("phone", fmt.Sprintf("电话号码应为 %d 到 %d 位数字", content.MinOpinionPhoneDigits, content.MaxOpinionPhoneDigits))
		}
	}
	return nil
}

// holdWord returns the first configured hold word found in the text or
// the subject, ignoring case; "" for none.
func (r *opinionRecorder) holdWord(o content.Opinion) string {
	text, subject := strings.ToLower(o.Text), strings.ToLower(o.Subject)
	for i, w := range r.holdLower {
		if strings.Contains(text, w) || strings.Contains(subject, w) {
			return r.cfg.HoldWords[i]
		}
	}
	return ""
}

func (r *opinionRecorder) sealContact(name, phone string) ([]byte, error) {
	b, err := json.Marshal(sealedContact{Name: name, Phone: phone})
	if err != nil {
		return nil, fmt.Errorf("opinion contact: %w", err)
	}
	// JSON allows trailing white space, so the padding needs no marker.
	pad := contactPad - len(b)%contactPad
	if pad == contactPad {
		pad = 0
	}
	b = append(b, bytes.Repeat([]byte{' '}, pad)...)
	sealed, err := seal.Seal(*r.cfg.PublicKey, b)
	if err != nil {
		return nil, fmt.Errorf("opinion contact: %w", err)
	}
	return sealed, nil
}

// openContact is the office's side of sealContact.
func openContact(priv seal.Private, sealed []byte) (sealedContact, error) {
	var c sealedContact
	b, err := seal.Open(priv, sealed)
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("sealed contact: %w", err)
	}
	return c, nil
}

// Key files written by keygen, in the folder given.
const (
	officeKeyFile = "office.key"
	officePubFile = "office.pub"
)

// keygen makes the office key pair: office.key (private, mode 0600) and
// office.pub. It never replaces existing files: a lost private key cannot
// be made again, and overwriting one would make every contact sealed to it
// unreadable for good.
func keygen(dir string, out io.Writer) int {
	pub, priv, err := seal.GenerateKey()
	if err != nil {
		fmt.Fprintln(out, "无法生成密钥：", err)
		return 1
	}
	privPath, pubPath := filepath.Join(dir, officeKeyFile), filepath.Join(dir, officePubFile)
	privText := "# 清风 意见箱 办公室私钥：只留在处理意见的办公室，妥善保管，不要拷到展示屏上，不要发给别人。\n" +
		"# 丢失后，展示屏收集的姓名和电话将无法查看。用法：qingfeng opinions export --key " + officeKeyFile + " ...\n" +
		priv.Encode() + "\n"
	pubText := "# 清风 意见箱 办公室公钥：拷到每台展示屏上，在 qingfeng.yaml 的 opinions.office_key 写上它的路径。\n" +
		pub.String() + "\n"
	if code := writeKeyPair(out, dir, privPath, privText, pubPath, pubText); code != 0 {
		return code
	}
	fmt.Fprintf(out, `已生成办公室密钥：
  私钥 %s  只留在办公室，妥善保管（导出意见时用 --key 指定它）
  公钥 %s  拷到每台展示屏，放在 qingfeng.yaml 旁边

在每台展示屏的 qingfeng.yaml 里加上：

opinions:
  office_key: %s   # 相对于 qingfeng.yaml 所在的文件夹

之后，居民留下的姓名和电话只有用这把私钥才能看到。
`, privPath, pubPath, officePubFile)
	return 0
}

// writeKeyPair writes a new key pair into dir, never over an existing key:
// an overwritten private key loses for ever what was sealed or signed with
// it.
func writeKeyPair(out io.Writer, dir, privPath, privText, pubPath, pubText string) int {
	if dir == "" {
		fmt.Fprintln(out, "usage: qingfeng keygen [--signing] --out DIR")
		return 2
	}
	for _, p := range []string{privPath, pubPath} {
		_, err := os.Lstat(p)
		if err == nil {
			fmt.Fprintf(out, "%s 已经存在，没有覆盖。旧私钥一旦被覆盖，用它加密或签名的东西就再也对不上了；要换新密钥，请换一个文件夹。\n", p)
			return 1
		}
		if !errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintln(out, "无法检查密钥文件：", err)
			return 1
		}
	}
	// 0700: the folder holds the private key.
	if err := os.MkdirAll(dir, 0o700); err != nil {
		fmt.Fprintln(out, "无法创建文件夹：", err)
		return 1
	}
	if err := writeNewFile(privPath, []byte(privText), 0o600); err != nil {
		fmt.Fprintln(out, "无法写入私钥：", err)
		return 1
	}
	if err := writeNewFile(pubPath, []byte(pubText), 0o644); err != nil {
		os.Remove(privPath) // a key pair without its public half is of no use; start over cleanly
		fmt.Fprintln(out, "无法写入公钥：", err)
		return 1
	}
	if err := syncDir(dir); err != nil {
		fmt.Fprintln(out, "无法确认密钥已写入磁盘：", err)
		return 1
	}
	return 0
}

// writeNewFile creates path, failing if it exists, and makes its content
// durable.
func writeNewFile(path string, data []byte, perm fs.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// syncDir makes a rename or creation in dir survive a power cut. Windows
// cannot flush a folder (and NTFS journals its metadata), so there it does
// nothing: an export or keygen on an office PC must not fail on it.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// writeAtomic makes path hold what write produces, or leaves it as it was:
// temp file in the same folder, fsync, rename, fsync the folder. The file
// is created 0600 and stays so: an export may hold residents' names and
// phone numbers.
func writeAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriter(f)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(dir)
}

// opinionColumns are the export's columns, in order.
var opinionColumns = []string{"回执号", "时间", "站点", "类别", "事项", "内容", "满意度", "待核查", "姓名", "电话"}

// What the contact columns say when they cannot show the contact.
const (
	contactSealed     = "（已加密）"
	contactUnreadable = "（无法解密）"
)

// wrongKeyError: the private key given opens none of the sealed contacts,
// so it is not the one the kiosk seals to. Worded for staff; it wraps
// seal.ErrOpen.
type wrongKeyError struct{ sealed int }

func (e *wrongKeyError) Error() string {
	return fmt.Sprintf("这把私钥打不开本机任何一条联系方式（共 %d 条），它不是本机所用公钥（office.pub）对应的那把私钥", e.sealed)
}

func (e *wrongKeyError) Unwrap() error { return seal.ErrOpen }

// exportOpinions writes every opinion stored at this kiosk, oldest first,
// to an .xlsx or .csv file for the office. Names and phone numbers are
// filled in only with the office's private key (--key).
func (a *app) exportOpinions(ctx context.Context, out, keyPath string) int {
	ext := strings.ToLower(filepath.Ext(out))
	if out == "" || (ext != ".xlsx" && ext != ".csv") {
		fmt.Fprintln(a.out, "usage: qingfeng opinions export [--data DIR] --out FILE.xlsx|FILE.csv [--key office.key]")
		return 2
	}
	var priv *seal.Private
	if keyPath != "" {
		k, err := seal.ReadPrivateFile(keyPath)
		if err != nil {
			fmt.Fprintln(a.out, "无法读取办公室私钥：", err)
			return 1
		}
		priv = &k
		if pub := a.cfg.Opinions.PublicKey; pub != nil && *pub != k.Public() {
			fmt.Fprintf(a.out, "注意：%s 与本机配置的公钥 %s 不是一对\n", keyPath, a.cfg.Opinions.OfficeKey)
		}
	}
	// Opening the store would create an empty one: a mistyped --data must
	// say so, not export nothing.
	if _, err := os.Stat(filepath.Join(a.cfg.DataDir, store.DBFile)); err != nil {
		fmt.Fprintf(a.out, "数据文件夹 %s 里没有意见数据库：%v\n", a.cfg.DataDir, err)
		return 1
	}
	return a.withStore(ctx, func(st *store.Store) int {
		ops, err := st.Opinions(ctx, time.Time{})
		if err != nil {
			fmt.Fprintln(a.out, "无法读取意见：", err)
			return 1
		}
		rows, sum, err := a.opinionRows(ctx, ops, priv)
		if err != nil {
			fmt.Fprintln(a.out, "导出失败：", err)
			return 1
		}
		write := writeCSV
		if ext == ".xlsx" {
			write = writeOpinionsXLSX
		}
		if err := writeAtomic(out, func(w io.Writer) error { return write(w, rows) }); err != nil {
			fmt.Fprintln(a.out, "无法写入导出文件：", err)
			return 1
		}
		fmt.Fprintf(a.out, "已导出 %d 条意见（待核查 %d 条，留了联系方式 %d 条）到 %s\n", len(ops), sum.held, sum.sealed, out)
		switch {
		case sum.sealed == 0:
		case priv == nil:
			fmt.Fprintln(a.out, "姓名和电话已加密，表中显示为“（已加密）”；用 --key 指定办公室私钥才能看到。")
		case sum.unreadable > 0:
			fmt.Fprintf(a.out, "注意：%d 条联系方式用这把私钥打不开（可能是更换密钥之前留下的），表中显示为“（无法解密）”。\n", sum.unreadable)
		}
		return 0
	})
}

type exportSummary struct{ held, sealed, unreadable int }

// opinionRows turns opinions into table rows, header first, opening the
// contacts with priv when it is given.
func (a *app) opinionRows(ctx context.Context, ops []store.StoredOpinion, priv *seal.Private) ([][]string, exportSummary, error) {
	var sum exportSummary
	// A few hundred rows take no time; progress lines would only be noise.
	progress := func(string, int, int) {}
	if len(ops) >= 1000 {
		progress = a.progress()
	}
	rows := make([][]string, 0, len(ops)+1)
	rows = append(rows, opinionColumns)
	for i, o := range ops {
		if err := ctx.Err(); err != nil {
			return nil, sum, err
		}
		held := ""
		if o.Held {
			sum.held++
			held = "是"
			if o.HeldWord != "" {
				held = "是（" + o.HeldWord + "）"
			}
		}
		name, phone := "", ""
		if o.Contact != nil {
			sum.sealed++
			name, phone = contactSealed, contactSealed
			if priv != nil {
				c, err := openContact(*priv, o.Contact)
				if err != nil {
					sum.unreadable++
					name, phone = contactUnreadable, contactUnreadable
				} else {
					name, phone = c.Name, c.Phone
				}
			}
		}
		rows = append(rows, []string{
			o.Receipt, o.At.In(a.cfg.location).Format("2006-01-02 15:04:05"), o.Site, o.Category,
			o.Subject, o.Text, content.RatingWord(o.Rating), held, name, phone,
		})
		progress("导出意见", i+1, len(ops))
	}
	if priv != nil && sum.sealed > 0 && sum.unreadable == sum.sealed {
		return nil, sum, &wrongKeyError{sealed: sum.sealed}
	}
	return rows, sum, nil
}

// writeCSV writes rows (formula-like cells defused) as UTF-8 with a byte-order mark and CRLF lines:
// without the mark, Excel on a Chinese Windows reads the file as GBK.
func writeCSV(w io.Writer, rows [][]string) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	for _, r := range rows {
		if err := cw.Write(defuseFormulas(r)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// defuseFormulas prefixes with an apostrophe each cell a spreadsheet would
// take for a formula: the text comes from anyone at the screen, and a cell
// such as =HYPERLINK(...) must not run when the office opens the file.
func defuseFormulas(r []string) []string {
	out := make([]string, len(r))
	for i, s := range r {
		if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
			s = "'" + s
		}
		out[i] = s
	}
	return out
}

// writeOpinionsXLSX writes one sheet, 意见, with a frozen bold header.
// Every value is an inline string, never a formula.
func writeOpinionsXLSX(w io.Writer, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "意见"
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, width := range []float64{12, 20, 12, 14, 20, 60, 8, 16, 10, 14} {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	const textCol = 5 // 内容
	for i, r := range rows {
		vals := make([]any, len(r))
		for j, s := range r {
			switch {
			case i == 0:
				vals[j] = excelize.Cell{StyleID: bold, Value: s}
			case j == textCol:
				vals[j] = excelize.Cell{StyleID: wrap, Value: s}
			default:
				vals[j] = s
			}
		}
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
