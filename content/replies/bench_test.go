package replies

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"qingfeng/content/collect"
)

// BenchmarkImport10000 imports a workbook of 10,000 answered opinions
// into a district database that holds them: read the sheet row by row,
// check each row against the database, apply all in one transaction.
// Two workbooks answer every opinion differently and take turns, so each
// import changes every row.
func BenchmarkImport10000(b *testing.B) {
	const n = 10_000
	ctx := context.Background()
	dir := b.TempDir()
	db, _ := district(b, dir, "a", n)
	book := workbook(b, db, dir)
	var books []string
	for v, unit := range []string{"城建办", "民政办"} {
		f, err := excelize.OpenFile(book)
		if err != nil {
			b.Fatal(err)
		}
		for row := 2; row <= n+1; row++ {
			for col, val := range map[string]string{"H": "已答复", "I": unit,
				"J": fmt.Sprintf("第%d条意见已由%s办理：", row, unit) + strings.Repeat("已经派人到现场查看并处理，", 8), "K": "2027-01-18", "L": "是"} {
				f.SetCellValue(collect.HandlingSheet, fmt.Sprintf("%s%d", col, row), val)
			}
		}
		name := filepath.Join(dir, fmt.Sprintf("answered-%d.xlsx", v))
		if err := f.SaveAs(name); err != nil {
			b.Fatal(err)
		}
		f.Close()
		books = append(books, name)
	}
	i := 0
	for b.Loop() {
		res, ps, err := Import(ctx, db, books[i%2], importOpts())
		if err != nil || res.Changed != n {
			b.Fatalf("%+v %v %v", res, err, ps)
		}
		i++
	}
}
