package replies

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeZip writes a zip of the given entries at name.
func writeZip(tb testing.TB, name string, entries func(add func(path, body string))) {
	tb.Helper()
	f, err := os.Create(name)
	if err != nil {
		tb.Fatal(err)
	}
	zw := zip.NewWriter(f)
	entries(func(p, body string) {
		w, err := zw.Create(p)
		if err != nil {
			tb.Fatal(err)
		}
		w.Write([]byte(body))
	})
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
}

// A workbook that would take more memory than allowed is refused before
// the spreadsheet library opens it, and nothing changes.
func TestImportBoundsTheWorkbook(t *testing.T) {
	dir := t.TempDir()
	db, _ := district(t, dir, "a", 1)
	for _, tc := range []struct {
		name    string
		entries func(add func(path, body string))
		most    int64
		want    string
	}{
		{"too many parts", func(add func(string, string)) {
			for i := range maxWorkbookParts + 1 {
				add(fmt.Sprintf("xl/media/p%d.bin", i), "")
			}
		}, 0, "表格文件里有 10001 个部分（正常的表格只有几十个），这不是 Excel 或 WPS 保存的表格"},
		{"inflates past the budget", func(add func(string, string)) {
			add("xl/worksheets/sheet1.xml", strings.Repeat(" ", 3<<20))
		}, 4 << 20, "表格解压后有 3 MB，超过 2 MB 的上限：请只保留“意见办理”工作表后另存"},
		{"too many shared strings", func(add func(string, string)) {
			add("xl/sharedStrings.xml", "<sst>"+strings.Repeat("<si><t>x</t></si>", 20_000)+"</sst>")
		}, 8 << 20, "表格里有 20000 条不重复的文字，超过 9635 条的上限：请只保留“意见办理”工作表后另存"},
		// As the Open XML SDK writes it, each element behind a prefix.
		{"too many shared strings, prefixed", func(add func(string, string)) {
			add("xl/workbook.xml", `<workbook xmlns:r="r"><sheets><sheet name="意见办理" r:id="rId1"/></sheets></workbook>`)
			add("xl/_rels/workbook.xml.rels", `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`)
			add("xl/worksheets/sheet1.xml", `<worksheet><sheetData/></worksheet>`)
			add("xl/sharedStrings.xml", `<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`+
				strings.Repeat("<x:si><x:t>x</x:t></x:si>", 20_000)+"</x:sst>")
		}, 8 << 20, "表格里有 20000 条不重复的文字，超过 9235 条的上限：请只保留“意见办理”工作表后另存"},
		{"not a zip", nil, 0, "无法打开这个表格（文件可能已损坏，或不是 .xlsx 格式；WPS 请另存为 .xlsx）"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := filepath.Join(t.TempDir(), "book.xlsx")
			if tc.entries != nil {
				writeZip(t, name, tc.entries)
			} else {
				os.WriteFile(name, []byte("名字,电话\n"), 0o644)
			}
			opts := importOpts()
			opts.MaxMemoryBytes = tc.most
			_, ps, err := Import(context.Background(), db, name, opts)
			if !errors.Is(err, ErrRefused) || len(ps) != 1 || ps[0].String() != "意见办理："+tc.want {
				t.Fatalf("%v %v", err, ps)
			}
		})
	}
}
