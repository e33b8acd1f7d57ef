package main

// The running kiosk's wiring: the inbox watcher and the followers of the
// schedule, the outbox and the status file.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"qingfeng/assets"
	"qingfeng/content/inbox"
	"qingfeng/content/parse"
	"qingfeng/content/store"
)

// runCmd is the kiosk: it installs the demo on a fresh data folder, keeps
// watching the inboxes, and shows the touch-screen shell (or, with
// --headless, only prints what happens). onChange is where the shell
// learns that what it shows may have changed.
func (a *app) runCmd(ctx context.Context, demo, headless, windowed bool) int {
	servePprof(a.log)
	a.useDataTemp()
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
			a.stop = func(code int) { a.exitCode.Store(int32(code)); a.halt(errRestarting) }
			done := a.serve(ctx, st, im, func(bool) { a.printInstalled(ctx, st) }, nil)
			a.releaseReady()
			<-done // the store closes only after the watcher has stopped
			return int(a.exitCode.Load())
		}
		return a.shell(ctx, st, im, windowed)
	})
}

// serve starts the inbox watcher and the schedule follower in the
// background until ctx ends; onChange is called (from their goroutines)
// after every import (imported=true) and at every publish/expire boundary.
// The returned channel closes when both have stopped. news, if set, is
// told of packages a person brings.
func (a *app) serve(ctx context.Context, st *store.Store, im *inbox.Importer, onChange func(imported bool), news *screenNews) <-chan struct{} {
	for _, d := range a.cfg.Inboxes {
		if err := os.MkdirAll(d, 0o755); err != nil {
			a.log.Warn("inbox folder cannot be created (it may be a USB stick not yet inserted)", "dir", d, "err", err)
		}
	}
	in := &inbox.Inbox{
		Dirs: a.cfg.Inboxes, Importer: im, Quiet: a.cfg.Import.Quiet, FolderQuiet: a.cfg.Import.FolderQuiet, GiveUp: a.cfg.Import.GiveUp,
		Poll: a.cfg.Import.Poll, Location: a.cfg.location, Log: a.log, Rescan: a.rescan,
		Marker:  filepath.Join(a.cfg.DataDir, importMarkerFile),
		Release: a.takeRelease,
		Hold:    holdRelease,
		Aside:   a.releaseAside,
		OnStart: news.started,
		OnResult: func(r inbox.Result) {
			if inImportHistory(r) {
				a.record(ctx, st, r)
			}
			news.finished(r) // before onChange: the banner, not a notice, says it
			fmt.Fprintf(a.out, "%s：%s %s\n", inbox.ReportName(filepath.Base(r.Source)), r.Outcome.Words(), inbox.ReportName(r.Reason))
			if r.Outcome == inbox.Imported {
				onChange(true)
			}
			a.releaseResult(r)
		},
	}
	fmt.Fprintf(a.out, "正在监视收件箱：%v（把内容包放进去即可导入）\n", a.cfg.Inboxes)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { a.followSchedule(ctx, st, func() { onChange(false) }) })
	wg.Go(func() { a.followOutbox(ctx, st) })
	wg.Go(func() { a.followStatus(ctx, st) })
	wg.Go(func() { a.followHeartbeat(ctx, st) })
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
