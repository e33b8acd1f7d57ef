package kiosk

import (
	"container/list"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"image"
	_ "image/jpeg" // thumbnails and photos
	_ "image/png"  // illustrations
	"log/slog"
	"os"
)

// imageCache keeps the most recently shown decoded pictures, a bounded
// number of them: a kiosk runs for months, and a fresh decode per visit
// (which is what canvas.NewImageFromFile does) multiplies memory by the
// number of screens Fyne still holds.
type imageCache struct {
	max      int   // pictures
	maxBytes int64 // decoded size of all of them
	bytes    int64
	order    *list.List // of *cached, most recent first
	byKey    map[string]*list.Element
}

type cached struct {
	path  string
	img   image.Image
	bytes int64
	// views are the canvas images showing this picture, one per size it is
	// shown at. Reusing them matters as much as reusing the decode: the
	// renderer uploads one texture per canvas object, and keeps textures of
	// screens left behind for a minute, so a fresh object per visit grew
	// the kiosk by ~600 MB over a hundred quick visits.
	views map[fyne.Size]*canvas.Image
}

func newImageCache(max int, maxBytes int64) *imageCache {
	return &imageCache{max: max, maxBytes: maxBytes, order: list.New(), byKey: map[string]*list.Element{}}
}

// view returns the canvas image showing path at min size, made once and
// reused, or nil if the picture cannot be read. A screen must not show the
// same picture twice at the same size (a canvas object has one place).
func (c *imageCache) view(path string, min fyne.Size, log *slog.Logger) *canvas.Image {
	if c.get(path, log) == nil {
		return nil
	}
	e := c.byKey[path].Value.(*cached)
	if v, ok := e.views[min]; ok {
		return v
	}
	v := canvas.NewImageFromImage(e.img)
	v.FillMode = canvas.ImageFillContain
	v.ScaleMode = canvas.ImageScaleSmooth
	v.SetMinSize(min)
	if e.views == nil {
		e.views = map[fyne.Size]*canvas.Image{}
	}
	e.views[min] = v
	return v
}

// get returns the decoded picture at path, or nil (logged) if it cannot be
// read. It runs on the Fyne thread only, so it needs no lock.
func (c *imageCache) get(path string, log *slog.Logger) image.Image {
	if e, ok := c.byKey[path]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*cached).img
	}
	f, err := os.Open(path)
	if err != nil {
		log.Warn("picture missing", "file", path, "err", err)
		return nil
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		log.Warn("picture unreadable", "file", path, "err", err)
		return nil
	}
	b := img.Bounds()
	n := int64(b.Dx()) * int64(b.Dy()) * 4 // about what a decoded picture holds
	c.byKey[path] = c.order.PushFront(&cached{path: path, img: img, bytes: n})
	c.bytes += n
	for c.order.Len() > 1 && (c.order.Len() > c.max || c.bytes > c.maxBytes) {
		last := c.order.Back()
		e := last.Value.(*cached)
		delete(c.byKey, e.path)
		c.bytes -= e.bytes
		c.order.Remove(last)
	}
	return img
}

// len is the number of pictures held.
func (c *imageCache) len() int { return c.order.Len() }
