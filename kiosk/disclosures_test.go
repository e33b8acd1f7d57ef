package kiosk

import (
	"math"
	"slices"
	"testing"

	"qingfeng/content"
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
