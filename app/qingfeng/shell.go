package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"qingfeng/content/inbox"
	"qingfeng/content/store"
	"qingfeng/kiosk"
	"qingfeng/kiosk/narration"
	"qingfeng/kiosk/panel"
	"qingfeng/kiosk/pinyin"
	"qingfeng/kiosk/systemd"
	qtheme "qingfeng/kiosk/theme"
	"qingfeng/kiosk/x11"
)

// shell shows the touch-screen kiosk until ctx ends (SIGTERM from systemd).
// Fyne owns the main thread; the inbox, the schedule and the one-second
// tick reach the screens through fyne.Do.
func (a *app) shell(ctx context.Context, st *store.Store, im *inbox.Importer, windowed bool) int {
	// Sizes in the theme are units of the 1080p design; the kiosk's own
	// rule (kiosk/panel) says how many pixels a unit is on this screen, so
	// Fyne must not multiply in its guess from the monitor's DPI.
	// FYNE_SCALE from the environment stands for screen.scale.
	os.Setenv("FYNE_DISABLE_DPI_DETECTION", "1")
	wish := a.cfg.screenWish()
	if env := os.Getenv("FYNE_SCALE"); env != "" && wish.Scale == 0 {
		if v, err := strconv.ParseFloat(env, 64); err == nil && panel.Valid(panel.Wish{Scale: v}) == nil {
			wish.Scale = v
			a.log.Info("FYNE_SCALE in the environment stands for screen.scale", "scale", v)
		}
	}
	// The X connection of the display guard and the screenshots; first it
	// tells the screen's size, so the first frame is drawn at its scale.
	x := &x11.Conn{}
	var screen x11.ScreenInfo
	if !windowed {
		var err error
		if screen, err = x.Screen(); err != nil {
			a.log.Warn("cannot read the screen's size; drawing at the 1080p scale", "err", err)
		}
	}
	fit := panel.Choose(screen.Screen, wish)
	logFit(a.log, "screen fitted", screen, fit)
	os.Setenv("FYNE_SCALE", strconv.FormatFloat(float64(fit.Scale), 'f', -1, 32))
	// Fyne keeps the renderers and textures of screens no longer shown for
	// a minute by default. A kiosk rebuilds a screen on each visit, so that
	// minute only holds memory: 100-odd MiB of llvmpipe textures after a
	// busy minute. Ten seconds still covers going back and forth.
	if os.Getenv("FYNE_CACHE") == "" {
		os.Setenv("FYNE_CACHE", "10s")
	}
	// The Go heap of a kiosk showing the demo holds about 50 MB (fonts,
	// pictures at screen size, screens), and each picture decoded leaves
	// its full-size pixels as garbage. With Go's defaults the heap grows to
	// twice what is live and keeps much of what it freed. These settings
	// and the ten-second cache above: 275 against 300-305 MiB PSS after
	// reading every demo story (build/bench-shell.sh's walk), with the same
	// tap-to-story times. GOGC and GOMEMLIMIT in the environment win.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(128 << 20)
	}
	// Before any child process starts: the exhibits must not inherit
	// systemd's notify socket.
	wd := systemd.NewWatchdog(a.log)
	// No app ID: an ID turns on Fyne's preferences file, which the kiosk
	// does not use, but which Fyne watches, rewrites at every stop and
	// then reads back half-written ("Preferences load error: EOF").
	fa := fyneapp.NewWithID("")
	fa.Settings().SetTheme(qtheme.New(false))
	// Loading the fonts (~150 ms) and creating the OpenGL window (~200 ms
	// with Mesa's software renderer) both come before the first frame: do
	// them on two cores at once.
	fontsReady := make(chan struct{})
	go func() {
		qtheme.WarmFonts()
		close(fontsReady)
	}()
	sources := kiosk.Sources{Stories: library{st}, Disclosures: library{st}, Search: library{st}}
	kiosk.Warm(sources, kiosk.SystemClock{}, a.log)
	w := fa.NewWindow("清风")
	w.SetPadded(false)
	portrait := fit.Portrait
	if portrait {
		w.Resize(fyne.NewSize(1080, 1920))
	} else {
		w.Resize(fyne.NewSize(1920, 1080))
	}
	if !windowed {
		w.SetFullScreen(true)
		// Visitors must not close the kiosk; staff leave it from staff mode
		// or systemd stops it.
		w.SetCloseIntercept(func() { a.log.Info("window close refused (kiosk mode)") })
	}
	w.Show()
	wd.Ready()
	<-fontsReady
	// The keyboard's dictionary is not needed before a resident opens the
	// opinion form: it loads a few seconds after the first frame.
	var dict atomic.Pointer[pinyin.Dict]
	go func() {
		select {
		case <-time.After(3 * time.Second):
		case <-ctx.Done():
			return
		}
		started := time.Now()
		d, err := pinyin.Default()
		if err != nil {
			a.log.Error("pinyin dictionary unreadable: the opinion form cannot offer characters", "err", err)
			return
		}
		dict.Store(d)
		a.log.Info("pinyin dictionary loaded", "took", time.Since(started).Round(time.Millisecond))
	}()
	op := a.cfg.Opinions
	if !op.CollectsContact() {
		a.log.Info("no office key configured: the opinion form offers no name or phone fields")
	}
	shelf := &exhibitShelf{a: a, st: st, windowed: windowed}
	usage := &usageLog{}
	var staff kiosk.StaffDesk
	if a.cfg.Staff.PINHash != "" {
		staff = staffDesk{a: a, st: st, rescan: a.rescan, usage: usage}
	}
	var power func(bool)
	if a.cfg.Schedule.DisplayOff && !windowed {
		power = x11.Power(a.log)
	}
	k := kiosk.New(fa, w, kiosk.Config{
		SiteName: a.cfg.Site.Name, SiteKind: a.cfg.Site.Kind,
		IdleAfter: a.cfg.Screen.IdleAfter, Slide: a.cfg.Screen.Slide,
		Touch: a.cfg.Screen.Touch && !windowed, Portrait: portrait,
		Location: a.cfg.location, Strings: a.cfg.Strings, Log: a.log,
		Hours: a.cfg.hours, Display: power,
		OnShow: newMemoryKeeper(a.log).shown,
		Opinions: kiosk.OpinionSettings{Categories: op.Categories, Phrases: op.Phrases,
			MinInterval: op.MinInterval, MaxLength: op.MaxLength, Contacts: op.CollectsContact()},
	}, kiosk.Sources{Stories: sources.Stories, Disclosures: sources.Disclosures, Search: sources.Search,
		Narrator: &narration.Player{Log: a.log}, Opinions: newOpinionRecorder(st, &a.cfg, a.log),
		Pinyin: dict.Load, Exhibits: shelf, Usage: usage, Staff: staff}, kiosk.SystemClock{})

	terminal := im.Progress
	im.Progress = func(stage string, done, total int) {
		terminal(stage, done, total)
		fyne.Do(func() { k.Progress(stage, done, total) })
	}
	ctx, cancel := context.WithCancelCause(ctx)
	go wd.Run(ctx)
	a.stop = func(code int) {
		a.exitCode.Store(int32(code))
		cause := errLeaving
		if code == exitRestart {
			cause = errRestarting
		}
		// The whole command ends, as on SIGTERM (ctx here is within it),
		// watched by its stopGuard.
		a.halt(cause)
	}
	var done <-chan struct{}
	// teardown is what must happen before the store closes, once: after
	// Fyne's run loop returns, or without it (below).
	var teardownOnce sync.Once
	teardown := func() {
		teardownOnce.Do(func() {
			// The screen on show counts too. Views are stored before the
			// serve loop's last outbox flush.
			k.EndUsage()
			if err := usage.Store(context.WithoutCancel(ctx), st); err != nil {
				a.log.Error("usage statistics", "err", err)
			}
			cancel(nil)
			<-done // an import in progress ends before the store is closed
			shelf.Prepare(false)
		})
	}
	defer teardown()
	ran := make(chan struct{})
	defer close(ran)
	go usage.Follow(ctx, st, a.log)
	go func() {
		defer x.Close()
		win := x11.WindowID(ctx, w)
		if win == 0 {
			a.log.Info("not an X11 window: no display guard, no screenshots")
			return
		}
		if !windowed {
			x11.QuietX(a.log)
			// A screen plugged in, turned or back from sleep in another
			// mode: the kiosk is fitted to it again, before the guard puts
			// the window back over it.
			refit := func(now x11.ScreenInfo) {
				f := panel.Choose(now.Screen, wish)
				if f == fit {
					// The window's new size lays the screen out again.
					logFit(a.log, "screen changed; same fit", now, f)
					return
				}
				fit = f
				logFit(a.log, "screen changed; fitted again", now, f)
				fyne.Do(func() { k.Fit(f.Scale, f.Portrait) })
			}
			go x11.Guard(ctx, w, x, win, a.log, screen, refit)
		}
		x11.Screenshots{Every: a.cfg.Screenshot.Every, Keep: a.cfg.Screenshot.Keep, Dir: filepath.Join(a.cfg.Outbox, x11.ScreensDir),
			Site: a.cfg.Site.ID, Location: a.cfg.location, Log: a.log}.Run(ctx, x, win)
	}()
	done = a.serve(ctx, st, im, func(imported bool) {
		if imported {
			fyne.Do(k.Imported)
		} else {
			fyne.Do(k.ContentChanged)
		}
	})
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				wd.Stopping()
				fyne.Do(fa.Quit)
				// Fyne's run loop can fail to return after its window is
				// gone: on SIGTERM it quits by itself too, and its
				// shutdown has a narrow race in which its lifecycle queue
				// waits for the closed UI queue forever. Everything that
				// matters is then finished from here; the store is left
				// to the kernel (its write-ahead log is replayed at the
				// next start).
				select {
				case <-ran:
				case <-time.After(quitWait):
					a.log.Error("the window system did not finish in time; stopping without it", "waited", quitWait)
					teardown()
					a.exit(int(a.exitCode.Load()))
				}
				return
			case <-t.C:
				// The beat proves the UI thread alive to systemd's watchdog.
				fyne.Do(func() {
					wd.Beat()
					k.Tick()
				})
			}
		}
	}()
	fa.Run()
	if os.Getenv("QINGFENG_SHELL_FAULT") == "stuck-quit" {
		// For the end-to-end test of the way out above: stuck here as in
		// Fyne's shutdown race, after its loop has ended.
		select {}
	}
	return int(a.exitCode.Load())
}

// logFit says how the kiosk is fitted to its screen.
func logFit(log *slog.Logger, msg string, s x11.ScreenInfo, f panel.Fit) {
	log.Info(msg, "pixels", fmt.Sprintf("%dx%d", s.Width, s.Height), "mm", fmt.Sprintf("%dx%d", s.WidthMM, s.HeightMM),
		"output", s.Output, "scale", f.Scale, "portrait", f.Portrait, "why", f.Why)
}
