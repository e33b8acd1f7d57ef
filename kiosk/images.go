package kiosk

import (
	"container/list"
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
	max   int
	order *list.List // of *cached, most recent first
	byKey map[string]*list.Element
}

type cached struct {
	path string
	img  image.Image
}

func newImageCache(max int) *imageCache {
	return &imageCache{max: max, order: list.New(), byKey: map[string]*list.Element{}}
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
	c.byKey[path] = c.order.PushFront(&cached{path: path, img: img})
	for c.order.Len() > c.max {
		last := c.order.Back()
		delete(c.byKey, last.Value.(*cached).path)
		c.order.Remove(last)
	}
	return img
}

// len is the number of pictures held.
func (c *imageCache) len() int { return c.order.Len() }
