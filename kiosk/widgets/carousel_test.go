package widgets

import (
	"image/color"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

type carouselFixture struct {
	carousel *Carousel
	window   fyne.Window
	changes  []int
	taps     []int
}

// newCarouselFixture shows n tappable pages in a 600×400 window.
func newCarouselFixture(tb testing.TB, n int) *carouselFixture {
	tb.Helper()
	test.NewTempApp(tb)
	f := &carouselFixture{}
	var items []fyne.CanvasObject
	for i := 0; i < n; i++ {
		i := i
		items = append(items, widget.NewButton(string(rune('A'+i)), func() { f.taps = append(f.taps, i) }))
	}
	f.carousel = NewCarousel(items...)
	f.carousel.OnChanged = func(i int) { f.changes = append(f.changes, i) }
	f.window = test.NewTempWindow(tb, f.carousel)
	f.window.SetPadded(false)
	f.window.Resize(fyne.NewSize(600, 400))
	return f
}

func (f *carouselFixture) swipe(dx float32) {
	test.Drag(f.window.Canvas(), fyne.NewPos(300, 150), dx, 0)
}

func TestCarousel_swipe(t *testing.T) {
	f := newCarouselFixture(t, 3)
	c := f.carousel

	f.swipe(-200)
	if c.Index() != 1 {
		t.Fatalf("swipe left: index %d, want 1", c.Index())
	}
	f.swipe(-200)
	f.swipe(-200)
	if c.Index() != 0 {
		t.Errorf("swiping left past the last item: index %d, want 0 (wrapped)", c.Index())
	}
	f.swipe(200)
	if c.Index() != 2 {
		t.Errorf("swipe right from the first item: index %d, want 2 (wrapped)", c.Index())
	}
	f.swipe(-30)
	if c.Index() != 2 {
		t.Errorf("a short 30-unit swipe changed the item to %d", c.Index())
	}
	if want := []int{1, 2, 0, 2}; !equalInts(f.changes, want) {
		t.Errorf("OnChanged got %v, want %v", f.changes, want)
	}
	if len(f.taps) != 0 {
		t.Errorf("swipes tapped the items: %v", f.taps)
	}
}

func TestCarousel_itemFollowsFinger(t *testing.T) {
	f := newCarouselFixture(t, 3)
	c := f.carousel
	c.Dragged(&fyne.DragEvent{Dragged: fyne.NewDelta(-100, 0)})
	cur, next := c.Items[0], c.Items[1]
	if cur.Position().X != -100 {
		t.Errorf("current item at x=%v while dragged 100 left, want -100", cur.Position().X)
	}
	if next.Position().X != 500 || !containsObject(test.WidgetRenderer(c).Objects(), next) {
		t.Errorf("next item at x=%v (shown: %v), want 500 and shown", next.Position().X,
			containsObject(test.WidgetRenderer(c).Objects(), next))
	}
	c.DragEnd()
	if c.Index() != 1 || c.Items[1].Position().X != 0 {
		t.Errorf("after release: index %d at x=%v, want 1 at 0", c.Index(), c.Items[1].Position().X)
	}
	if containsObject(test.WidgetRenderer(c).Objects(), cur) {
		t.Error("previous item still drawn after the swipe")
	}
}

func TestCarousel_tapsReachItemsArrowsAndDots(t *testing.T) {
	f := newCarouselFixture(t, 4)
	c := f.carousel
	cv := f.window.Canvas()
	r := test.WidgetRenderer(c).(*carouselRenderer)

	for _, arrow := range []*carouselArrow{r.prev, r.next} {
		if s := arrow.Size(); s.Width < 64 || s.Height < 64 {
			t.Errorf("arrow is %v, want at least 64×64", s)
		}
	}

	test.TapCanvas(cv, center(r.next))
	if c.Index() != 1 {
		t.Errorf("next arrow: index %d, want 1", c.Index())
	}
	test.TapCanvas(cv, center(r.prev))
	test.TapCanvas(cv, center(r.prev))
	if c.Index() != 3 {
		t.Errorf("previous arrow twice from 1: index %d, want 3", c.Index())
	}
	test.TapCanvas(cv, center(r.dots[2]))
	if c.Index() != 2 {
		t.Errorf("third dot: index %d, want 2", c.Index())
	}
	if len(f.taps) != 0 {
		t.Errorf("arrow and dot taps reached the item: %v", f.taps)
	}

	test.TapCanvas(cv, fyne.NewPos(300, 150))
	if !equalInts(f.taps, []int{2}) {
		t.Errorf("tap on the page tapped %v, want [2]", f.taps)
	}
	// A finger that wobbles 5 units is still a tap (Fyne calls it a drag).
	test.Drag(cv, fyne.NewPos(300, 150), 4, 3)
	if !equalInts(f.taps, []int{2, 2}) || c.Index() != 2 {
		t.Errorf("wobbly tap: taps %v index %d, want [2 2] and 2", f.taps, c.Index())
	}
	test.Drag(cv, center(r.next), 3, 4)
	if c.Index() != 3 {
		t.Errorf("wobbly tap on the next arrow: index %d, want 3", c.Index())
	}
}

func TestCarousel_tick(t *testing.T) {
	f := newCarouselFixture(t, 3)
	c := f.carousel

	c.Tick()
	if c.Index() != 0 {
		t.Errorf("Tick with Interval 0 moved to %d", c.Index())
	}

	c.Interval = 8 * time.Second
	c.Tick()
	if c.Index() != 1 {
		t.Fatalf("Tick: index %d, want 1", c.Index())
	}
	c.Tick()
	c.Tick()
	if c.Index() != 0 {
		t.Errorf("Tick past the end: index %d, want 0", c.Index())
	}

	f.swipe(-200) // the visitor picks item 1
	c.Tick()
	if c.Index() != 1 {
		t.Errorf("Tick right after a swipe moved on to %d; it should wait a beat", c.Index())
	}
	c.Tick()
	if c.Index() != 2 {
		t.Errorf("second Tick after a swipe: index %d, want 2", c.Index())
	}

	c.Dragged(&fyne.DragEvent{Dragged: fyne.NewDelta(-20, 0)})
	c.Tick()
	if c.Index() != 2 {
		t.Errorf("Tick while a finger is down moved to %d", c.Index())
	}
	c.DragEnd()
}

func TestCarousel_startStop(t *testing.T) {
	f := newCarouselFixture(t, 2)
	c := f.carousel
	c.Interval = 5 * time.Millisecond
	changed := make(chan int, 16)
	c.OnChanged = func(i int) { changed <- i }

	c.Start()
	c.Start() // a second Start is harmless
	select {
	case i := <-changed:
		if i != 1 {
			t.Errorf("first beat showed %d, want 1", i)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Start's ticker never advanced the carousel")
	}
	c.Stop()
	c.Stop()
}

func TestCarousel_fewItems(t *testing.T) {
	test.NewTempApp(t)
	empty := NewCarousel()
	w := test.NewTempWindow(t, empty)
	w.Resize(fyne.NewSize(300, 200))
	empty.Next()
	empty.Tick()
	test.Drag(w.Canvas(), fyne.NewPos(150, 100), -200, 0)
	if empty.Index() != 0 || len(test.WidgetRenderer(empty).Objects()) != 0 {
		t.Error("an empty carousel should show nothing and stay at 0")
	}

	only := NewCarousel(canvas.NewRectangle(color.White))
	only.Interval = time.Second
	w.SetContent(only)
	test.Drag(w.Canvas(), fyne.NewPos(150, 100), -200, 0)
	only.Tick()
	if only.Index() != 0 || len(test.WidgetRenderer(only).Objects()) != 1 {
		t.Errorf("a single item: index %d, %d objects; want 0 and just the item",
			only.Index(), len(test.WidgetRenderer(only).Objects()))
	}

	// Items changed by the owner are picked up on Refresh.
	only.Items = append(only.Items, canvas.NewRectangle(color.Black))
	only.Refresh()
	only.Tick()
	if only.Index() != 1 {
		t.Errorf("after adding an item, Tick shows %d, want 1", only.Index())
	}
	only.Items = only.Items[:1]
	only.Refresh()
	if only.Index() != 0 {
		t.Errorf("after removing the shown item, index %d, want 0", only.Index())
	}
}

func TestCarousel_insideLayout(t *testing.T) {
	// Pages pulled aside must be clipped to the carousel, not drawn over
	// its neighbours: check that Fyne treats the carousel as a clip.
	f := newCarouselFixture(t, 2)
	w := f.window
	w.SetContent(container.NewVBox(widget.NewLabel("above"), f.carousel))
	if _, ok := test.WidgetRenderer(f.carousel).(interface{ IsClip() }); !ok {
		t.Error("carousel renderer does not clip")
	}
}

func center(o fyne.CanvasObject) fyne.Position {
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	return p.Add(fyne.NewPos(o.Size().Width/2, o.Size().Height/2))
}

func containsObject(objs []fyne.CanvasObject, o fyne.CanvasObject) bool {
	for _, x := range objs {
		if x == o {
			return true
		}
	}
	return false
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestCarousel_golden(t *testing.T) {
	test.NewTempApp(t)
	page := func(c color.Color, label string) fyne.CanvasObject {
		text := canvas.NewText(label, color.White)
		text.TextSize = 48
		text.Alignment = fyne.TextAlignCenter
		return container.NewStack(canvas.NewRectangle(c), container.NewCenter(text))
	}
	c := NewCarousel(
		page(color.NRGBA{R: 0x8E, G: 0x24, B: 0x1F, A: 0xFF}, "Story one"),
		page(color.NRGBA{R: 0x1F, G: 0x4E, B: 0x79, A: 0xFF}, "Story two"),
		page(color.NRGBA{R: 0x2E, G: 0x6B, B: 0x30, A: 0xFF}, "Story three"),
	)
	// Framed by labels, to show that a page pulled aside stays inside.
	w := test.NewTempWindow(t, container.NewBorder(nil, nil, widget.NewLabel("L"), widget.NewLabel("R"), c))
	w.Resize(fyne.NewSize(640, 360))
	test.AssertImageMatches(t, "carousel.png", w.Canvas().Capture())

	c.Dragged(&fyne.DragEvent{Dragged: fyne.NewDelta(-180, 0)})
	test.AssertImageMatches(t, "carousel_swiping.png", w.Canvas().Capture())
	c.DragEnd()
}
