package kiosk

import (
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// A kiosk runs for months: walking through the screens again and again
// must not decode (and keep) the same pictures again. Before the shell had
// its own picture cache, 20 walks held 480 MB of decoded covers in the
// test driver; now every visit shows the one decoded copy.
func TestPicturesDecodedOncePerVisitAndBounded(t *testing.T) {
	r := newRig(t, landscape)
	cover := func() *canvas.Image { return shownPicture(r) }
	test.Tap(r.cardWith(t, TileStories))
	test.Tap(r.cardWith(t, "清厢茶馆"))
	first := cover()
	if first == nil {
		t.Fatal("story shows no picture")
	}
	for range 30 {
		test.Tap(r.button(t, "返回"))
		test.Tap(r.cardWith(t, "清厢茶馆"))
	}
	if again := cover(); again != first || again.Image != first.Image {
		t.Fatal("revisiting the story made a new picture (decode or texture) instead of reusing it")
	}
	if n := r.k.images.len(); n > r.k.images.max {
		t.Fatalf("%d pictures held, limit %d", n, r.k.images.max)
	}
}

func TestImageCacheEvictsLeastRecent(t *testing.T) {
	dir := t.TempDir()
	paths := make([]string, 4)
	for i := range paths {
		paths[i] = filepath.Join(dir, string(rune('a'+i))+".png")
		writePNG(t, paths[i], 4, 4)
	}
	log := newRigLogger()
	c := newImageCache(2, 1<<20, inlineLoader, log)
	get := func(path string) *cached {
		var got *cached
		c.request(pictureKey{path, 2, 2}, func(e *cached) { got = e })
		return got
	}
	a := get(paths[0])
	get(paths[1])
	if get(paths[0]) != a { // a is now the most recent
		t.Fatal("a hit must return the cached picture")
	}
	get(paths[2]) // evicts paths[1]
	if _, ok := c.byKey[pictureKey{paths[1], 2, 2}]; ok || c.len() != 2 {
		t.Fatalf("least recent not evicted: %d held", c.len())
	}
	if get(filepath.Join(dir, "missing.png")) != nil || c.len() != 2 {
		t.Fatal("a missing file is nil and not cached")
	}
	if b := a.view.Image.Bounds(); b.Dx() != 2 || b.Dy() != 2 {
		t.Fatalf("picture kept at %v, want the 2×2 it is shown at", b)
	}
	// A byte budget of two pictures' worth holds two, whatever the count.
	small := newImageCache(10, 2*2*2*4, inlineLoader, log)
	for _, p := range paths {
		small.request(pictureKey{p, 2, 2}, func(*cached) {})
	}
	if small.len() != 2 || small.bytes > small.maxBytes {
		t.Fatalf("byte budget not kept: %d pictures, %d bytes", small.len(), small.bytes)
	}
}

func TestFitKeepsProportions(t *testing.T) {
	for _, c := range []struct{ src, box, want image.Point }{
		{image.Pt(1280, 720), image.Pt(960, 540), image.Pt(960, 540)},
		{image.Pt(1280, 720), image.Pt(1280, 540), image.Pt(960, 540)}, // a story column, wider than the cover
		{image.Pt(480, 360), image.Pt(420, 236), image.Pt(315, 236)},   // a 4:3 thumbnail in a 16:9 slot
		{image.Pt(300, 1200), image.Pt(800, 450), image.Pt(113, 450)},
		{image.Pt(200, 100), image.Pt(800, 450), image.Pt(800, 400)}, // small pictures are enlarged to their box
		{image.Pt(0, 0), image.Pt(800, 450), image.Pt(0, 0)},
	} {
		if got := fit(c.src, c.box); got != c.want {
			t.Errorf("fit(%v, %v) = %v, want %v", c.src, c.box, got, c.want)
		}
	}
}

// The shell decodes pictures off the Fyne thread: a story opens at once
// with plain panels, and each picture takes its place when it is ready,
// scaled to exactly the pixels it covers, so the renderer has nothing left
// to scale.
func TestPicturesArriveAfterTheScreen(t *testing.T) {
	var jobs []func()
	queue := func(work func() *image.RGBA, show func(*image.RGBA)) {
		jobs = append(jobs, func() { show(work()) })
	}
	r := newRig(t, landscape)
	r.k.images.load = queue
	test.Tap(r.cardWith(t, TileStories))
	test.Tap(r.cardWith(t, "清厢茶馆"))
	if img := shownPicture(r); img != nil {
		t.Fatal("a picture was shown before it was decoded")
	}
	if len(jobs) == 0 {
		t.Fatal("the story asked for no picture")
	}
	for len(jobs) > 0 {
		j := jobs[0]
		jobs = jobs[1:]
		j()
	}
	img := shownPicture(r)
	if img == nil {
		t.Fatal("the decoded picture did not replace its panel")
	}
	px := img.Image.Bounds().Size()
	if sz := img.Size(); float32(px.X) != sz.Width || float32(px.Y) != sz.Height {
		t.Fatalf("picture of %v pixels shown at %v: the renderer would scale it again", px, sz)
	}
}

// shownPicture is the first decoded content picture on screen (not an
// icon or a QR code), or nil.
func shownPicture(r *rig) *canvas.Image {
	var img *canvas.Image
	walk(r.w.Content(), func(o fyne.CanvasObject) bool {
		p, ok := o.(*pictureBox)
		if !ok {
			return false
		}
		if c, ok := test.WidgetRenderer(p).Objects()[0].(*canvas.Image); ok {
			img = c
			return true
		}
		return false
	})
	return img
}

func writePNG(t *testing.T, path string, w, h int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
}

// Warm decodes the first featured cover ahead of the window; the first
// decode of that picture takes it, later ones decode afresh.
func TestWarmDecodesTheFirstFeaturedCover(t *testing.T) {
	lib := newDemoLibrary(t)
	clock := &fakeClock{now: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	Warm(Sources{Stories: lib}, clock, newRigLogger())
	all, _ := lib.Stories(context.Background(), clock.Now(), "")
	var first string
	for _, s := range all {
		if s.Featured && s.Cover != "" {
			first = s.Cover
			break
		}
	}
	if first == "" {
		t.Fatal("the demo has no featured story with a cover")
	}
	img := takeWarm(first)
	if img == nil || img.Bounds().Dx() == 0 {
		t.Fatal("the first featured cover was not decoded ahead")
	}
	if takeWarm(first) != nil {
		t.Fatal("a warmed picture must be taken once, then decoded as usual")
	}
}

// Fyne keeps canvas objects it has drawn for a while after they leave the
// screen; a picture the cache let go of and no screen shows must not keep
// its pixels in them. At 4K, before this, a walk through the demo's
// stories left about 90 such pictures (190 MB) alive.
func TestPicturesLeftBehindLetGoOfTheirPixels(t *testing.T) {
	r := newRig(t, landscape)
	r.k.images.setBudget(1) // only the newest picture stays cached
	all, err := r.k.src.Stories.Stories(context.Background(), r.k.clock.Now(), "")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[*canvas.Image]string{}
	for _, s := range all {
		if s.Cover == "" {
			continue
		}
		r.k.Home()
		test.Tap(r.cardWith(t, TileStories))
		test.Tap(r.cardWith(t, s.Title))
		img := shownPicture(r)
		if img == nil || img.Image == nil {
			t.Fatalf("%s: its cover is not shown", s.Title)
		}
		seen[img] = s.Title
	}
	if len(seen) < 3 {
		t.Fatalf("the walk showed %d covers; the test needs several", len(seen))
	}
	onScreen := map[*canvas.Image]bool{}
	walk(r.w.Content(), func(o fyne.CanvasObject) bool {
		if p, ok := o.(*pictureBox); ok && p.r != nil && p.r.shown != nil {
			onScreen[p.r.shown.view] = true
		}
		return false
	})
	inCache := map[*canvas.Image]bool{}
	for e := r.k.images.order.Front(); e != nil; e = e.Next() {
		inCache[e.Value.(*cached).view] = true
	}
	dropped := 0
	for v, title := range seen {
		switch {
		case onScreen[v] || inCache[v]:
			if v.Image == nil {
				t.Errorf("%s: a picture still shown or cached lost its pixels", title)
			}
		case v.Image != nil:
			t.Errorf("%s: a cover neither cached nor shown still holds its pixels", title)
		default:
			dropped++
		}
	}
	if dropped == 0 {
		t.Fatal("no cover was let go of: the walk did not exercise eviction")
	}
}

// A picture evicted while a box still shows it keeps its pixels until the
// box lets go of it: it must not vanish from the screen.
func TestEvictedPictureStaysWhileShown(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.png"), filepath.Join(dir, "b.png")
	writePNG(t, a, 4, 4)
	writePNG(t, b, 4, 4)
	c := newImageCache(1, 1<<20, inlineLoader, newRigLogger())
	var shown *cached
	c.request(pictureKey{a, 2, 2}, func(e *cached) { shown = e; e.show() })
	var other *cached
	c.request(pictureKey{b, 2, 2}, func(e *cached) { other = e }) // evicts a
	if !shown.evicted || shown.view.Image == nil {
		t.Fatalf("evicted %v, pixels kept %v: a shown picture must stay on screen", shown.evicted, shown.view.Image != nil)
	}
	shown.unshow()
	if shown.view.Image != nil {
		t.Fatal("an evicted picture no box shows still holds its pixels")
	}
	c.setBudget(0) // keeps the newest even so
	if other.evicted || other.view.Image == nil || c.len() != 1 {
		t.Fatal("the newest picture must stay cached whatever the budget")
	}
}
