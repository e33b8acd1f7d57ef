package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Mood is the expression of a FaceButton.
type Mood int

const (
	Happy Mood = iota
	Neutral
	Unhappy
)

// FaceButton is a large drawn face with a word under it, for a rating
// that needs no reading and no typing. The faces are drawn, not emoji: the
// kiosk's font has none, and a drawn face is the same on every machine.
type FaceButton struct {
	widget.BaseWidget
	Mood     Mood
	Label    string
	OnTapped func()
	selected bool
}

// NewFaceButton returns a face button.
func NewFaceButton(m Mood, label string, tapped func()) *FaceButton {
	f := &FaceButton{Mood: m, Label: label, OnTapped: tapped}
	f.ExtendBaseWidget(f)
	return f
}

// SetSelected marks the face chosen.
func (f *FaceButton) SetSelected(on bool) {
	f.selected = on
	f.Refresh()
}

// Selected reports whether the face is chosen.
func (f *FaceButton) Selected() bool { return f.selected }

func (f *FaceButton) Tapped(*fyne.PointEvent) {
	if f.OnTapped != nil {
		f.OnTapped()
	}
}

func (f *FaceButton) CreateRenderer() fyne.WidgetRenderer {
	r := &faceRenderer{f: f,
		bg:    canvas.NewRectangle(color.Transparent),
		head:  canvas.NewCircle(color.Transparent),
		eyeL:  canvas.NewCircle(color.Transparent),
		eyeR:  canvas.NewCircle(color.Transparent),
		mouth: canvas.NewArc(0, 0, 0.8, color.Transparent),
		flat:  canvas.NewRectangle(color.Transparent),
		label: canvas.NewText(f.Label, color.Black),
	}
	r.bg.CornerRadius = 16
	r.label.TextStyle = fyne.TextStyle{Bold: true}
	r.Refresh()
	return r
}

type faceRenderer struct {
	f                *FaceButton
	bg               *canvas.Rectangle
	head, eyeL, eyeR *canvas.Circle
	mouth            *canvas.Arc
	flat             *canvas.Rectangle
	label            *canvas.Text
}

func (r *faceRenderer) colour() color.Color {
	switch r.f.Mood {
	case Happy:
		return color.NRGBA{R: 0x2E, G: 0x6B, B: 0x3F, A: 0xFF}
	case Unhappy:
		return color.NRGBA{R: 0xB7, G: 0x1C, B: 0x1C, A: 0xFF}
	}
	return color.NRGBA{R: 0x8C, G: 0x6A, B: 0x1C, A: 0xFF}
}

func (r *faceRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	lh := r.label.MinSize().Height
	pad := theme.Padding() * 2
	d := fyne.Min(size.Width-2*pad, size.Height-lh-3*pad)
	if d < 0 {
		d = 0
	}
	x := (size.Width - d) / 2
	y := pad
	r.head.Move(fyne.NewPos(x, y))
	r.head.Resize(fyne.NewSquareSize(d))
	e := d * 0.12
	r.eyeL.Resize(fyne.NewSquareSize(e))
	r.eyeR.Resize(fyne.NewSquareSize(e))
	r.eyeL.Move(fyne.NewPos(x+d*0.32-e/2, y+d*0.35-e/2))
	r.eyeR.Move(fyne.NewPos(x+d*0.68-e/2, y+d*0.35-e/2))
	m := d * 0.5
	switch r.f.Mood {
	case Happy: // the lower half of a ring: a smile
		r.mouth.Move(fyne.NewPos(x+(d-m)/2, y+d*0.38))
	case Unhappy: // the upper half, lower down: a frown
		r.mouth.Move(fyne.NewPos(x+(d-m)/2, y+d*0.62))
	}
	r.mouth.Resize(fyne.NewSquareSize(m))
	r.flat.Resize(fyne.NewSize(m, d*0.06))
	r.flat.Move(fyne.NewPos(x+(d-m)/2, y+d*0.68))
	ls := r.label.MinSize()
	r.label.Move(fyne.NewPos((size.Width-ls.Width)/2, y+d+pad))
}

func (r *faceRenderer) MinSize() fyne.Size {
	ls := r.label.MinSize()
	return fyne.NewSize(fyne.Max(FaceMin, ls.Width+4*theme.Padding()), FaceMin+ls.Height+6*theme.Padding())
}

func (r *faceRenderer) Refresh() {
	c := r.colour()
	r.bg.FillColor = color.Transparent
	r.bg.StrokeColor = color.Transparent
	r.bg.StrokeWidth = 0
	if r.f.selected {
		r.bg.FillColor = color.NRGBA{R: 0xE9, G: 0xDC, B: 0xB4, A: 0xFF}
		r.bg.StrokeColor = c
		r.bg.StrokeWidth = 4
	}
	r.head.FillColor = color.White
	r.head.StrokeColor = c
	r.head.StrokeWidth = 6
	r.eyeL.FillColor, r.eyeR.FillColor = c, c
	r.mouth.FillColor = c
	r.mouth.CutoutRatio = 0.8
	switch r.f.Mood {
	case Happy:
		r.mouth.StartAngle, r.mouth.EndAngle = 100, 260
	case Unhappy:
		r.mouth.StartAngle, r.mouth.EndAngle = -80, 80
	}
	r.mouth.Hidden = r.f.Mood == Neutral
	r.flat.FillColor = c
	r.flat.Hidden = r.f.Mood != Neutral
	r.label.Text = r.f.Label
	r.label.Color = c
	r.label.TextSize = theme.Size(theme.SizeNameHeadingText)
	for _, o := range r.Objects() {
		o.Refresh()
	}
	r.Layout(r.f.Size())
}

func (r *faceRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.head, r.eyeL, r.eyeR, r.mouth, r.flat, r.label}
}

func (r *faceRenderer) Destroy() {}

// FaceMin is the smallest face: three side by side and the rating's
// question, topics and buttons under them fit a 1280×720 panel and an
// upright 720-wide one. FaceDesign is the face as designed for 1080p,
// which a screen with room gives it.
const (
	FaceMin    = 200
	FaceDesign = 240
)
