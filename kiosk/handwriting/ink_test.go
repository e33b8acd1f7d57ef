package handwriting

import (
	"math"
	"testing"
)

// The pad's size and where on it the resident writes do not change what
// Zinnia is given: the same character at two sizes and places prepares to
// the same strokes.
func TestPrepareIgnoresSizeAndPlace(t *testing.T) {
	char := []Stroke{
		{{10, 10}, {60, 10}},           // 一
		{{35, 0}, {35, 40}, {30, 50}},  // a hooked vertical
		{{20, 30}, {50, 30}, {50, 45}}, // a turn
	}
	moved := make([]Stroke, len(char))
	for i, s := range char {
		for _, p := range s {
			moved[i] = append(moved[i], Point{p.X*3.5 + 200, p.Y*3.5 + 90})
		}
	}
	a, b := prepare(char), prepare(moved)
	if len(a) != len(b) || len(a) != len(char) {
		t.Fatalf("%d and %d strokes prepared from %d", len(a), len(b), len(char))
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			t.Fatalf("stroke %d: %d and %d points", i, len(a[i]), len(b[i]))
		}
		for j := range a[i] {
			if d := dist(a[i][j], b[i][j]); d > 0.5 {
				t.Errorf("stroke %d point %d: %v and %v", i, j, a[i][j], b[i][j])
			}
		}
	}
}

// The character is centred and its longer side fills the same share of
// the box, without distortion: a wide, flat character stays flat.
func TestPrepareFitsTheBox(t *testing.T) {
	tests := []struct {
		name    string
		strokes []Stroke
		w, h    float32 // expected size in the box
	}{
		{"flat", []Stroke{{{0, 0}, {100, 0}}, {{0, 20}, {100, 20}}}, box * fill, box * fill / 5},
		{"tall", []Stroke{{{5, 5}, {5, 205}}, {{0, 100}, {50, 100}}}, box * fill / 4, box * fill},
		{"dot", []Stroke{{{7, 7}}}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := prepare(tt.strokes)
			minX, minY, maxX, maxY := float32(box), float32(box), float32(0), float32(0)
			for _, s := range got {
				for _, p := range s {
					minX, maxX = min(minX, p.X), max(maxX, p.X)
					minY, maxY = min(minY, p.Y), max(maxY, p.Y)
				}
			}
			if w, h := maxX-minX, maxY-minY; math.Abs(float64(w-tt.w)) > 1 || math.Abs(float64(h-tt.h)) > 1 {
				t.Errorf("size %.1f×%.1f, want %.1f×%.1f", w, h, tt.w, tt.h)
			}
			if cx, cy := (minX+maxX)/2, (minY+maxY)/2; math.Abs(float64(cx-box/2)) > 1 || math.Abs(float64(cy-box/2)) > 1 {
				t.Errorf("centre (%.1f, %.1f), want the box's", cx, cy)
			}
		})
	}
}

// Touch events at uneven spacing come out evenly spaced, the ends kept.
func TestResampleEvenSpacing(t *testing.T) {
	s := Stroke{{0, 0}, {1, 0}, {2, 0}, {95, 0}, {96, 0}, {100, 0}}
	got := resample(s, 10)
	if len(got) != 11 {
		t.Fatalf("%d points, want 11: %v", len(got), got)
	}
	for i := 1; i < len(got); i++ {
		if d := dist(got[i-1], got[i]); math.Abs(float64(d-10)) > 0.01 {
			t.Errorf("points %d and %d are %.2f apart", i-1, i, d)
		}
	}
	if got[0] != s[0] || got[len(got)-1] != s[len(s)-1] {
		t.Errorf("ends %v %v, want %v %v", got[0], got[len(got)-1], s[0], s[len(s)-1])
	}
}

// A stuck touch or a scribbling child cannot make one classification
// cost more than the bounds allow.
func TestPrepareBoundsWhatItIsGiven(t *testing.T) {
	long := make(Stroke, 50000)
	for i := range long {
		long[i] = Point{float32(i % 300), float32(i / 300)}
	}
	many := make([]Stroke, 500)
	for i := range many {
		many[i] = long[:10]
	}
	many[0] = long
	got := prepare(many)
	if len(got) != MaxStrokes {
		t.Errorf("%d strokes prepared, want %d", len(got), MaxStrokes)
	}
	// The first stroke's points are cut before resampling: its length in
	// the box is bounded by what maxPointsInStroke points can span.
	if n := len(got[0]); n > 2*maxPointsInStroke {
		t.Errorf("%d points in the first stroke", n)
	}
	if prepare(nil) != nil || prepare([]Stroke{{}, {}}) != nil {
		t.Error("no points must prepare to no strokes")
	}
	nan := float32(math.NaN())
	odd := prepare([]Stroke{{{0, 0}, {nan, 5}, {100, 0}}, {{float32(math.Inf(1)), 0}}, {{50, -20}, {50, 20}}})
	if len(odd) != 2 {
		t.Fatalf("%d strokes from two with numbers and one without", len(odd))
	}
	for _, s := range odd {
		for _, p := range s {
			if math.IsNaN(float64(p.X)) || math.IsNaN(float64(p.Y)) || p.X < 0 || p.X > box || p.Y < 0 || p.Y > box {
				t.Fatalf("a point outside the box: %v", p)
			}
		}
	}
}
