package collect

import (
	"bytes"
	"fmt"
	"image/png"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"qingfeng/content/outbox"
)

func TestPivot(t *testing.T) {
	rows, cols, cell := pivot([]Count{
		{"乙村", "建议", 2}, {"甲村", "投诉", 1}, {"乙村", "投诉", 4}, {"乙村", "建议", 3},
	})
	if !slices.Equal(rows, []string{"乙村", "甲村"}) || !slices.Equal(cols, []string{"建议", "投诉"}) {
		t.Fatalf("rows %v cols %v: want first-seen order", rows, cols)
	}
	if cell["乙村"]["建议"] != 5 || cell["乙村"]["投诉"] != 4 || cell["甲村"]["投诉"] != 1 || cell["甲村"]["建议"] != 0 {
		t.Errorf("cells %v", cell)
	}
}

// readSheet is every row of sheet in the workbook at name.
func readSheet(tb testing.TB, name, sheet string) [][]string {
	tb.Helper()
	f, err := excelize.OpenFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		tb.Fatal(err)
	}
	return rows
}

func TestWorkbook(t *testing.T) {
	name := filepath.Join(t.TempDir(), "district.xlsx")
	sum := Summary{
		BySiteCategory: []Count{{"甲村", "建议", 2}, {"甲村", "投诉", 1}, {"乙村", "投诉", 4}},
		Stories:        []Count{{"故事一", "浏览次数", 7}, {"故事一", "平均停留（秒）", 30}},
	}
	first := time.Date(2026, 12, 1, 1, 2, 0, 0, time.UTC)
	refused := []Refused{
		{File: "a.json", Site: "shili", Batch: "b1", Kind: outbox.KindKey, Reason: "钥匙不对", First: first},
		{File: "b.json", Kind: outbox.KindWithdrawn, Reason: "撤出了", First: first},
	}
	if err := WriteWorkbook(name, sum, refused, time.FixedZone("CST", 8*3600)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		sheet string
		want  [][]string
	}{
		// Counts add up to a total column.
		{"按站点和类别", [][]string{{"站点", "建议", "投诉", "合计"}, {"甲村", "2", "1", "3"}, {"乙村", "0", "4", "4"}}},
		// A row of counts and averages has none.
		{"故事浏览", [][]string{{"故事", "浏览次数", "平均停留（秒）"}, {"故事一", "7", "30"}}},
		{"按月份和类别", [][]string{{"月份"}}},
		{"拒收的批次", [][]string{{"文件", "站点", "批次", "原因", "首次发现"},
			{"a.json", "shili", "b1", "钥匙变了：钥匙不对", "2026-12-01 09:02"},
			{"b.json", "", "", "已撤出：撤出了", "2026-12-01 09:02"}}},
	} {
		t.Run(tc.sheet, func(t *testing.T) {
			if got := readSheet(t, name, tc.sheet); !slices.EqualFunc(got, tc.want, slices.Equal) {
				t.Errorf("%v\nwant %v", got, tc.want)
			}
		})
	}
}

func TestChartsDrawn(t *testing.T) {
	sum := Summary{
		BySiteCategory: []Count{{"甲村", "建议", 2}, {"乙村", "投诉", 4}},
		Stories:        []Count{{"故事一", "浏览次数", 7}, {"故事一", "平均停留（秒）", 30}},
	}
	charts := Charts(filepath.Join("out", "district"), sum)
	var files []string
	for _, c := range charts {
		files = append(files, c.File)
	}
	want := []string{filepath.Join("out", "district-sites.png"), filepath.Join("out", "district-months.png"), filepath.Join("out", "district-stories.png"),
		filepath.Join("out", "district-replies.png")}
	if !slices.Equal(files, want) {
		t.Fatalf("files %v", files)
	}
	// The stories' chart counts views, not the seconds beside them.
	if len(charts[2].Counts) != 1 || charts[2].Counts[0].N != 7 {
		t.Errorf("stories charted %v", charts[2].Counts)
	}
	data, err := charts[0].PNG()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1400 || b.Dy() != 120+2*34+40 {
		t.Errorf("chart of two rows is %v", b)
	}
}

// A chart of many rows draws only the rows with the most.
func TestStackedBarsKeepsTheLargestRows(t *testing.T) {
	var counts []Count
	for i := range maxChartRows + 10 {
		counts = append(counts, Count{fmt.Sprintf("站点%02d", i), "建议", i})
	}
	img := StackedBars("标题", counts)
	if h := img.Bounds().Dy(); h != 120+maxChartRows*34+40 {
		t.Fatalf("height %d: not %d rows", h, maxChartRows)
	}
	// The largest row is drawn first and is the longest bar: its colour
	// reaches far to the right on the first row, the bar of a small one
	// does not on the last.
	red := func(y int) int {
		n := 0
		for x := 300; x < 1400; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r>>8 == 0xB7 && g>>8 == 0x1C && b>>8 == 0x1C {
				n++
			}
		}
		return n
	}
	firstY, lastY := 120+17, 120+(maxChartRows-1)*34+17
	if red(firstY) <= red(lastY) || red(lastY) == 0 {
		t.Errorf("first bar %d px, last %d px: want the largest row first", red(firstY), red(lastY))
	}
}
