package main

import (
	"context"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"

	"qingfeng/kiosk/panel"
	"qingfeng/kiosk/x11"
)

// What runs beside the window and how it stops (steps of app.shell).

// teardown is what must happen before the store closes, once: after
// Fyne's run loop returns, or without it (tick).
func (s *kioskShell) teardown(ctx context.Context) {
	s.teardownOnce.Do(func() {
		// The screen on show counts too. Views are stored before the
		// serve loop's last outbox flush.
		s.k.EndUsage()
		if err := s.views.Store(context.WithoutCancel(ctx), s.st); err != nil {
			s.a.log.Error("usage statistics", "err", err)
		}
		s.cancel(nil)
		<-s.done // an import in progress ends before the store is closed
		s.shelf.Prepare(false)
	})
}

// startFollowers starts what runs beside the window until ctx ends: the
// statistics, the display guard and screenshots, the inbox and outbox
// (serve), and the one-second tick.
func (s *kioskShell) startFollowers(ctx context.Context, ran <-chan struct{}) {
	go s.views.Follow(ctx, s.st, s.a.log)
	go s.watchDisplay(ctx)
	k := s.k
	s.done = s.a.serve(ctx, s.st, s.im, func(imported bool) {
		if imported {
			fyne.Do(k.Imported)
		} else {
			fyne.Do(k.ContentChanged)
		}
	}, &screenNews{k: k, do: fyne.Do})
	go s.tick(ctx, ran)
}

// watchDisplay keeps the window over the screen, fitted to it, and saves
// screenshots, when the window is an X11 one.
func (s *kioskShell) watchDisplay(ctx context.Context) {
	a, x := s.a, s.x
	defer x.Close()
	win := x11.WindowID(ctx, s.w)
	if win == 0 {
		a.log.Info("not an X11 window: no display guard, no screenshots")
		return
	}
	if !s.windowed {
		x11.QuietX(a.log)
		// A screen plugged in, turned or back from sleep in another
		// mode: the kiosk is fitted to it again, before the guard puts
		// the window back over it.
		refit := func(now x11.ScreenInfo) {
			f := panel.Choose(now.Screen, s.wish)
			if f == s.fit {
				// The window's new size lays the screen out again.
				logFit(a.log, "screen changed; same fit", now, f)
				return
			}
			s.fit = f
			logFit(a.log, "screen changed; fitted again", now, f)
			limitMemory(f.Scale)
			fyne.Do(func() { s.k.Fit(f.Scale, f.Portrait) })
		}
		go x11.Guard(ctx, s.w, x, win, a.log, s.screen, refit)
	}
	x11.Screenshots{Every: a.cfg.Screenshot.Every, Keep: a.cfg.Screenshot.Keep, Dir: filepath.Join(a.cfg.Outbox, x11.ScreensDir),
		Site: a.cfg.Site.ID, Location: a.cfg.location, Log: a.log}.Run(ctx, x, win)
}

// tick beats the watchdog and ticks the kiosk every second on the UI
// thread; when ctx ends it quits Fyne, and stops without it if its run
// loop does not return (ran) in time.
func (s *kioskShell) tick(ctx context.Context, ran <-chan struct{}) {
	a := s.a
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			s.wd.Stopping()
			// The driver's Quit, not the app's: on SIGTERM Fyne quits by
			// itself too, and if its loop has already ended and let go of
			// GLFW, the app's Quit (which closes the window first) runs
			// in the loop's last drain and panics on the terminated
			// library ("The GLFW library is not initialized", exit 2).
			// The driver's Quit only ends the loop, once, as Fyne's own
			// handler does.
			fyne.Do(s.fa.Driver().Quit)
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
				s.teardown(ctx)
				a.exit(int(a.exitCode.Load()))
			}
			return
		case <-t.C:
			// The beat proves the UI thread alive to systemd's watchdog.
			fyne.Do(func() {
				s.wd.Beat()
				s.k.Tick()
			})
		}
	}
}
