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
