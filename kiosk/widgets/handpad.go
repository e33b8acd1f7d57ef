package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// HandPad is the square a resident writes a character on with a finger.
// Ink follows the finger; when it lifts, OnStroke is told. A tap is a dot
// (a stroke of one point).
type HandPad struct {
	widget.BaseWidget

	// Side is the pad's side in units (default 600: a finger-sized
	// character at 1080p).
	Side float32
	// OnStroke is called after each stroke, with all strokes so far.
	OnStroke func(strokes [][]fyne.Position)
	// OnTouch is called whenever the pad is touched (counts as activity).
	OnTouch func()

	strokes [][]fyne.Position
	drawing bool
}

// Bounds of what a pad keeps: more than any character needs, so a finger
// resting on it cannot grow it without end.
const (
	maxPadStrokes = 40
	maxPadPoints  = 1000 // in one stroke
)

// NewHandPad returns an empty pad.
func NewHandPad() *HandPad {
	p := &HandPad{}
	p.ExtendBaseWidget(p)
	return p
}

// Strokes are what has been written since the pad was last cleared.
func (p *HandPad) Strokes() [][]fyne.Position { return p.strokes }

// Clear wipes the pad (重写, or after a character is picked).
func (p *HandPad) Clear() {
	p.strokes, p.drawing = nil, false
	p.Refresh()
}

// Undo takes back the last stroke; false if there was none.
func (p *HandPad) Undo() bool {
	if len(p.strokes) == 0 {
		return false
	}
	p.strokes, p.drawing = p.strokes[:len(p.strokes)-1], false
	p.Refresh()
	return true
}

func (p *HandPad) side() float32 {
	if p.Side > 0 {
		return p.Side
	}
	return 600
}

// inside keeps a point on the pad: a finger that slides off still draws
// along the edge rather than far outside the character.
func (p *HandPad) inside(pos fyne.Position) fyne.Position {
	s := p.Size()
	return fyne.NewPos(min(max(pos.X, 0), s.Width), min(max(pos.Y, 0), s.Height))
}

func (p *HandPad) touch() {
	if p.OnTouch != nil {
		p.OnTouch()
	}
}

// Dragged draws: the first event of a stroke starts it where the finger
// was before it moved (Position less Dragged), each later one extends it.
func (p *HandPad) Dragged(ev *fyne.DragEvent) {
	p.touch()
	pos := p.inside(ev.Position)
	if !p.drawing {
		if len(p.strokes) >= maxPadStrokes {
			return
		}
		start := p.inside(ev.Position.Subtract(fyne.NewPos(ev.Dragged.DX, ev.Dragged.DY)))
		p.strokes = append(p.strokes, []fyne.Position{start})
		p.drawing = true
	}
	last := &p.strokes[len(p.strokes)-1]
	if len(*last) < maxPadPoints {
		*last = append(*last, pos)
	}
	p.Refresh()
}

// DragEnd ends the stroke: the finger lifted.
func (p *HandPad) DragEnd() {
	if !p.drawing {
		return
	}
	p.drawing = false
	p.stroked()
}

// Tapped is a dot.
func (p *HandPad) Tapped(ev *fyne.PointEvent) {
	p.touch()
	if p.drawing || len(p.strokes) >= maxPadStrokes {
		return
	}
	p.strokes = append(p.strokes, []fyne.Position{p.inside(ev.Position)})
	p.Refresh()
	p.stroked()
}

func (p *HandPad) stroked() {
	if p.OnStroke != nil {
		p.OnStroke(p.strokes)
	}
}

func (p *HandPad) CreateRenderer() fyne.WidgetRenderer {
	p.ExtendBaseWidget(p)
	r := &handPadRenderer{p: p,
		paper:  canvas.NewRectangle(theme.ColorForWidget(theme.ColorNameInputBackground, p)),
		layer:  &fyne.Container{Layout: nil},
		guides: make([]*canvas.Line, 4),
	}
	r.paper.StrokeColor = theme.ColorForWidget(theme.ColorNamePrimary, p)
	r.paper.StrokeWidth = 3
	r.paper.CornerRadius = theme.SizeForWidget(theme.SizeNameInputRadius, p)
	for i := range r.guides {
		r.guides[i] = canvas.NewLine(theme.ColorForWidget(theme.ColorNameSeparator, p))
		r.guides[i].StrokeWidth = 2
	}
	return r
}

// handPadRenderer draws the paper, the 米字格 guides a Chinese pupil
// writes in, and the ink: one line per pair of points, kept between
// refreshes so a stroke being drawn adds only its new segments.
type handPadRenderer struct {
	p      *HandPad
	paper  *canvas.Rectangle
	guides []*canvas.Line
	layer  *fyne.Container // the ink
	drawn  []int           // points of each stroke already in layer
}

func (r *handPadRenderer) MinSize() fyne.Size {
	s := r.p.side()
	return fyne.NewSize(s, s)
}

func (r *handPadRenderer) Layout(size fyne.Size) {
	r.paper.Resize(size)
	w, h := size.Width, size.Height
	ends := [][2]fyne.Position{
		{{X: w / 2, Y: 0}, {X: w / 2, Y: h}},
		{{X: 0, Y: h / 2}, {X: w, Y: h / 2}},
		{{X: 0, Y: 0}, {X: w, Y: h}},
		{{X: w, Y: 0}, {X: 0, Y: h}},
	}
	for i, l := range r.guides {
		l.Position1, l.Position2 = ends[i][0], ends[i][1]
	}
	r.layer.Resize(size)
}

func (r *handPadRenderer) inkWidth() float32 { return max(6, r.p.side()/50) }

func (r *handPadRenderer) Refresh() {
	strokes := r.p.strokes
	rebuild := len(strokes) < len(r.drawn)
	for i := 0; i < len(r.drawn) && !rebuild; i++ {
		rebuild = len(strokes[i]) < r.drawn[i]
	}
	if rebuild {
		r.layer.Objects, r.drawn = nil, nil
	}
	ink := theme.ColorForWidget(theme.ColorNameForeground, r.p)
	width := r.inkWidth()
	for i, s := range strokes {
		if i == len(r.drawn) {
			r.drawn = append(r.drawn, 0)
		}
		from := r.drawn[i]
		if from == 0 && len(s) > 0 {
			// A round end where the finger landed (and the whole of a dot).
			r.layer.Objects = append(r.layer.Objects, dot(s[0], width, ink))
			from = 1
		}
		for j := from; j < len(s); j++ {
			l := canvas.NewLine(ink)
			l.StrokeWidth = width
			l.Position1, l.Position2 = s[j-1], s[j]
			r.layer.Objects = append(r.layer.Objects, l, dot(s[j], width, ink))
		}
		r.drawn[i] = len(s)
	}
	r.paper.FillColor = theme.ColorForWidget(theme.ColorNameInputBackground, r.p)
	r.paper.Refresh()
	r.layer.Refresh()
}

// dot is a round joint: lines alone leave notches at every turn.
func dot(at fyne.Position, width float32, c color.Color) fyne.CanvasObject {
	d := canvas.NewCircle(c)
	d.Move(at.SubtractXY(width/2, width/2))
	d.Resize(fyne.NewSquareSize(width))
	return d
}

func (r *handPadRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.paper}
	for _, g := range r.guides {
		objs = append(objs, g)
	}
	return append(objs, r.layer)
}

func (r *handPadRenderer) Destroy() {}
