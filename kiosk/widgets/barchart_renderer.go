package widgets

// The chart's renderer: the drawing objects, the header, and the pools of
// grid lines and tick labels reused from layout to layout.

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

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
