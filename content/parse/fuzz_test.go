package parse

import (
	"context"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"qingfeng/content"
)

// FuzzFrontMatter feeds arbitrary story files through front matter splitting
// and YAML reading: no panic, every problem points inside the file, and a
// syntax error is said in Chinese.
func FuzzFrontMatter(f *testing.F) {
	f.Add(okStory)
	f.Add("---\nid: a\n---\n")
	f.Add("---\n---")
	f.Add("---\r\ntitle: [\r\n---\r\n")
	f.Add("---\nid: &a [*a]\n---\nbody")
	f.Fuzz(func(t *testing.T, text string) {
		text = normalizeNewlines(text)
		front, body, bodyLine, ok := splitFrontMatter(text)
		if !ok {
			return
		}
		if !strings.HasSuffix(text, body) || len(front)+len(body) > len(text) {
			t.Fatalf("front %q + body %q do not come from %q", front, body, text)
		}
		if lines := strings.Count(text, "\n") + 2; bodyLine < 2 || bodyLine > lines {
			t.Fatalf("body line %d outside the file (%d lines)", bodyLine, lines)
		}
		var ps content.Problems
		parseYAML(front, "s.md", 1, &ps)
		for _, p := range ps {
			if p.Line < 0 || p.Line > bodyLine {
				t.Fatalf("problem outside the front matter: %v", p)
			}
			if p.Err != nil && strings.ContainsFunc(strings.NewReplacer("Tab", "", "UTF-8", "").Replace(p.Msg), func(c rune) bool {
				return c < 0x80 && ('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z')
			}) {
				t.Fatalf("the YAML library's English reached staff: %v", p)
			}
		}
	})
}

// FuzzCSV reads arbitrary CSV text as a disclosure: no panic, rows keep
// increasing line numbers, every row has the header's width.
func FuzzCSV(f *testing.F) {
	f.Add("月份,收入,支出\n1月,\"1,200\",300\n2月,800\n", 1)
	f.Add("标题\n项目,金额\n\"a\nb\",3\n", 2)
	f.Add("\"unterminated,1\n", 1)
	f.Add(",,,\n,,\n", 1)
	f.Add("横一村财务公示表,,\n填报单位：横一村  时间：2026年第一季度,,\n单位：元,,\n项目,收入（元）,备注\n租金,\"1,200.00\",\n合计,￥1200,\n", 5)
	f.Fuzz(func(t *testing.T, text string, headerRow int) {
		if headerRow < 1 || headerRow > 5 {
			return
		}
		var ps content.Problems
		raw, ok := readCSV(text, "d.csv", headerRow, content.DefaultLimits(), &ps)
		if !ok {
			return
		}
		lay := findLayout(raw, nil)
		if lay.headerRow > len(raw) || lay.headerRow > layoutRows {
			t.Fatalf("header found at %d of %d rows", lay.headerRow, len(raw))
		}
		amounts := []string{"收入", "金额"}
		if lay.headerRow > 0 {
			headerRow = lay.headerRow
			amounts = findAmountColumns(raw[headerRow-1].cells, raw[headerRow:])
		}
		d := content.Disclosure{File: "d.csv"}
		buildTable(&d, raw, headerRow, amounts, 1, "d.yaml", false, content.DefaultLimits(), &ps)
		last := 0
		for _, r := range d.Rows {
			if r.Line <= last {
				t.Fatalf("row lines not increasing: %d after %d", r.Line, last)
			}
			last = r.Line
			if len(r.Cells) != len(d.Header) {
				t.Fatalf("row of %d cells under a header of %d", len(r.Cells), len(d.Header))
			}
			if len(r.Amounts) != len(d.AmountColumns) {
				t.Fatalf("%d amounts for %d amount columns", len(r.Amounts), len(d.AmountColumns))
			}
		}
	})
}

// FuzzZip opens arbitrary bytes as a zipped package: no panic, and no path
// that could leave the package is ever listed.
func FuzzZip(f *testing.F) {
	f.Add(zipTree(f, baseTree(f), ""))
	f.Add(zipTree(f, baseTree(f), "pkg/"))
	f.Add(zipTree(f, &txtar.Archive{Files: []txtar.File{{Name: "../x", Data: []byte("1")}, {Name: "/abs", Data: []byte("2")}, {Name: `a\..\..\b`, Data: []byte("3")}}}, ""))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Fuzz(func(t *testing.T, data []byte) {
		src := OpenZipBytes("f.zip", data)
		for _, p := range src.Paths() {
			if strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || p == ".." || strings.HasPrefix(p, "../") || strings.Contains(p, "/../") {
				t.Fatalf("unsafe path listed: %q", p)
			}
		}
		l := content.DefaultLimits()
		l.MaxImagePixels = 1 << 20
		l.MaxTextBytes = 1 << 16
		Read(context.Background(), src, Options{Limits: l})
	})
}

// FuzzXLSX reads workbooks with arbitrary sheet and shared string XML as a
// disclosure: no panic, rows keep increasing row numbers within the column
// limit, and every data row has the header's width.
func FuzzXLSX(f *testing.F) {
	f.Add(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>金额</t></is></c></row><row r="3"><c r="B3"><v>12.5</v></c></row>`,
		`<sst><si><t>项目</t></si></sst>`, 1)
	f.Add(`<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="XFD2"><v>1</v></c></row>`, ``, 1)
	f.Add(`<row r="2"><c r="B2"><f>SUM(A1:A3)</f></c><c r="C2" t="str"><f>""</f><v></v></c></row>`, ``, 2)
	f.Add(`<row><c><v>1</v></c></row><row r="1048577"/>`, `<sst><si><r><t>a</t></r></si>`, 1)
	f.Add(`<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>填报单位：甲村 时间：2026年</t></is></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>项目</t></is></c><c r="B3" t="inlineStr"><is><t>金额</t></is></c></row></sheetData><mergeCells><mergeCell ref="A1:B1"/><mergeCell ref="B9:A1"/><mergeCell ref="Z"/></mergeCells><sheetData>`, ``, 1)
	f.Fuzz(func(t *testing.T, sheet, shared string, headerRow int) {
		if headerRow < 1 || headerRow > 5 {
			return
		}
		var sst func(io.Writer)
		if shared != "" {
			sst = func(w io.Writer) { io.WriteString(w, shared) }
		}
		data := xlsxParts(t, func(w io.Writer) { io.WriteString(w, sheet) }, sst)
		l := content.DefaultLimits()
		l.MaxRows = 100
		var ps content.Problems
		raw, merges, ok := readXLSX(data, "d.xlsx", headerRow, l, &ps)
		for _, p := range ps {
			if p.File != "d.xlsx" || p.Line < 0 {
				t.Fatalf("problem outside the file: %v", p)
			}
		}
		if !ok {
			return
		}
		last := 0
		for _, r := range raw {
			if r.line <= last {
				t.Fatalf("row numbers not increasing: %d after %d", r.line, last)
			}
			last = r.line
			if len(r.cells) > maxColumns {
				t.Fatalf("row %d of %d cells kept", r.line, len(r.cells))
			}
		}
		if len(merges) > maxMerges {
			t.Fatalf("%d merged ranges kept", len(merges))
		}
		if lay := findLayout(raw, merges); lay.headerRow > len(raw) || lay.headerRow > layoutRows {
			t.Fatalf("header found at %d of %d rows", lay.headerRow, len(raw))
		}
		d := content.Disclosure{File: "d.xlsx"}
		buildTable(&d, raw, headerRow, []string{"金额"}, 1, "d.yaml", true, l, &ps)
		if len(d.Rows) > l.MaxRows {
			t.Fatalf("%d rows over the limit of %d", len(d.Rows), l.MaxRows)
		}
		for _, r := range d.Rows {
			if len(r.Cells) != len(d.Header) {
				t.Fatalf("row of %d cells under a header of %d", len(r.Cells), len(d.Header))
			}
		}
	})
}

// FuzzQuizSheet reads arbitrary CSV text as a quiz sheet: no panic, every
// problem names a line of the sheet, and a sheet without errors gives
// questions of 2 to 4 choices whose answer is one of them.
func FuzzQuizSheet(f *testing.F) {
	f.Add("题目,A,B,C,D,答案,解析\n问,甲,乙,,,A,\n")
	f.Add("清廉答题\n题目,A,B,C,D,答案\n问,甲,乙,丙,丁,d\n,,,\n问二,甲,,丙,,C\n")
	f.Add("\"题目\",\"答案\",A,B\n\"问\nb\",Ｂ,1,2\n")
	f.Add("题目,答案\n问,A\n")
	f.Fuzz(func(t *testing.T, text string) {
		src, err := FromFS("f", fstest.MapFS{"package.yaml": {Data: []byte(okPackageYAML)}, "quizzes/q.csv": {Data: []byte(text)}})
		if err != nil {
			t.Fatal(err)
		}
		pkg, ps := Read(context.Background(), src, Options{})
		lines := strings.Count(normalizeNewlines(text), "\n") + 1
		for _, p := range ps {
			if p.File == "quizzes/q.csv" && (p.Line < 0 || p.Line > lines) {
				t.Fatalf("problem outside the sheet's %d lines: %v", lines, p)
			}
		}
		if ps.HasErrors() || pkg == nil {
			return
		}
		for _, q := range pkg.Quizzes {
			for i, qu := range q.Questions {
				if len(qu.Choices) < 2 || len(qu.Choices) > quizSheetChoices || qu.Answer < 0 || qu.Answer >= len(qu.Choices) {
					t.Fatalf("question %d: %d choices, answer %d", i+1, len(qu.Choices), qu.Answer)
				}
			}
		}
	})
}
