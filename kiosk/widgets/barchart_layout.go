package widgets

// Where the bars, amounts, labels and the axis go, standing or lying.

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// verticalGeometry is where things go with bars standing up.
type verticalGeometry struct {
	top, bottom, left, right float32 // the plot
	axisLo, axisHi, step     float64
	slot, bar                float32 // width per category, per bar
	labelsFit                bool
	labelStep                int
}

func (r *barChartRenderer) verticalGeometry(size fyne.Size, top float32, m chartMetrics, valueSize float32) verticalGeometry {
	c := r.chart
	n := max(c.categories(), 1)
	lo, hi := c.valueRange()
	valueH := float32(0)
	if valueSize > 0 {
		valueH = fyne.MeasureText("0", valueSize, fyne.TextStyle{}).Height
	}
	g := verticalGeometry{
		top:    top + fyne.Max(valueH, m.smallH/2),
		bottom: size.Height - m.bodyH - m.pad - m.smallH/2,
	}
	if lo < 0 {
		g.bottom -= fyne.Max(valueH-m.smallH/2, 0)
	}
	g.bottom = fyne.Max(g.bottom, g.top+1)

	count := int((g.bottom - g.top) / (m.smallH * 2))
	g.axisLo, g.axisHi, g.step = niceAxis(lo, hi, min(max(count, 2), 8))
	tickW := float32(0)
	for _, t := range tickValues(g.axisLo, g.axisHi, g.step) {
		tickW = fyne.Max(tickW, fyne.MeasureText(CompactAmount(t), m.small, fyne.TextStyle{}).Width)
	}
	g.left = tickW + m.pad
	g.right = fyne.Max(size.Width-m.pad, g.left+1)
	g.slot = (g.right - g.left) / float32(n)
	g.bar = g.slot * groupShare(len(c.Series)) / float32(max(len(c.Series), 1))

	widest := float32(0)
	for _, l := range c.Labels {
		widest = fyne.Max(widest, fyne.MeasureText(l, m.body, fyne.TextStyle{}).Width)
	}
	g.labelStep = labelStep(widest, g.slot, m.pad)
	g.labelsFit = g.labelStep == 1
	return g
}

// verticalValueSize is the text size for amounts over standing bars, 0 if
// they would run into each other.
func (r *barChartRenderer) verticalValueSize(size fyne.Size, top float32, m chartMetrics) float32 {
	return r.pickValueSize(m, func(ts float32) bool {
		g := r.verticalGeometry(size, top, m, ts)
		room := g.bar
		if len(r.chart.Series) == 1 {
			room = g.slot - m.pad
		}
		return r.widestValue(ts) <= room
	})
}

func (r *barChartRenderer) layoutVertical(size fyne.Size, top float32, m chartMetrics) {
	c := r.chart
	valueSize := r.verticalValueSize(size, top, m)
	g := r.verticalGeometry(size, top, m, valueSize)
	r.showValues = valueSize > 0
	r.labelStep = g.labelStep

	yOf := func(v float64) float32 { return along(v, g.axisLo, g.axisHi, g.bottom, g.top) }
	r.zero = yOf(0)
	r.tickValues = tickValues(g.axisLo, g.axisHi, g.step)

	for _, t := range r.tickValues {
		y := yOf(t)
		r.gridLine(fyne.NewPos(g.left, y), fyne.NewPos(g.right, y))
		label := r.tickLabel(CompactAmount(t), m)
		w := fyne.MeasureText(label.Text, m.small, label.TextStyle).Width
		placeText(label, g.left-m.pad-w, y-m.smallH/2)
	}
	r.baseline.Position1 = fyne.NewPos(g.left, r.zero)
	r.baseline.Position2 = fyne.NewPos(g.right, r.zero)

	group := g.bar * float32(len(c.Series))
	for i := 0; i < c.categories(); i++ {
		x0 := g.left + float32(i)*g.slot + (g.slot-group)/2
		for s := range c.Series {
			bar, amount := r.bars[s][i], r.values[s][i]
			val := c.value(s, i)
			if !bar.Visible() {
				continue
			}
			y := yOf(val)
			bar.Move(fyne.NewPos(x0+float32(s)*g.bar, fyne.Min(y, r.zero)))
			bar.Resize(fyne.NewSize(g.bar, float32(math.Abs(float64(y-r.zero)))))
			amount.Hidden = !r.showValues
			if r.showValues {
				setText(amount, amount.Text, valueSize)
				w := fyne.MeasureText(amount.Text, valueSize, amount.TextStyle).Width
				h := fyne.MeasureText(amount.Text, valueSize, amount.TextStyle).Height
				ay := fyne.Min(y, r.zero) - h
				if val < 0 {
					ay = fyne.Max(y, r.zero)
				}
				placeText(amount, x0+float32(s)*g.bar+g.bar/2-w/2, ay)
			}
		}
		label := r.labels[i]
		label.Hidden = i%g.labelStep != 0
		setText(label, fitText(labelAt(c.Labels, i), m.body, label.TextStyle, g.slot*float32(g.labelStep)-m.pad), m.body)
		w := fyne.MeasureText(label.Text, m.body, label.TextStyle).Width
		cx := g.left + (float32(i)+0.5)*g.slot
		placeText(label, fyne.Min(fyne.Max(cx-w/2, 0), size.Width-w), size.Height-m.bodyH)
	}
	hideCrowded(r.labels, false, m.pad)
}

// hideCrowded hides each label that would touch the one shown before it:
// labels pushed in from the chart's edges can close a gap that thinning left.
func hideCrowded(labels []*canvas.Text, stacked bool, gap float32) {
	var last *canvas.Text
	for _, l := range labels {
		if !l.Visible() || l.Text == "" {
			continue
		}
		if last != nil {
			crowded := l.Position().X < last.Position().X+last.Size().Width+gap
			if stacked {
				crowded = l.Position().Y < last.Position().Y+last.Size().Height
			}
			if crowded {
				l.Hide()
				continue
			}
		}
		last = l
	}
}

// horizontalReadsBetter tells whether lying bars would show more than the
// standing bars asked for: every label rather than some, or the amounts
// as well. A whole set of labels counts for more than the amounts.
func (r *barChartRenderer) horizontalReadsBetter(size fyne.Size, top float32, m chartMetrics) bool {
	if r.chart.categories() == 0 {
		return false
	}
	score := func(allLabels bool, valueSize float32) int {
		n := 0
		if allLabels {
			n += 2
		}
		if valueSize > 0 {
			n++
		}
		return n
	}
	v := score(r.verticalGeometry(size, top, m, m.body).labelsFit, r.verticalValueSize(size, top, m))
	hg := r.horizontalGeometry(size, top, m)
	return score(hg.labelStep == 1, r.horizontalValueSize(hg, m)) > v
}

// horizontalGeometry is the rows of lying bars.
type horizontalGeometry struct {
	top, bottom float32
	row, bar    float32 // height per category, per bar
	labelStep   int
}

func (r *barChartRenderer) horizontalGeometry(size fyne.Size, top float32, m chartMetrics) horizontalGeometry {
	c := r.chart
	n := max(c.categories(), 1)
	g := horizontalGeometry{top: top, bottom: fyne.Max(size.Height-m.smallH-m.pad, top+1)}
	g.row = (g.bottom - g.top) / float32(n)
	g.bar = g.row * groupShare(len(c.Series)) / float32(max(len(c.Series), 1))
	g.labelStep = rowStep(m.bodyH*1.1, g.row)
	return g
}

// horizontalValueSize is the text size for amounts beside lying bars, 0 if
// the bars are too thin for a line of text each.
func (r *barChartRenderer) horizontalValueSize(g horizontalGeometry, m chartMetrics) float32 {
	return r.pickValueSize(m, func(ts float32) bool {
		h := fyne.MeasureText("0", ts, fyne.TextStyle{}).Height
		if len(r.chart.Series) == 1 {
			return h <= g.row-m.pad/2
		}
		return h <= g.bar
	})
}

func (r *barChartRenderer) layoutHorizontal(size fyne.Size, top float32, m chartMetrics) {
	c := r.chart
	lo, hi := c.valueRange()
	g := r.horizontalGeometry(size, top, m)
	plotTop, plotBottom, row, bar := g.top, g.bottom, g.row, g.bar

	valueSize := r.horizontalValueSize(g, m)
	r.showValues = valueSize > 0
	valueW := r.widestValue(valueSize)
	r.labelStep = g.labelStep
	labelCol := float32(0)
	for _, l := range c.Labels {
		labelCol = fyne.Max(labelCol, fyne.MeasureText(l, m.body, fyne.TextStyle{}).Width)
	}
	labelCol = fyne.Min(labelCol, size.Width*0.4)

	left := labelCol + 2*m.pad
	if lo < 0 && r.showValues {
		left += valueW + m.pad
	}
	right := size.Width - m.pad
	if hi > 0 && r.showValues {
		right -= valueW + m.pad
	}
	right = fyne.Max(right, left+1)

	// Tick labels sit side by side under the plot: allow as many as fit.
	axisLo, axisHi, step := axisSideBySide(lo, hi, right-left, 2*m.pad, func(t float64) float32 {
		return fyne.MeasureText(CompactAmount(t), m.small, fyne.TextStyle{}).Width
	})
	xOf := func(v float64) float32 { return along(v, axisLo, axisHi, left, right) }
	r.zero = xOf(0)
	r.tickValues = tickValues(axisLo, axisHi, step)
	for _, t := range r.tickValues {
		x := xOf(t)
		r.gridLine(fyne.NewPos(x, plotTop), fyne.NewPos(x, plotBottom))
		label := r.tickLabel(CompactAmount(t), m)
		w := fyne.MeasureText(label.Text, m.small, label.TextStyle).Width
		placeText(label, fyne.Max(fyne.Min(x-w/2, size.Width-w), 0), plotBottom+m.pad/2)
	}
	r.baseline.Position1 = fyne.NewPos(r.zero, plotTop)
	r.baseline.Position2 = fyne.NewPos(r.zero, plotBottom)

	group := bar * float32(len(c.Series))
	for i := 0; i < c.categories(); i++ {
		y0 := plotTop + float32(i)*row + (row-group)/2
		for s := range c.Series {
			rect, amount := r.bars[s][i], r.values[s][i]
			val := c.value(s, i)
			if !rect.Visible() {
				continue
			}
			x := xOf(val)
			y := y0 + float32(s)*bar
			rect.Move(fyne.NewPos(fyne.Min(x, r.zero), y))
			rect.Resize(fyne.NewSize(float32(math.Abs(float64(x-r.zero))), bar))
			amount.Hidden = !r.showValues
			if r.showValues {
				setText(amount, amount.Text, valueSize)
				ts := fyne.MeasureText(amount.Text, valueSize, amount.TextStyle)
				ax := fyne.Max(x, r.zero) + m.pad/2
				if val < 0 {
					ax = fyne.Min(x, r.zero) - m.pad/2 - ts.Width
				}
				placeText(amount, ax, y+bar/2-ts.Height/2)
			}
		}
		label := r.labels[i]
		label.Hidden = i%r.labelStep != 0
		setText(label, fitText(labelAt(c.Labels, i), m.body, label.TextStyle, labelCol), m.body)
		w := fyne.MeasureText(label.Text, m.body, label.TextStyle).Width
		cy := plotTop + (float32(i)+0.5)*row
		placeText(label, labelCol-w, fyne.Min(fyne.Max(cy-m.bodyH/2, 0), size.Height-m.bodyH))
	}
	hideCrowded(r.labels, true, 0)
}

// pickValueSize chooses the text size for the amounts by the bars: body
// size if it fits, else the small size, else none (0).
func (r *barChartRenderer) pickValueSize(m chartMetrics, fits func(size float32) bool) float32 {
	for _, size := range []float32{m.body, m.small} {
		if fits(size) {
			return size
		}
	}
	return 0
}

func (r *barChartRenderer) widestValue(size float32) float32 {
	if size <= 0 {
		return 0
	}
	w := float32(0)
	for s := range r.values {
		for _, t := range r.values[s] {
			if t.Text != "" {
				w = fyne.Max(w, fyne.MeasureText(t.Text, size, t.TextStyle).Width)
			}
		}
	}
	return w
}
