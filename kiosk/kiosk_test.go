package kiosk

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"qingfeng/kiosk/widgets"
)

var landscape = fyne.NewSize(1920, 1080)
var portrait = fyne.NewSize(1080, 1920)

type rig struct {
	k     *Kiosk
	w     fyne.Window
	clock *fakeClock
	lib   *demoLibrary
}

// newRig starts the shell on the demo content in a test window; adjust,
// if given, changes the config or sources first.
func newRig(tb testing.TB, size fyne.Size, adjust ...func(*Config, *Sources)) *rig {
	tb.Helper()
	a := test.NewApp()
	tb.Cleanup(a.Quit)
	w := test.NewWindow(nil)
	w.SetPadded(false)
	w.Resize(size)
	lib := newDemoLibrary(tb)
	clock := &fakeClock{now: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	cfg := Config{SiteName: "清厢茶馆", SiteKind: "茶馆", IdleAfter: 90 * time.Second, Portrait: size.Height > size.Width}
	src := Sources{Stories: lib, Disclosures: lib, Search: lib}
	for _, f := range adjust {
		f(&cfg, &src)
	}
	k := newKiosk(a, w, cfg, src, clock, true)
	w.Resize(size)
	return &rig{k: k, w: w, clock: clock, lib: lib}
}

// walk visits every object shown, widgets through their renderers. A
// deferred part of a scrolled list counts as shown even while it is not
// drawn: a finger would scroll to it.
func walk(o fyne.CanvasObject, f func(fyne.CanvasObject) bool) bool {
	if o == nil || !o.Visible() {
		return false
	}
	if f(o) {
		return true
	}
	switch v := o.(type) {
	case *widgets.Deferred:
		return walk(v.Content(), f)
	case *fyne.Container:
		for _, c := range v.Objects {
			if walk(c, f) {
				return true
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			if walk(c, f) {
				return true
			}
		}
	}
	return false
}

// button finds a button by its label; a sort mark (▲▼) after it is fine.
func (r *rig) button(tb testing.TB, label string) *widget.Button {
	tb.Helper()
	var found *widget.Button
	walk(r.w.Content(), func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widget.Button); ok && strings.TrimRight(b.Text, " ▲▼") == label {
			found = b
			return true
		}
		return false
	})
	if found == nil {
		tb.Fatalf("no button %q on screen %s", label, r.k.Current())
	}
	return found
}

// cardWith finds the card showing text.
func (r *rig) cardWith(tb testing.TB, text string) *card {
	tb.Helper()
	var found *card
	walk(r.w.Content(), func(o fyne.CanvasObject) bool {
		c, ok := o.(*card)
		if ok && walk(c.content, func(in fyne.CanvasObject) bool { return shows(in, text) }) {
			found = c
			return true
		}
		return false
	})
	if found == nil {
		tb.Fatalf("no card showing %q on screen %s", text, r.k.Current())
	}
	return found
}

func shows(o fyne.CanvasObject, text string) bool {
	switch v := o.(type) {
	case *canvas.Text:
		return strings.Contains(v.Text, text)
	case *widget.Label:
		return strings.Contains(v.Text, text)
	}
	return false
}

func (r *rig) showing(text string) bool {
	return walk(r.w.Content(), func(o fyne.CanvasObject) bool { return shows(o, text) })
}

func (r *rig) scroller(tb testing.TB) *widgets.TouchScroll {
	tb.Helper()
	var found *widgets.TouchScroll
	walk(r.w.Content(), func(o fyne.CanvasObject) bool {
		if s, ok := o.(*widgets.TouchScroll); ok && s.Direction != 1 /* horizontal-only tab rows */ {
			found = s
		}
		return false
	})
	if found == nil {
		tb.Fatalf("no scroller on screen %s", r.k.Current())
	}
	return found
}

func (r *rig) expect(tb testing.TB, screen string) {
	tb.Helper()
	if got := r.k.Current(); got != screen {
		tb.Fatalf("screen = %s, want %s", got, screen)
	}
}

func TestOpenStoryScrollAndBack(t *testing.T) {
	r := newRig(t, landscape)
	r.expect(t, "home")
	test.Tap(r.cardWith(t, TileStories))
	r.expect(t, "stories")
	test.Tap(r.cardWith(t, "清厢茶馆"))
	r.expect(t, "story")
	if !r.showing("七味茶") {
		t.Fatal("story body not shown")
	}
	s := r.scroller(t)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(s).Add(fyne.NewPos(400, 600))
	test.Drag(r.w.Canvas(), pos, 0, -400)
	if off := s.Offset(); off.Y < 300 {
		t.Fatalf("a finger drag of 400 scrolled only %v", off.Y)
	}
	test.Tap(r.button(t, "返回"))
	r.expect(t, "stories")
	test.Tap(r.button(t, "首页"))
	r.expect(t, "home")
}

func TestStoryCategoryTabs(t *testing.T) {
	r := newRig(t, landscape)
	test.Tap(r.cardWith(t, TileStories))
	test.Tap(r.button(t, "廉史人物"))
	if !r.showing("青梅引") || r.showing("清厢茶馆：") {
		t.Fatal("廉史人物 tab should show only its stories")
	}
}

func TestDisclosureSortPageAndChart(t *testing.T) {
	r := newRig(t, landscape)
	test.Tap(r.cardWith(t, TileDisclosures))
	r.expect(t, "disclosures")
	test.Tap(r.button(t, "财务"))
	test.Tap(r.cardWith(t, "示例村2022年"))
	r.expect(t, "table")
	if !r.showing("第 1 / 4 页") {
		t.Fatal("25 rows should make 4 pages of 8")
	}
	test.Tap(r.button(t, "下一页"))
	if !r.showing("第 2 / 4 页") {
		t.Fatal("next page did not turn")
	}
	test.Tap(r.button(t, "收入"))
	if !r.showing("第 1 / 4 页") || !r.showing("收入 ▲") {
		t.Fatal("sorting should mark the column and return to page 1")
	}
	test.Tap(r.button(t, "收入"))
	// Largest income first: the 150,000.00 transfer.
	if !r.showing("收入 ▼") || !r.showing("150,000.00") {
		t.Fatal("descending sort should put the largest income first")
	}
	test.Tap(r.button(t, "看图表"))
	var chart *widgets.BarChart
	walk(r.w.Content(), func(o fyne.CanvasObject) bool {
		chart, _ = o.(*widgets.BarChart)
		return chart != nil
	})
	if chart == nil || len(chart.Series) != 2 || len(chart.Labels) != 12 {
		t.Fatalf("want a 2-series chart by month, got %+v", chart)
	}
}

func TestSearchFromChipOpensRow(t *testing.T) {
	r := newRig(t, landscape)
	test.Tap(r.cardWith(t, TileDisclosures))
	test.Tap(r.button(t, "租金"))
	r.expect(t, "search")
	test.Tap(r.cardWith(t, "租金"))
	r.expect(t, "table")
}

func TestIdleAttractTouchResets(t *testing.T) {
	r := newRig(t, landscape)
	test.Tap(r.cardWith(t, TileStories))
	test.Tap(r.cardWith(t, "清厢茶馆"))
	r.k.SetLarge(true)
	r.clock.Add(89 * time.Second)
	r.k.Tick()
	r.expect(t, "story")
	r.clock.Add(2 * time.Second)
	r.k.Tick()
	r.expect(t, "attract")
	r.clock.Add(9 * time.Second)
	r.k.Tick() // next slide
	test.TapCanvas(r.w.Canvas(), fyne.NewPos(960, 540))
	r.expect(t, "home")
	if r.k.Large() || len(r.k.stack) != 1 {
		t.Fatalf("a new visitor must find a fresh home: large=%v stack=%d", r.k.Large(), len(r.k.stack))
	}
}

// OnQuiet comes once per stretch without a touch, after QuietAfter, on
// any visitor's screen; a touch starts a new stretch; the attract loop is
// not a quiet visitor's screen.
func TestQuietOncePerStretchWithoutTouch(t *testing.T) {
	quiet := 0
	r := newRig(t, landscape, func(c *Config, _ *Sources) { c.OnQuiet = func() { quiet++ } })
	test.Tap(r.cardWith(t, TileStories))
	test.Tap(r.cardWith(t, "清厢茶馆"))
	step := func(d time.Duration, want int, when string) {
		t.Helper()
		r.clock.Add(d)
		r.k.Tick()
		if quiet != want {
			t.Fatalf("%s: OnQuiet called %d times, want %d", when, quiet, want)
		}
	}
	step(QuietAfter-time.Second, 0, "before QuietAfter")
	step(time.Second, 1, "at QuietAfter")
	step(10*time.Second, 1, "still quiet")
	test.Tap(r.button(t, "返回"))
	r.expect(t, "stories")
	step(QuietAfter/2, 1, "soon after a touch")
	step(QuietAfter/2, 2, "quiet again after the touch")
	step(r.k.cfg.IdleAfter, 2, "the attract loop")
	r.expect(t, "attract")
	step(QuietAfter*2, 2, "during the attract loop")
}

// While a visitor reads, the screen is drawn again every DrawEvery (so
// Fyne's short cache frees only what is no longer shown); not within a
// second of a touch, not once the screen is quiet.
func TestScreenKeptDrawnWhileReading(t *testing.T) {
	r := newRig(t, landscape)
	test.Tap(r.cardWith(t, TileStories))
	drawn := func(d time.Duration, want bool, when string) {
		t.Helper()
		before := r.k.lastDrawn
		r.clock.Add(d)
		r.k.Tick()
		if got := !r.k.lastDrawn.Equal(before); got != want {
			t.Fatalf("%s: drawn %v, want %v", when, got, want)
		}
	}
	drawn(500*time.Millisecond, false, "half a second after a touch")
	drawn(500*time.Millisecond, true, "a second after a touch")
	drawn(time.Second, false, "a second after drawing")
	drawn(time.Second, true, "DrawEvery after drawing")
	drawn(QuietAfter, false, "quiet")
	test.Tap(r.cardWith(t, "清厢茶馆"))
	drawn(time.Second, true, "a second after the next touch")
}

func TestUpdatedWhileReading(t *testing.T) {
	r := newRig(t, landscape)
	test.Tap(r.cardWith(t, TileStories))
	test.Tap(r.cardWith(t, "清厢茶馆"))
	for i := range r.lib.pkg.Stories {
		if r.lib.pkg.Stories[i].ID == "qingxiang-teahouse" {
			r.lib.pkg.Stories[i].Body = "茶馆今年新添了一味桂花茶。"
		}
	}
	r.k.Imported()
	r.expect(t, "story")
	if !r.showing("新添了一味桂花茶") || r.showing("七味茶，七句话") {
		t.Fatal("the story on screen should show the new text at once")
	}
}

func TestWithdrawnWhileReading(t *testing.T) {
	r := newRig(t, landscape)
	test.Tap(r.cardWith(t, TileStories))
	test.Tap(r.cardWith(t, "清厢茶馆"))
	r.lib.hidden["qingxiang-teahouse"] = true
	r.k.ContentChanged()
	r.expect(t, "stories")
	if !strings.Contains(r.k.Notice(), "已下架") || r.showing("清厢茶馆：") {
		t.Fatalf("notice %q", r.k.Notice())
	}
	r.clock.Add(6 * time.Second)
	r.k.Tick()
	if r.k.Notice() != "" {
		t.Fatal("the notice should go away")
	}
}

func TestGoldenScreens(t *testing.T) {
	inBothOrientations(t, func(t *testing.T, size fyne.Size, golden func(*testing.T, fyne.Window, string)) {
		r := newRig(t, size)
		snap := func(screen string) {
			t.Helper()
			golden(t, r.w, screen)
		}
		snap("home")
		test.Tap(r.cardWith(t, TileStories))
		snap("stories")
		test.Tap(r.cardWith(t, "清厢茶馆"))
		snap("story")
		test.Tap(r.button(t, "首页"))
		test.Tap(r.cardWith(t, TileDisclosures))
		snap("disclosures")
		test.Tap(r.button(t, "财务"))
		test.Tap(r.cardWith(t, "示例村2022年"))
		snap("table")
		test.Tap(r.button(t, "看图表"))
		snap("chart")
		test.Tap(r.button(t, "首页"))
		test.Tap(r.cardWith(t, TileDisclosures))
		test.Tap(r.button(t, "印章"))
		snap("search")
		r.clock.Add(2 * time.Minute)
		r.k.Tick()
		snap("attract")
	})
}

// inBothOrientations runs f as a subtest per screen orientation, with snap
// comparing the window with the golden image screen_orientation.png.
func inBothOrientations(t *testing.T, f func(t *testing.T, size fyne.Size, snap func(t *testing.T, w fyne.Window, screen string))) {
	for _, o := range []struct {
		name string
		size fyne.Size
	}{{"landscape", landscape}, {"portrait", portrait}} {
		t.Run(o.name, func(t *testing.T) {
			f(t, o.size, func(t *testing.T, w fyne.Window, screen string) {
				t.Helper()
				test.AssertImageMatches(t, screen+"_"+o.name+".png", w.Canvas().Capture())
			})
		})
	}
}

func TestSiteWording(t *testing.T) {
	r := newRig(t, landscape, func(c *Config, _ *Sources) {
		c.SiteName, c.SiteKind = "衙前农民运动纪念馆", "纪念馆"
		c.Strings = map[string]string{"tagline": "廉洁文化教育基地"}
	})
	if !r.showing("纪念馆 · 廉洁文化教育基地") || !r.showing(DefaultStrings["stories_subtitle"]) {
		t.Fatal("configured wording should replace the default, and only where configured")
	}
}

func TestNarrationPlayPauseAndStopOnLeave(t *testing.T) {
	n := &fakeNarrator{}
	r := newRig(t, landscape, func(c *Config, s *Sources) {
		c.IdleAfter = time.Minute
		s.Narrator = n
	})
	k, w, clock := r.k, r.w, r.clock
	test.Tap(r.cardWith(t, TileStories))
	test.Tap(r.cardWith(t, "清厢茶馆"))
	test.Tap(r.button(t, "听讲解"))
	if len(n.played) != 1 || !strings.HasSuffix(n.played[0], "media/teahouse-narration.ogg") || !n.playing {
		t.Fatalf("played %v", n.played)
	}
	test.Tap(r.button(t, "暂停讲解"))
	if n.playing {
		t.Fatal("pause did not pause")
	}
	test.Tap(r.button(t, "听讲解"))
	if !n.playing || len(n.played) != 1 {
		t.Fatal("play after pause should resume, not restart")
	}
	test.Tap(r.button(t, "返回"))
	if n.playing {
		t.Fatal("leaving the story must stop its narration")
	}
	// A story without narration offers no button.
	test.Tap(r.cardWith(t, "横一村"))
	var listenShown bool
	walk(w.Content(), func(o fyne.CanvasObject) bool {
		b, ok := o.(*widget.Button)
		listenShown = listenShown || ok && b.Text == "听讲解"
		return false
	})
	if listenShown {
		t.Fatal("play button on a story without audio")
	}
	test.Tap(r.button(t, "返回"))
	test.Tap(r.cardWith(t, "清厢茶馆"))
	test.Tap(r.button(t, "听讲解"))
	clock.Add(2 * time.Minute)
	k.Tick()
	r.expect(t, "story") // listening is not idling
	stops := n.stops
	n.playing = false // the narration ends; the visitor walks away
	clock.Add(2 * time.Minute)
	k.Tick()
	if k.Current() != "attract" || n.stops == stops {
		t.Fatal("idle after the narration ends should bring the attract loop, with the sound stopped")
	}
}

func TestImportProgressShown(t *testing.T) {
	r := newRig(t, landscape)
	r.k.Progress("检查图片和音频", 3, 10)
	if !strings.Contains(r.k.Notice(), "3/10") {
		t.Fatalf("notice %q", r.k.Notice())
	}
	r.k.Progress("检查图片和音频", 10, 10)
	if r.k.Notice() == "展示内容已更新" {
		t.Fatal("checking is not updating: the package may still be refused")
	}
	r.k.Imported()
	if r.k.Notice() != "展示内容已更新" {
		t.Fatalf("notice %q", r.k.Notice())
	}
}

func TestReadingByScrollingIsNotIdle(t *testing.T) {
	r := newRig(t, landscape)
	test.Tap(r.cardWith(t, TileStories))
	test.Tap(r.cardWith(t, "清厢茶馆"))
	s := r.scroller(t)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(s).Add(fyne.NewPos(400, 700))
	for range 12 { // two minutes of reading, a drag every ten seconds
		r.clock.Add(10 * time.Second)
		r.k.Tick()
		test.Drag(r.w.Canvas(), pos, 0, -40)
	}
	r.expect(t, "story")
}

func TestCarouselAdvancesWithoutKeepingHomeAwake(t *testing.T) {
	r := newRig(t, landscape)
	var c *widgets.Carousel
	walk(r.w.Content(), func(o fyne.CanvasObject) bool {
		c, _ = o.(*widgets.Carousel)
		return c != nil
	})
	if c == nil {
		t.Fatal("no carousel on home")
	}
	r.clock.Add(time.Second)
	r.k.Tick()
	if c.Index() != 0 {
		t.Fatal("the first item should stay a full slide")
	}
	for range 5 {
		r.clock.Add(8 * time.Second)
		r.k.Tick()
	}
	if c.Index() == 0 {
		t.Fatal("the carousel never moved")
	}
	for range 7 {
		r.clock.Add(8 * time.Second)
		r.k.Tick()
	}
	r.expect(t, "attract") // 96 s of auto-advance is not a visitor
}
