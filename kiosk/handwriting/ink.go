package handwriting

import "math"

// Point is a position on the pad, in any unit, y pointing down.
type Point struct{ X, Y float32 }

// Stroke is what one finger draws between touching the pad and lifting.
type Stroke []Point

// Bounds of what one character may cost: a finger never draws more, and a
// recogniser called with more (a stuck touch, a test) stays fast.
const (
	MaxStrokes        = 40
	maxPointsInStroke = 2000
)

// box is the side of the square the strokes are fitted into for Zinnia.
const box = 1000

// fill is the share of the box the character's longer side takes: the
// model was trained on characters written inside a box with a margin.
const fill = 0.8

// step is the distance between resampled points, in box units: a finger's
// touch events come at uneven spacing (dense where it slows at a turn,
// sparse on a quick line), which Zinnia reads as corners.
const step = 10

// prepare turns strokes as drawn into strokes Zinnia classifies best: each
// stroke resampled at even spacing and smoothed against a finger's tremor,
// the whole character scaled without distortion to fill the box and
// centred in it. A stroke that is a single touch stays a single point.
func prepare(in []Stroke) []Stroke {
	if len(in) > MaxStrokes {
		in = in[:MaxStrokes]
	}
	in = finite(in)
	minX, minY := float32(math.Inf(1)), float32(math.Inf(1))
	maxX, maxY := float32(math.Inf(-1)), float32(math.Inf(-1))
	n := 0
	for _, s := range in {
		if len(s) > maxPointsInStroke {
			s = s[:maxPointsInStroke]
		}
		for _, p := range s {
			minX, maxX = min(minX, p.X), max(maxX, p.X)
			minY, maxY = min(minY, p.Y), max(maxY, p.Y)
			n++
		}
	}
	if n == 0 {
		return nil
	}
	side := max(maxX-minX, maxY-minY)
	scale := float32(1)
	if side > 0 {
		scale = box * fill / side
	}
	// Centre the character's bounding box in the box.
	offX := box/2 - (minX+maxX)/2*scale
	offY := box/2 - (minY+maxY)/2*scale
	out := make([]Stroke, 0, len(in))
	for _, s := range in {
		if len(s) == 0 {
			continue
		}
		if len(s) > maxPointsInStroke {
			s = s[:maxPointsInStroke]
		}
		t := make(Stroke, len(s))
		for i, p := range s {
			t[i] = Point{p.X*scale + offX, p.Y*scale + offY}
		}
		out = append(out, smooth(resample(t, step)))
	}
	return out
}

// resample returns points at distance d from each other along s, keeping
// its first and last point.
func resample(s Stroke, d float32) Stroke {
	if len(s) < 2 {
		return s
	}
	out := Stroke{s[0]}
	prev := s[0]
	left := d // distance still to go before the next point
	for _, p := range s[1:] {
		seg := dist(prev, p)
		for seg >= left {
			f := left / seg
			prev = Point{prev.X + (p.X-prev.X)*f, prev.Y + (p.Y-prev.Y)*f}
			out = append(out, prev)
			seg -= left
			left = d
		}
		left -= seg
		prev = p
	}
	if last := s[len(s)-1]; dist(out[len(out)-1], last) > 0 {
		out = append(out, last)
	}
	return out
}

// smooth averages each inner point with its neighbours, which takes out a
// finger's tremor but not a real corner (many points long).
func smooth(s Stroke) Stroke {
	if len(s) < 3 {
		return s
	}
	out := make(Stroke, len(s))
	out[0], out[len(s)-1] = s[0], s[len(s)-1]
	for i := 1; i < len(s)-1; i++ {
		out[i] = Point{(s[i-1].X + 2*s[i].X + s[i+1].X) / 4, (s[i-1].Y + 2*s[i].Y + s[i+1].Y) / 4}
	}
	return out
}

func dist(a, b Point) float32 {
	return float32(math.Hypot(float64(b.X-a.X), float64(b.Y-a.Y)))
}

// finite drops points that are not numbers (a driver's division by zero):
// one would make the whole character's scale NaN.
func finite(in []Stroke) []Stroke {
	ok := func(p Point) bool {
		return !math.IsNaN(float64(p.X)) && !math.IsNaN(float64(p.Y)) &&
			!math.IsInf(float64(p.X), 0) && !math.IsInf(float64(p.Y), 0)
	}
	for _, s := range in {
		for _, p := range s {
			if !ok(p) {
				out := make([]Stroke, 0, len(in))
				for _, s := range in {
					var t Stroke
					for _, p := range s {
						if ok(p) {
							t = append(t, p)
						}
					}
					out = append(out, t)
				}
				return out
			}
		}
	}
	return in
}
