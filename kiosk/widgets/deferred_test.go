package widgets

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// 30 parts of 100 units in a 600-unit view: a part is drawn while any of it
// lies within a quarter view of the view (-150 … 750 from its top), and
// the set follows the scroll position.
func TestDeferredDrawsOnlyNearTheView(t *testing.T) {
	test.NewTempApp(t)
	col := container.NewVBox()
	var parts []*Deferred
	for i := range 30 {
		r := canvas.NewRectangle(nil)
		r.SetMinSize(fyne.NewSize(300, 100))
		d := NewDeferred(container.NewStack(r, canvas.NewText(fmt.Sprint("part ", i), nil)))
		parts = append(parts, d)
		col.Add(d)
	}
	s := NewTouchScroll(col)
	s.manual = true
	s.Defer(parts...)
	w := test.NewTempWindow(t, s)
	w.Resize(fyne.NewSize(400, 600))

	drawn := func() (first, last, n int) {
		first, last = -1, -1
		for i, p := range parts {
			if p.Drawn() {
				if first < 0 {
					first = i
				}
				last = i
				n++
			}
		}
		return
	}
	step := col.MinSize().Height / 30 // a part and the VBox's padding
	want := func(off float32) (int, int) {
		first, last := -1, -1
		for i := range parts {
			y := float32(i)*step - off
			if y+100 >= -150 && y <= 750 {
				if first < 0 {
					first = i
				}
				last = i
			}
		}
		return first, last
	}
	check := func(when string) {
		t.Helper()
		first, last, n := drawn()
		wf, wl := want(s.Offset().Y)
		if first != wf || last != wl || n != last-first+1 {
			t.Fatalf("%s (offset %v): parts %d…%d drawn (%d), want %d…%d", when, s.Offset().Y, first, last, n, wf, wl)
		}
		if first > 0 && test.WidgetRenderer(parts[0]).Objects() != nil {
			t.Fatalf("%s: a part far from the view still hands its content to the renderer", when)
		}
	}
	check("at the top")
	if _, last, _ := drawn(); last >= 29 {
		t.Fatal("every part is drawn: nothing is deferred")
	}
	test.Drag(w.Canvas(), fyne.NewPos(200, 300), 0, -1500)
	check("after a drag")
	s.ScrollToTop()
	check("back at the top")
	test.Scroll(w.Canvas(), fyne.NewPos(200, 300), 0, -5000) // the wheel moves the Scroll itself
	check("at the bottom by the wheel")
	if !parts[29].Drawn() || parts[0].Drawn() {
		t.Fatal("at the bottom the last part must be drawn and the first not")
	}
}
