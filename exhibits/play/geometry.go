// Package play holds what the exhibits' rules have in common: pointer input
// and taps, dragging things with several fingers, canvas geometry and
// scale, the frame every exhibit shares (title and exit button), fitting
// text to its box, short feedback animations, and the session clock that
// decides when an exhibit ends.
//
// Nothing here draws or imports a graphics library, so every rule is tested
// headless. The Ebiten program translates its touches and mouse into Events,
// passes the time of each tick, and draws the rectangles and texts the rules
// expose; it holds no rules of its own.
package play

import "math"

// Point is a position on the logical canvas.
type Point struct{ X, Y float64 }

// Add returns p moved by q.
func (p Point) Add(q Point) Point { return Point{p.X + q.X, p.Y + q.Y} }

// Sub returns the offset from q to p.
func (p Point) Sub(q Point) Point { return Point{p.X - q.X, p.Y - q.Y} }

// Dist is the straight-line distance between p and q.
func (p Point) Dist(q Point) float64 { return math.Hypot(p.X-q.X, p.Y-q.Y) }

// Size is the size of the logical canvas: the rules lay themselves out for
// it, and the Ebiten program's Layout returns it so input arrives already in
// canvas coordinates (pixels).
//
// Scale is how many canvas units one design unit is: the shell's own scale
// (kiosk/panel), so an exhibit is drawn as large as the screens around it.
// It is never below 1: on a screen smaller than 1920×1080 the layouts
// reflow rather than shrink. Zero means 1.
type Size struct {
	W, H  float64
	Scale float64
}

// Landscape is the usual hall screen; Portrait the upright totem.
var (
	Landscape = Size{W: 1920, H: 1080}
	Portrait  = Size{W: 1080, H: 1920}
)

// MaxScale is the largest scale taken, as the shell's (kiosk/panel).
const MaxScale = 4.0

// IsPortrait reports whether the canvas is taller than wide, which turns
// rows of things into columns.
func (s Size) IsPortrait() bool { return s.H > s.W }

// Unit is how many canvas units one design unit is: the Scale, at least 1.
// Layouts are designed at 1920×1080 and reflow to fit what is left on a
// smaller canvas; text and touch targets never shrink below the design.
func (s Size) Unit() float64 { return math.Max(1, s.Scale) }

// Rect is an axis-aligned rectangle: X, Y its top-left corner.
type Rect struct{ X, Y, W, H float64 }

// Min is the top-left corner.
func (r Rect) Min() Point { return Point{r.X, r.Y} }

// Max is the bottom-right corner.
func (r Rect) Max() Point { return Point{r.X + r.W, r.Y + r.H} }

// Center is the middle of r.
func (r Rect) Center() Point { return Point{r.X + r.W/2, r.Y + r.H/2} }

// Empty reports whether r has no area: a thing not on screen.
func (r Rect) Empty() bool { return r.W <= 0 || r.H <= 0 }

// Contains reports whether p lies in r. The right and bottom edges are
// outside, so neighbouring rectangles never both claim a touch.
func (r Rect) Contains(p Point) bool {
	return !r.Empty() && p.X >= r.X && p.Y >= r.Y && p.X < r.X+r.W && p.Y < r.Y+r.H
}

// Inside reports whether r lies wholly within o.
func (r Rect) Inside(o Rect) bool {
	const eps = 1e-9 // layouts are sums of floats
	return r.X >= o.X-eps && r.Y >= o.Y-eps && r.X+r.W <= o.X+o.W+eps && r.Y+r.H <= o.Y+o.H+eps
}

// Overlaps reports whether r and o share any area.
func (r Rect) Overlaps(o Rect) bool {
	const eps = 1e-9
	return r.X+eps < o.X+o.W && o.X+eps < r.X+r.W && r.Y+eps < o.Y+o.H && o.Y+eps < r.Y+r.H
}

// At returns r moved so its top-left corner is p.
func (r Rect) At(p Point) Rect { r.X, r.Y = p.X, p.Y; return r }

// Inset shrinks r by d on every side.
func (r Rect) Inset(d float64) Rect {
	return Rect{r.X + d, r.Y + d, math.Max(r.W-2*d, 0), math.Max(r.H-2*d, 0)}
}

// Clamp returns r moved the least distance that puts it inside bounds (or
// aligned to its top-left when r is the larger), so a dragged thing can
// never be lost off screen.
func (r Rect) Clamp(bounds Rect) Rect {
	r.X = math.Max(bounds.X, math.Min(r.X, bounds.X+bounds.W-r.W))
	r.Y = math.Max(bounds.Y, math.Min(r.Y, bounds.Y+bounds.H-r.H))
	return r
}

// Top cuts a strip of height h off the top of r and returns it and the rest.
func (r Rect) Top(h float64) (top, rest Rect) {
	h = math.Min(h, r.H)
	return Rect{r.X, r.Y, r.W, h}, Rect{r.X, r.Y + h, r.W, r.H - h}
}

// Bottom cuts a strip of height h off the bottom of r.
func (r Rect) Bottom(h float64) (rest, bottom Rect) {
	h = math.Min(h, r.H)
	return Rect{r.X, r.Y, r.W, r.H - h}, Rect{r.X, r.Y + r.H - h, r.W, h}
}

// Left cuts a strip of width w off the left of r.
func (r Rect) Left(w float64) (left, rest Rect) {
	w = math.Min(w, r.W)
	return Rect{r.X, r.Y, w, r.H}, Rect{r.X + w, r.Y, r.W - w, r.H}
}

// Right cuts a strip of width w off the right of r.
func (r Rect) Right(w float64) (rest, right Rect) {
	w = math.Min(w, r.W)
	return Rect{r.X, r.Y, r.W - w, r.H}, Rect{r.X + r.W - w, r.Y, w, r.H}
}

// Grid splits r into rows×cols equal cells with gap between them, row by
// row from the top-left.
func (r Rect) Grid(rows, cols int, gap float64) []Rect {
	if rows < 1 || cols < 1 {
		return nil
	}
	w := (r.W - gap*float64(cols-1)) / float64(cols)
	h := (r.H - gap*float64(rows-1)) / float64(rows)
	cells := make([]Rect, 0, rows*cols)
	for i := range rows {
		for j := range cols {
			cells = append(cells, Rect{r.X + float64(j)*(w+gap), r.Y + float64(i)*(h+gap), w, h})
		}
	}
	return cells
}

// Fit returns the largest rectangle with the proportions of s that fits in
// r, centred in it, and the scale from s to that rectangle. Images keep their
// aspect; a zero size fits nowhere.
func (r Rect) Fit(s Size) (Rect, float64) {
	if s.W <= 0 || s.H <= 0 {
		return Rect{}, 0
	}
	k := math.Min(r.W/s.W, r.H/s.H)
	w, h := s.W*k, s.H*k
	return Rect{r.X + (r.W-w)/2, r.Y + (r.H-h)/2, w, h}, k
}

// Size is r's width and height.
func (r Rect) Size() Size { return Size{W: r.W, H: r.H} }
