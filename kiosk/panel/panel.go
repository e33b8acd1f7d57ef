// Package panel decides how the kiosk fits the screen it is shown on: the
// scale of its drawing and its orientation, from the screen's size in
// pixels and, where the monitor reports it (EDID, through the X server),
// in millimetres. It reads nothing itself: the shell asks the X server and
// passes what it learnt to Choose.
//
// The design is drawn in units: at scale 1 a unit is a pixel of a
// 1920×1080 panel (theme sizes, the 64-unit touch target). At scale s a
// unit is s pixels.
package panel

import (
	"fmt"
	"math"
)

// Screen is what is known of the panel.
type Screen struct {
	Width, Height     int // pixels, as the screen is turned
	WidthMM, HeightMM int // physical size (EDID); 0 if unknown
}

// Orientation values of the configuration (screen.orientation).
const (
	Auto      = "auto" // from the screen: portrait when it is taller than wide
	Landscape = "landscape"
	Portrait  = "portrait"
)

// Wish is what the configuration asks for.
type Wish struct {
	// Scale, if > 0, is used as it is (screen.scale).
	Scale float64
	// Orientation is Auto (or ""), Landscape or Portrait.
	Orientation string
}

// Fit is how the kiosk is laid out on a screen.
type Fit struct {
	Scale    float32
	Portrait bool
	// Why says how Scale was chosen, for the log.
	Why string
}

// Limits of a scale: below 1 the design's text and touch targets would be
// smaller than on the 1080p panel it was drawn for (small screens reflow
// instead); above MaxScale a unit is a blob of pixels on any real panel.
const (
	MinScale = 1.0
	MaxScale = 4.0
)

// The reference: the design at 1920×1080 on a 43-inch 16:9 panel, the
// size village halls bought when the layout was drawn. It is 952 × 535.5 mm,
// so a design unit there is 952/1920 = 0.496 mm.
const (
	refWidthMM  = 952.0
	refHeightMM = 535.5
	refPixelMM  = refWidthMM / 1920
)

var refDiagonalMM = math.Hypot(refWidthMM, refHeightMM) // 1092 mm, 43"

// Choose is the scale and orientation for s.
//
// The rule: body text must look at least as large on this panel as on the
// reference, at the distance it is read from. People stand further from a
// bigger panel (far enough to take the whole screen in: a counter's 15.6"
// screen is read from half a metre, a hall's 55" main screen from two
// metres by a small group), so the viewing distance is taken as
// proportional to the panel's diagonal, and what must stay the same is the
// angle a letter fills: its height in mm divided by the diagonal. A unit
// is s·pitch mm on the panel (pitch = mm per pixel), so
//
//	scale = (refPixelMM / pitch) × (diagonal / refDiagonal).
//
// A fixed distance (the same mm everywhere) was rejected: it asks for
// scale 2 on a 15.6" 1366×768 screen, a 683×384 unit canvas nothing fits
// on, although that screen is read from a third of the distance.
//
// For a 16:9 panel this comes to width in pixels / 1920 whatever its size,
// the same as the pixel rule used when the monitor reports no size. The
// millimetres change the answer for other shapes (5:4, 16:10), where the
// diagonal is not what the width suggests.
//
// A size the monitor reports is used only when it is believable: 0 (a
// projector, Xvfb's default), a few mm, or metres are ignored, and so is
// a size whose shape disagrees with the pixels' (some EDIDs hold only the
// aspect ratio, 16×9 cm; Xvfb derives one from a made-up DPI). Then the
// pixel rule applies: the scale at which the 1920×1080 design (1080×1920
// turned) fits the screen, min(long side/1920, short side/1080).
//
// Either way the scale is rounded to a tenth (Fyne rounds it so too: the
// text then stays within 5 % of the rule) and kept within MinScale and
// MaxScale. A configured scale overrides the rule (within the same limits).
// The orientation is the screen's unless the configuration forces one.
func Choose(s Screen, w Wish) Fit {
	var f Fit
	switch w.Orientation {
	case Portrait:
		f.Portrait = true
	case Landscape:
	default:
		f.Portrait = s.Height > s.Width
	}
	var raw float64
	switch {
	case w.Scale > 0:
		raw = w.Scale
		f.Why = "screen.scale in the configuration"
	case s.Width <= 0 || s.Height <= 0:
		raw = 1
		f.Why = "screen size unknown"
	default:
		wmm, hmm, ok := believable(s)
		if ok {
			pitch := wmm / float64(s.Width)
			raw = refPixelMM / pitch * math.Hypot(wmm, hmm) / refDiagonalMM
			f.Why = fmt.Sprintf("a %.1f-inch panel (%d×%d mm reported by the monitor)", math.Hypot(wmm, hmm)/25.4, int(wmm), int(hmm))
		} else {
			long, short := max(s.Width, s.Height), min(s.Width, s.Height)
			raw = min(float64(long)/1920, float64(short)/1080)
			f.Why = "pixels only (the monitor reports no believable size)"
			if s.WidthMM != 0 || s.HeightMM != 0 {
				f.Why = fmt.Sprintf("pixels only (the reported %d×%d mm is not believable)", s.WidthMM, s.HeightMM)
			}
		}
	}
	f.Scale = float32(math.Round(min(max(raw, MinScale), MaxScale)*10) / 10)
	return f
}

// believable returns the physical size turned like the pixels, and
// whether it can be a real panel of that many pixels.
func believable(s Screen) (wmm, hmm float64, ok bool) {
	wmm, hmm = float64(s.WidthMM), float64(s.HeightMM)
	if wmm <= 0 || hmm <= 0 {
		return 0, 0, false
	}
	// RandR reports the panel's size as mounted, not as rotated.
	if (s.Width > s.Height) != (wmm > hmm) && s.Width != s.Height {
		wmm, hmm = hmm, wmm
	}
	diag := math.Hypot(wmm, hmm) / 25.4
	if diag < 7 || diag > 150 {
		return 0, 0, false
	}
	// Square pixels: the shapes must agree within 10 %.
	shape := (wmm / hmm) / (float64(s.Width) / float64(s.Height))
	if shape < 0.9 || shape > 1.1 {
		return 0, 0, false
	}
	// A pixel between 0.05 mm (a phone) and 2 mm (an LED wall).
	pitch := wmm / float64(s.Width)
	if pitch < 0.05 || pitch > 2 {
		return 0, 0, false
	}
	return wmm, hmm, true
}

// Valid reports whether a configured scale and orientation can be used;
// it says what is wrong if not.
func Valid(w Wish) error {
	switch w.Orientation {
	case "", Auto, Landscape, Portrait:
	default:
		return fmt.Errorf("screen.orientation must be auto, landscape or portrait, not %q", w.Orientation)
	}
	if w.Scale != 0 && (w.Scale < MinScale || w.Scale > MaxScale || math.IsNaN(w.Scale)) {
		return fmt.Errorf("screen.scale must be 0 (from the screen) or between %g and %g, not %g", MinScale, MaxScale, w.Scale)
	}
	return nil
}
