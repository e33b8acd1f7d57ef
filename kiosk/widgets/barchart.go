package widgets

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
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

// valueRange is the range of the chart's values, zero included.
func (c *BarChart) valueRange() (lo, hi float64) { return valueRange(c.Series) }

func (c *BarChart) seriesColor(s int) color.Color {
	if col := c.Series[s].Color; col != nil {
		return col
	}
	return seriesPalette[s%len(seriesPalette)]
}
