package kiosk

import (
	"math"
	"slices"
	"strconv"
	"testing"

	"qingfeng/content"
	"qingfeng/kiosk/widgets"
)

func TestTableOrder(t *testing.T) {
	nan := math.NaN()
	tbl := Table{
		Header:        []string{"项目", "金额"},
		AmountColumns: []int{1},
		Rows: []content.Row{
			{Cells: []string{"乙", "20"}, Amounts: []float64{20}},
			{Cells: []string{"甲", ""}, Amounts: []float64{nan}},
			{Cells: []string{"丙", "5"}, Amounts: []float64{5}},
			{Cells: []string{"甲", "100"}, Amounts: []float64{100}},
		},
	}
	for _, c := range []struct {
		name string
		col  int
		desc bool
		want []int
	}{
		{"file order", -1, false, []int{0, 1, 2, 3}},
		{"a column past the header: file order", 2, false, []int{0, 1, 2, 3}},
		{"text, stable among equals", 0, false, []int{2, 0, 1, 3}},
		{"text, descending", 0, true, []int{1, 3, 0, 2}},
		{"amounts as numbers, the blank last", 1, false, []int{2, 0, 3, 1}},
		{"amounts descending, the blank still last", 1, true, []int{3, 0, 2, 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := tableOrder(tbl, c.col, c.desc); !slices.Equal(got, c.want) {
				t.Fatalf("order %v, want %v", got, c.want)
			}
		})
	}
}

// A ledger's total row stays in the table but is no bar of the chart: drawn
// beside the rows it adds up it would dwarf them, and it would stop a table
// of dated rows from being summed by month.
func TestChartLeavesOutTotalRows(t *testing.T) {
	r := newRig(t, landscape)
	row := func(cells ...string) content.Row {
		a, _ := strconv.ParseFloat(cells[len(cells)-1], 64)
		return content.Row{Cells: cells, Amounts: []float64{a}}
	}
	for _, tc := range []struct {
		name       string
		rows       []content.Row
		labels     []string
		wantValues []float64
	}{
		{"dated rows and 合计", []content.Row{row("2026-01-08", "转移支付", "100"), row("2026-02-15", "租金", "50"), row("2026-02-20", "补助", "25"), row("合 计", "", "175")},
			[]string{"1月", "2月"}, []float64{100, 75}},
		{"named rows, 小计 and 总计：", []content.Row{row("路灯", "", "30"), row("小计", "", "30"), row("道路", "", "70"), row("总计：", "", "100")},
			[]string{"路灯", "道路"}, []float64{30, 70}},
		{"a label that only mentions a total", []content.Row{row("合计支出说明会", "", "5"), row("路灯", "", "30")},
			[]string{"合计支出说明会", "路灯"}, []float64{5, 30}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			table := Table{Header: []string{"日期", "摘要", "金额"}, AmountColumns: []int{2}, Rows: tc.rows}
			c, ok := r.k.chart(table).(*widgets.BarChart)
			if !ok {
				t.Fatal("no bar chart")
			}
			if !slices.Equal(c.Labels, tc.labels) || !slices.Equal(c.Series[0].Values, tc.wantValues) {
				t.Fatalf("bars %v %v, want %v %v", c.Labels, c.Series[0].Values, tc.labels, tc.wantValues)
			}
		})
	}
}
