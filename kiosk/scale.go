package kiosk

import (
	"os"
	"strconv"

	qtheme "qingfeng/kiosk/theme"
)

// How the scale reaches Fyne (2.7). Three knobs exist:
//   - the theme's sizes, multiplied: only text, padding and icons grow;
//     every size a screen sets itself (covers, tiles, the keyboard's keys,
//     the 64-unit touch target) stays at its 1080p pixels, so each screen
//     would need its own arithmetic;
//   - FYNE_SCALE, read at start: the canvas scale, so every unit becomes
//     that many pixels, text and pictures rasterised at the panel's
//     resolution;
//   - the same canvas scale at run time: the desktop driver has no setter,
//     but it asks for the scale again (FYNE_SCALE from the environment,
//     each time) whenever the app's settings change, and then lays the
//     window out afresh: a full-screen window's canvas becomes the screen's
//     pixels divided by the new scale (glfw window.RescaleContext).
// The canvas scale is the one that makes a 3840×2160 panel show exactly
// the 1920×1080 design, and it can change while the kiosk runs, so Fit
// sets FYNE_SCALE and sets the theme again. FYNE_DISABLE_DPI_DETECTION
// must be set too (the shell does it at start), or Fyne multiplies in its
// own guess from the monitor's DPI. Fyne's test canvas has a setter, used
// directly.

// scalable is a canvas that can be told its scale.
type scalable interface{ SetScale(float32) }

// Fit lays the shell out for its screen: every unit drawn becomes scale
// pixels, and screens are arranged upright if portrait. The screen shown is
// built again. 大字 stays on or off, multiplying the text of the new scale.
func (k *Kiosk) Fit(scale float32, portrait bool) {
	if c, ok := k.win.Canvas().(scalable); ok {
		c.SetScale(scale)
	} else {
		os.Setenv("FYNE_SCALE", strconv.FormatFloat(float64(scale), 'f', -1, 32))
	}
	k.cfg.Portrait = portrait
	k.images.setBudget(PictureBudget(scale))
	k.app.Settings().SetTheme(qtheme.New(k.large))
	k.changed()
	k.rebuild()
}

// Portrait reports whether screens are laid out upright.
func (k *Kiosk) Portrait() bool { return k.cfg.Portrait }
