package widgets

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Series is one set of numbers, one per label, drawn as bars of one colour.
type Series struct {
	Name string
	// Values has one number per label; NaN marks a missing value (no bar).
	Values []float64
	// Color fills the bars; nil takes the next colour of a built-in palette.
	Color color.Color
}

// BarChart draws money columns of a public disclosure as bars that an
// elderly visitor can read at a glance: large text, every bar labelled with
// its amount where there is room, grouped bars and a legend for several
// series, a zero line with negatives below it.
//
// Labels that do not fit under vertical bars are drawn beside horizontal
// bars instead, when the chart is tall enough, or else only every few labels
// are shown. Change the fields, then call Refresh.
type BarChart struct {
	widget.BaseWidget

	Title string
	// Labels name the categories: rows of a table or months.
	Labels []string
	Series []Series
	// Unit is the unit of the values, such as "元" or "万元", shown as "单位：元".
	Unit string
	// Horizontal lays bars along the value axis from left to right, with
	// the labels in a column on the left: best for long Chinese labels.
	Horizontal bool
}

// seriesPalette is strong enough to tell apart on light and dark grounds.
var seriesPalette = []color.Color{
	color.NRGBA{R: 0xC6, G: 0x28, B: 0x28, A: 0xFF}, // red
	color.NRGBA{R: 0x15, G: 0x65, B: 0xC0, A: 0xFF}, // blue
	color.NRGBA{R: 0xEF, G: 0x6C, B: 0x00, A: 0xFF}, // orange
	color.NRGBA{R: 0x2E, G: 0x7D, B: 0x32, A: 0xFF}, // green
	color.NRGBA{R: 0x6A, G: 0x1B, B: 0x9A, A: 0xFF}, // purple
	color.NRGBA{R: 0x00, G: 0x83, B: 0x8F, A: 0xFF}, // teal
}

// NewBarChart returns a chart of series over labels.
func NewBarChart(title string, labels []string, series ...Series) *BarChart {
	c := &BarChart{Title: title, Labels: labels, Series: series}
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (c *BarChart) CreateRenderer() fyne.WidgetRenderer {
	r := &barChartRenderer{chart: c}
	r.rebuild()
	return r
}

// categories is how many bars each series may have.
func (c *BarChart) categories() int {
	n := len(c.Labels)
	for _, s := range c.Series {
		n = max(n, len(s.Values))
	}
	return n
}

func (c *BarChart) value(s, i int) float64 {
	if i < len(c.Series[s].Values) {
		return c.Series[s].Values[i]
	}
	return math.NaN()
}

// valueRange always includes zero, so every bar starts at the baseline.
func (c *BarChart) valueRange() (lo, hi float64) {
	for s := range c.Series {
		for _, v := range c.Series[s].Values {
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

func (c *BarChart) seriesColor(s int) color.Color {
	if col := c.Series[s].Color; col != nil {
		return col
	}
	return seriesPalette[s%len(seriesPalette)]
}

// chartMetrics are the theme's sizes as the chart uses them.
type chartMetrics struct {
	body, small, title    float32 // text sizes
	bodyH, smallH, titleH float32 // line heights
	pad                   float32
}

type barChartRenderer struct {
	chart *BarChart

	title    *canvas.Text
	unit     *canvas.Text
	swatches []*canvas.Rectangle
	names    []*canvas.Text
	grid     []*canvas.Line // in use, a prefix of gridPool
	ticks    []*canvas.Text // in use, a prefix of tickPool
	gridPool []*canvas.Line
	tickPool []*canvas.Text
	baseline *canvas.Line
	bars     [][]*canvas.Rectangle // [series][category]; hidden for NaN
	values   [][]*canvas.Text      // amounts written by the bars
	labels   []*canvas.Text        // category names
	data     []fyne.CanvasObject   // all but the grid and the tick labels
	objects  []fyne.CanvasObject

	// What the last Layout chose, kept for tests.
	horizontal bool      // the layout used, which may differ from the field
	labelStep  int       // every labelStep-th label is shown
	showValues bool      // whether amounts are written by the bars
	tickValues []float64 // the value axis
	zero       float32   // where the baseline is, along the value axis
}

func (r *barChartRenderer) metrics() chartMetrics {
	th := r.chart.Theme()
	body := th.Size(theme.SizeNameText)
	m := chartMetrics{
		body:  body,
		small: fyne.Max(th.Size(theme.SizeNameCaptionText), body*0.8),
		title: fyne.Max(th.Size(theme.SizeNameSubHeadingText), body),
		pad:   th.Size(theme.SizeNamePadding),
	}
	m.bodyH = fyne.MeasureText("0", m.body, fyne.TextStyle{}).Height
	m.smallH = fyne.MeasureText("0", m.small, fyne.TextStyle{}).Height
	m.titleH = fyne.MeasureText("0", m.title, fyne.TextStyle{Bold: true}).Height
	return m
}

// rebuild makes fresh drawing objects for the chart's current fields.
func (r *barChartRenderer) rebuild() {
	c := r.chart
	th := c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, v)
	m := r.metrics()
	text := func(s string, size float32, bold bool) *canvas.Text {
		t := canvas.NewText(s, fg)
		t.TextSize = size
		t.TextStyle.Bold = bold
		return t
	}

	r.data = r.data[:0]

	r.title = text(c.Title, m.title, true)
	r.title.Hidden = c.Title == ""
	r.unit = text("", m.small, false)
	if c.Unit != "" {
		r.unit.Text = "单位：" + c.Unit
	}
	r.unit.Hidden = c.Unit == ""
	r.data = append(r.data, r.title, r.unit)

	r.swatches, r.names = nil, nil
	if len(c.Series) > 1 {
		for s := range c.Series {
			sw := canvas.NewRectangle(c.seriesColor(s))
			name := text(c.Series[s].Name, m.body, false)
			r.swatches = append(r.swatches, sw)
			r.names = append(r.names, name)
			r.data = append(r.data, sw, name)
		}
	}

	n := c.categories()
	r.bars = make([][]*canvas.Rectangle, len(c.Series))
	r.values = make([][]*canvas.Text, len(c.Series))
	for s := range c.Series {
		r.bars[s] = make([]*canvas.Rectangle, n)
		r.values[s] = make([]*canvas.Text, n)
		for i := 0; i < n; i++ {
			val := c.value(s, i)
			bar := canvas.NewRectangle(c.seriesColor(s))
			amount := text(CompactAmount(val), m.body, false)
			if math.IsNaN(val) || math.IsInf(val, 0) {
				bar.Hide()
				amount.Hide()
			}
			r.bars[s][i] = bar
			r.values[s][i] = amount
			r.data = append(r.data, bar)
		}
	}
	for s := range r.values {
		for _, t := range r.values[s] {
			r.data = append(r.data, t)
		}
	}

	r.labels = make([]*canvas.Text, n)
	for i := range r.labels {
		label := ""
		if i < len(c.Labels) {
			label = c.Labels[i]
		}
		r.labels[i] = text(label, m.body, false)
		r.data = append(r.data, r.labels[i])
	}

	r.baseline = canvas.NewLine(fg)
	r.baseline.StrokeWidth = 2
	r.data = append(r.data, r.baseline)
	r.objects = r.data
}

func (r *barChartRenderer) Objects() []fyne.CanvasObject {
	return r.objects
}

func (r *barChartRenderer) Destroy() {}

func (r *barChartRenderer) Refresh() {
	r.rebuild()
	r.Layout(r.chart.Size())
	canvas.Refresh(r.chart)
}

func (r *barChartRenderer) MinSize() fyne.Size {
	m := r.metrics()
	return fyne.NewSize(m.bodyH*12, r.headerMinHeight(m)+m.bodyH*6)
}

// headerMinHeight is the header's height with the legend on one line.
func (r *barChartRenderer) headerMinHeight(m chartMetrics) float32 {
	h := float32(0)
	if r.chart.Title != "" {
		h += m.titleH + m.pad
	}
	if len(r.chart.Series) > 1 {
		h += m.bodyH + m.pad
	}
	if r.chart.Unit != "" {
		h += m.smallH + m.pad
	}
	return h
}

func (r *barChartRenderer) Layout(size fyne.Size) {
	m := r.metrics()
	top := r.layoutHeader(size.Width, m)
	// The axis depends on the size, so its lines and labels are made here.
	r.ticks, r.grid = r.ticks[:0], r.grid[:0]

	r.horizontal = r.chart.Horizontal || r.horizontalReadsBetter(size, top, m)
	if r.horizontal {
		r.layoutHorizontal(size, top, m)
	} else {
		r.layoutVertical(size, top, m)
	}
	objs := make([]fyne.CanvasObject, 0, len(r.grid)+len(r.data)+len(r.ticks))
	for _, l := range r.grid {
		objs = append(objs, l)
	}
	objs = append(objs, r.data...)
	for _, t := range r.ticks {
		objs = append(objs, t)
	}
	r.objects = objs
}

// layoutHeader places the title, the legend and the unit, and returns where
// the plot may start.
func (r *barChartRenderer) layoutHeader(width float32, m chartMetrics) float32 {
	y := float32(0)
	if r.chart.Title != "" {
		setText(r.title, fitText(r.chart.Title, m.title, r.title.TextStyle, width), m.title)
		placeText(r.title, 0, y)
		y += m.titleH + m.pad
	}
	if len(r.swatches) > 0 {
		side := m.bodyH * 0.7
		x := float32(0)
		for s, sw := range r.swatches {
			name := r.names[s]
			setText(name, fitText(r.chart.Series[s].Name, m.body, name.TextStyle, width-side-m.pad), m.body)
			w := side + m.pad + fyne.MeasureText(name.Text, m.body, name.TextStyle).Width
			if x > 0 && x+w > width {
				x = 0
				y += m.bodyH + m.pad/2
			}
			sw.Resize(fyne.NewSquareSize(side))
			sw.Move(fyne.NewPos(x, y+(m.bodyH-side)/2))
			placeText(name, x+side+m.pad, y)
			x += w + 4*m.pad
		}
		y += m.bodyH + m.pad
	}
	if r.chart.Unit != "" {
		setText(r.unit, fitText("单位："+r.chart.Unit, m.small, r.unit.TextStyle, width), m.small)
		placeText(r.unit, 0, y)
		y += m.smallH + m.pad
	}
	return y
}

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
	g.labelsFit = widest <= g.slot-m.pad
	g.labelStep = 1
	if !g.labelsFit {
		g.labelStep = int(math.Ceil(float64((widest + 2*m.pad) / g.slot)))
	}
	return g
}

// groupShare is how much of a category's room its bars take; the rest
// separates neighbouring categories.
func groupShare(series int) float32 {
	if series > 1 {
		return 0.8
	}
	return 0.6
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

	yOf := func(v float64) float32 {
		return g.bottom - float32((v-g.axisLo)/(g.axisHi-g.axisLo))*(g.bottom-g.top)
	}
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
	g.labelStep = 1
	if m.bodyH*1.1 > g.row {
		g.labelStep = int(math.Ceil(float64(m.bodyH * 1.1 / g.row)))
	}
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
	var axisLo, axisHi, step float64
	count := 8
	for ; count >= 2; count-- {
		axisLo, axisHi, step = niceAxis(lo, hi, count)
		ticks := tickValues(axisLo, axisHi, step)
		widest := float32(0)
		for _, t := range ticks {
			widest = fyne.Max(widest, fyne.MeasureText(CompactAmount(t), m.small, fyne.TextStyle{}).Width)
		}
		if len(ticks) < 2 || (right-left)/float32(len(ticks)-1) >= widest+2*m.pad {
			break
		}
	}
	xOf := func(v float64) float32 {
		return left + float32((v-axisLo)/(axisHi-axisLo))*(right-left)
	}
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

// gridLine adds a light line across the plot. Lines and tick labels are
// reused from layout to layout: a kiosk runs for months, and every new
// canvas object costs a texture cache entry until Fyne sweeps it.
func (r *barChartRenderer) gridLine(from, to fyne.Position) {
	th := r.chart.Theme()
	fg := th.Color(theme.ColorNameForeground, fyne.CurrentApp().Settings().ThemeVariant())
	cr, cg, cb, _ := fg.RGBA()
	i := len(r.grid)
	if i == len(r.gridPool) {
		r.gridPool = append(r.gridPool, canvas.NewLine(nil))
	}
	line := r.gridPool[i]
	line.StrokeColor = color.NRGBA{R: uint8(cr >> 8), G: uint8(cg >> 8), B: uint8(cb >> 8), A: 0x38}
	line.StrokeWidth = 1
	line.Position1, line.Position2 = from, to
	r.grid = append(r.grid, line)
}

func (r *barChartRenderer) tickLabel(s string, m chartMetrics) *canvas.Text {
	th := r.chart.Theme()
	i := len(r.ticks)
	if i == len(r.tickPool) {
		r.tickPool = append(r.tickPool, canvas.NewText("", nil))
	}
	t := r.tickPool[i]
	col := th.Color(theme.ColorNameForeground, fyne.CurrentApp().Settings().ThemeVariant())
	if t.Color != col {
		t.Color = col
		t.Refresh()
	}
	setText(t, s, m.small)
	r.ticks = append(r.ticks, t)
	return t
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

// setText changes what t says, and has it redrawn: a painter keeps a text's
// image until the text object itself is refreshed.
func setText(t *canvas.Text, s string, size float32) {
	if t.Text == s && t.TextSize == size {
		return
	}
	t.Text, t.TextSize = s, size
	t.Refresh()
}

// placeText puts t with its top-left corner at (x, y), sized to its text.
func placeText(t *canvas.Text, x, y float32) {
	t.Move(fyne.NewPos(x, y))
	t.Resize(fyne.MeasureText(t.Text, t.TextSize, t.TextStyle))
}

// fitText shortens s with an ellipsis until it is no wider than width.
func fitText(s string, size float32, style fyne.TextStyle, width float32) string {
	if fyne.MeasureText(s, size, style).Width <= width {
		return s
	}
	runes := []rune(s)
	lo, hi := 0, len(runes)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fyne.MeasureText(string(runes[:mid])+"…", size, style).Width <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo == 0 {
		return ""
	}
	return string(runes[:lo]) + "…"
}
