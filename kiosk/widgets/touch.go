package widgets

import (
	"math"

	"fyne.io/fyne/v2"
)

// defaultTapSlop is how far (in Fyne units) a finger may wander during a tap.
// Fyne's desktop driver turns any press that moves 2 units into a drag, and a
// drag never taps; an elderly finger on a touch screen wobbles more than that.
const defaultTapSlop = 12

// tappableAt finds the Tappable that a tap at pos (relative to the parent of
// obj) would reach, looking through containers the way the driver does: the
// last visible match wins, and later siblings are drawn on top.
//
// Fyne offers no public way to reach a widget's renderer children, so the
// search stops at widgets: a Tappable widget is found, Tappables drawn inside
// a non-tappable widget are not. Kiosk screens build cards and buttons as
// widgets inside containers, which this covers.
func tappableAt(obj fyne.CanvasObject, pos fyne.Position) (fyne.Tappable, fyne.Position, bool) {
	if obj == nil || !obj.Visible() {
		return nil, fyne.Position{}, false
	}
	local := pos.Subtract(obj.Position())
	size := obj.Size()
	if local.X < 0 || local.Y < 0 || local.X >= size.Width || local.Y >= size.Height {
		return nil, fyne.Position{}, false
	}

	var found fyne.Tappable
	var foundPos fyne.Position
	ok := false
	if t, is := obj.(fyne.Tappable); is {
		found, foundPos, ok = t, local, true
	}
	if c, is := obj.(*fyne.Container); is {
		for _, child := range c.Objects {
			if t, p, hit := tappableAt(child, local); hit {
				found, foundPos, ok = t, p, true
			}
		}
	}
	return found, foundPos, ok
}

func deltaLength(d fyne.Delta) float32 {
	return float32(math.Hypot(float64(d.DX), float64(d.DY)))
}
