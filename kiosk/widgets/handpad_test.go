package widgets

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// drawStroke moves a finger along points on the pad as the desktop driver
// reports it: each event where the finger is now and how far it moved.
func drawStroke(p *HandPad, points ...fyne.Position) {
	for i := 1; i < len(points); i++ {
		d := points[i].Subtract(points[i-1])
		p.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: points[i]}, Dragged: fyne.NewDelta(d.X, d.Y)})
	}
	p.DragEnd()
}

func TestHandPadKeepsStrokes(t *testing.T) {
	test.NewTempApp(t)
	p := NewHandPad()
	w := test.NewTempWindow(t, p)
	w.Resize(fyne.NewSize(700, 700))
	var told [][]fyne.Position
	touched := 0
	p.OnStroke = func(s [][]fyne.Position) { told = s }
	p.OnTouch = func() { touched++ }

	drawStroke(p, fyne.NewPos(100, 300), fyne.NewPos(200, 302), fyne.NewPos(500, 305))
	test.Drag(w.Canvas(), fyne.NewPos(300, 500), 0, 300) // 300 down, ending at (300, 500) on the canvas
	test.Tap(p)
	if len(told) != 3 || len(p.Strokes()) != 3 {
		t.Fatalf("%d strokes told, %d kept; want 3", len(told), len(p.Strokes()))
	}
	want := []fyne.Position{{X: 100, Y: 300}, {X: 200, Y: 302}, {X: 500, Y: 305}}
	if !slices.Equal(told[0], want) {
		t.Errorf("first stroke %v, want %v", told[0], want)
	}
	if s := told[1]; len(s) != 2 || s[1].Subtract(s[0]) != fyne.NewPos(0, 300) {
		t.Errorf("dragged stroke %v, want two points 300 apart downwards", s)
	}
	if len(told[2]) != 1 {
		t.Errorf("a tap is a dot: %v", told[2])
	}
	if touched != 4 {
		t.Errorf("touched %d times, want 4 (every event counts as activity)", touched)
	}
	if !p.Undo() || len(p.Strokes()) != 2 {
		t.Fatalf("undo left %d strokes", len(p.Strokes()))
	}
	p.Clear()
	if p.Undo() || len(p.Strokes()) != 0 {
		t.Fatal("clear left strokes")
	}
}

// A finger sliding off the pad draws along its edge; a finger resting on
// it, or a child scribbling, cannot grow it without end.
func TestHandPadBounds(t *testing.T) {
	test.NewTempApp(t)
	p := NewHandPad()
	w := test.NewTempWindow(t, p)
	w.Resize(fyne.NewSize(700, 700))
	size := p.Size()
	drawStroke(p, fyne.NewPos(100, 100), fyne.NewPos(-50, 9000))
	if got := p.Strokes()[0][1]; got.X != 0 || got.Y != size.Height {
		t.Errorf("a point off the pad at %v, want on its edge (0, %v)", got, size.Height)
	}
	p.Clear()
	long := make([]fyne.Position, 3*maxPadPoints)
	for i := range long {
		long[i] = fyne.NewPos(float32(i%500), float32(i%300))
	}
	drawStroke(p, long...)
	for range 2 * maxPadStrokes {
		test.Tap(p)
	}
	if n := len(p.Strokes()); n != maxPadStrokes {
		t.Errorf("%d strokes kept, want %d", n, maxPadStrokes)
	}
	if n := len(p.Strokes()[0]); n != maxPadPoints {
		t.Errorf("%d points kept in a stroke, want %d", n, maxPadPoints)
	}
}
