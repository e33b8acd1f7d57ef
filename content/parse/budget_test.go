package parse

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/tools/txtar"

	"qingfeng/content"
	"qingfeng/content/contenttest"
)

// memoryLimits are the default limits with a small memory budget, so the
// files that exceed it stay small.
func memoryLimits(budget int64) Options {
	l := content.DefaultLimits()
	l.MaxMemoryBytes = budget
	return Options{Limits: l, Thumbnails: true}
}

// sheetXML is a workbook whose first sheet's rows are given as XML.
func sheetXML(tb testing.TB, rows string) string {
	return string(xlsxParts(tb, func(w io.Writer) { io.WriteString(w, rows) }, nil))
}

// TestMemoryBudgetRules checks the messages of each refusal the memory
// budget makes, file and line; TestMemoryBudget measures the memory.
func TestMemoryBudgetRules(t *testing.T) {
	cases := []problemCase{
		{name: "texts over the budget", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/long.md", "---\nid: long\ntitle: 长\ncategory: 清廉阵地\n---\n"+strings.Repeat("清风", 4000))
		}, opts: memoryLimits(128 << 10), file: "stories/long.md", want: "文字总量超过16 KB的上限"},
		{name: "csv wider than the column limit", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "disclosures/fin.csv", "月份,收入,支出\n1月,1,2"+strings.Repeat(",", 200)+"3\n")
		}, file: "disclosures/fin.csv", line: 2, want: "这一行写到了第203列（GU列），超过100列的上限"},
		{name: "xlsx row reaching the last column", change: func(tb testing.TB, f *txtar.Archive) {
			set(f, "disclosures/book.xlsx", sheetXML(tb, `<row r="1"><c r="A1" t="inlineStr"><is><t>项目</t></is></c></row>`+
				`<row r="2"><c r="A2" t="inlineStr"><is><t>租金</t></is></c></row>`+
				`<row r="3"><c r="XFD3"><v>1</v></c></row>`))
		}, file: "disclosures/book.xlsx", line: 3, want: "第16384列（XFD列），超过100列的上限"},
		{name: "xlsx with too many shared strings", change: func(tb testing.TB, f *txtar.Archive) {
			set(f, "disclosures/book.xlsx", string(xlsxSharedStrings(tb, 5000)))
		}, opts: memoryLimits(4 << 20), file: "disclosures/book.xlsx", want: "表格里有5000条不重复的文字"},
		{name: "xlsx inflating beyond the budget", change: func(tb testing.TB, f *txtar.Archive) {
			set(f, "disclosures/book.xlsx", sheetXML(tb, `<row r="1"><c r="A1" t="inlineStr"><is><t>`+strings.Repeat("长", 400_000)+`</t></is></c></row>`))
		}, opts: memoryLimits(4 << 20), file: "disclosures/book.xlsx", want: "超过1 MB的上限"},
		{name: "16-bit PNG over the decode budget", change: func(tb testing.TB, f *txtar.Archive) {
			set(f, "media/cover.png", string(pngBlank(tb, 600, 600, 16)))
		}, opts: memoryLimits(8 << 20), file: "media/cover.png", want: "这张16位图片（600×600）显示前需要约4 MB内存，超过2 MB的上限"},
		{name: "progressive CMYK JPEG over the decode budget", change: func(tb testing.TB, f *txtar.Archive) {
			set(f, "media/photo.jpg", string(contenttest.ProgressiveCMYK(tb, 400, 400)))
		}, opts: memoryLimits(8 << 20), file: "media/photo.jpg", want: "这张渐进式CMYK图片（400×400）"},
		{name: "progressive JPEG of thousands of scans", change: func(tb testing.TB, f *txtar.Archive) {
			set(f, "media/photo.jpg", string(contenttest.ScanBombJPEG(800, 800, 2000)))
		}, file: "media/photo.jpg", want: "有2001遍扫描"},
		{name: "xlsx whose styles part is millions of elements", change: func(tb testing.TB, f *txtar.Archive) {
			set(f, "disclosures/book.xlsx", string(xlsxWithStyles(tb, 20_000)))
		}, opts: memoryLimits(8 << 20), file: "disclosures/book.xlsx", want: "xl/styles.xml"},
		{name: "xlsx of more parts than a workbook has", change: func(tb testing.TB, f *txtar.Archive) {
			set(f, "disclosures/book.xlsx", string(xlsxManyEntries(tb, maxWorkbookEntries+1)))
		}, file: "disclosures/book.xlsx", want: "表格文件里有超过10000个部分"},
		{name: "formula without a cached value", change: func(tb testing.TB, f *txtar.Archive) {
			set(f, "disclosures/book.xlsx", sheetXML(tb, `<row r="1"><c r="A1" t="inlineStr"><is><t>项目</t></is></c><c r="B1" t="inlineStr"><is><t>金额</t></is></c></row>`+
				`<row r="2"><c r="A2" t="inlineStr"><is><t>租金</t></is></c><c r="B2"><v>300</v></c></row>`+
				`<row r="3"><c r="A3" t="inlineStr"><is><t>合计</t></is></c><c r="B3"><f>SUM(B2:B2)</f></c></row>`))
		}, file: "disclosures/book.xlsx", line: 3, want: "单元格B3是公式，但文件里没有保存公式算出的结果"},
		{name: "formulas without cached values are counted", change: func(tb testing.TB, f *txtar.Archive) {
			set(f, "disclosures/book.xlsx", sheetXML(tb, `<row r="1"><c r="A1" t="inlineStr"><is><t>金额</t></is></c></row>`+
				`<row r="7"><c r="B7"><f>1+1</f><v></v></c><c r="C7"><f>B7*2</f></c></row>`))
		}, file: "disclosures/book.xlsx", line: 7, want: "单元格B7等2格是公式"},
		{name: "formula written by excelize without a value", change: func(tb testing.TB, f *txtar.Archive) {
			x := excelize.NewFile()
			defer x.Close()
			x.SetCellValue("Sheet1", "A1", "金额")
			x.SetCellValue("Sheet1", "A2", 5)
			x.SetCellFormula("Sheet1", "A3", "A2*2")
			buf, err := x.WriteToBuffer()
			if err != nil {
				tb.Fatal(err)
			}
			set(f, "disclosures/book.xlsx", buf.String())
		}, file: "disclosures/book.xlsx", line: 3, want: "请在Excel/WPS 里打开后保存一次"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := baseTree(t)
			tc.change(t, files)
			_, ps := readDir(t, contenttest.Write(t, t.TempDir(), files), tc.opts)
			assertProblem(t, ps, tc.file, tc.line, content.Error, tc.want)
		})
	}
}

// TestFormulasWithCachedValues: a formula that carries the value Excel or
// WPS computed is read as that value, an empty text result included.
func TestFormulasWithCachedValues(t *testing.T) {
	files := baseTree(t)
	set(files, "disclosures/book.xlsx", sheetXML(t, `<row r="1"><c r="A1" t="inlineStr"><is><t>项目</t></is></c><c r="B1" t="inlineStr"><is><t>金额</t></is></c><c r="C1" t="inlineStr"><is><t>备注</t></is></c></row>`+
		`<row r="2"><c r="A2" t="inlineStr"><is><t>租金</t></is></c><c r="B2"><v>300</v></c><c r="C2" t="str"><f>IF(B2&gt;1000,"大额","")</f><v></v></c></row>`+
		`<row r="3"><c r="A3" t="inlineStr"><is><t>合计</t></is></c><c r="B3"><f>SUM(B2:B2)</f><v>300</v></c></row>`))
	pkg, ps := readDir(t, contenttest.Write(t, t.TempDir(), files), Options{})
	if ps.HasErrors() {
		t.Fatalf("want no errors, got:\n%v", ps)
	}
	var got []string
	for _, d := range pkg.Disclosures {
		if d.File == "disclosures/book.xlsx" {
			for _, r := range d.Rows {
				got = append(got, fmt.Sprint(r.Line, r.Cells))
			}
		}
	}
	if want := "2 [租金 300 ] | 3 [合计 300 ]"; strings.Join(got, " | ") != want {
		t.Fatalf("rows %q, want %q", strings.Join(got, " | "), want)
	}
}

// xlsxWithStyles is a small sheet with a number cell in style 1, and a
// styles part of n cell formats: a few bytes each in the file, hundreds in
// the spreadsheet library's memory.
func xlsxWithStyles(tb testing.TB, n int) []byte {
	tb.Helper()
	x := xlsxParts(tb, func(w io.Writer) {
		io.WriteString(w, `<row r="1"><c r="A1" t="inlineStr"><is><t>金额</t></is></c></row><row r="2"><c r="A2" s="1"><v>3</v></c></row>`)
	}, nil)
	zr, err := zip.NewReader(bytes.NewReader(x), int64(len(x)))
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		b, err := fs.ReadFile(zr, f.Name)
		if err != nil {
			tb.Fatal(err)
		}
		if f.Name == "xl/_rels/workbook.xml.rels" {
			b = bytes.Replace(b, []byte("</Relationships>"), []byte(`<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`), 1)
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	w, _ := zw.Create("xl/styles.xml")
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.00"/></numFmts><cellXfs>`)
	io.WriteString(w, strings.Repeat(`<xf numFmtId="164"/>`, n))
	io.WriteString(w, `</cellXfs></styleSheet>`)
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// xlsxManyEntries is a small workbook whose central directory lists n more
// entries, all pointing at the same empty one: 52 bytes an entry, each
// held by the zip reader and by the spreadsheet library. Past 65,535 the
// end record's count is written modulo 65,536, which the zip reader
// accepts.
func xlsxManyEntries(tb testing.TB, n int) []byte {
	tb.Helper()
	x := xlsxParts(tb, func(w io.Writer) {
		io.WriteString(w, `<row r="1"><c r="A1" t="inlineStr"><is><t>项目</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>a</t></is></c></row>`)
	}, nil)
	zr, err := zip.NewReader(bytes.NewReader(x), int64(len(x)))
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if err := zw.Copy(f); err != nil {
			tb.Fatal(err)
		}
	}
	zw.CreateHeader(&zip.FileHeader{Name: "x/0", Method: zip.Store})
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	b := buf.Bytes()
	eocd := bytes.LastIndex(b, []byte("PK\x05\x06"))
	dirOff := int(binary.LittleEndian.Uint32(b[eocd+16:]))
	last := bytes.LastIndex(b[:eocd], []byte("PK\x01\x02")) // x/0's record
	rec := b[last:eocd]
	out := append([]byte(nil), b[:eocd]...)
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("x/%d", i)
		r := append([]byte(nil), rec[:46]...)
		binary.LittleEndian.PutUint16(r[28:], uint16(len(name)))
		out = append(append(out, r...), name...)
	}
	end := append([]byte(nil), b[eocd:eocd+22]...)
	total := len(zr.File) + 1 + n
	binary.LittleEndian.PutUint16(end[8:], uint16(total))
	binary.LittleEndian.PutUint16(end[10:], uint16(total))
	binary.LittleEndian.PutUint32(end[12:], uint32(len(out)-dirOff))
	return append(out, end...)
}
