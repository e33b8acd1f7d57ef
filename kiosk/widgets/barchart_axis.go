package widgets

// The chart's arithmetic, free of Fyne: the range of the values, the axis
// and its ticks, and how much of its room a group of bars takes.

import "math"

// valueRange always includes zero, so every bar starts at the baseline;
// NaN and infinities are left out, and an empty or all-zero range is [0, 1].
func valueRange(series []Series) (lo, hi float64) {
	for s := range series {
		for _, v := range series[s].Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			lo = math.Min(lo, v)
			hi = math.Max(hi, v)
		}
	}
	if lo == hi {
		hi = 1
	}
	return lo, hi
}

// groupShare is how much of a category's room its bars take; the rest
// separates neighbouring categories.
func groupShare(series int) float32 {
	if series > 1 {
		return 0.8
	}
	return 0.6
}

// niceAxis chooses the value axis for data in [lo, hi] (lo ≤ 0 ≤ hi): the
// finest step of 1, 2, 2.5 or 5 × 10ⁿ that needs no more than count
// intervals. The longer side of zero ends on a whole step; the shorter side
// ends at the data, so a small negative does not cost a whole empty interval.
func niceAxis(lo, hi float64, count int) (axisLo, axisHi, step float64) {
	count = max(count, 1)
	span := hi - lo
	if span <= 0 {
		span = 1
	}
	mag := math.Pow10(int(math.Floor(math.Log10(span/float64(count)))) - 1)
	for {
		for _, m := range []float64{1, 2, 2.5, 5} {
			step = m * mag
			if hi >= -lo {
				axisLo, axisHi = lo, math.Ceil(hi/step)*step
			} else {
				axisLo, axisHi = math.Floor(lo/step)*step, hi
			}
			if axisHi == axisLo {
				axisHi = axisLo + step
			}
			if (axisHi-axisLo)/step <= float64(count)+1e-9 {
				return axisLo, axisHi, step
			}
		}
		mag *= 10
	}
}

// tickValues are the whole steps within [lo, hi].
func tickValues(lo, hi, step float64) []float64 {
	var ticks []float64
	first := math.Ceil(lo/step - 1e-9)
	last := math.Floor(hi/step + 1e-9)
	for k := first; k <= last; k++ {
		ticks = append(ticks, k*step)
	}
	return ticks
}

func labelAt(labels []string, i int) string {
	if i < len(labels) {
		return labels[i]
	}
	return ""
}

// axisSideBySide is the finest axis for [lo, hi], of at most eight
// intervals, whose tick labels, width(t) wide, fit side by side along
// length with gap between them; at two intervals it gives up fitting.
func axisSideBySide(lo, hi float64, length, gap float32, width func(t float64) float32) (axisLo, axisHi, step float64) {
	for count := 8; count >= 2; count-- {
		axisLo, axisHi, step = niceAxis(lo, hi, count)
		ticks := tickValues(axisLo, axisHi, step)
		widest := float32(0)
		for _, t := range ticks {
			widest = max(widest, width(t))
		}
		if len(ticks) < 2 || length/float32(len(ticks)-1) >= widest+gap {
			break
		}
	}
	return axisLo, axisHi, step
}

// along is where v lies on an axis from lo to hi drawn from start to end
// (end may be before start: a value axis grows upwards).
func along(v, lo, hi float64, start, end float32) float32 {
	return start + float32((v-lo)/(hi-lo))*(end-start)
}

// labelStep is every how many categories a label widest wide is shown
// under standing bars slot apart: all of them (1) if it fits with pad to
// spare, else enough that each has room and pad either side.
func labelStep(widest, slot, pad float32) int {
	if widest <= slot-pad {
		return 1
	}
	return int(math.Ceil(float64((widest + 2*pad) / slot)))
}

// rowStep is every how many rows row high a label line high is shown
// beside lying bars.
func rowStep(line, row float32) int {
	if line > row {
		return int(math.Ceil(float64(line / row)))
	}
	return 1
}
