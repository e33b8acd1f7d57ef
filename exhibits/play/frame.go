package play

import "math"

// Text is something a visitor reads: the words (Simplified Chinese), the box
// they go in and a font size, all in canvas units. The drawer wraps Str
// inside Rect at Size. An empty Str means nothing is shown there; for a
// button, that it is not there to tap either.
type Text struct {
	Str  string
	Rect Rect
	Size float64
}

// Visible reports whether there is anything to show.
func (t Text) Visible() bool { return t.Str != "" }

// Hit reports whether p lands on t: only a visible text is a button.
func (t Text) Hit(p Point) bool { return t.Visible() && t.Rect.Contains(p) }

// ExitLabel is the exit button's word, the same on every exhibit.
const ExitLabel = "返回"

// Frame is the part of the screen every exhibit shares, so the exit button
// is where a visitor found it last time: a title bar with the title on the
// left and 返回 on the right, and the body below.
type Frame struct {
	Canvas Size
	Unit   float64 // canvas units per design unit; see Size.Unit
	Title  Rect
	Exit   Rect
	Body   Rect
	Margin float64
	Gap    float64
}

// Font sizes in design units: read from two metres away, tapped by fingers.
const (
	FontTitle   = 56
	FontLarge   = 64
	FontBody    = 44
	FontSmall   = 34
	FontButton  = 48
	FontFinale  = 96
	ButtonTallU = 112 // the height of a primary button, in design units
)

// NewFrame lays out the shared frame for canvas c. On a canvas shorter
// (or narrower) than 1080 design units the margins, the bar and the gaps
// are tighter, leaving the exhibits more room to reflow in.
func NewFrame(c Size) Frame {
	u := c.Unit()
	f := Frame{Canvas: c, Unit: u, Margin: 40 * u, Gap: 24 * u}
	barH := 104.0
	if c.Compact() {
		f.Margin, f.Gap, barH = 24*u, 16*u, 88
	}
	all := Rect{0, 0, c.W, c.H}.Inset(f.Margin)
	bar, body := all.Top(barH * u)
	rest, exit := bar.Right(220 * u)
	title, _ := rest.Right(f.Gap)
	f.Title, f.Exit = title, exit
	_, f.Body = body.Top(f.Gap)
	return f
}

// Compact reports whether the canvas is smaller than the design's 1080
// units on its short side: a 720p or 768p panel at scale 1.
func (s Size) Compact() bool { return math.Min(s.W, s.H) < 1080*s.Unit()-0.5 }

// Squeeze shares avail among parts that would each like want[i] but can
// do with min[i]: each gets its wish if all fit, else each gives up the
// same share of what it could spare. Below the sum of the minimums, each
// gets its minimum (and the caller's layout overflows: a test catches it).
func Squeeze(avail float64, want, min []float64) []float64 {
	out := make([]float64, len(want))
	var sumWant, spare float64
	for i := range want {
		sumWant += want[i]
		spare += want[i] - min[i]
	}
	k := 0.0
	if d := sumWant - avail; d > 0 && spare > 0 {
		k = math.Min(1, d/spare)
	}
	for i := range want {
		out[i] = want[i] - k*(want[i]-min[i])
	}
	return out
}

// Font returns a font size given in design units, in canvas units.
func (f Frame) Font(design float64) float64 { return design * f.Unit }

// TitleText is the title bar's text.
func (f Frame) TitleText(s string) Text { return Text{Str: s, Rect: f.Title, Size: f.Font(FontTitle)} }

// ExitText is the exit button.
func (f Frame) ExitText() Text { return Text{Str: ExitLabel, Rect: f.Exit, Size: f.Font(FontButton)} }

// HintAndCount takes the strip at the top of body for the drag exhibits'
// hint (how to play, a word on the last move) and their count (已配好
// 3/7), countW wide: side by side in a 64-unit row, or, where that would
// leave the hint less than 640 units, the hint across the whole width on
// two lines over the count. It returns what is left of body.
func HintAndCount(f Frame, body Rect, countW float64) (hint, count, rest Rect) {
	u := f.Unit
	if body.W-countW >= 640*u {
		top, rest := body.Top(64 * u)
		hint, count = top.Right(countW)
		return hint, count, rest
	}
	hint, rest = body.Top(112 * u)
	count, rest = rest.Top(56 * u)
	return hint, count, rest
}
