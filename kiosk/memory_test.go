package kiosk

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

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
	cover := func() *canvas.Image {
		var img *canvas.Image
		walk(r.w.Content(), func(o fyne.CanvasObject) bool {
			if c, ok := o.(*canvas.Image); ok && c.Image != nil {
				img = c
				return true
			}
			return false
		})
		return img
	}
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
		f, _ := os.Create(paths[i])
		png.Encode(f, image.NewGray(image.Rect(0, 0, 2, 2)))
		f.Close()
	}
	c := newImageCache(2, 1<<20)
	log := newRigLogger()
	a := c.get(paths[0], log)
	c.get(paths[1], log)
	if c.get(paths[0], log) != a { // a is now the most recent
		t.Fatal("a hit must return the cached picture")
	}
	c.get(paths[2], log) // evicts paths[1]
	if _, ok := c.byKey[paths[1]]; ok || c.len() != 2 {
		t.Fatalf("least recent not evicted: %d held", c.len())
	}
	if c.get(filepath.Join(dir, "missing.png"), log) != nil || c.len() != 2 {
		t.Fatal("a missing file is nil and not cached")
	}
	// A byte budget of two pictures' worth holds two, whatever the count.
	small := newImageCache(10, 2*2*2*4)
	for _, p := range paths {
		small.get(p, log)
	}
	if small.len() != 2 || small.bytes > small.maxBytes {
		t.Fatalf("byte budget not kept: %d pictures, %d bytes", small.len(), small.bytes)
	}
}
