package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"qingfeng/assets"
	"qingfeng/content/inbox"
	"qingfeng/content/parse"
	"qingfeng/content/store"
)

type app struct {
	cfg Config
	out io.Writer
	log *slog.Logger
	tty bool
	// started and errors are for the status file: when this run began,
	// and how many errors it has logged.
	started time.Time
	errors  *atomic.Int64
	// rescan asks the inbox watcher for a scan now (staff mode).
	rescan chan struct{}
	// stop ends the running kiosk with an exit status (staff mode's
	// restart and leave); set by the shell.
	stop     func(code int)
	exitCode atomic.Int32
	// halt ends the command's context, as SIGTERM does.
	halt context.CancelCauseFunc
	// exit ends the process (os.Exit, after the stop is logged).
	exit func(code int)
	// readOnly: the command only reads, so the store is opened read-only
	// and a data folder without a database is refused, not created.
	readOnly bool
}

func (a *app) parseOptions() parse.Options {
	return parse.Options{Limits: a.cfg.limits(), Location: a.cfg.location, HasGlyph: assets.HasGlyph}
}

// check prints every problem of each package, then a summary line; the
// exit status is 1 if any package has an error.
func (a *app) check(ctx context.Context, paths []string) int {
	if len(paths) == 0 {
		fmt.Fprintln(a.out, "usage: qingfeng check PACKAGE...")
		return 2
	}
	status := 0
	for _, p := range paths {
		src, err := parse.Open(p)
		if err != nil {
			fmt.Fprintf(a.out, "%s: 错误: 无法打开（%v）\n", p, err)
			status = 1
			continue
		}
		pkg, ps := parse.Read(ctx, src, a.parseOptions())
		src.Close()
		for _, pr := range ps {
			fmt.Fprintln(a.out, inbox.ReportName(pr.String())) // one problem a line, whatever the names
		}
		errs, warns := ps.Count()
		verdict := "可以导入"
		if errs > 0 {
			verdict = "不能导入"
			status = 1
		}
		summary := ""
		if pkg != nil && pkg.ID != "" {
			summary = fmt.Sprintf("（%s 版本%d：故事%d篇，公示%d张，答题%d套，媒体%d个）", inbox.ReportName(pkg.ID), pkg.Version,
				len(pkg.Stories), len(pkg.Disclosures), len(pkg.Quizzes), len(pkg.Media))
		}
		fmt.Fprintf(a.out, "%s: %s：错误%d个，警告%d个%s\n", p, verdict, errs, warns, summary)
		if pkg != nil && errs == 0 {
			fmt.Fprintf(a.out, "%s: %s\n", p, a.signatureWords(pkg.SignedBy))
		}
	}
	return status
}

// signatureWords says who signed a package and whether this kiosk would
// take it for that.
func (a *app) signatureWords(signedBy string) string {
	switch {
	case signedBy == "" && len(a.cfg.trusted) > 0:
		return "没有签名：本机配置了 trusted_publishers，不会导入没有签名的内容包"
	case signedBy == "":
		return "没有签名"
	case slices.Contains(a.cfg.trusted, signedBy):
		return "签名完好，签名钥匙在本机信任的名单里：" + signedBy
	case len(a.cfg.trusted) > 0:
		return "签名完好，但签名钥匙不在本机信任的名单里，不会导入：" + signedBy
	}
	return "签名完好（每个文件都和清单一致），签名钥匙：" + signedBy
}

// withStore opens the kiosk's store for one command and closes it after;
// read-only for a command that only reads.
func (a *app) withStore(ctx context.Context, f func(st *store.Store) int) int {
	if a.readOnly {
		st, err := store.OpenReadOnly(ctx, a.cfg.DataDir, store.WithLogger(a.log))
		if errors.Is(err, store.ErrNoDatabase) {
			fmt.Fprintf(a.out, "数据文件夹 %s 里没有展示屏的数据库（%s）：请检查 --data 或配置里的 data_dir\n", a.cfg.DataDir, store.DBFile)
			return 1
		}
		if err != nil {
			fmt.Fprintln(a.out, "无法打开数据库：", err)
			return 1
		}
		defer st.Close()
		return f(st)
	}
	if err := os.MkdirAll(a.cfg.DataDir, 0o755); err != nil {
		fmt.Fprintln(a.out, "无法创建数据文件夹：", err)
		return 1
	}
	st, err := store.Open(ctx, a.cfg.DataDir, store.WithLogger(a.log))
	if err != nil {
		fmt.Fprintln(a.out, "无法打开数据库：", err)
		return 1
	}
	defer st.Close()
	return f(st)
}

func (a *app) importer(st *store.Store) *inbox.Importer {
	return &inbox.Importer{
		Store:    st,
		Site:     a.cfg.Site.ID,
		Trusted:  a.cfg.trusted,
		Options:  a.parseOptions(),
		Log:      a.log,
		Progress: a.progress(),

		AllowPublisherChange: a.cfg.AllowPublisherChange,
	}
}

// progress shows long imports in the terminal: one line redrawn in place on
// a terminal, a line per 10% otherwise (logs, CI).
func (a *app) progress() func(stage string, done, total int) {
	lastTenth := -1
	lastStage := ""
	return func(stage string, done, total int) {
		if total <= 0 {
			return
		}
		if stage != lastStage {
			lastStage, lastTenth = stage, -1
		}
		if a.tty {
			fmt.Fprintf(a.out, "\r%s %d/%d", stage, done, total)
			if done == total {
				fmt.Fprintln(a.out)
			}
			return
		}
		if tenth := done * 10 / total; tenth != lastTenth {
			lastTenth = tenth
			fmt.Fprintf(a.out, "%s %d/%d（%d%%）\n", stage, done, total, done*100/total)
		}
	}
}

func (a *app) record(ctx context.Context, st *store.Store, r inbox.Result) {
	err := st.RecordImport(ctx, store.ImportRecord{Source: r.Source, PackageID: r.PackageID, Version: r.Version,
		OK: r.Outcome == inbox.Imported, Report: inbox.Report(r, a.cfg.location), At: r.At})
	if err != nil {
		a.log.Error("cannot record import", "err", err)
	}
}

// importCmd installs packages by hand; unlike the inbox it leaves them
// where they are, and prints the report instead of writing it beside them.
func (a *app) importCmd(ctx context.Context, paths []string) int {
	if len(paths) == 0 {
		fmt.Fprintln(a.out, "usage: qingfeng import --data DIR PACKAGE...")
		return 2
	}
	return a.withStore(ctx, func(st *store.Store) int {
		im := a.importer(st)
		status := 0
		for _, p := range paths {
			r := im.ImportPath(ctx, p)
			a.record(ctx, st, r)
			fmt.Fprint(a.out, inbox.Report(r, a.cfg.location))
			fmt.Fprintf(a.out, "用时 %s\n\n", r.Took.Round(time.Millisecond))
			if r.Outcome != inbox.Imported {
				status = 1
			}
		}
		return status
	})
}

// runCmd is the kiosk: it installs the demo on a fresh data folder, keeps
// watching the inboxes, and shows the touch-screen shell (or, with
// --headless, only prints what happens). onChange is where the shell
// learns that what it shows may have changed.
func (a *app) runCmd(ctx context.Context, demo, headless, windowed bool) int {
	servePprof(a.log)
	return a.withStore(ctx, func(st *store.Store) int {
		im := a.importer(st)
		if demo {
			// The kiosk runs on without the demo: packages from the inbox
			// still come in, and a screen saying so beats a restart loop.
			if err := a.installDemo(ctx, st, im); err != nil {
				fmt.Fprintln(a.out, "示例内容导入失败：", err)
				a.log.Error("demo content not installed", "err", err)
			}
		}
		a.printInstalled(ctx, st)
		if headless {
			done := a.serve(ctx, st, im, func(bool) { a.printInstalled(ctx, st) })
			<-done // the store closes only after the watcher has stopped
			return 0
		}
		return a.shell(ctx, st, im, windowed)
	})
}

// serve starts the inbox watcher and the schedule follower in the
// background until ctx ends; onChange is called (from their goroutines)
// after every import (imported=true) and at every publish/expire boundary.
// The returned channel closes when both have stopped.
func (a *app) serve(ctx context.Context, st *store.Store, im *inbox.Importer, onChange func(imported bool)) <-chan struct{} {
	for _, d := range a.cfg.Inboxes {
		if err := os.MkdirAll(d, 0o755); err != nil {
			a.log.Warn("inbox folder cannot be created (it may be a USB stick not yet inserted)", "dir", d, "err", err)
		}
	}
	in := &inbox.Inbox{
		Dirs: a.cfg.Inboxes, Importer: im, Quiet: a.cfg.Import.Quiet, FolderQuiet: a.cfg.Import.FolderQuiet, GiveUp: a.cfg.Import.GiveUp,
		Poll: a.cfg.Import.Poll, Location: a.cfg.location, Log: a.log, Rescan: a.rescan,
		Marker: filepath.Join(a.cfg.DataDir, importMarkerFile),
		OnResult: func(r inbox.Result) {
			a.record(ctx, st, r)
			fmt.Fprintf(a.out, "%s：%s %s\n", inbox.ReportName(filepath.Base(r.Source)), outcomeWords(r.Outcome), inbox.ReportName(r.Reason))
			if r.Outcome == inbox.Imported {
				onChange(true)
			}
		},
	}
	fmt.Fprintf(a.out, "正在监视收件箱：%v（把内容包放进去即可导入）\n", a.cfg.Inboxes)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { a.followSchedule(ctx, st, func() { onChange(false) }) })
	wg.Go(func() { a.followOutbox(ctx, st) })
	wg.Go(func() { a.followStatus(ctx, st) })
	wg.Go(func() {
		if err := in.Run(ctx); err != nil {
			a.log.Error("inbox watcher stopped", "err", err)
		}
	})
	go func() { wg.Wait(); close(done) }()
	return done
}

// importMarkerFile, in the data folder, names the package being imported
// while the import runs, so a package that kills the kiosk is set aside at
// the next start instead of killing it again.
const importMarkerFile = "import-attempt.json"

func outcomeWords(o inbox.Outcome) string {
	switch o {
	case inbox.Imported:
		return "导入成功"
	case inbox.Incomplete:
		return "不完整，等待中"
	}
	return "没有导入"
}

// installDemo installs the bundled demo when nothing is installed yet, so a
// new kiosk shows something before staff bring their own content.
func (a *app) installDemo(ctx context.Context, st *store.Store, im *inbox.Importer) error {
	pkgs, err := st.Packages(ctx)
	if err != nil || len(pkgs) > 0 {
		return err
	}
	if len(a.cfg.trusted) > 0 {
		// A kiosk of a fleet waits for its office's signed packages; the
		// demo is not signed, and must not be let in past the rule.
		fmt.Fprintln(a.out, "本机只接受签过名的内容包（trusted_publishers），不安装内置示例内容")
		return nil
	}
	src, err := parse.FromFS("内置示例内容", assets.Demo())
	if err != nil {
		return err
	}
	defer src.Close()
	r := im.Import(ctx, src)
	a.record(ctx, st, r)
	if r.Outcome != inbox.Imported {
		return fmt.Errorf("%s\n%s", r.Reason, r.Problems.Error())
	}
	fmt.Fprintf(a.out, "已导入内置示例内容（%s 版本%d），用时 %s\n", r.PackageID, r.Version, r.Took.Round(time.Millisecond))
	return nil
}

// followSchedule wakes at each publish/expire boundary so what is shown
// changes on time without a restart.
func (a *app) followSchedule(ctx context.Context, st *store.Store, onChange func()) {
	for {
		next, ok, err := st.NextChange(ctx, time.Now())
		// At most a minute: boundaries added by later imports, and a clock
		// set at boot (no RTC battery, NTP later), are caught soon.
		wait := time.Minute
		if err == nil && ok {
			wait = min(time.Until(next), wait)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(max(wait, time.Second)):
		}
		if ok && !time.Now().Before(next) {
			a.log.Info("publish schedule boundary", "at", next)
			onChange()
		}
	}
}

func (a *app) printInstalled(ctx context.Context, st *store.Store) {
	pkgs, err := st.Packages(ctx)
	if err != nil {
		fmt.Fprintln(a.out, "无法读取已安装内容：", err)
		return
	}
	now := time.Now()
	stories, _ := st.Stories(ctx, now, "")
	discs, _ := st.Disclosures(ctx, now, "")
	fmt.Fprintf(a.out, "本机（%s · %s）已安装 %d 个内容包，现在展示故事 %d 篇、公示 %d 张：\n", a.cfg.Site.Name, a.cfg.Site.Kind, len(pkgs), len(stories), len(discs))
	for _, p := range pkgs {
		fmt.Fprintf(a.out, "  %-24s 版本%-3d %s\n", p.ID, p.Version, inbox.ReportName(p.Title))
	}
}

func (a *app) status(ctx context.Context) int {
	return a.withStore(ctx, func(st *store.Store) int {
		a.printInstalled(ctx, st)
		recs, err := st.Imports(ctx, 10)
		if err != nil {
			fmt.Fprintln(a.out, err)
			return 1
		}
		fmt.Fprintln(a.out, "最近的导入：")
		for _, r := range recs {
			ok := "成功"
			if !r.OK {
				ok = "未导入"
			}
			fmt.Fprintf(a.out, "  %s  %-6s %s 版本%d  %s\n", r.At.In(a.cfg.location).Format("2006-01-02 15:04:05"), ok, r.PackageID, r.Version, filepath.Base(r.Source))
		}
		return 0
	})
}

func (a *app) search(ctx context.Context, q string) int {
	return a.withStore(ctx, func(st *store.Store) int {
		hits, err := st.Search(ctx, q, time.Now(), 20)
		if err != nil {
			fmt.Fprintln(a.out, err)
			return 1
		}
		for _, h := range hits {
			fmt.Fprintf(a.out, "%-10s %s/%s  %s — %s\n", h.Kind, h.PackageID, h.ItemID, inbox.ReportName(h.Title), inbox.ReportName(h.Snippet))
		}
		fmt.Fprintf(a.out, "共 %d 条\n", len(hits))
		return 0
	})
}
