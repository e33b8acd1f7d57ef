package handwriting

import (
	"bufio"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// written is a character of the test data with its strokes' medians
// (hanzi-writer-data, 1024-unit box, y down).
type written struct {
	char    string
	strokes []Stroke
}

// readMedians reads testdata/medians.txt (see build/handwriting-data.sh).
func readMedians(tb testing.TB) []written {
	tb.Helper()
	f, err := os.Open("testdata/medians.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []written
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if strings.HasPrefix(text, "#") {
			continue
		}
		char, rest, ok := strings.Cut(text, " ")
		if !ok {
			tb.Fatalf("testdata/medians.txt:%d: no strokes", line)
		}
		w := written{char: char}
		for _, s := range strings.Split(rest, ";") {
			var st Stroke
			for _, p := range strings.Fields(s) {
				xs, ys, _ := strings.Cut(p, ",")
				x, err1 := strconv.Atoi(xs)
				y, err2 := strconv.Atoi(ys)
				if err1 != nil || err2 != nil {
					tb.Fatalf("testdata/medians.txt:%d: bad point %q", line, p)
				}
				st = append(st, Point{float32(x), float32(y)})
			}
			w.strokes = append(w.strokes, st)
		}
		out = append(out, w)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// finger draws medians as a finger on a pad of side pad would: the
// character somewhere on the pad at some size and a slight slant, each
// stroke as touch events at an uneven pace, every event off by a tremor.
// The same seed draws the same strokes.
func finger(medians []Stroke, pad float32, seed uint64) []Stroke {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	size := pad * (0.45 + 0.4*rng.Float32()) // 45–85 % of the pad
	scale := size / 1024
	offX := (pad - size) * rng.Float32()
	offY := (pad - size) * rng.Float32()
	angle := (rng.Float64()*2 - 1) * 5 * math.Pi / 180
	sin, cos := float32(math.Sin(angle)), float32(math.Cos(angle))
	tremor := pad * 0.004
	out := make([]Stroke, 0, len(medians))
	for _, m := range medians {
		var s Stroke
		for i := range m {
			if i == 0 {
				s = append(s, m[0])
				continue
			}
			a, b := m[i-1], m[i]
			// A touch event every 4–16 px of the pad.
			gap := (4 + 12*rng.Float32()) / scale
			n := max(1, int(dist(a, b)/gap))
			for k := 1; k <= n; k++ {
				f := float32(k) / float32(n)
				s = append(s, Point{a.X + (b.X-a.X)*f, a.Y + (b.Y-a.Y)*f})
			}
		}
		for i, p := range s {
			x, y := p.X-512, p.Y-512
			x, y = x*cos-y*sin, x*sin+y*cos
			s[i] = Point{
				(x+512)*scale + offX + float32(rng.NormFloat64())*tremor,
				(y+512)*scale + offY + float32(rng.NormFloat64())*tremor,
			}
		}
		out = append(out, s)
	}
	return out
}

// seedOf is a character's own seed, so a sample draws the same strokes
// whatever else it holds.
func seedOf(char string) uint64 {
	var h uint64 = 14695981039346656037
	for i := 0; i < len(char); i++ {
		h = (h ^ uint64(char[i])) * 1099511628211
	}
	return h
}
