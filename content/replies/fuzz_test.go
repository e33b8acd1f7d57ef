package replies

import (
	"archive/zip"
	"bytes"
	"testing"
)

// FuzzSheetCells reads any worksheet XML the way the import first reads
// the 意见办理 sheet: it never panics, stops soon after the cells reach
// the bound, and records formulas only where cells are.
func FuzzSheetCells(f *testing.F) {
	f.Add(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="J2" t="str"><f>"x"</f><v>y</v></c></row></sheetData></worksheet>`)
	f.Add(`<worksheet><sheetData><row><c/><c><f t="shared" si="0"/></c></row><row r="1048576"><c r="XFD1048576"/></row></sheetData></worksheet>`)
	f.Add(`<worksheet><sheetData><row r="x"><c r="ZZZZZZ1"><f>`)
	f.Fuzz(func(t *testing.T, sheet string) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for name, body := range map[string]string{
			"xl/workbook.xml":            `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="意见办理" sheetId="1" r:id="rId1"/></sheets></workbook>`,
			"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`,
			"xl/worksheets/sheet1.xml":   sheet,
		} {
			w, _ := zw.Create(name)
			w.Write([]byte(body))
		}
		zw.Close()
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		area, formulas, err := sheetCells(zr, "意见办理")
		if err != nil {
			return
		}
		if area < 0 || area > maxSheetCells+16384 {
			t.Fatalf("area %d", area)
		}
		for at := range formulas {
			if at.col < 0 || at.col > 16384 {
				t.Fatalf("a formula at column %d", at.col)
			}
		}
	})
}
