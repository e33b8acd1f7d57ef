package office

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"qingfeng/content/durable"
	"qingfeng/content/opinionexport"
	"qingfeng/content/seal"
	"qingfeng/content/sheet"
	"qingfeng/content/store"
)

// OfficeKey is the office's public key a kiosk's config names, when the
// export runs on that kiosk: a private key given that is not its pair is
// said (the export still runs: it may be a key from before a change).
type OfficeKey struct {
	Public *seal.Public
	File   string
}

// ExportOpinions is `opinions export`: every opinion stored in the kiosk's
// data folder dataDir (on the kiosk, or a copy brought on a stick), oldest
// first, with the office's handling from the installed replies, into an
// .xlsx or .csv file out (content/opinionexport). Names and phone numbers
// are filled in only with the office's private key (keyPath). usage is
// the program's usage line, said when out is not a spreadsheet.
func (e *Env) ExportOpinions(ctx context.Context, usage, dataDir, out, keyPath string, configured OfficeKey) int {
	ext := strings.ToLower(filepath.Ext(out))
	if out == "" || (ext != ".xlsx" && ext != ".csv") {
		fmt.Fprintf(e.Out, "用法：%s\n", usage)
		return 2
	}
	var priv *seal.Private
	if keyPath != "" {
		k, err := seal.ReadPrivateFile(keyPath)
		if err != nil {
			fmt.Fprintln(e.Out, "无法读取办公室私钥：", err)
			return 1
		}
		priv = &k
		if pub := configured.Public; pub != nil && *pub != k.Public() {
			fmt.Fprintf(e.Out, "注意：%s 与本机配置的公钥 %s 不是一对\n", keyPath, configured.File)
		}
	}
	// Opening the store would create an empty one: a mistyped --data must
	// say so, not export nothing.
	if _, err := os.Stat(filepath.Join(dataDir, store.DBFile)); err != nil {
		fmt.Fprintf(e.Out, "数据文件夹 %s 里没有意见数据库：%v\n", dataDir, err)
		return 1
	}
	st, code := e.openStore(ctx, dataDir)
	if st == nil {
		return code
	}
	defer st.Close()
	ops, err := st.Opinions(ctx, time.Time{})
	if err != nil {
		fmt.Fprintln(e.Out, "无法读取意见：", err)
		return 1
	}
	// A few hundred rows take no time; progress lines would only be noise.
	var progress func(string, int, int)
	if len(ops) >= 1000 && e.Progress != nil {
		progress = e.Progress()
	}
	rows, sum, err := OpinionRows(ctx, st, ops, priv, e.Loc, progress)
	if err != nil {
		fmt.Fprintln(e.Out, "导出失败：", err)
		return 1
	}
	write := sheet.WriteCSV
	if ext == ".xlsx" {
		write = opinionexport.WriteXLSX
	}
	if err := durable.WriteFunc(out, 0o600, func(w io.Writer) error { return write(w, rows) }); err != nil {
		fmt.Fprintln(e.Out, "无法写入导出文件：", err)
		return 1
	}
	fmt.Fprintf(e.Out, "已导出 %d 条意见（待核查 %d 条，留了联系方式 %d 条，已有办理情况 %d 条）到 %s\n", len(ops), sum.Held, sum.Sealed, sum.Handled, out)
	switch {
	case sum.Sealed == 0:
	case priv == nil:
		fmt.Fprintln(e.Out, "姓名和电话已加密，表中显示为“（已加密）”；用 --key 指定办公室私钥才能看到。")
	case sum.Unreadable > 0:
		fmt.Fprintf(e.Out, "注意：%d 条联系方式用这把私钥打不开（可能是更换密钥之前留下的），表中显示为“（无法解密）”。\n", sum.Unreadable)
	}
	return 0
}

// OpinionRows is opinionexport.Rows with the replies st has installed.
func OpinionRows(ctx context.Context, st *store.Store, ops []store.StoredOpinion, priv *seal.Private, loc *time.Location, progress func(string, int, int)) ([][]string, opinionexport.Summary, error) {
	replies, err := st.OpinionReplies(ctx)
	if err != nil {
		return nil, opinionexport.Summary{}, err
	}
	return opinionexport.Rows(ctx, ops, replies, priv, loc, progress)
}

// openStore opens a kiosk's store read-only; nil and the exit status,
// said in e.Out, when it cannot.
func (e *Env) openStore(ctx context.Context, dataDir string) (*store.Store, int) {
	var opts []store.Option
	if e.Log != nil {
		opts = append(opts, store.WithLogger(e.Log))
	}
	st, err := store.OpenReadOnly(ctx, dataDir, opts...)
	var se *store.SchemaError
	switch {
	case err == nil:
		return st, 0
	case errors.Is(err, store.ErrNoDatabase):
		fmt.Fprintf(e.Out, "数据文件夹 %s 里没有展示屏的数据库（%s）：请检查 --data 或配置里的 data_dir\n", dataDir, store.DBFile)
	case errors.As(err, &se) && se.Have < se.Want:
		fmt.Fprintf(e.Out, "数据文件夹 %s 里的数据库是旧版本程序建的（版本 %d，本程序 %d）：请先启动一次展示屏（qingfeng run），它会升级数据库，然后再查\n", dataDir, se.Have, se.Want)
	case errors.As(err, &se):
		fmt.Fprintf(e.Out, "数据文件夹 %s 里的数据库比本程序新（版本 %d，本程序 %d）：请用新版本的程序查\n", dataDir, se.Have, se.Want)
	default:
		fmt.Fprintln(e.Out, "无法打开数据库：", err)
	}
	return nil, 1
}
