package widgets

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

const (
	// minArrowSize keeps the arrows an easy target for an old finger.
	minArrowSize = 64
	// dotTarget is the touch target of one page dot; the dot drawn is smaller.
	dotTarget = 48
)

// Carousel shows one of its Items at a time, for the featured strip of the
// home screen. A finger swipe, the arrows or the page dots change the item;
// the owner's clock advances it through Tick, or Start runs a ticker.
type Carousel struct {
	widget.BaseWidget

	// Items are the pages, each filling the carousel; apply changes with Refresh.
	Items []fyne.CanvasObject
	// Interval is how often Tick (and Start's ticker) moves on; 0 never does.
	Interval time.Duration
	// OnChanged is told the new index whenever the shown item changes.
	OnChanged func(int)
	// TapSlop is how far a finger may move and still tap an item, since
	// Fyne drops a tap after 2 units of movement. Zero keeps Fyne's behaviour.
	TapSlop float32

	index    int
	swipe    float32 // how far the finger has pulled the item sideways
	dragging bool
	total    fyne.Delta
	pressPos fyne.Position
	pressAbs fyne.Position
	// chosen is set when the visitor picks an item, so the next Tick does
	// not snatch it away at once.
	chosen bool
	ticker chan struct{}
	r      *carouselRenderer
}

var _ fyne.Draggable = (*Carousel)(nil)

// NewCarousel returns a carousel showing the first of items.
func NewCarousel(items ...fyne.CanvasObject) *Carousel {
	c := &Carousel{Items: items, TapSlop: defaultTapSlop}
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (c *Carousel) CreateRenderer() fyne.WidgetRenderer {
	r := &carouselRenderer{carousel: c}
	r.prev = newCarouselArrow(theme.NavigateBackIcon(), func() { c.choose(c.index - 1) })
	r.next = newCarouselArrow(theme.NavigateNextIcon(), func() { c.choose(c.index + 1) })
	c.r = r
	r.rebuild()
	return r
}

// Index is the position in Items of the item shown.
func (c *Carousel) Index() int {
	return c.index
}

// SetIndex shows Items[i]; an index past either end wraps around.
func (c *Carousel) SetIndex(i int) {
	n := len(c.Items)
	if n == 0 {
		return
	}
	i %= n
	if i < 0 {
		i += n
	}
	if i == c.index {
		return
	}
	c.index = i
	c.Refresh()
	if f := c.OnChanged; f != nil {
		f(i)
	}
}

// Next shows the following item, wrapping from the last to the first.
func (c *Carousel) Next() {
	c.SetIndex(c.index + 1)
}

// Previous shows the preceding item, wrapping from the first to the last.
func (c *Carousel) Previous() {
	c.SetIndex(c.index - 1)
}

// Tick is one beat of the auto-advance clock: it shows the next item, unless
// Interval is 0, a finger is on the carousel, or the visitor has just chosen
// an item (then it waits one beat).
func (c *Carousel) Tick() {
	if c.Interval <= 0 || len(c.Items) < 2 || c.dragging {
		return
	}
	if c.chosen {
		c.chosen = false
		return
	}
	c.Next()
}

// Start runs a ticker that calls Tick every Interval on Fyne's thread, for an
// owner without a clock of its own. Stop ends it.
func (c *Carousel) Start() {
	if c.ticker != nil || c.Interval <= 0 {
		return
	}
	done := make(chan struct{})
	c.ticker = done
	go func(every time.Duration) {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				fyne.Do(func() {
					// A beat already queued when Stop ran is dropped.
					if c.ticker == done {
						c.Tick()
					}
				})
			}
		}
	}(c.Interval)
}

// Stop ends the ticker started by Start.
func (c *Carousel) Stop() {
	if c.ticker == nil {
		return
	}
	close(c.ticker)
	c.ticker = nil
}

// Dragged pulls the item sideways with the finger.
func (c *Carousel) Dragged(ev *fyne.DragEvent) {
	if !c.dragging {
		c.dragging = true
		c.total = fyne.Delta{}
		c.pressPos = ev.Position.Subtract(ev.Dragged)
		c.pressAbs = ev.AbsolutePosition.Subtract(ev.Dragged)
	}
	c.total.DX += ev.Dragged.DX
	c.total.DY += ev.Dragged.DY
	if len(c.Items) < 2 || deltaLength(c.total) < c.TapSlop {
		return
	}
	w := c.Size().Width
	c.swipe = fyne.Min(fyne.Max(c.total.DX, -w), w)
	c.Refresh()
}

// DragEnd turns the swipe into a change of item if it went far enough, or
// into a tap if the finger hardly moved.
func (c *Carousel) DragEnd() {
	if !c.dragging {
		return
	}
	c.dragging = false
	swipe := c.swipe
	c.swipe = 0
	switch {
	case deltaLength(c.total) < c.TapSlop:
		c.tapAt(c.pressPos)
	case swipe <= -c.swipeThreshold():
		c.choose(c.index + 1)
	case swipe >= c.swipeThreshold():
		c.choose(c.index - 1)
	}
	c.Refresh()
}

func (c *Carousel) swipeThreshold() float32 {
	return fyne.Min(fyne.Max(c.Size().Width*0.15, 40), 120)
}

// choose is a change the visitor asked for.
func (c *Carousel) choose(i int) {
	c.chosen = true
	c.SetIndex(i)
}

func (c *Carousel) tapAt(pos fyne.Position) {
	if c.r == nil {
		return
	}
	objs := c.r.Objects()
	for i := len(objs) - 1; i >= 0; i-- {
		if t, p, ok := tappableAt(objs[i], pos); ok {
			t.Tapped(&fyne.PointEvent{Position: p, AbsolutePosition: c.pressAbs})
			return
		}
	}
}

type carouselRenderer struct {
	carousel   *Carousel
	prev, next *carouselArrow
	dots       []*carouselDot
	neighbour  fyne.CanvasObject
	objects    []fyne.CanvasObject
}

// IsClip makes Fyne clip to the carousel, so that items pulled sideways do
// not draw over their surroundings (the same hook Fyne's own Scroll uses).
func (r *carouselRenderer) IsClip() {}

func (r *carouselRenderer) rebuild() {
	c := r.carousel
	n := len(c.Items)
	if n == 0 {
		c.index = 0
	} else if c.index >= n {
		c.index = n - 1
	}
	for len(r.dots) < n {
		r.dots = append(r.dots, newCarouselDot(c, len(r.dots)))
	}
	r.dots = r.dots[:n]

	r.neighbour = nil
	if n > 1 && c.swipe != 0 {
		step := 1
		if c.swipe > 0 {
			step = n - 1
		}
		r.neighbour = c.Items[(c.index+step)%n]
	}

	r.objects = r.objects[:0]
	if n > 0 {
		r.objects = append(r.objects, c.Items[c.index])
	}
	if r.neighbour != nil {
		r.objects = append(r.objects, r.neighbour)
	}
	if n > 1 {
		r.objects = append(r.objects, r.prev, r.next)
		for _, d := range r.dots {
			r.objects = append(r.objects, d)
		}
	}
}

func (r *carouselRenderer) dotsHeight() float32 {
	if len(r.carousel.Items) < 2 {
		return 0
	}
	return dotTarget
}

func (r *carouselRenderer) arrowSize() float32 {
	return fyne.Max(minArrowSize, r.carousel.Theme().Size(theme.SizeNameText)*2.4)
}

func (r *carouselRenderer) Layout(size fyne.Size) {
	c := r.carousel
	n := len(c.Items)
	if n == 0 {
		return
	}
	itemSize := fyne.NewSize(size.Width, size.Height-r.dotsHeight())
	cur := c.Items[c.index]
	cur.Resize(itemSize)
	cur.Move(fyne.NewPos(c.swipe, 0))
	if r.neighbour != nil {
		x := c.swipe + size.Width
		if c.swipe > 0 {
			x = c.swipe - size.Width
		}
		r.neighbour.Resize(itemSize)
		r.neighbour.Move(fyne.NewPos(x, 0))
	}
	if n < 2 {
		return
	}

	pad := c.Theme().Size(theme.SizeNamePadding)
	a := r.arrowSize()
	y := fyne.Max(0, (itemSize.Height-a)/2)
	r.prev.Resize(fyne.NewSquareSize(a))
	r.prev.Move(fyne.NewPos(pad, y))
	r.next.Resize(fyne.NewSquareSize(a))
	r.next.Move(fyne.NewPos(size.Width-pad-a, y))

	d := fyne.Min(dotTarget, size.Width/float32(n))
	x := (size.Width - d*float32(n)) / 2
	for i, dot := range r.dots {
		dot.Resize(fyne.NewSize(d, dotTarget))
		dot.Move(fyne.NewPos(x+float32(i)*d, itemSize.Height))
	}
}

func (r *carouselRenderer) MinSize() fyne.Size {
	c := r.carousel
	var min fyne.Size
	for _, it := range c.Items {
		min = min.Max(it.MinSize())
	}
	if len(c.Items) > 1 {
		pad := c.Theme().Size(theme.SizeNamePadding)
		a := r.arrowSize()
		min = min.Max(fyne.NewSize(2*a+4*pad, a))
		min.Height += r.dotsHeight()
	}
	return min
}

func (r *carouselRenderer) Refresh() {
	r.rebuild()
	r.Layout(r.carousel.Size())
	r.prev.Refresh()
	r.next.Refresh()
	for _, d := range r.dots {
		d.Refresh()
	}
	canvas.Refresh(r.carousel)
}

func (r *carouselRenderer) Objects() []fyne.CanvasObject {
	return r.objects
}

func (r *carouselRenderer) Destroy() {
	r.carousel.Stop()
}

// carouselArrow is a large round button with an arrow on it.
type carouselArrow struct {
	widget.BaseWidget
	icon  fyne.Resource
	onTap func()
}

var _ fyne.Tappable = (*carouselArrow)(nil)

func newCarouselArrow(icon fyne.Resource, onTap func()) *carouselArrow {
	a := &carouselArrow{icon: icon, onTap: onTap}
	a.ExtendBaseWidget(a)
	return a
}

func (a *carouselArrow) Tapped(*fyne.PointEvent) {
	if a.onTap != nil {
		a.onTap()
	}
}

func (a *carouselArrow) MinSize() fyne.Size {
	return fyne.NewSquareSize(minArrowSize)
}

func (a *carouselArrow) CreateRenderer() fyne.WidgetRenderer {
	r := &carouselArrowRenderer{arrow: a, disc: canvas.NewCircle(nil), image: canvas.NewImageFromResource(nil)}
	r.image.FillMode = canvas.ImageFillContain
	r.Refresh()
	return r
}

type carouselArrowRenderer struct {
	arrow *carouselArrow
	disc  *canvas.Circle
	image *canvas.Image
}

func (r *carouselArrowRenderer) Layout(size fyne.Size) {
	r.disc.Resize(size)
	r.disc.Move(fyne.Position{})
	icon := fyne.Min(size.Width, size.Height) * 0.6
	r.image.Resize(fyne.NewSquareSize(icon))
	r.image.Move(fyne.NewPos((size.Width-icon)/2, (size.Height-icon)/2))
}

func (r *carouselArrowRenderer) MinSize() fyne.Size {
	return fyne.NewSquareSize(minArrowSize)
}

func (r *carouselArrowRenderer) Refresh() {
	th := r.arrow.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.disc.FillColor = th.Color(theme.ColorNamePrimary, v)
	r.image.Resource = theme.NewColoredResource(r.arrow.icon, theme.ColorNameForegroundOnPrimary)
	r.disc.Refresh()
	r.image.Refresh()
	r.Layout(r.arrow.Size())
}

func (r *carouselArrowRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.disc, r.image}
}

func (r *carouselArrowRenderer) Destroy() {}

// carouselDot is one page marker: a small dot in a finger-sized target.
type carouselDot struct {
	widget.BaseWidget
	carousel *Carousel
	index    int
}

var _ fyne.Tappable = (*carouselDot)(nil)

func newCarouselDot(c *Carousel, i int) *carouselDot {
	d := &carouselDot{carousel: c, index: i}
	d.ExtendBaseWidget(d)
	return d
}

func (d *carouselDot) Tapped(*fyne.PointEvent) {
	d.carousel.choose(d.index)
}

func (d *carouselDot) CreateRenderer() fyne.WidgetRenderer {
	r := &carouselDotRenderer{dot: d, circle: canvas.NewCircle(nil)}
	r.Refresh()
	return r
}

type carouselDotRenderer struct {
	dot    *carouselDot
	circle *canvas.Circle
}

func (r *carouselDotRenderer) Layout(size fyne.Size) {
	diameter := fyne.Min(size.Width, size.Height) * 0.3
	if r.dot.index == r.dot.carousel.index {
		diameter = fyne.Min(size.Width, size.Height) * 0.45
	}
	r.circle.Resize(fyne.NewSquareSize(diameter))
	r.circle.Move(fyne.NewPos((size.Width-diameter)/2, (size.Height-diameter)/2))
}

func (r *carouselDotRenderer) MinSize() fyne.Size {
	return fyne.NewSquareSize(dotTarget)
}

func (r *carouselDotRenderer) Refresh() {
	th := r.dot.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	if r.dot.index == r.dot.carousel.index {
		r.circle.FillColor = th.Color(theme.ColorNamePrimary, v)
	} else {
		r.circle.FillColor = th.Color(theme.ColorNameDisabled, v)
	}
	r.Layout(r.dot.Size())
	r.circle.Refresh()
}

func (r *carouselDotRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.circle}
}

func (r *carouselDotRenderer) Destroy() {}
