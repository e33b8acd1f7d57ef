package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"strconv"
	"sync"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"qingfeng/content/inbox"
	"qingfeng/content/store"
	"qingfeng/kiosk"
	"qingfeng/kiosk/panel"
	"qingfeng/kiosk/systemd"
	qtheme "qingfeng/kiosk/theme"
	"qingfeng/kiosk/x11"
)

// kioskShell is one run of the kiosk's window: what its steps share.
type kioskShell struct {
	a        *app
	st       *store.Store
	im       *inbox.Importer
	windowed bool

	wish   panel.Wish
	x      *x11.Conn // the display guard's and the screenshots'
	screen x11.ScreenInfo
	fit    panel.Fit // changed by the display guard's refit only

	wd      *systemd.Watchdog
	fa      fyne.App
	w       fyne.Window
	sources kiosk.Sources
	k       *kiosk.Kiosk
	shelf   *exhibitShelf
	views   *usageLog

	cancel       context.CancelCauseFunc
	done         <-chan struct{} // the serve loop's end
	teardownOnce sync.Once
}

// shell shows the touch-screen kiosk until ctx ends (SIGTERM from systemd).
// Fyne owns the main thread; the inbox, the schedule and the one-second
// tick reach the screens through fyne.Do.
func (a *app) shell(ctx context.Context, st *store.Store, im *inbox.Importer, windowed bool) int {
	s := &kioskShell{a: a, st: st, im: im, windowed: windowed}
	s.fitScreen()
	// How long Fyne keeps the textures of screens no longer shown is set
	// before Fyne starts: internal/fynecache.
	// The Go heap of a kiosk showing the demo holds 35-45 MB live (fonts,
	// pictures at screen size, screens), and each picture decoded leaves
	// its full-size pixels as garbage. With Go's defaults the heap grows to
	// twice what is live and keeps much of what it freed. These settings
	// alone: 275 against 300-305 MiB PSS after reading every demo story
	// (build/bench-shell.sh's walk, before the cache time took effect),
	// with the same tap-to-story times. GOGC and GOMEMLIMIT in the
	// environment win; the limit is set once the scale is known
	// (limitMemory).
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	// Before any child process starts: the exhibits must not inherit
	// systemd's notify socket.
	s.wd = systemd.NewWatchdog(a.log)
	s.openWindow()
	s.wireKiosk(ctx)
	ctx, s.cancel = context.WithCancelCause(ctx)
	go s.wd.Run(ctx)
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
	defer s.teardown(ctx)
	ran := make(chan struct{})
	defer close(ran)
	s.startFollowers(ctx, ran)
	s.fa.Run()
	if os.Getenv("QINGFENG_SHELL_FAULT") == "stuck-quit" {
		// For the end-to-end test of the way out in tick: stuck here as in
		// Fyne's shutdown race, after its loop has ended.
		select {}
	}
	return int(a.exitCode.Load())
}

// fitScreen chooses the scale and orientation from the screen (and the
// configuration) before the first frame, so that it is drawn at its scale.
func (s *kioskShell) fitScreen() {
	a := s.a
	// Sizes in the theme are units of the 1080p design; the kiosk's own
	// rule (kiosk/panel) says how many pixels a unit is on this screen, so
	// Fyne must not multiply in its guess from the monitor's DPI.
	// FYNE_SCALE from the environment stands for screen.scale.
	os.Setenv("FYNE_DISABLE_DPI_DETECTION", "1")
	s.wish = a.cfg.screenWish()
	if env := os.Getenv("FYNE_SCALE"); env != "" && s.wish.Scale == 0 {
		if v, err := strconv.ParseFloat(env, 64); err == nil && panel.Valid(panel.Wish{Scale: v}) == nil {
			s.wish.Scale = v
			a.log.Info("FYNE_SCALE in the environment stands for screen.scale", "scale", v)
		}
	}
	// The X connection of the display guard and the screenshots; first it
	// tells the screen's size.
	s.x = &x11.Conn{}
	if !s.windowed {
		var err error
		if s.screen, err = s.x.Screen(); err != nil {
			a.log.Warn("cannot read the screen's size; drawing at the 1080p scale", "err", err)
		}
	}
	s.fit = panel.Choose(s.screen.Screen, s.wish)
	logFit(a.log, "screen fitted", s.screen, s.fit)
	os.Setenv("FYNE_SCALE", strconv.FormatFloat(float64(s.fit.Scale), 'f', -1, 32))
	limitMemory(s.fit.Scale)
}

// openWindow creates the Fyne app and shows its window, and tells systemd
// the kiosk is ready.
func (s *kioskShell) openWindow() {
	a := s.a
	// No app ID: an ID turns on Fyne's preferences file, which the kiosk
	// does not use, but which Fyne watches, rewrites at every stop and
	// then reads back half-written ("Preferences load error: EOF").
	s.fa = fyneapp.NewWithID("")
	s.fa.Settings().SetTheme(qtheme.New(false))
	// Loading the fonts (~150 ms) and creating the OpenGL window (~200 ms
	// with Mesa's software renderer) both come before the first frame: do
	// them on two cores at once.
	fontsReady := make(chan struct{})
	go func() {
		qtheme.WarmFonts()
		close(fontsReady)
	}()
	s.sources = kiosk.Sources{Stories: library{s.st}, Disclosures: library{s.st}, Search: library{s.st}}
	kiosk.Warm(s.sources, kiosk.SystemClock{}, a.log)
	w := s.fa.NewWindow("清风")
	s.w = w
	w.SetPadded(false)
	if s.fit.Portrait {
		w.Resize(fyne.NewSize(1080, 1920))
	} else {
		w.Resize(fyne.NewSize(1920, 1080))
	}
	if !s.windowed {
		w.SetFullScreen(true)
		// Visitors must not close the kiosk; staff leave it from staff mode
		// or systemd stops it.
		w.SetCloseIntercept(func() { a.log.Info("window close refused (kiosk mode)") })
	}
	w.Show()
	s.wd.Ready()
	go s.a.releaseReady()
	<-fontsReady
}

// logFit says how the kiosk is fitted to its screen.
func logFit(log *slog.Logger, msg string, s x11.ScreenInfo, f panel.Fit) {
	log.Info(msg, "pixels", fmt.Sprintf("%dx%d", s.Width, s.Height), "mm", fmt.Sprintf("%dx%d", s.WidthMM, s.HeightMM),
		"output", s.Output, "scale", f.Scale, "portrait", f.Portrait, "why", f.Why)
}
