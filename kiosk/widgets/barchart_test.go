package widgets

import (
	"fmt"
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// kioskSizes stands in for the kiosk theme until it exists: Fyne's test
// colours and Latin font, with the kiosk's large text.
type kioskSizes struct{ fyne.Theme }

func (k kioskSizes) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 28
	case theme.SizeNameCaptionText:
		return 22
	case theme.SizeNameSubHeadingText:
		return 34
	case theme.SizeNamePadding:
		return 6
	}
	return k.Theme.Size(n)
}

func useKioskSizes(tb testing.TB) {
	tb.Helper()
	test.NewTempApp(tb)
	fyne.CurrentApp().Settings().SetTheme(kioskSizes{test.Theme()})
}

func chartRenderer(tb testing.TB, c *BarChart, size fyne.Size) *barChartRenderer {
	tb.Helper()
	r := test.TempWidgetRenderer(tb.(*testing.T), c).(*barChartRenderer)
	c.Resize(size)
	r.Layout(size)
	return r
}

func incomeChart() *BarChart {
	return NewBarChart("Village accounts", []string{"Jan", "Feb", "Mar", "Apr"},
		Series{Name: "Income", Values: []float64{11480, 3450, 20000, 7600}},
		Series{Name: "Spending", Values: []float64{6000, 9100, math.NaN(), 12000}},
	)
}

func TestBarChart_barsProportionalToValues(t *testing.T) {
	useKioskSizes(t)
	c := incomeChart()
	r := chartRenderer(t, c, fyne.NewSize(1000, 600))
	if r.horizontal {
		t.Fatal("short labels should keep vertical bars")
	}

	ref := r.bars[0][2] // 20000
	perUnit := ref.Size().Height / 20000
	for s := range c.Series {
		for i, v := range c.Series[s].Values {
			bar := r.bars[s][i]
			if math.IsNaN(v) {
				if bar.Visible() || r.values[s][i].Visible() {
					t.Errorf("series %d label %d is NaN but its bar or amount is shown", s, i)
				}
				continue
			}
			want := float32(v) * perUnit
			if got := bar.Size().Height; math.Abs(float64(got-want)) > 0.5 {
				t.Errorf("bar %d/%d for %v is %v tall, want %v", s, i, v, got, want)
			}
			if bottom := bar.Position().Y + bar.Size().Height; math.Abs(float64(bottom-r.zero)) > 0.01 {
				t.Errorf("bar %d/%d ends at %v, not on the baseline %v", s, i, bottom, r.zero)
			}
		}
	}
	// Grouped: within a month, income then spending side by side.
	a, b := r.bars[0][0], r.bars[1][0]
	if a.Position().X+a.Size().Width != b.Position().X || b.Position().X+b.Size().Width > r.bars[0][1].Position().X {
		t.Error("bars of one month are not side by side before the next month")
	}
	if !r.showValues || r.values[0][0].Text != "1.15万" || r.values[0][1].Text != "3,450" {
		t.Errorf("amounts by the bars: shown %v, %q %q", r.showValues, r.values[0][0].Text, r.values[0][1].Text)
	}
	if len(r.swatches) != 2 || r.names[1].Text != "Spending" {
		t.Error("two series should have a legend")
	}
	assertNoTextOverlaps(t, r)
}

func TestBarChart_negativesHangBelowBaseline(t *testing.T) {
	useKioskSizes(t)
	c := NewBarChart("", []string{"A", "B", "C"}, Series{Name: "Net", Values: []float64{3000, -1000, 0}})
	r := chartRenderer(t, c, fyne.NewSize(800, 500))

	up, down := r.bars[0][0], r.bars[0][1]
	if got := up.Position().Y + up.Size().Height; got != r.zero {
		t.Errorf("positive bar ends at %v, want the baseline %v", got, r.zero)
	}
	if down.Position().Y != r.zero {
		t.Errorf("negative bar starts at %v, want the baseline %v", down.Position().Y, r.zero)
	}
	if ratio := up.Size().Height / down.Size().Height; math.Abs(float64(ratio-3)) > 0.01 {
		t.Errorf("3000 bar is %v× the -1000 bar, want 3×", ratio)
	}
	if r.bars[0][2].Size().Height != 0 {
		t.Errorf("a zero value has a %v tall bar", r.bars[0][2].Size().Height)
	}
	if r.baseline.Position1.Y != r.zero || r.baseline.Position2.Y != r.zero {
		t.Error("baseline line not at zero")
	}
	if r.tickValues[0] >= 0 || !containsFloat(r.tickValues, 0) {
		t.Errorf("axis %v should reach below zero and include zero", r.tickValues)
	}
	// The negative amount is written under its bar.
	if amount := r.values[0][1]; amount.Text != "-1,000" || amount.Position().Y < r.zero+down.Size().Height {
		t.Errorf("negative amount %q at y=%v, want under the bar's end %v", amount.Text, amount.Position().Y,
			r.zero+down.Size().Height)
	}
	assertNoTextOverlaps(t, r)
}

func TestBarChart_horizontal(t *testing.T) {
	useKioskSizes(t)
	c := NewBarChart("", []string{"Collective income", "Land rent", "Subsidies"},
		Series{Name: "2024", Values: []float64{52000, -8000, 13000}})
	c.Horizontal = true
	r := chartRenderer(t, c, fyne.NewSize(900, 500))
	if !r.horizontal {
		t.Fatal("Horizontal set but layout is vertical")
	}
	long, neg := r.bars[0][0], r.bars[0][1]
	if long.Position().X != r.zero || neg.Position().X+neg.Size().Width != r.zero {
		t.Errorf("bars do not meet the baseline at x=%v", r.zero)
	}
	if ratio := long.Size().Width / neg.Size().Width; math.Abs(float64(ratio-6.5)) > 0.01 {
		t.Errorf("52000 bar is %v× the -8000 bar, want 6.5×", ratio)
	}
	for i, l := range r.labels {
		if l.Position().X+l.Size().Width > r.zero-neg.Size().Width {
			t.Errorf("label %d %q reaches into the bars", i, l.Text)
		}
	}
	assertNoTextOverlaps(t, r)
}

func TestBarChart_longLabelsTurnHorizontal(t *testing.T) {
	useKioskSizes(t)
	labels := []string{"Collective land rent", "Poverty relief fund", "Road repairs", "Office expenses"}
	c := NewBarChart("", labels, Series{Name: "Amount", Values: []float64{120000, 45000, 30000, 8000}})
	r := chartRenderer(t, c, fyne.NewSize(700, 600))
	if !r.horizontal {
		t.Fatal("long labels under narrow columns should switch to horizontal bars")
	}
	for i, l := range r.labels {
		if !l.Visible() || l.Text != labels[i] {
			t.Errorf("label %d = %q (shown %v), want %q in full", i, l.Text, l.Visible(), labels[i])
		}
	}
	assertNoTextOverlaps(t, r)
}

func TestBarChart_manyLabelsThinned(t *testing.T) {
	useKioskSizes(t)
	var labels []string
	var values []float64
	for i := 0; i < 36; i++ {
		labels = append(labels, fmt.Sprintf("2023-%02d", i%12+1))
		values = append(values, float64(1000+i*250))
	}
	c := NewBarChart("Monthly spending", labels, Series{Name: "Spending", Values: values})
	r := chartRenderer(t, c, fyne.NewSize(1000, 400))
	if r.horizontal {
		t.Fatal("36 rows cannot fit in 400 high; should stay vertical and thin labels")
	}
	if r.labelStep < 2 {
		t.Fatalf("label step %d, want thinning", r.labelStep)
	}
	shown := 0
	for _, l := range r.labels {
		if l.Visible() {
			shown++
		}
	}
	if shown == 0 || shown == len(labels) {
		t.Errorf("%d of %d labels shown", shown, len(labels))
	}
	assertNoTextOverlaps(t, r)
}

func TestBarChart_refreshPicksUpChanges(t *testing.T) {
	useKioskSizes(t)
	c := incomeChart()
	r := chartRenderer(t, c, fyne.NewSize(1000, 600))
	c.Series = c.Series[:1]
	c.Labels = append(c.Labels, "May")
	c.Series[0].Values = append(c.Series[0].Values, 30000)
	c.Title = ""
	c.Refresh()
	if len(r.bars) != 1 || len(r.bars[0]) != 5 || len(r.swatches) != 0 {
		t.Errorf("after Refresh: %d series, %d bars, %d legend entries; want 1, 5, 0",
			len(r.bars), len(r.bars[0]), len(r.swatches))
	}
	if r.title.Visible() {
		t.Error("empty title still shown")
	}
	for _, o := range r.Objects() {
		if o == nil {
			t.Fatal("nil object")
		}
	}
}

func TestBarChart_empty(t *testing.T) {
	useKioskSizes(t)
	c := NewBarChart("Nothing yet", nil)
	r := chartRenderer(t, c, fyne.NewSize(400, 300))
	if len(r.bars) != 0 || len(r.labels) != 0 {
		t.Error("an empty chart has bars")
	}
	if min := c.MinSize(); min.Width <= 0 || min.Height <= 0 {
		t.Errorf("MinSize %v", min)
	}
}

func TestBarChart_golden(t *testing.T) {
	useKioskSizes(t)
	// Amounts stay under 万 and there is no unit: a golden image must not
	// depend on which CJK fonts the machine happens to have.
	c := NewBarChart("Village accounts", []string{"Jan", "Feb", "Mar", "Apr"},
		Series{Name: "Income", Values: []float64{5148, 3450, 7200, 2600},
			Color: color.NRGBA{R: 0xC6, G: 0x28, B: 0x28, A: 0xFF}},
		Series{Name: "Spending", Values: []float64{-1250, 4100, math.NaN(), 6800},
			Color: color.NRGBA{R: 0x15, G: 0x65, B: 0xC0, A: 0xFF}},
	)
	w := test.NewTempWindow(t, c)
	w.Resize(fyne.NewSize(960, 600))
	test.AssertImageMatches(t, "barchart_vertical.png", w.Canvas().Capture())

	h := NewBarChart("Spending by item", []string{"Land rent", "Road repairs", "Relief fund", "Office"},
		Series{Name: "2023", Values: []float64{820, 450, 300, 80}},
		Series{Name: "2024", Values: []float64{910, 615.5, math.NaN(), 65}})
	h.Horizontal = true
	w.SetContent(h)
	w.Resize(fyne.NewSize(960, 600))
	test.AssertImageMatches(t, "barchart_horizontal.png", w.Canvas().Capture())
}

// assertNoTextOverlaps checks that no two visible texts of the chart cover
// the same pixels.
func assertNoTextOverlaps(t *testing.T, r *barChartRenderer) {
	t.Helper()
	var texts []*canvas.Text
	for _, o := range r.Objects() {
		if tx, ok := o.(*canvas.Text); ok && tx.Visible() && tx.Text != "" {
			texts = append(texts, tx)
		}
	}
	size := r.chart.Size()
	for i, a := range texts {
		ap, as := a.Position(), a.Size()
		if ap.X < -0.5 || ap.Y < -0.5 || ap.X+as.Width > size.Width+0.5 || ap.Y+as.Height > size.Height+0.5 {
			t.Errorf("text %q at %v size %v leaves the %v chart", a.Text, ap, as, size)
		}
		for _, b := range texts[i+1:] {
			bp, bs := b.Position(), b.Size()
			if ap.X < bp.X+bs.Width && bp.X < ap.X+as.Width && ap.Y < bp.Y+bs.Height && bp.Y < ap.Y+as.Height {
				t.Errorf("text %q at %v %v overlaps %q at %v %v", a.Text, ap, as, b.Text, bp, bs)
			}
		}
	}
}

func containsFloat(vs []float64, x float64) bool {
	for _, v := range vs {
		if v == x {
			return true
		}
	}
	return false
}

func TestBarChart_horizontalManyRowsThinned(t *testing.T) {
	useKioskSizes(t)
	var labels []string
	var values []float64
	for i := 0; i < 40; i++ {
		labels = append(labels, fmt.Sprintf("Group %d", i+1))
		values = append(values, float64(500+i*37))
	}
	c := NewBarChart("", labels, Series{Name: "Rent", Values: values})
	c.Horizontal = true
	r := chartRenderer(t, c, fyne.NewSize(800, 500))
	if !r.horizontal || r.labelStep < 2 {
		t.Fatalf("horizontal %v, label step %d; want horizontal with thinned labels", r.horizontal, r.labelStep)
	}
	if r.showValues {
		t.Error("amounts shown on bars too thin for a line of text")
	}
	assertNoTextOverlaps(t, r)
}

func TestBarChart_resizeReusesAxisObjects(t *testing.T) {
	useKioskSizes(t)
	c := incomeChart()
	r := chartRenderer(t, c, fyne.NewSize(1000, 600))
	firstGrid := r.grid[0]
	count := len(r.Objects())
	for _, size := range []fyne.Size{fyne.NewSize(1200, 700), fyne.NewSize(1000, 600)} {
		c.Resize(size)
		assertNoTextOverlaps(t, r)
	}
	if r.grid[0] != firstGrid || len(r.Objects()) != count {
		t.Errorf("relayout made new axis objects: %d objects, was %d", len(r.Objects()), count)
	}
	if len(r.tickPool) > 10 || len(r.gridPool) > 10 {
		t.Errorf("axis pools grew to %d labels, %d lines", len(r.tickPool), len(r.gridPool))
	}
}
