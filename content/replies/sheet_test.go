package replies

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// rewriteSheet copies the workbook book with the XML of its 意见办理 sheet
// passed through edit, as a hostile or broken program might have written
// it, and returns the copy's path.
func rewriteSheet(tb testing.TB, book string, edit func(string) string) string {
	tb.Helper()
	zr, err := zip.OpenReader(book)
	if err != nil {
		tb.Fatal(err)
	}
	defer zr.Close()
	part, err := sheetPath(&zr.Reader, "意见办理")
	if err != nil {
		tb.Fatal(err)
	}
	out := filepath.Join(tb.TempDir(), "edited.xlsx")
	f, err := os.Create(out)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			tb.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatal(err)
		}
		if zf.Name == part {
			b = []byte(edit(string(b)))
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// cellXML replaces the cell ref's element (as excelize writes it) with
// cell.
func cellXML(tb testing.TB, sheet, ref, cell string) string {
	tb.Helper()
	i := strings.Index(sheet, `<c r="`+ref+`"`)
	if i < 0 {
		tb.Fatalf("no cell %s in the sheet", ref)
	}
	end := strings.Index(sheet[i:], "</c>")
	if self := strings.Index(sheet[i:], "/>"); self >= 0 && (end < 0 || self < end) && !strings.Contains(sheet[i:i+self], ">") {
		end = self + len("/>")
	} else {
		end += len("</c>")
	}
	return sheet[:i] + cell + sheet[i+end:]
}

// A formula's value in the file is what the spreadsheet last saved, and
// a workbook passed around can make it say anything while the screen
// shows the formula's own result. The import refuses a formula in a
// column it reads, naming the cell; the office pastes values instead.
func TestImportRefusesFormulas(t *testing.T) {
	dir := t.TempDir()
	db, _ := district(t, dir, "a", 2)
	book := fill(t, workbook(t, db, dir), map[string]any{"H2": "已答复", "J2": "路灯已修好", "H3": "已答复", "J3": "已修好"})
	for _, tc := range []struct {
		name string
		cell string
		want string
	}{
		{"an answer whose saved value is not its formula's", `<c r="J2" t="str"><f>"路灯已修好"</f><v>请扫码缴纳维修费</v></c>`,
			"意见办理!第2行 答复内容（J列）：这一格是公式：导入读到的是表格上次保存时的计算结果，可能和屏幕上显示的不一样。请把公式换成文字（复制后用“选择性粘贴→数值”粘贴回来）"},
		{"a status by formula", `<c r="H3" t="str"><f>IF(1,"已答复","")</f><v>已答复</v></c>`,
			"意见办理!第3行 办理状态（H列）：这一格是公式：导入读到的是表格上次保存时的计算结果，可能和屏幕上显示的不一样。请把公式换成文字（复制后用“选择性粘贴→数值”粘贴回来）"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ref := tc.cell[len(`<c r="`):strings.Index(tc.cell, `" `)]
			name := rewriteSheet(t, book, func(s string) string { return cellXML(t, s, ref, tc.cell) })
			before := snapshot(t, db)
			_, ps, err := Import(context.Background(), db, name, importOpts())
			if !errors.Is(err, ErrRefused) || len(ps) != 1 || ps[0].String() != tc.want {
				t.Fatalf("err %v, problems %v\nwant %s", err, ps, tc.want)
			}
			if !reflect.DeepEqual(snapshot(t, db), before) {
				t.Error("the database changed")
			}
		})
	}
	// A formula elsewhere (a column the office added) is its own.
	t.Run("a formula in another column", func(t *testing.T) {
		name := rewriteSheet(t, book, func(s string) string {
			return strings.Replace(s, "</row>", `<c r="Z2"><f>1+1</f><v>2</v></c></row>`, 2)
		})
		if _, ps, err := Import(context.Background(), db, name, importOpts()); err != nil {
			t.Fatal(err, ps)
		}
	})
}

// Rows that reach far to the right cost their every cell to read, however
// small the file: such a sheet is refused before it is read.
func TestImportRefusesAWideSheet(t *testing.T) {
	dir := t.TempDir()
	db, _ := district(t, dir, "a", 1)
	book := workbook(t, db, dir)
	rows := maxSheetCells/16384 + 1
	name := rewriteSheet(t, book, func(s string) string {
		var b strings.Builder
		for r := 10; r < 10+rows; r++ {
			fmt.Fprintf(&b, `<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, r, r)
		}
		return strings.Replace(s, "</sheetData>", b.String()+"</sheetData>", 1)
	})
	_, ps, err := Import(context.Background(), db, name, importOpts())
	want := fmt.Sprintf("万格，上限 %d 万格）：多半是整行设了格式。请只把有内容的格子复制到新表格里另存", maxSheetCells/10_000)
	if !errors.Is(err, ErrRefused) || len(ps) != 1 || !strings.HasPrefix(ps[0].String(), "意见办理：工作表的格子太多（各行一直用到很靠右的列，共 ") ||
		!strings.HasSuffix(ps[0].String(), want) {
		t.Fatalf("err %v, problems %v\nwant …%s", err, ps, want)
	}
}

// The sheet is found however the workbook names its relationship, so
// that the bounds and the formulas are read from the very part the
// spreadsheet library reads.
func TestSheetPath(t *testing.T) {
	for _, tc := range []struct {
		name, workbook, rels, want string
		err                        bool
	}{
		{"transitional", `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="概况" r:id="rId1"/><sheet name="意见办理" r:id="rId2"/></sheets></workbook>`,
			`<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="worksheets/sheet2.xml"/></Relationships>`, "xl/worksheets/sheet2.xml", false},
		{"strict", `<workbook xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships"><sheets><sheet name="意见办理" r:id="rId7"/></sheets></workbook>`,
			`<Relationships><Relationship Id="rId7" Target="/xl/worksheets/sheet7.xml"/></Relationships>`, "xl/worksheets/sheet7.xml", false},
		{"listed without its part", `<workbook xmlns:r="r"><sheets><sheet name="意见办理" r:id="rId3"/></sheets></workbook>`,
			`<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := filepath.Join(t.TempDir(), "b.xlsx")
			writeZip(t, name, func(add func(string, string)) {
				add("xl/workbook.xml", tc.workbook)
				add("xl/_rels/workbook.xml.rels", tc.rels)
			})
			zr, err := zip.OpenReader(name)
			if err != nil {
				t.Fatal(err)
			}
			defer zr.Close()
			got, err := sheetPath(&zr.Reader, "意见办理")
			if got != tc.want || (err != nil) != tc.err || errors.Is(err, errNoSheet) {
				t.Errorf("%q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// No spreadsheet writes a row past its last, 1,048,576; rows numbered
// beyond it are what a made-up file uses to cost time without cells.
func TestImportRefusesRowsPastTheLast(t *testing.T) {
	dir := t.TempDir()
	db, _ := district(t, dir, "a", 1)
	name := rewriteSheet(t, workbook(t, db, dir), func(s string) string {
		return strings.Replace(s, "</sheetData>", `<row r="1048577" s="1" customFormat="1"/></sheetData>`, 1)
	})
	_, ps, err := Import(context.Background(), db, name, importOpts())
	want := "意见办理：工作表有第 1048577 行，超过了表格软件的 1048576 行：这不是 Excel 或 WPS 保存的表格"
	if !errors.Is(err, ErrRefused) || len(ps) != 1 || ps[0].String() != want {
		t.Fatalf("err %v, problems %v\nwant %s", err, ps, want)
	}
}
