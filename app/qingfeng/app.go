package main

// app is what every command shares: the config, where it prints and logs,
// and the kiosk's store opened for the command.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync/atomic"
	"time"

	"qingfeng/app/office"
	"qingfeng/assets"
	"qingfeng/content/ffmpeg"
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
	// beat is what the heartbeat keeps between two (heartbeat.go).
	beat *beat
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
	return parse.Options{Limits: a.cfg.limits(), Location: a.cfg.location, HasGlyph: assets.HasGlyph, Site: a.cfg.Site.ID,
		StoryCategories: a.cfg.Categories.Stories, DisclosureCategories: a.cfg.Categories.Disclosures,
		Films: ffmpeg.Prober{}}
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
		var se *store.SchemaError
		switch {
		case errors.As(err, &se) && se.Have < se.Want:
			fmt.Fprintf(a.out, "数据文件夹 %s 里的数据库是旧版本程序建的（版本 %d，本程序 %d）：请先启动一次展示屏（qingfeng run），它会升级数据库，然后再查\n", a.cfg.DataDir, se.Have, se.Want)
			return 1
		case errors.As(err, &se):
			fmt.Fprintf(a.out, "数据文件夹 %s 里的数据库比本程序新（版本 %d，本程序 %d）：请用新版本的 qingfeng 查\n", a.cfg.DataDir, se.Have, se.Want)
			return 1
		case err != nil:
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

// office is what the office's commands (package office) need of a.
func (a *app) office() *office.Env {
	return &office.Env{Out: a.out, Log: a.log, Loc: a.cfg.location, Trusted: a.cfg.trusted, Parse: a.parseOptions(), Progress: a.progress}
}
