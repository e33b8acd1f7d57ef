// Package usbsync carries a kiosk's outbox to a USB stick and takes the
// packages on the stick, for a site with no network: staff mode's
// 与U盘同步. On the stick's qingfeng folder, outbox/SITE/ receives the
// kiosk's batches, heartbeat and screenshots, laid out as the kiosk's own
// outbox folder so that the office's collect reads it as it reads a
// Syncthing folder, and inbox/ holds what the office sends back (content
// packages, replies packs), handed one by one to the kiosk's importer.
//
// Every file goes onto the stick through a temp file renamed into place
// (content/durable): a stick pulled out mid-copy leaves at most a temp
// file, which collect does not read, and nothing is removed from the
// kiosk. It imports content, content/durable, content/fleet and
// content/outbox;
// never kiosk/, exhibits/ or Fyne.
package usbsync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"qingfeng/content"
	"qingfeng/content/durable"
	"qingfeng/content/fleet"
	"qingfeng/content/outbox"
)

// The folders in the stick's qingfeng folder (content/inbox's watcher
// takes neither for a package: USBOutboxDir, USBInboxDir).
const (
	OutboxDir = "outbox"
	InboxDir  = "inbox"
)

// Bounds of one sync: a kiosk's outbox holds small files (a batch, the
// heartbeat, a few screenshots); anything past these is left on the kiosk
// and said.
const (
	MaxFileBytes = 64 << 20 // one file copied to the stick
	MaxFiles     = 20000    // files looked at in the outbox
	MaxPackages  = 200      // entries taken from the stick's inbox
)

// Options say where the stick and the outbox are.
type Options struct {
	Stick  string // the stick's qingfeng folder
	Site   string // the kiosk's site id: the name of its folder on the stick
	Outbox string // the kiosk's outbox folder
	// Import installs the package at path (a zip or a folder on the
	// stick) through the kiosk's importer and says how it went.
	Import func(ctx context.Context, path string) Taken
}

// Taken is one package of the stick's inbox and what its import did.
type Taken struct {
	Name  string
	OK    bool
	Words string // the importer's words ("已导入", "已是最新版本"…)
}

// Result is what a sync did.
type Result struct {
	SiteDir   string   // the kiosk's folder on the stick
	Batches   int      // batch files written to the stick
	Heartbeat bool     // the heartbeat written
	Screens   int      // screenshots written
	Already   int      // files the stick already had
	Skipped   []string // files left on the kiosk, and why
	Packages  []Taken
}

// Sync writes the outbox onto the stick, then takes the stick's inbox. An
// error is returned when the stick cannot be written (not inserted,
// read-only, full); what was copied before stays whole on the stick.
func Sync(ctx context.Context, o Options) (Result, error) {
	var r Result
	if !outbox.ValidSite(o.Site) {
		return r, fmt.Errorf("本机的站点编号（site.id）没有设置好，不能写U盘")
	}
	// A new stick has no qingfeng folder yet: it is made, but only in a
	// folder that exists (the stick's mount point; with no stick in, the
	// kiosk may not write there).
	if err := os.Mkdir(o.Stick, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return r, fmt.Errorf("找不到U盘上的文件夹 %s（U盘插好了吗？）", o.Stick)
	}
	st, err := os.Stat(o.Stick)
	if err != nil || !st.IsDir() {
		return r, fmt.Errorf("找不到U盘上的文件夹 %s（U盘插好了吗？）", o.Stick)
	}
	r.SiteDir = filepath.Join(o.Stick, OutboxDir, o.Site)
	// A stick is anyone's: a folder there that is a link would send the
	// kiosk's files, or take its packages, anywhere on the kiosk's disk.
	// Each folder is made, then looked at, before the next one in it.
	for _, d := range []string{filepath.Join(o.Stick, OutboxDir), r.SiteDir, filepath.Join(r.SiteDir, fleet.ScreensDir)} {
		if err := os.Mkdir(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return r, fmt.Errorf("U盘不能写入（写保护或已满？）：%w", err)
		}
		if err := realDir(d); err != nil {
			return r, err
		}
	}
	if err := r.copyOutbox(ctx, o.Outbox); err != nil {
		return r, err
	}
	if o.Import == nil {
		return r, nil
	}
	in := filepath.Join(o.Stick, InboxDir)
	if err := realDir(in); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return r, err
	}
	names, err := packages(in)
	if err != nil {
		return r, fmt.Errorf("U盘上的收件箱 %s 读不了：%w", in, err)
	}
	for _, n := range names {
		if err := ctx.Err(); err != nil {
			return r, err
		}
		t := o.Import(ctx, filepath.Join(in, n))
		t.Name = n
		r.Packages = append(r.Packages, t)
	}
	return r, nil
}

// copyOutbox copies the batches, the heartbeat and the screenshots.
func (r *Result) copyOutbox(ctx context.Context, dir string) error {
	files, err := outboxFiles(dir)
	if err != nil {
		return fmt.Errorf("本机发件箱 %s 读不了：%w", dir, err)
	}
	for _, rel := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		src, dst := filepath.Join(dir, rel), filepath.Join(r.SiteDir, rel)
		heartbeat := rel == fleet.File
		if !heartbeat && sameSize(src, dst) {
			// Batches and screenshots never change once written.
			r.Already++
			continue
		}
		if err := copyFile(src, dst); err != nil {
			if errors.Is(err, errTooBig) {
				r.Skipped = append(r.Skipped, fmt.Sprintf("%s：%v", rel, err))
				continue
			}
			return fmt.Errorf("写U盘时出错（%s）：%w", rel, err)
		}
		switch {
		case heartbeat:
			r.Heartbeat = true
		case strings.HasPrefix(rel, fleet.ScreensDir+string(filepath.Separator)):
			r.Screens++
		default:
			r.Batches++
		}
	}
	return nil
}

// outboxFiles names, relative to dir, what goes to the stick: the batch
// files, the heartbeat and the screenshots, never temp files or links.
func outboxFiles(dir string) ([]string, error) {
	var out []string
	ents, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil // nothing written yet
		}
		return nil, err
	}
	for _, e := range ents {
		if e.Type().IsRegular() && (outbox.IsBatchFile(e.Name()) || e.Name() == fleet.File) {
			out = append(out, e.Name())
		}
	}
	screens, err := os.ReadDir(filepath.Join(dir, fleet.ScreensDir))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for _, e := range screens {
		if e.Type().IsRegular() && !durable.IsTemp(e.Name()) && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, filepath.Join(fleet.ScreensDir, e.Name()))
		}
	}
	if len(out) > MaxFiles {
		return nil, fmt.Errorf("发件箱里有 %d 个文件，超过了 %d 个", len(out), MaxFiles)
	}
	sort.Strings(out)
	return out, nil
}

// packages names the entries of the stick's inbox that can be packages:
// zip files and folders, not hidden ones, not links.
func packages(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		n := e.Name()
		if strings.HasPrefix(n, ".") || strings.HasPrefix(n, "~") {
			continue
		}
		if e.IsDir() || (e.Type().IsRegular() && strings.EqualFold(filepath.Ext(n), ".zip")) {
			out = append(out, n)
		}
	}
	if len(out) > MaxPackages {
		out = out[:MaxPackages]
	}
	return out, nil
}

var errTooBig = errors.New("文件太大，没有复制")

// realDir says whether path is a folder itself, not a link to one.
func realDir(path string) error {
	st, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("U盘上的 %s 不是普通文件夹（可能是快捷方式），不能用：请删掉它再同步", content.Printable(path))
	}
	return nil
}

// writeFunc is durable.WriteFunc; a test makes it fail midway, as a stick
// pulled out does.
var writeFunc = durable.WriteFunc

func sameSize(src, dst string) bool {
	a, err := os.Stat(src)
	if err != nil {
		return false
	}
	b, err := os.Stat(dst)
	return err == nil && b.Mode().IsRegular() && a.Size() == b.Size()
}

// copyFile writes src's bytes to dst through a temp file beside it.
func copyFile(src, dst string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Size() > MaxFileBytes {
		return errTooBig
	}
	return writeFunc(dst, 0o644, func(w io.Writer) error {
		n, err := io.Copy(w, io.LimitReader(f, MaxFileBytes+1))
		if err == nil && n > MaxFileBytes {
			err = errTooBig // grew while copied
		}
		return err
	})
}

// Words is what the clerk reads after a sync: a few short lines.
func (r Result) Words() string {
	var b strings.Builder
	fmt.Fprintf(&b, "已写到U盘：意见和统计 %d 个文件", r.Batches)
	if r.Heartbeat {
		b.WriteString("，本机状态")
	}
	if r.Screens > 0 {
		fmt.Fprintf(&b, "，屏幕截图 %d 张", r.Screens)
	}
	if r.Already > 0 {
		fmt.Fprintf(&b, "（另有 %d 个U盘上已经有了）", r.Already)
	}
	b.WriteString("。\n")
	for _, s := range r.Skipped {
		fmt.Fprintf(&b, "没有复制：%s\n", s)
	}
	if len(r.Packages) == 0 {
		b.WriteString("U盘的收件箱里没有内容包。\n")
	}
	ok := 0
	for _, p := range r.Packages {
		if p.OK {
			ok++
		}
	}
	if len(r.Packages) > 0 {
		fmt.Fprintf(&b, "从U盘导入：%d 个内容包，成功 %d 个。\n", len(r.Packages), ok)
		for _, p := range r.Packages {
			fmt.Fprintf(&b, "%s：%s\n", content.Printable(p.Name), p.Words)
		}
	}
	b.WriteString("可以拔下U盘了。")
	return b.String()
}
