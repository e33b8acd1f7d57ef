package widgets

import (
	"math"
	"testing"
)

func closeTo(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestValueRange(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, c := range []struct {
		name   string
		series []Series
		lo, hi float64
	}{
		{"no series", nil, 0, 1},
		{"all zero", []Series{{Values: []float64{0, 0}}}, 0, 1},
		{"positive: from zero", []Series{{Values: []float64{5, 7}}}, 0, 7},
		{"negative: up to zero", []Series{{Values: []float64{-4, -1}}}, -4, 0},
		{"missing and infinite left out, across series", []Series{{Values: []float64{3, nan}}, {Values: []float64{-2, inf}}}, -2, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			if lo, hi := valueRange(c.series); lo != c.lo || hi != c.hi {
				t.Fatalf("range [%v, %v], want [%v, %v]", lo, hi, c.lo, c.hi)
			}
		})
	}
}

func TestNiceAxis(t *testing.T) {
	for _, c := range []struct {
		name           string
		lo, hi         float64
		count          int
		axisLo, axisHi float64
		step           float64
	}{
		{"hundred in five", 0, 100, 5, 0, 100, 20},
		{"a small negative costs no whole interval", -5, 100, 5, -5, 100, 25},
		{"mostly negative: the low end on a step", -100, 10, 4, -100, 10, 50},
		{"a unit range in two", 0, 1, 2, 0, 1, 0.5},
		{"a count below one is one", 0, 7, 0, 0, 10, 10},
		{"data short of a step: the axis ends on it", 0, 93, 5, 0, 100, 20},
	} {
		t.Run(c.name, func(t *testing.T) {
			lo, hi, step := niceAxis(c.lo, c.hi, c.count)
			if !closeTo(lo, c.axisLo) || !closeTo(hi, c.axisHi) || !closeTo(step, c.step) {
				t.Fatalf("axis [%v, %v] step %v, want [%v, %v] step %v", lo, hi, step, c.axisLo, c.axisHi, c.step)
			}
			if n := (hi - lo) / step; n > float64(max(c.count, 1))+1e-9 {
				t.Fatalf("%v intervals, more than %d", n, c.count)
			}
		})
	}
}

func TestTickValues(t *testing.T) {
	for _, c := range []struct {
		name         string
		lo, hi, step float64
		want         []float64
	}{
		{"whole steps only", -5, 100, 25, []float64{0, 25, 50, 75, 100}},
		{"below zero", -100, 10, 50, []float64{-100, -50, 0}},
		{"ends on steps", 0, 1, 0.5, []float64{0, 0.5, 1}},
		{"an end a hair off a step still counts", 0, 0.30000000000000004, 0.1, []float64{0, 0.1, 0.2, 0.3}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := tickValues(c.lo, c.hi, c.step)
			if len(got) != len(c.want) {
				t.Fatalf("ticks %v, want %v", got, c.want)
			}
			for i := range got {
				if !closeTo(got[i], c.want[i]) {
					t.Fatalf("ticks %v, want %v", got, c.want)
				}
			}
		})
	}
}

func TestAxisSideBySide(t *testing.T) {
	wide := func(float64) float32 { return 40 }
	for _, c := range []struct {
		name                 string
		length               float32
		axisLo, axisHi, step float64
	}{
		{"room for the finest", 300, 0, 100, 20},
		{"fewer ticks where the labels would touch", 150, 0, 100, 50},
		{"no room at all: two intervals", 10, 0, 100, 50},
	} {
		t.Run(c.name, func(t *testing.T) {
			lo, hi, step := axisSideBySide(0, 100, c.length, 10, wide)
			if !closeTo(lo, c.axisLo) || !closeTo(hi, c.axisHi) || !closeTo(step, c.step) {
				t.Fatalf("axis [%v, %v] step %v, want [%v, %v] step %v", lo, hi, step, c.axisLo, c.axisHi, c.step)
			}
		})
	}
}

func TestAlong(t *testing.T) {
	for _, c := range []struct {
		name             string
		v, lo, hi        float64
		start, end, want float32
	}{
		{"middle", 50, 0, 100, 0, 200, 100},
		{"start", 0, 0, 100, 10, 210, 10},
		{"upwards: zero in the middle", 0, -50, 50, 300, 100, 200},
		{"upwards: the low end at the start", -50, -50, 50, 300, 100, 300},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := along(c.v, c.lo, c.hi, c.start, c.end); got != c.want {
				t.Fatalf("along %v, want %v", got, c.want)
			}
		})
	}
}

func TestLabelSteps(t *testing.T) {
	for _, c := range []struct {
		name string
		got  int
		want int
	}{
		{"standing: fits", labelStep(40, 60, 8), 1},
		{"standing: fits to the pad", labelStep(52, 60, 8), 1},
		{"standing: a hair too wide skips every other", labelStep(55, 60, 8), 2},
		{"standing: far too wide", labelStep(200, 30, 5), 7},
		{"lying: fits", rowStep(22, 40), 1},
		{"lying: exactly", rowStep(20, 20), 1},
		{"lying: thin rows", rowStep(22, 10), 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Fatalf("step %d, want %d", c.got, c.want)
			}
		})
	}
}

func TestGroupShare(t *testing.T) {
	for _, c := range []struct {
		series int
		want   float32
	}{{0, 0.6}, {1, 0.6}, {2, 0.8}, {5, 0.8}} {
		if got := groupShare(c.series); got != c.want {
			t.Errorf("%d series take %v of their room, want %v", c.series, got, c.want)
		}
	}
}
