package x11

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
)

// A kiosk's display is switched off and on by people and by the opening
// hours, has its input changed, or is unplugged; the X server then changes
// the screen's mode and the full-screen window can be left too small,
// moved, or unmapped, showing a black or half-drawn screen until someone
// restarts the kiosk. The guard below looks every few seconds and puts the
// window back over the whole screen.

// placement is where the kiosk's window is on its screen.
type placement struct {
	rootW, rootH int
	x, y, w, h   int
	viewable     bool
}

func (p placement) String() string {
	return fmt.Sprintf("window %dx%d at %d,%d (viewable %v) on a %dx%d screen", p.w, p.h, p.x, p.y, p.viewable, p.rootW, p.rootH)
}

// covers reports whether the window fills the screen and is shown.
func (p placement) covers() bool {
	return p.viewable && p.x == 0 && p.y == 0 && p.w == p.rootW && p.h == p.rootH
}

// GuardEvery is how often the guard looks at the window.
const GuardEvery = 3 * time.Second

// WindowID is w's X window id, 0 if w is not an X11 window.
func WindowID(ctx context.Context, w fyne.Window) uint32 {
	var win uint32
	found := make(chan struct{})
	fyne.Do(func() {
		if nw, ok := w.(driver.NativeWindow); ok {
			nw.RunNative(func(c any) {
				if x, ok := c.(driver.X11WindowContext); ok {
					win = uint32(x.WindowHandle)
				}
			})
		}
		close(found)
	})
	select {
	case <-found:
	case <-ctx.Done():
	}
	return win
}

// Guard keeps the full-screen window w (X window win) over the
// whole screen until ctx ends: when it is not (a display switched off and
// on, a mode change), it is shown again full screen and redrawn.
// Each look also reads the screen's size: when it differs from last (first
// the one given), refit is called with it, before the window is repaired.
func Guard(ctx context.Context, w fyne.Window, x *Conn, win uint32, log *slog.Logger, last ScreenInfo, refit func(ScreenInfo)) {
	wait := GuardEvery
	failing := false
	// A repair that does not take (a second screen making the X screen
	// larger than the monitor, say) is tried less and less often, and
	// logged only the first few times.
	lastBad, repairs := "", 0
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		if now, err := x.Screen(); err == nil && now != last {
			last = now
			refit(now)
		}
		p, err := x.where(win)
		if err != nil {
			if !failing {
				log.Warn("display guard: cannot see the window", "err", err)
			}
			failing = true
			continue
		}
		failing = false
		if p.covers() {
			if repairs > 0 {
				log.Info("display guard: the window covers the screen again")
			}
			lastBad, repairs, wait = "", 0, GuardEvery
			continue
		}
		if bad := p.String(); bad == lastBad {
			repairs++
		} else {
			lastBad, repairs = bad, 1
		}
		switch {
		case repairs <= 3:
			log.Warn("display guard: the window does not cover the screen; showing it full screen again", "was", lastBad)
		case repairs == 4:
			log.Warn("display guard: the window still does not cover the screen; trying less often", "was", lastBad)
		}
		wait = min(GuardEvery<<min(repairs-1, 7), 5*time.Minute)
		if !p.viewable {
			x.mapWindow(win)
		}
		fyne.Do(func() {
			w.Show() // a shown window is mapped again, put full screen and repainted
			w.SetFullScreen(true)
			if c := w.Content(); c != nil {
				c.Refresh()
			}
		})
	}
}
