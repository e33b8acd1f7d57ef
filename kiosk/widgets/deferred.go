package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// Deferred is one part of a long scrolled column (a paragraph, a picture,
// a card) that takes its room always but is drawn only while it is on
// screen or within a quarter of the view's height of it. Fyne draws every visible
// object of a scrolled content, on screen or not, and makes a texture of
// each: opening a long story rasterised every paragraph of it, and a list
// of a hundred stories would hold a hundred cards' textures. Register
// parts with TouchScroll.Defer.
type Deferred struct {
	widget.BaseWidget
	content fyne.CanvasObject
	drawn   bool
}

// NewDeferred wraps content; it is not drawn until its TouchScroll has
// laid it out and found it near the screen.
func NewDeferred(content fyne.CanvasObject) *Deferred {
	d := &Deferred{content: content}
	d.ExtendBaseWidget(d)
	return d
}

// Drawn reports whether the part is drawn now.
func (d *Deferred) Drawn() bool { return d.drawn }

// Content is the wrapped part.
func (d *Deferred) Content() fyne.CanvasObject { return d.content }

func (d *Deferred) MinSize() fyne.Size { return d.content.MinSize() }

func (d *Deferred) CreateRenderer() fyne.WidgetRenderer { return &deferredRenderer{d: d} }

func (d *Deferred) setDrawn(on bool) {
	if d.drawn == on {
		return
	}
	d.drawn = on
	d.Refresh()
}

type deferredRenderer struct{ d *Deferred }

func (r *deferredRenderer) Layout(size fyne.Size) { r.d.content.Resize(size) }
func (r *deferredRenderer) MinSize() fyne.Size    { return r.d.content.MinSize() }
func (r *deferredRenderer) Refresh()              { canvas.Refresh(r.d) }
func (r *deferredRenderer) Destroy()              {}
func (r *deferredRenderer) Objects() []fyne.CanvasObject {
	if r.d.drawn {
		return []fyne.CanvasObject{r.d.content}
	}
	return nil
}

// Defer registers parts of the content whose drawing follows the scroll
// position: each is drawn while any of it lies within a quarter of the
// view's height above or below the view. A wider margin drew more that
// nobody sees before a story's first frame (120 against 85 ms from tap to
// frame here); a paragraph that scrolls in is rasterised in a few ms.
func (s *TouchScroll) Defer(parts ...*Deferred) {
	s.parts = append(s.parts, parts...)
	s.updateParts()
}

// updateParts draws the registered parts near the view and stops drawing
// the others. It runs after every move and layout.
func (s *TouchScroll) updateParts() {
	if len(s.parts) == 0 {
		return
	}
	h := s.Size().Height
	if h <= 0 {
		return
	}
	// Positions within the content, less the offset: the Scroll may not
	// have moved the content yet when it reports a new offset.
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(s.surface).Y + s.scroll.Offset.Y
	for _, p := range s.parts {
		if p.Size().Height <= 0 && p.MinSize().Height > 0 {
			continue // not laid out yet
		}
		y := d.AbsolutePositionForObject(p).Y - top
		p.setDrawn(y+p.Size().Height >= -h/4 && y <= h+h/4)
	}
}
