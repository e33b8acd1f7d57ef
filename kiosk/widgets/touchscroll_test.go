package widgets

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// fakeClock is moved on by hand so drag speeds are exact.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

type scrollFixture struct {
	scroll  *TouchScroll
	window  fyne.Window
	buttons []*widget.Button
	tapped  []int
	clock   *fakeClock
}

// newScrollFixture puts n buttons in a row or column inside a TouchScroll in
// a 400×600 window, with a hand-driven clock and glide.
func newScrollFixture(tb testing.TB, n int, dir container.ScrollDirection) *scrollFixture {
	tb.Helper()
	test.NewTempApp(tb)
	f := &scrollFixture{clock: &fakeClock{t: time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)}}
	box := container.NewVBox()
	if dir == container.ScrollHorizontalOnly {
		box = container.NewHBox()
	}
	for i := 0; i < n; i++ {
		i := i
		b := widget.NewButton(fmt.Sprintf("Button %02d", i), func() { f.tapped = append(f.tapped, i) })
		f.buttons = append(f.buttons, b)
		box.Add(b)
	}
	f.scroll = NewTouchScroll(box)
	f.scroll.Direction = dir
	f.scroll.now = f.clock.now
	f.scroll.manual = true
	f.window = test.NewTempWindow(tb, f.scroll)
	f.window.Resize(fyne.NewSize(400, 600))
	return f
}

func (f *scrollFixture) canvas() fyne.Canvas { return f.window.Canvas() }

// buttonAt says which button covers a canvas point, by geometry alone.
func (f *scrollFixture) buttonAt(p fyne.Position) int {
	d := fyne.CurrentApp().Driver()
	for i, b := range f.buttons {
		o := d.AbsolutePositionForObject(b)
		s := b.Size()
		if p.X >= o.X && p.Y >= o.Y && p.X < o.X+s.Width && p.Y < o.Y+s.Height {
			return i
		}
	}
	return -1
}

// fling drags in steps of (dx, dy) every 16 ms, then lifts the finger.
func (f *scrollFixture) fling(steps int, dx, dy float32) {
	for i := 0; i < steps; i++ {
		f.clock.advance(16 * time.Millisecond)
		f.scroll.surface.Dragged(&fyne.DragEvent{Dragged: fyne.NewDelta(dx, dy)})
	}
	f.scroll.surface.DragEnd()
}

func (f *scrollFixture) maxOffset() fyne.Position { return f.scroll.maxOffset() }

func near(a, b float32) bool { return a-b < 0.5 && b-a < 0.5 }

func TestTouchScroll_dragScrollsDown(t *testing.T) {
	f := newScrollFixture(t, 50, container.ScrollVerticalOnly)
	var reported []fyne.Position
	f.scroll.OnScrolled = func(p fyne.Position) { reported = append(reported, p) }

	test.Drag(f.canvas(), fyne.NewPos(200, 300), 0, -300)

	if got := f.scroll.Offset(); !near(got.Y, 300) || got.X != 0 {
		t.Fatalf("offset after dragging up 300 = %v, want (0, 300)", got)
	}
	if len(reported) == 0 || reported[len(reported)-1] != f.scroll.Offset() {
		t.Errorf("OnScrolled got %v, want it to end at %v", reported, f.scroll.Offset())
	}
	if len(f.tapped) != 0 {
		t.Errorf("a drag that started on a button tapped %v", f.tapped)
	}
	if f.scroll.Gliding() {
		t.Error("a single-event drag has no measurable speed, yet it glides")
	}

	test.Drag(f.canvas(), fyne.NewPos(200, 300), 0, 120)
	if got := f.scroll.Offset(); !near(got.Y, 180) {
		t.Errorf("offset after dragging back down 120 = %v, want 180", got)
	}
}

func TestTouchScroll_dragClampsAtEnds(t *testing.T) {
	f := newScrollFixture(t, 50, container.ScrollVerticalOnly)
	limit := f.maxOffset()
	if limit.Y < 1000 {
		t.Fatalf("fixture content too short to test: max offset %v", limit)
	}

	test.Drag(f.canvas(), fyne.NewPos(200, 300), 0, -100000)
	if got := f.scroll.Offset(); got.Y != limit.Y {
		t.Errorf("offset after dragging far past the end = %v, want %v", got, limit)
	}
	// The last button sits at the bottom of the view.
	last := f.buttons[len(f.buttons)-1]
	bottom := fyne.CurrentApp().Driver().AbsolutePositionForObject(last).Y + last.Size().Height
	if bottom > 600 {
		t.Errorf("last button ends at y=%v, below the 600 window", bottom)
	}

	test.Drag(f.canvas(), fyne.NewPos(200, 300), 0, 100000)
	if got := f.scroll.Offset(); got.Y != 0 {
		t.Errorf("offset after dragging far past the start = %v, want 0", got)
	}
}

func TestTouchScroll_tapAfterScrollHitsButtonUnderFinger(t *testing.T) {
	f := newScrollFixture(t, 50, container.ScrollVerticalOnly)
	point := fyne.NewPos(200, 310)
	before := f.buttonAt(point)

	test.Drag(f.canvas(), point, 0, -300)
	want := f.buttonAt(point)
	if want < 0 || want == before {
		t.Fatalf("button under the finger: %d before, %d after scrolling", before, want)
	}

	test.TapCanvas(f.canvas(), point)
	if len(f.tapped) != 1 || f.tapped[0] != want {
		t.Errorf("tap at %v after scrolling tapped %v, want [%d]", point, f.tapped, want)
	}
}

func TestTouchScroll_wobblyTapStillTaps(t *testing.T) {
	f := newScrollFixture(t, 50, container.ScrollVerticalOnly)
	point := fyne.NewPos(200, 310)
	want := f.buttonAt(point)

	// Fyne calls this a drag (over 2 units), so it would never tap by itself.
	test.Drag(f.canvas(), point, 3, -4)

	if got := f.scroll.Offset(); got.Y != 0 {
		t.Errorf("a 5-unit wobble scrolled to %v", got)
	}
	if len(f.tapped) != 1 || f.tapped[0] != want {
		t.Errorf("wobbly tap tapped %v, want [%d]", f.tapped, want)
	}

	f.tapped = nil
	f.scroll.TapSlop = 0
	test.Drag(f.canvas(), point, 0, -4)
	if len(f.tapped) != 0 {
		t.Errorf("with TapSlop 0 a drag tapped %v", f.tapped)
	}
	if got := f.scroll.Offset(); !near(got.Y, 4) {
		t.Errorf("with TapSlop 0 a 4-unit drag scrolled to %v, want 4", got)
	}
}

func TestTouchScroll_momentumGlidesAndSlows(t *testing.T) {
	f := newScrollFixture(t, 50, container.ScrollVerticalOnly)

	f.fling(6, 0, -20) // 1250 units per second, upwards
	atRelease := f.scroll.Offset().Y
	if !near(atRelease, 120) {
		t.Fatalf("offset at release = %v, want 120", atRelease)
	}
	if !f.scroll.Gliding() {
		t.Fatal("no glide after a flick")
	}
	if !near(-f.scroll.velocity.DY, -1250) {
		t.Errorf("glide speed = %v, want 1250 units per second", f.scroll.velocity.DY)
	}

	prevStep := float32(1e9)
	prev := atRelease
	steps := 0
	for f.scroll.Step(16 * time.Millisecond) {
		y := f.scroll.Offset().Y
		if step := y - prev; step <= 0 || step > prevStep+0.01 {
			t.Fatalf("glide step %d moved %v after %v; want forward and slowing", steps, step, prevStep)
		} else {
			prevStep = step
		}
		prev = y
		steps++
		if steps > 1000 {
			t.Fatal("glide never stops")
		}
	}
	glide := f.scroll.Offset().Y - atRelease
	// An exponential glide travels speed × time constant, less what is left
	// below the stop speed.
	want := float32(1250*glideTimeConstant - stopSpeed*glideTimeConstant)
	if glide < want-5 || glide > want+5 {
		t.Errorf("glide travelled %v, want about %v", glide, want)
	}
	if f.scroll.Gliding() || f.scroll.shield.Visible() {
		t.Error("glide still marked running after Step returned false")
	}
}

func TestTouchScroll_momentumStopsAtEdge(t *testing.T) {
	f := newScrollFixture(t, 50, container.ScrollVerticalOnly)
	limit := f.maxOffset().Y
	test.Drag(f.canvas(), fyne.NewPos(200, 300), 0, -(limit - 1000))

	f.fling(4, 0, -40) // 2500 units per second: 160 while dragging, then a glide of ~875
	for i := 0; f.scroll.Step(16*time.Millisecond) && i < 1000; i++ {
	}
	if f.scroll.Gliding() {
		t.Fatal("glide did not stop")
	}
	if got := f.scroll.Offset().Y; got != limit {
		t.Errorf("glide ended at %v, want the edge %v", got, limit)
	}
}

func TestTouchScroll_newTouchStopsMomentum(t *testing.T) {
	f := newScrollFixture(t, 50, container.ScrollVerticalOnly)
	point := fyne.NewPos(200, 310)

	f.fling(6, 0, -20)
	f.scroll.Step(16 * time.Millisecond)
	if !f.scroll.Gliding() {
		t.Fatal("no glide to stop")
	}
	test.TapCanvas(f.canvas(), point)
	if f.scroll.Gliding() {
		t.Error("a tap did not stop the glide")
	}
	if len(f.tapped) != 0 {
		t.Errorf("the tap that stopped a glide also tapped button %v", f.tapped)
	}
	stopped := f.scroll.Offset()
	if f.scroll.Step(16 * time.Millisecond) {
		t.Error("Step still runs after the glide stopped")
	}
	if f.scroll.Offset() != stopped {
		t.Error("content moved after the glide stopped")
	}

	// Once still, the same tap reaches the button.
	test.TapCanvas(f.canvas(), point)
	if want := f.buttonAt(point); len(f.tapped) != 1 || f.tapped[0] != want {
		t.Errorf("tap after the glide tapped %v, want [%d]", f.tapped, want)
	}

	// A new drag during a glide takes over from it.
	f.fling(6, 0, -20)
	from := f.scroll.Offset().Y
	test.Drag(f.canvas(), point, 0, -50)
	if f.scroll.Gliding() {
		t.Error("a new drag did not stop the glide")
	}
	if got := f.scroll.Offset().Y; !near(got, from+50) {
		t.Errorf("drag during a glide moved to %v, want %v", got, from+50)
	}
}

func TestTouchScroll_noMomentum(t *testing.T) {
	t.Run("switched off", func(t *testing.T) {
		f := newScrollFixture(t, 50, container.ScrollVerticalOnly)
		f.scroll.Momentum = false
		f.fling(6, 0, -20)
		if f.scroll.Gliding() {
			t.Error("glides with Momentum false")
		}
	})
	t.Run("finger held before lifting", func(t *testing.T) {
		f := newScrollFixture(t, 50, container.ScrollVerticalOnly)
		for i := 0; i < 6; i++ {
			f.clock.advance(16 * time.Millisecond)
			f.scroll.surface.Dragged(&fyne.DragEvent{Dragged: fyne.NewDelta(0, -20)})
		}
		f.clock.advance(200 * time.Millisecond)
		f.scroll.surface.DragEnd()
		if f.scroll.Gliding() {
			t.Error("glides although the finger rested 200 ms before lifting")
		}
	})
}

func TestTouchScroll_horizontal(t *testing.T) {
	f := newScrollFixture(t, 30, container.ScrollHorizontalOnly)
	point := fyne.NewPos(200, 310)
	if f.maxOffset().X < 600 {
		t.Fatalf("row too narrow to test: max offset %v", f.maxOffset())
	}

	test.Drag(f.canvas(), point, -300, 0)
	if got := f.scroll.Offset(); !near(got.X, 300) || got.Y != 0 {
		t.Fatalf("offset after dragging left 300 = %v, want (300, 0)", got)
	}
	test.Drag(f.canvas(), point, 0, -200)
	if got := f.scroll.Offset(); !near(got.X, 300) || got.Y != 0 {
		t.Errorf("a vertical drag moved a horizontal scroller to %v", got)
	}

	want := f.buttonAt(point)
	test.TapCanvas(f.canvas(), point)
	if len(f.tapped) != 1 || f.tapped[0] != want {
		t.Errorf("tap tapped %v, want [%d]", f.tapped, want)
	}

	f.fling(5, -30, 0)
	if !f.scroll.Gliding() || f.scroll.velocity.DX <= 0 || f.scroll.velocity.DY != 0 {
		t.Errorf("horizontal fling glides at %v", f.scroll.velocity)
	}
	x := f.scroll.Offset().X
	f.scroll.Step(100 * time.Millisecond)
	if f.scroll.Offset().X <= x {
		t.Error("horizontal glide did not move")
	}
}

func TestTouchScroll_wheelStillScrolls(t *testing.T) {
	f := newScrollFixture(t, 50, container.ScrollVerticalOnly)
	var reported []fyne.Position
	f.scroll.OnScrolled = func(p fyne.Position) { reported = append(reported, p) }

	test.Scroll(f.canvas(), fyne.NewPos(200, 300), 0, -120)
	if got := f.scroll.Offset(); !near(got.Y, 120) {
		t.Fatalf("offset after wheel = %v, want 120", got)
	}
	if len(reported) != 1 || !near(reported[0].Y, 120) {
		t.Errorf("OnScrolled after wheel got %v", reported)
	}

	f.fling(6, 0, -20)
	test.Scroll(f.canvas(), fyne.NewPos(200, 300), 0, -10)
	if f.scroll.Gliding() {
		t.Error("the wheel did not stop a glide")
	}
}

func TestTouchScroll_scrollToTopAndSetContent(t *testing.T) {
	f := newScrollFixture(t, 50, container.ScrollVerticalOnly)
	test.Drag(f.canvas(), fyne.NewPos(200, 300), 0, -400)
	f.scroll.ScrollToTop()
	if got := f.scroll.Offset(); got != (fyne.Position{}) {
		t.Errorf("offset after ScrollToTop = %v", got)
	}

	test.Drag(f.canvas(), fyne.NewPos(200, 300), 0, -400)
	tapped := false
	b := widget.NewButton("Only", func() { tapped = true })
	f.scroll.SetContent(container.NewVBox(b))
	if got := f.scroll.Offset(); got != (fyne.Position{}) {
		t.Errorf("offset after SetContent = %v", got)
	}
	if f.scroll.Content() == nil || f.scroll.surface.Size().Height < 500 {
		t.Errorf("new content not laid out over the view: %v", f.scroll.surface.Size())
	}
	test.TapCanvas(f.canvas(), fyne.NewPos(200, 20))
	if !tapped {
		t.Error("button in new content not tappable")
	}
	test.Drag(f.canvas(), fyne.NewPos(200, 300), 0, -300)
	if got := f.scroll.Offset(); got.Y != 0 {
		t.Errorf("short content scrolled to %v", got)
	}
}

func TestTouchScroll_nestedDraggableKeepsItsDrags(t *testing.T) {
	test.NewTempApp(t)
	inner := NewCarousel(widget.NewLabel("A"), widget.NewLabel("B"))
	filler := container.NewVBox()
	for i := 0; i < 30; i++ {
		filler.Add(widget.NewLabel(fmt.Sprintf("Row %d", i)))
	}
	ts := NewTouchScroll(container.NewBorder(container.NewGridWrap(fyne.NewSize(380, 200), inner), nil, nil, nil, filler))
	ts.manual = true
	w := test.NewTempWindow(t, ts)
	w.Resize(fyne.NewSize(400, 600))

	test.Drag(w.Canvas(), fyne.NewPos(200, 100), -200, 0)
	if inner.Index() != 1 {
		t.Errorf("swipe on a carousel inside a TouchScroll: index %d, want 1", inner.Index())
	}
	if ts.Offset() != (fyne.Position{}) {
		t.Errorf("swipe on the inner carousel scrolled the page to %v", ts.Offset())
	}
	test.Drag(w.Canvas(), fyne.NewPos(200, 400), 0, -100)
	if !near(ts.Offset().Y, 100) {
		t.Errorf("drag below the carousel scrolled to %v, want 100", ts.Offset())
	}
}

func TestTouchScroll_changeDirection(t *testing.T) {
	test.NewTempApp(t)
	grid := container.NewGridWrap(fyne.NewSize(150, 100))
	for i := 0; i < 60; i++ {
		grid.Add(widget.NewLabel(fmt.Sprintf("Cell %d", i)))
	}
	// Ten columns wide, six rows tall: bigger than the view both ways.
	ts := NewTouchScroll(container.NewGridWithColumns(1, container.NewGridWrap(fyne.NewSize(1500, 600), grid)))
	ts.manual = true
	w := test.NewTempWindow(t, ts)
	w.Resize(fyne.NewSize(400, 300))

	test.Drag(w.Canvas(), fyne.NewPos(200, 150), -100, -100)
	if got := ts.Offset(); got.X != 0 || !near(got.Y, 100) {
		t.Errorf("vertical scroller moved to %v, want (0, 100)", got)
	}
	ts.Direction = container.ScrollBoth
	ts.Refresh()
	test.Drag(w.Canvas(), fyne.NewPos(200, 150), -100, -100)
	if got := ts.Offset(); !near(got.X, 100) || !near(got.Y, 200) {
		t.Errorf("two-way scroller moved to %v, want (100, 200)", got)
	}
	ts.Direction = container.ScrollHorizontalOnly
	ts.Refresh()
	if got := ts.Offset(); got.Y != 0 || !near(got.X, 100) {
		t.Errorf("after switching to horizontal the offset is %v, want (100, 0)", got)
	}
}

// TestTouchScroll_pressStopsGlideWithoutTapping follows the desktop driver's
// order of events for a finger that lands on a glide and wobbles.
func TestTouchScroll_pressStopsGlideWithoutTapping(t *testing.T) {
	f := newScrollFixture(t, 50, container.ScrollVerticalOnly)
	f.fling(6, 0, -20)
	shield := f.scroll.shield

	shield.MouseDown(&desktop.MouseEvent{})
	if f.scroll.Gliding() || !shield.Visible() {
		t.Fatalf("after the press: gliding %v, shield up %v; want stopped and up", f.scroll.Gliding(), shield.Visible())
	}
	at := f.scroll.Offset()
	shield.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(200, 300)}, Dragged: fyne.NewDelta(3, 4)})
	shield.MouseUp(&desktop.MouseEvent{})
	shield.DragEnd()
	if len(f.tapped) != 0 || f.scroll.Offset() != at {
		t.Errorf("the finger that stopped a glide tapped %v / moved to %v", f.tapped, f.scroll.Offset())
	}
	if shield.Visible() {
		t.Error("shield still up after the finger lifted")
	}

	// A press that then scrolls: the drag goes through the shield.
	f.fling(6, 0, -20)
	shield.MouseDown(&desktop.MouseEvent{})
	at = f.scroll.Offset()
	shield.Dragged(&fyne.DragEvent{Dragged: fyne.NewDelta(0, -60)})
	shield.MouseUp(&desktop.MouseEvent{})
	shield.DragEnd()
	if got := f.scroll.Offset().Y; !near(got, at.Y+60) {
		t.Errorf("drag after stopping a glide moved to %v, want %v", got, at.Y+60)
	}
	if shield.Visible() && !f.scroll.Gliding() {
		t.Error("shield left up")
	}
}

func TestTouchScroll_scrollToShow(t *testing.T) {
	f := newScrollFixture(t, 50, container.ScrollVerticalOnly)
	visible := func(i int) bool {
		d := fyne.CurrentApp().Driver()
		top := d.AbsolutePositionForObject(f.scroll).Y
		y := d.AbsolutePositionForObject(f.buttons[i]).Y - top
		return y >= -0.5 && y+f.buttons[i].Size().Height <= f.scroll.Size().Height+0.5
	}
	if visible(30) {
		t.Fatal("fixture: button 30 should start out of view")
	}
	f.scroll.ScrollToShow(f.buttons[30])
	if !visible(30) {
		t.Fatalf("button 30 not in view after ScrollToShow (offset %v)", f.scroll.Offset())
	}
	off := f.scroll.Offset()
	f.scroll.ScrollToShow(f.buttons[29]) // already in view: nothing moves
	if f.scroll.Offset() != off {
		t.Fatalf("a part already in view moved the content: %v → %v", off, f.scroll.Offset())
	}
	f.scroll.ScrollToShow(f.buttons[0])
	if !visible(0) || f.scroll.Offset().Y != 0 {
		t.Fatalf("button 0 not shown at the top: offset %v", f.scroll.Offset())
	}
}
