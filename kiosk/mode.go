package kiosk

import "fmt"

// mode is what the shell is doing; it is in exactly one at a time. Each
// mode but browsing has its state in a field of Kiosk (attract, closed,
// playing) that is set while the shell is in it and nil otherwise;
// setMode is the one place the mode changes, and the transitions below
// are the only callers of it.
type mode int

const (
	// modeBrowsing: a visitor (or nobody yet) on the screens of the
	// navigation stack.
	modeBrowsing mode = iota
	// modeAttract: nobody has touched the screen for a while; the attract
	// loop plays until a touch.
	modeAttract
	// modeClosed: outside the opening hours, the dim clock.
	modeClosed
	// modeExhibit: an exhibit runs in its own process over the shell, from
	// its start until the shell has seen it end (a screen other than its
	// own stops it, and the mode lasts until it has stopped).
	modeExhibit
	// modeStaff: the PIN pad or the staff screen.
	modeStaff
)

func (m mode) String() string {
	switch m {
	case modeBrowsing:
		return "browsing"
	case modeAttract:
		return "attract"
	case modeClosed:
		return "closed"
	case modeExhibit:
		return "exhibit"
	case modeStaff:
		return "staff"
	}
	return fmt.Sprintf("mode(%d)", int(m))
}

// setMode leaves the mode the shell is in, letting go of its state, and
// enters to. The caller sets the new mode's state.
func (k *Kiosk) setMode(to mode) {
	switch k.mode {
	case modeAttract:
		k.attract = nil
	case modeClosed:
		k.closed = nil
	case modeExhibit:
		k.playing = nil
	}
	k.mode = to
	if to == modeAttract || to == modeClosed {
		k.handwriting = false // the next visitor starts on pinyin
	}
}

// screenMode is the mode a screen of the navigation stack belongs to.
func screenMode(s *screen) mode {
	if s != nil && (s.name == "staff-pin" || s.name == "staff") {
		return modeStaff
	}
	return modeBrowsing
}

// showingScreen is the transition of showing s: from browsing, staff,
// attract or closed to the mode s belongs to. An exhibit stays the mode
// until its end is seen; a screen other than its own stops it.
func (k *Kiosk) showingScreen(s *screen) {
	if k.mode == modeExhibit {
		if s != k.playing.scr {
			k.playing.run.Stop()
		}
		return
	}
	k.setMode(screenMode(s))
}

// enterAttract is the transition to the attract loop: from browsing or
// staff when the idle time has passed, from an exhibit that timed out
// (after exhibitEnded), or from closed at the opening hour. It reports
// false, and does nothing, from an exhibit still running or the loop
// itself.
func (k *Kiosk) enterAttract(a *attractLoop) bool {
	if k.mode == modeExhibit || k.mode == modeAttract {
		return false
	}
	k.setMode(modeAttract)
	k.attract = a
	return true
}

// leaveAttract is the transition of a touch on the attract loop, to
// browsing; false if the loop is not shown.
func (k *Kiosk) leaveAttract() bool {
	if k.mode != modeAttract {
		return false
	}
	k.setMode(modeBrowsing)
	return true
}

// enterClosed is the transition to the closed screen, from any mode but
// an exhibit's (closing waits for its visitor) and closed itself.
// The caller builds the closed view after leaving the last mode (its text
// follows the look that leaving may reset).
func (k *Kiosk) enterClosed() bool {
	if k.mode == modeExhibit || k.mode == modeClosed {
		return false
	}
	k.setMode(modeClosed)
	return true
}

// leaveClosed is the opening hour's transition out of the closed screen
// (the next mode is entered by the caller); it returns the closed view
// left, nil if the shell was not closed.
func (k *Kiosk) leaveClosed() *closedView {
	if k.mode != modeClosed {
		return nil
	}
	c := k.closed
	k.setMode(modeBrowsing)
	return c
}

// enterExhibit is the transition of starting an exhibit, from browsing
// (its card on the 互动展项 screen); false in any other mode.
func (k *Kiosk) enterExhibit(pl *playing) bool {
	if k.mode != modeBrowsing {
		return false
	}
	k.setMode(modeExhibit)
	k.playing = pl
	return true
}

// leaveExhibit is the transition of pl's end being seen: back to the mode
// of the screen shown. False if pl is not the exhibit playing.
func (k *Kiosk) leaveExhibit(pl *playing) bool {
	if k.mode != modeExhibit || k.playing != pl {
		return false
	}
	k.setMode(screenMode(k.shown))
	k.bannerAfterExhibit()
	return true
}
