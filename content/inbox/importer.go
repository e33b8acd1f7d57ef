// Package sync takes content packages from the inbox folders into the
// store: it watches the folders (fsnotify), waits until a package has
// finished arriving, imports it, and leaves a report in Chinese beside it so
// station staff see the result on the USB stick itself.
package inbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"qingfeng/content"
	"qingfeng/content/parse"
)

// Installer is what importing needs from the store.
type Installer interface {
	InstalledVersion(ctx context.Context, id string) (version int, ok bool, err error)
	// InstalledSigner is the key text that signed the installed package,
	// "" if it was unsigned or none is installed.
	InstalledSigner(ctx context.Context, id string) (string, error)
	Install(ctx context.Context, pkg *content.Package) error
}

// changeLister is an Installer that can say what a new version of an
// installed package adds, changes and removes (the store can).
type changeLister interface {
	Changes(ctx context.Context, pkg *content.Package) (content.Changes, error)
}

// Outcome is how an import attempt ended.
type Outcome int

const (
	// Imported: the package is live.
	Imported Outcome = iota
	// Rejected: the package was refused (invalid, not for this site, not
	// newer); live content is untouched.
	Rejected
	// Incomplete: the package looks like a copy still in progress; nothing
	// was done and the watcher will look again.
	Incomplete
	// Failed: the kiosk could not finish (disk full, stick pulled); live
	// content is untouched.
	Failed
)

func (o Outcome) String() string {
	return [...]string{"imported", "rejected", "incomplete", "failed"}[o]
}

// Result describes one import attempt.
type Result struct {
	Source    string // the folder or .zip that was read
	Outcome   Outcome
	PackageID string
	Title     string
	Version   int
	Previous  int // installed version before, 0 if none
	// Changes is what the package did to the version installed before it:
	// nil for a first install, a refusal, or an installer that cannot
	// tell.
	Changes  *content.Changes
	Problems content.Problems
	Counts   Counts
	Err      error // why, for Failed and for refusals that are not Problems
	Reason   string
	// Inbox is the inbox folder the package was found in ("" for one
	// imported by hand or built in).
	Inbox string
	At    time.Time
	Took  time.Duration
	// Text, if set, is the whole report (a software release's, which
	// is not a content package).
	Text string
}

// Counts summarises what a package holds, for the report.
type Counts struct {
	Stories, Disclosures, Rows, Quizzes, Images, Audio int
	TeaSets, Puzzles                                   int
	Replies                                            int // the office's replies (replies.csv)
	Notices, Urgent                                    int // notices, and how many of them are urgent
}

// Importer checks a package and installs it. The watcher and the `import`
// command both use it, so a package is judged the same way however it came.
type Importer struct {
	Store Installer
	// Site is this kiosk's site id; packages listing other sites are refused.
	Site string
	// Trusted are the publisher keys (text, as sign.Public.String) whose
	// signature a package must carry; empty: unsigned packages are taken
	// too (a signed one is still checked, file by file).
	Trusted []string
	Options parse.Options
	Log     *slog.Logger
	Now     func() time.Time
	// Progress, if set, is told what stage the import is in.
	Progress func(stage string, done, total int)

	// AllowPublisherChange lists package ids that a package signed by
	// another key (or unsigned) may replace. Any other id stays with the
	// key that signed the installed package, so one trusted publisher
	// cannot replace another's content.
	AllowPublisherChange []string
}

func (im *Importer) now() time.Time {
	if im.Now != nil {
		return im.Now()
	}
	return time.Now()
}

func (im *Importer) log() *slog.Logger {
	if im.Log != nil {
		return im.Log
	}
	return slog.New(slog.DiscardHandler)
}

func (im *Importer) progress(stage string, done, total int) {
	if im.Progress != nil {
		im.Progress(stage, done, total)
	}
}

// ImportPath reads, checks and installs the package at path. A package
// that changes while it is read (a copy still going on) is not installed:
// the result is Incomplete, and the next look reads the whole of it.
func (im *Importer) ImportPath(ctx context.Context, path string) Result {
	return im.importPath(ctx, path, false)
}

// importPath is ImportPath; synced says the package is in a folder
// Syncthing keeps (parse.Options.Synced).
func (im *Importer) importPath(ctx context.Context, path string, synced bool) Result {
	start := im.now()
	before, err := fingerprintOf(path)
	if err != nil {
		return Result{Source: path, Outcome: Failed, Err: err, Reason: "无法打开：" + err.Error(), At: start}
	}
	src, err := parse.Open(path)
	if err != nil {
		return Result{Source: path, Outcome: Failed, Err: err, Reason: "无法打开：" + err.Error(), At: start}
	}
	defer src.Close()
	r := im.importSource(ctx, src, synced, func() bool {
		after, err := fingerprintOf(path)
		return err == nil && after == before
	})
	r.Source = path
	return r
}

// Import checks and installs an opened package. Validation is complete
// before the store is touched: a package with any error never reaches it.
func (im *Importer) Import(ctx context.Context, src *parse.Source) Result {
	return im.importSource(ctx, src, false, nil)
}

// changedReason is why a package that changed while it was read is not
// judged yet.
const changedReason = "读取的过程中内容包有变化（可能还在复制），等复制完成、不再变化以后再导入"

// changedDuringInstall warns that files came in the instant between the
// store's last look (Package.Settled) and its commit.
const changedDuringInstall = "导入的过程中内容包又有变化（可能当时还在复制）：展示屏导入的是变化以前读到的内容，可能不完整。" +
	"请确认复制已经完成，把 package.yaml 里的 version 加1，再把整个内容包放一次"

// changedDuringInstallPlain is changedDuringInstall for a folder without
// package.yaml: dropped again, its changed files make it newer by themselves.
const changedDuringInstallPlain = "导入的过程中文件夹又有变化（可能当时还在复制）：展示屏导入的是变化以前读到的内容，可能不完整。" +
	"请确认复制已经完成，再把整个文件夹放一次"

// importSource is Import; unchanged, if set, says whether the package is
// still as it was when it was opened.
func (im *Importer) importSource(ctx context.Context, src *parse.Source, synced bool, unchanged func() bool) (res Result) {
	start := im.now()
	res = Result{Source: src.Name, At: start}
	defer func() { res.Took = im.now().Sub(start) }()

	opts := im.Options
	opts.Thumbnails, opts.Synced = true, synced
	opts.Progress = func(done, total int) { im.progress("检查图片和音频", done, total) }
	pkg, ps := parse.Read(ctx, src, opts)
	res.Problems = ps
	if pkg != nil {
		res.PackageID, res.Title, res.Version = pkg.ID, pkg.Title, pkg.Version
		res.Counts = countsOf(pkg)
	}
	if unchanged != nil && !unchanged() {
		// Whatever was found is about a package still moving: a file
		// added after the listing, or half of one rewritten.
		res.Outcome, res.Reason = Incomplete, changedReason
		return res
	}
	if ps.HasErrors() {
		res.Outcome = Rejected
		if ps.OnlyIncomplete() {
			res.Outcome = Incomplete
		}
		res.Reason = "内容包有错误，没有导入"
		return res
	}
	if len(im.Trusted) > 0 {
		if reason := im.untrusted(pkg); reason != "" {
			res.Outcome, res.Reason = Rejected, reason
			return res
		}
	}
	if !pkg.TargetsSite(im.Site) {
		res.Outcome = Rejected
		res.Reason = fmt.Sprintf("这个内容包是给站点 %s 的，本展示屏的站点是“%s”，没有导入", strings.Join(pkg.Sites, "、"), im.Site)
		return res
	}
	prev, ok, err := im.Store.InstalledVersion(ctx, pkg.ID)
	if err != nil {
		res.Outcome, res.Err, res.Reason = Failed, err, "读取本机数据出错："+err.Error()
		return res
	}
	if ok {
		res.Previous = prev
		if reason, err := im.otherPublisher(ctx, pkg); err != nil {
			res.Outcome, res.Err, res.Reason = Failed, err, "读取本机数据出错："+err.Error()
			return res
		} else if reason != "" {
			res.Outcome, res.Reason = Rejected, reason
			return res
		}
		if prev >= pkg.Version && !pkg.Plain { // a plain package's version is the store's to give
			res.Outcome = Rejected
			res.Reason = notNewerReason(pkg.Version, prev)
			return res
		}
	}
	var changes *content.Changes
	if cl, can := im.Store.(changeLister); can && ok {
		// Asked before the install: afterwards the old version is gone.
		if c, err := cl.Changes(ctx, pkg); err != nil {
			im.log().Warn("cannot tell what the new version changes; the report will not list it", "package", pkg.ID, "err", err)
		} else {
			changes = &c
		}
	}
	im.progress("写入展示屏", 0, 1)
	for i := range pkg.Media {
		pkg.Media[i].Open = fromPackage(pkg.Media[i])
	}
	if unchanged != nil {
		pkg.Settled = func() error {
			if !unchanged() {
				return content.ErrSourceChanged
			}
			return nil
		}
	}
	if err := im.Store.Install(ctx, pkg); err != nil {
		if errors.Is(err, content.ErrUnchanged) {
			res.Outcome, res.Reason = Rejected, unchangedReason
			return res
		}
		if errors.Is(err, content.ErrNotNewer) {
			res.Outcome, res.Reason = Rejected, notNewerReason(pkg.Version, prev)
			return res
		}
		if errors.Is(err, content.ErrSourceChanged) {
			// Files came while the package was written into the kiosk:
			// nothing was committed, and the copy is still going on.
			res.Outcome, res.Reason = Incomplete, changedReason
			im.log().Info("package changed during its install; nothing committed, waiting for the copy", "package", pkg.ID, "source", src.Name)
			return res
		}
		res.Err = err
		res.Outcome, res.Reason = installFailure(err, pkg.Media)
		im.log().Error("install failed", "package", pkg.ID, "version", pkg.Version, "outcome", res.Outcome.String(), "err", err)
		return res
	}
	im.progress("写入展示屏", 1, 1)
	res.Outcome, res.Changes = Imported, changes
	res.Version = pkg.Version // a plain package's is given by the store
	if unchanged != nil && !unchanged() {
		// Too late to refuse: what was read and checked is installed. Files
		// that came during the install were not, and staff must know.
		msg := changedDuringInstall
		if pkg.Plain {
			msg = changedDuringInstallPlain
		}
		res.Problems = append(res.Problems, content.Problem{Severity: content.Warning, Msg: msg})
		im.log().Warn("package changed during its install; the files read before are what is installed", "package", pkg.ID, "source", src.Name)
	}
	im.log().Info("package imported", "package", pkg.ID, "version", pkg.Version, "previous", prev,
		"stories", res.Counts.Stories, "disclosures", res.Counts.Disclosures, "source", src.Name)
	return res
}

// untrusted says why pkg is refused by a kiosk that takes only signed
// packages, or "" if it is signed by a trusted key.
func (im *Importer) untrusted(pkg *content.Package) string {
	if pkg.SignedBy == "" {
		return "本展示屏只接受签过名的内容包，这个内容包没有签名（最上层没有 MANIFEST.txt 和 MANIFEST.sig），没有导入。请让发布内容的办公室用 qingfeng sign 签名后再发来"
	}
	if slices.Contains(im.Trusted, pkg.SignedBy) {
		return ""
	}
	key := pkg.SignedBy
	if len(key) > 40 {
		key = key[:40] + "…"
	}
	return fmt.Sprintf("签名的钥匙（%s）不在本展示屏信任的名单里，没有导入。请确认内容包来自哪个办公室；确实可信的话，请技术人员把这把钥匙加进 qingfeng.yaml 的 trusted_publishers", key)
}

// otherPublisher says why pkg may not replace the installed package of the
// same id, signed by another key, or "". An unsigned installed package is
// taken over by anyone, as it always was; so is one whose key this kiosk
// does not trust (or a kiosk that trusts no key at all): a signature only
// means something when the key is on the list, and otherwise anyone with
// a stick and a key of their own could lock the office out of its id.
func (im *Importer) otherPublisher(ctx context.Context, pkg *content.Package) (string, error) {
	owner, err := im.Store.InstalledSigner(ctx, pkg.ID)
	if err != nil || owner == "" || owner == pkg.SignedBy || !slices.Contains(im.Trusted, owner) ||
		slices.Contains(im.AllowPublisherChange, pkg.ID) {
		return "", err
	}
	now := "这次的内容包没有签名"
	if pkg.SignedBy != "" {
		now = "这次的签名钥匙是 " + shortKey(pkg.SignedBy)
	}
	return fmt.Sprintf("本机的内容包 %s 是由钥匙 %s 签名发布的，%s，没有导入：一个内容包编号只能由第一次发布它的办公室更新。若确实换了发布单位，请技术人员把编号 %s 加进 qingfeng.yaml 的 allow_publisher_change",
		pkg.ID, shortKey(owner), now, pkg.ID), nil
}

func shortKey(key string) string {
	if len(key) > 40 {
		return key[:40] + "…"
	}
	return key
}

// unchangedReason is why a plain folder dropped again is not imported.
const unchangedReason = "这个文件夹里的内容和上次导入的完全一样，展示屏上已经是这些内容，无需再导入"

func notNewerReason(v, installed int) string {
	return fmt.Sprintf("版本号 %d 不比本机已安装的版本 %d 新，没有导入。更新内容时请把 package.yaml 里的 version 加1", v, installed)
}

func countsOf(p *content.Package) Counts {
	c := Counts{Stories: len(p.Stories), Disclosures: len(p.Disclosures), Quizzes: len(p.Quizzes),
		TeaSets: len(p.TeaSets), Puzzles: len(p.Puzzles), Replies: len(p.Replies), Notices: len(p.Notices)}
	for _, n := range p.Notices {
		if n.Urgent {
			c.Urgent++
		}
	}
	for _, d := range p.Disclosures {
		c.Rows += len(d.Rows)
	}
	for _, m := range p.Media {
		if m.Kind == content.Image {
			c.Images++
		} else {
			c.Audio++
		}
	}
	return c
}

// Report renders a result as the Chinese text left beside the package.
func Report(r Result, loc *time.Location) string {
	if r.Text != "" {
		return r.Text
	}
	var b strings.Builder
	b.WriteString("清风展示屏 · 内容包导入报告\n")
	b.WriteString("==============================\n")
	// Every value from a package goes through ReportName: a line break in
	// a name must not start a line of its own.
	fmt.Fprintf(&b, "内容包：%s\n", ReportName(filepath.Base(r.Source)))
	if loc == nil {
		loc = time.Local
	}
	fmt.Fprintf(&b, "时间：%s\n", r.At.In(loc).Format("2006-01-02 15:04:05"))
	switch r.Outcome {
	case Imported:
		b.WriteString("结果：导入成功，内容已经在展示屏上更新\n")
	case Incomplete:
		b.WriteString("结果：没有导入——内容包不完整（可能没有复制完）\n")
	default:
		b.WriteString("结果：没有导入，展示屏上原有的内容保持不变\n")
	}
	if r.Reason != "" && r.Outcome != Imported {
		fmt.Fprintf(&b, "原因：%s\n", ReportName(r.Reason))
	}
	if r.PackageID != "" {
		fmt.Fprintf(&b, "编号：%s　标题：%s", ReportName(r.PackageID), ReportName(r.Title))
		if r.Version > 0 {
			// A plain folder not installed has none: the kiosk numbers
			// its versions as they come in.
			fmt.Fprintf(&b, "　版本：%d", r.Version)
		}
		if r.Previous > 0 {
			fmt.Fprintf(&b, "（本机原版本：%d）", r.Previous)
		}
		b.WriteString("\n")
		c := r.Counts
		fmt.Fprintf(&b, "内容：故事 %d 篇，公示 %d 张（共 %d 行），答题 %d 套，七味茶 %d 套，剪纸拼图 %d 幅，图片 %d 张，音频 %d 段\n",
			c.Stories, c.Disclosures, c.Rows, c.Quizzes, c.TeaSets, c.Puzzles, c.Images, c.Audio)
		if c.Replies > 0 {
			fmt.Fprintf(&b, "答复：%d 条（办公室对居民意见的答复）\n", c.Replies)
		}
		if c.Notices > 0 {
			fmt.Fprintf(&b, "通知：%d 条，其中紧急 %d 条（到了开始时间才显示，到了结束时间自动撤下）\n", c.Notices, c.Urgent)
		}
	}
	if r.Changes != nil {
		writeChanges(&b, *r.Changes, r.Previous)
	}
	errs, warns := r.Problems.Count()
	if errs+warns > 0 {
		fmt.Fprintf(&b, "\n发现的问题：错误 %d 个，警告 %d 个\n", errs, warns)
		b.WriteString("（“错误”必须改正后才能导入；“警告”不影响导入，但请留意）\n\n")
		for _, p := range r.Problems {
			b.WriteString("  ")
			b.WriteString(ReportName(p.String()))
			b.WriteString("\n")
		}
	}
	if r.Outcome != Imported {
		b.WriteString("\n怎么办：按上面的提示改正后，重新把整个内容包复制到U盘或收件箱文件夹。\n")
		b.WriteString("文件名后面的数字是行号，例如“stories/茶馆.md:5”表示这个文件的第5行。\n")
	}
	return b.String()
}

// writeChanges lists what the new version did to the one installed before
// it; what it removed is no longer on the screen, and staff who dropped an
// incomplete folder must see that here.
func writeChanges(b *strings.Builder, c content.Changes, previous int) {
	fmt.Fprintf(b, "\n和本机原来的版本 %d 相比：\n", previous)
	if c.Empty() {
		b.WriteString("  内容没有变化\n")
		return
	}
	for _, l := range []struct {
		what  string
		items []content.Item
		note  string
	}{
		{"新增", c.Added, ""},
		{"修改", c.Changed, ""},
		{"删除", c.Removed, "新版本里没有这些，展示屏上已经撤下。如果不是有意删除，请把它们放回内容包，再导入一次"},
	} {
		if len(l.items) == 0 {
			continue
		}
		fmt.Fprintf(b, "  %s %d 项：%s\n", l.what, len(l.items), itemList(l.items, maxReportItems))
		if l.note != "" {
			fmt.Fprintf(b, "  （%s）\n", l.note)
		}
	}
}

// maxReportItems bounds each list of the report: a package of thousands of
// stories replaced by an empty one must not make a report nobody reads.
const maxReportItems = 100

// itemList names up to most items, 故事《甲》、公示《乙》, and says how many
// more there are.
func itemList(items []content.Item, most int) string {
	var b strings.Builder
	for i, it := range items {
		if i == most {
			fmt.Fprintf(&b, " 等，共 %d 项", len(items))
			break
		}
		if i > 0 {
			b.WriteString("、")
		}
		b.WriteString(ReportName(it.String()))
	}
	return b.String()
}

// ReportFile is the report as written onto the stick: a UTF-8 byte order
// mark and Windows line ends, so that the Notepad of an old office PC
// shows Chinese lines instead of one line of garbled characters.
func ReportFile(r Result, loc *time.Location) []byte {
	text := strings.ReplaceAll(Report(r, loc), "\n", "\r\n")
	return append([]byte("\uFEFF"), text...)
}
