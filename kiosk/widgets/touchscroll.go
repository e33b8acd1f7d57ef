package widgets

import (
	"image/color"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

const (
	// glideTimeConstant is how quickly momentum dies away: speed falls to
	// 1/e of itself in this time, and a fling travels speed × this far.
	glideTimeConstant = 0.35 // seconds
	// minFlingSpeed is the release speed below which a drag just stops.
	minFlingSpeed = 120 // units per second
	// stopSpeed ends a glide once it is too slow to see.
	stopSpeed = 15 // units per second
	// maxFlingSpeed keeps a wild flick from throwing the page out of sight.
	maxFlingSpeed = 6000 // units per second
	// velocityWindow is how much of the drag's end is used to measure speed.
	velocityWindow = 100 * time.Millisecond
	// heldStill: a finger resting this long before lifting means no fling.
	heldStill   = 50 * time.Millisecond
	sampleCount = 16
)

// TouchScroll scrolls its content when a finger drags it, as a phone does,
// and keeps gliding after the finger lifts.
//
// Fyne's desktop driver sees a finger as a left-button mouse, and its
// container.Scroll ignores drags there (fyne-io/fyne#5755). TouchScroll keeps
// a container.Scroll (so the wheel, scroll bars and clipping stay Fyne's) and
// puts a draggable surface between the Scroll and the content: the driver
// sends a drag to the innermost Draggable under the finger, which is that
// surface unless the content has a Draggable of its own there (a carousel, a
// slider), and taps still go to the innermost Tappable (buttons, cards).
type TouchScroll struct {
	widget.BaseWidget

	// Direction is which ways the content moves; apply a change with Refresh.
	Direction container.ScrollDirection
	// Momentum lets the content glide on after a flick; true by default.
	Momentum bool
	// TapSlop is how far a finger may move and still tap: a press that moves
	// less than this (in Fyne units) does not scroll, and on release the
	// Tappable under it is tapped, since Fyne itself drops a tap after 2 units
	// of movement. Only Tappables reachable through containers are found
	// this way (not ones drawn inside another, non-tappable widget). Zero
	// keeps Fyne's behaviour.
	TapSlop float32
	// OnScrolled is told the new offset whenever the content moves, by
	// finger, glide, wheel or ScrollToTop.
	OnScrolled func(fyne.Position)

	scroll  *container.Scroll
	surface *dragSurface
	shield  *glideShield

	now    func() time.Time // the clock; tests set their own
	manual bool             // tests call Step themselves instead of an animation

	dragging  bool
	scrolling bool
	total     fyne.Delta // finger travel since the press, all directions
	pressPos  fyne.Position
	pressAbs  fyne.Position
	samples   [sampleCount]dragSample
	nSamples  int

	gliding  bool
	holding  bool       // a finger that stopped a glide is still down
	velocity fyne.Delta // offset change per second while gliding
	anim     *fyne.Animation
	lastTick time.Time
	moving   bool // set while TouchScroll itself moves the Scroll

	parts []*Deferred // see Defer
}

type dragSample struct {
	at  time.Time
	pos fyne.Delta // finger travel since the press
}

// NewTouchScroll returns a vertical finger-scrolling area around content.
func NewTouchScroll(content fyne.CanvasObject) *TouchScroll {
	s := &TouchScroll{
		Direction: container.ScrollVerticalOnly,
		Momentum:  true,
		TapSlop:   defaultTapSlop,
		now:       time.Now,
	}
	s.ExtendBaseWidget(s)
	s.surface = newDragSurface(s, content)
	s.scroll = container.NewVScroll(s.surface)
	s.scroll.OnScrolled = s.innerScrolled
	s.shield = newGlideShield(s)
	s.shield.Hide()
	return s
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (s *TouchScroll) CreateRenderer() fyne.WidgetRenderer {
	s.scroll.Direction = s.Direction
	return &touchScrollRenderer{scroll: s, objects: []fyne.CanvasObject{s.scroll, s.shield}}
}

// Offset is how far the content is scrolled.
func (s *TouchScroll) Offset() fyne.Position {
	return s.scroll.Offset
}

// ScrollToShow scrolls as little as it takes to bring o, a part of the
// content, fully into view (its top, if it is taller than the view).
func (s *TouchScroll) ScrollToShow(o fyne.CanvasObject) {
	d := fyne.CurrentApp().Driver()
	y := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(s.surface).Y // within the content
	off := s.scroll.Offset
	view := s.Size().Height
	switch {
	case y < off.Y || o.Size().Height > view:
		off.Y = y
	case y+o.Size().Height > off.Y+view:
		off.Y = y + o.Size().Height - view
	default:
		return
	}
	s.stopGlide()
	s.setOffset(off)
}

// ScrollToTop stops any glide and shows the start of the content.
func (s *TouchScroll) ScrollToTop() {
	s.stopGlide()
	s.setOffset(fyne.Position{})
}

// SetContent replaces what is scrolled and goes back to its start.
func (s *TouchScroll) SetContent(content fyne.CanvasObject) {
	s.stopGlide()
	s.surface.content = content
	s.parts = nil
	s.moving = true
	s.scroll.Offset = fyne.Position{}
	s.moving = false
	s.Refresh()
}

// Content is what is scrolled.
func (s *TouchScroll) Content() fyne.CanvasObject {
	return s.surface.content
}

// Gliding tells whether the content is still moving after a flick.
func (s *TouchScroll) Gliding() bool {
	return s.gliding
}

// Step moves a glide on by dt and reports whether it is still going. The
// animation started after a flick calls it each frame; tests call it directly.
func (s *TouchScroll) Step(dt time.Duration) bool {
	if !s.gliding {
		return false
	}
	secs := dt.Seconds()
	if secs <= 0 {
		return true
	}
	decay := math.Exp(-secs / glideTimeConstant)
	travel := float32(glideTimeConstant * (1 - decay))
	off := s.scroll.Offset
	want := fyne.NewPos(off.X+s.velocity.DX*travel, off.Y+s.velocity.DY*travel)
	got := s.clamp(want)
	// Hitting an edge ends the glide along that axis; there is no bounce.
	if got.X != want.X {
		s.velocity.DX = 0
	}
	if got.Y != want.Y {
		s.velocity.DY = 0
	}
	s.velocity.DX *= float32(decay)
	s.velocity.DY *= float32(decay)
	s.setOffset(got)

	if deltaLength(s.velocity) < stopSpeed {
		s.stopGlide()
		return false
	}
	return true
}

func (s *TouchScroll) canScrollX() bool {
	return s.Direction == container.ScrollHorizontalOnly || s.Direction == container.ScrollBoth
}

func (s *TouchScroll) canScrollY() bool {
	return s.Direction == container.ScrollVerticalOnly || s.Direction == container.ScrollBoth
}

// maxOffset matches container.Scroll's own limit: content MinSize less the view.
func (s *TouchScroll) maxOffset() fyne.Position {
	min := s.surface.MinSize()
	view := s.scroll.Size()
	return fyne.NewPos(fyne.Max(0, min.Width-view.Width), fyne.Max(0, min.Height-view.Height))
}

func (s *TouchScroll) clamp(p fyne.Position) fyne.Position {
	limit := s.maxOffset()
	if !s.canScrollX() {
		p.X = 0
	}
	if !s.canScrollY() {
		p.Y = 0
	}
	p.X = fyne.Min(fyne.Max(p.X, 0), limit.X)
	p.Y = fyne.Min(fyne.Max(p.Y, 0), limit.Y)
	return p
}

func (s *TouchScroll) setOffset(p fyne.Position) {
	p = s.clamp(p)
	if p == s.scroll.Offset {
		return
	}
	s.moving = true
	s.scroll.ScrollToOffset(p)
	s.moving = false
	s.updateParts()
	if f := s.OnScrolled; f != nil {
		f(s.scroll.Offset)
	}
}

// innerScrolled hears the Scroll move on its own: the wheel or a scroll bar.
func (s *TouchScroll) innerScrolled(p fyne.Position) {
	if s.moving {
		return
	}
	s.stopGlide()
	s.updateParts()
	if f := s.OnScrolled; f != nil {
		f(p)
	}
}

// dragged handles a finger moving, delivered by the surface or the shield.
func (s *TouchScroll) dragged(ev *fyne.DragEvent) {
	s.stopGlide()
	now := s.now()
	if !s.dragging {
		s.dragging = true
		s.scrolling = false
		s.total = fyne.Delta{}
		s.nSamples = 0
		// The driver reports where the finger is now; it was pressed one
		// delta earlier.
		s.pressPos = ev.Position.Subtract(ev.Dragged)
		s.pressAbs = ev.AbsolutePosition.Subtract(ev.Dragged)
	}
	s.total.DX += ev.Dragged.DX
	s.total.DY += ev.Dragged.DY
	s.addSample(now)

	move := ev.Dragged
	if !s.scrolling {
		if deltaLength(s.total) < s.TapSlop {
			return
		}
		// Past the slop the content catches up with the finger at once.
		s.scrolling = true
		move = s.total
	}
	off := s.scroll.Offset
	s.setOffset(fyne.NewPos(off.X-move.DX, off.Y-move.DY))
}

// dragEnd handles the finger lifting after a drag. Only a drag on the surface
// may become a tap; one on the shield only stopped a glide.
func (s *TouchScroll) dragEnd(mayTap bool) {
	if !s.dragging {
		return
	}
	s.dragging = false
	if !s.scrolling {
		if mayTap {
			s.tapContent()
		}
		return
	}
	s.scrolling = false
	if !s.Momentum {
		return
	}
	v := s.releaseVelocity(s.now())
	if !s.canScrollX() {
		v.DX = 0
	}
	if !s.canScrollY() {
		v.DY = 0
	}
	speed := deltaLength(v)
	if speed < minFlingSpeed {
		return
	}
	if speed > maxFlingSpeed {
		v.DX *= maxFlingSpeed / speed
		v.DY *= maxFlingSpeed / speed
	}
	s.startGlide(fyne.NewDelta(-v.DX, -v.DY))
}

func (s *TouchScroll) tapContent() {
	t, pos, ok := tappableAt(s.surface.content, s.pressPos)
	if !ok {
		return
	}
	t.Tapped(&fyne.PointEvent{Position: pos, AbsolutePosition: s.pressAbs})
}

func (s *TouchScroll) addSample(at time.Time) {
	if s.nSamples == sampleCount {
		copy(s.samples[:], s.samples[1:])
		s.nSamples--
	}
	s.samples[s.nSamples] = dragSample{at: at, pos: s.total}
	s.nSamples++
}

// releaseVelocity is the finger's speed over the end of the drag, in units
// per second; zero if the finger rested before lifting.
func (s *TouchScroll) releaseVelocity(now time.Time) fyne.Delta {
	if s.nSamples < 2 {
		return fyne.Delta{}
	}
	last := s.samples[s.nSamples-1]
	if now.Sub(last.at) > heldStill {
		return fyne.Delta{}
	}
	first := last
	for i := s.nSamples - 2; i >= 0; i-- {
		if last.at.Sub(s.samples[i].at) > velocityWindow {
			break
		}
		first = s.samples[i]
	}
	secs := last.at.Sub(first.at).Seconds()
	if secs <= 0 {
		return fyne.Delta{}
	}
	return fyne.NewDelta(
		float32(float64(last.pos.DX-first.pos.DX)/secs),
		float32(float64(last.pos.DY-first.pos.DY)/secs))
}

func (s *TouchScroll) startGlide(v fyne.Delta) {
	s.velocity = v
	s.gliding = true
	s.updateShield()
	s.lastTick = s.now()
	if s.manual {
		return
	}
	// A Fyne animation ticks on the main thread before each frame; the real
	// elapsed time drives Step so the glide is smooth at any frame rate.
	a := fyne.NewAnimation(time.Second, s.tick)
	a.Curve = fyne.AnimationLinear
	a.RepeatCount = fyne.AnimationRepeatForever
	s.anim = a
	a.Start()
}

func (s *TouchScroll) tick(float32) {
	now := s.now()
	dt := now.Sub(s.lastTick)
	s.lastTick = now
	s.Step(dt)
}

func (s *TouchScroll) stopGlide() {
	if !s.gliding {
		return
	}
	s.gliding = false
	s.velocity = fyne.Delta{}
	s.updateShield()
	if a := s.anim; a != nil {
		s.anim = nil
		a.Stop()
	}
}

// updateShield shows the shield while gliding, and keeps it up until the
// finger that stopped a glide lifts, so that finger's wobble cannot tap.
func (s *TouchScroll) updateShield() {
	if s.gliding || s.holding {
		s.shield.Show()
	} else {
		s.shield.Hide()
	}
}

func (s *TouchScroll) release() {
	s.holding = false
	s.updateShield()
}

type touchScrollRenderer struct {
	scroll  *TouchScroll
	objects []fyne.CanvasObject
}

func (r *touchScrollRenderer) Layout(size fyne.Size) {
	r.scroll.scroll.Resize(size)
	r.scroll.shield.Resize(size)
	r.scroll.updateParts()
}

func (r *touchScrollRenderer) MinSize() fyne.Size {
	return r.scroll.scroll.MinSize()
}

func (r *touchScrollRenderer) Refresh() {
	s := r.scroll
	if s.scroll.Direction != s.Direction {
		s.scroll.Direction = s.Direction
		s.moving = true
		s.scroll.Offset = s.clamp(s.scroll.Offset)
		s.moving = false
	}
	s.scroll.Refresh()
	canvas.Refresh(s)
}

func (r *touchScrollRenderer) Objects() []fyne.CanvasObject {
	return r.objects
}

func (r *touchScrollRenderer) Destroy() {
	r.scroll.stopGlide()
}

// dragSurface sits inside the Scroll, exactly over the content, so that it is
// the innermost Draggable for every point of the content that has none of its
// own.
type dragSurface struct {
	widget.BaseWidget
	owner   *TouchScroll
	content fyne.CanvasObject
}

var _ fyne.Draggable = (*dragSurface)(nil)

func newDragSurface(owner *TouchScroll, content fyne.CanvasObject) *dragSurface {
	d := &dragSurface{owner: owner, content: content}
	d.ExtendBaseWidget(d)
	return d
}

func (d *dragSurface) CreateRenderer() fyne.WidgetRenderer {
	return &dragSurfaceRenderer{surface: d}
}

func (d *dragSurface) Dragged(ev *fyne.DragEvent) {
	d.owner.dragged(ev)
}

func (d *dragSurface) DragEnd() {
	d.owner.dragEnd(true)
}

type dragSurfaceRenderer struct {
	surface *dragSurface
	objects []fyne.CanvasObject
}

func (r *dragSurfaceRenderer) Layout(size fyne.Size) {
	if c := r.surface.content; c != nil {
		c.Move(fyne.Position{})
		c.Resize(size)
	}
}

func (r *dragSurfaceRenderer) MinSize() fyne.Size {
	if c := r.surface.content; c != nil {
		return c.MinSize()
	}
	return fyne.Size{}
}

func (r *dragSurfaceRenderer) Refresh() {
	c := r.surface.content
	if c == nil {
		r.objects = nil
	} else {
		if len(r.objects) != 1 || r.objects[0] != c {
			r.objects = []fyne.CanvasObject{c}
		}
		c.Refresh()
	}
	r.Layout(r.surface.Size())
	canvas.Refresh(r.surface)
}

func (r *dragSurfaceRenderer) Objects() []fyne.CanvasObject {
	if r.objects == nil && r.surface.content != nil {
		r.objects = []fyne.CanvasObject{r.surface.content}
	}
	return r.objects
}

func (r *dragSurfaceRenderer) Destroy() {}

// glideShield covers the TouchScroll only while it glides, so that a new touch
// stops the glide instead of pressing whatever button is sliding past, as on a
// phone. It is a Mouseable so the real driver's press reaches it at once; it
// stays up until that finger lifts (MouseUp, or Tapped, or DragEnd: the driver
// always sends one of them), and a drag by that finger scrolls through it.
type glideShield struct {
	widget.BaseWidget
	owner *TouchScroll
}

var (
	_ fyne.Tappable     = (*glideShield)(nil)
	_ fyne.Draggable    = (*glideShield)(nil)
	_ desktop.Mouseable = (*glideShield)(nil)
)

func newGlideShield(owner *TouchScroll) *glideShield {
	g := &glideShield{owner: owner}
	g.ExtendBaseWidget(g)
	return g
}

func (g *glideShield) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

func (g *glideShield) Tapped(*fyne.PointEvent) {
	g.owner.stopGlide()
	g.owner.release()
}

func (g *glideShield) MouseDown(*desktop.MouseEvent) {
	g.owner.holding = true
	g.owner.stopGlide()
}

func (g *glideShield) MouseUp(*desktop.MouseEvent) {
	g.owner.release()
}

func (g *glideShield) Dragged(ev *fyne.DragEvent) {
	g.owner.dragged(ev)
}

func (g *glideShield) DragEnd() {
	g.owner.release()
	g.owner.dragEnd(false)
}
