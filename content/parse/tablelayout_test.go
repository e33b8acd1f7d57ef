package parse

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"qingfeng/content"
	"qingfeng/content/contenttest"
)

// fixture is a committed spreadsheet under testdata: sheets/ written by
// build/sheetfixtures (excelize), sheets-libreoffice/ by LibreOffice Calc
// (build/sheetfixtures/libreoffice.sh).
func fixture(tb testing.TB, name string) string {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(name)))
	if err != nil {
		tb.Fatal(err)
	}
	return string(data)
}

// readTree writes a and reads it as a package.
func readTree(tb testing.TB, a *txtar.Archive) (*content.Package, content.Problems) {
	tb.Helper()
	dir := tb.TempDir()
	contenttest.Write(tb, dir, a)
	return readDir(tb, dir, Options{})
}

func disclosure(tb testing.TB, pkg *content.Package, file string) content.Disclosure {
	tb.Helper()
	for _, d := range pkg.Disclosures {
		if d.File == file {
			return d
		}
	}
	tb.Fatalf("no disclosure from %s among %d", file, len(pkg.Disclosures))
	return content.Disclosure{}
}

func amountHeaders(d content.Disclosure) []string {
	var out []string
	for _, i := range d.AmountColumns {
		out = append(out, d.Header[i])
	}
	return out
}

// TestTablesAsOfficesKeepThem imports the committed spreadsheets with no
// sidecar: title, unit, period, header, money columns and category come
// from the sheet itself.
func TestTablesAsOfficesKeepThem(t *testing.T) {
	for _, tc := range []struct {
		file, title, unit, period, category string
		header, amounts                     []string
		rows                                int
		firstLine                           int
		amount                              float64 // the first row's first amount
	}{
		{file: "sheets/横一村财务收支公示.xlsx", title: "横一村2026年第一季度财务收支公示", unit: "横一村股份经济合作社", period: "2026年第一季度", category: "财务",
			header: []string{"日期", "摘要", "收入", "支出", "经手人"}, amounts: []string{"收入", "支出"}, rows: 4, firstLine: 5, amount: 126000},
		{file: "sheets/老年食堂菜单.xlsx", title: "横一村老年食堂本周菜单", category: "食堂",
			header: []string{"星期", "菜品", "份数", "单价（元）"}, amounts: []string{"单价（元）"}, rows: 3, firstLine: 3, amount: 6},
		{file: "sheets/村级工程公示.csv", title: "2026年横一村村级小微工程公示", unit: "横一村村民委员会", period: "2026年3月", category: "工程项目",
			header: []string{"项目名称", "施工单位", "合同金额", "完成情况"}, amounts: []string{"合同金额"}, rows: 3, firstLine: 4, amount: 128500},
		{file: "sheets-libreoffice/横一村一季度收支.xlsx", title: "横一村2026年第一季度财务收支公示", unit: "横一村股份经济合作社", period: "2026年第一季度", category: "财务",
			header: []string{"日期", "摘要", "收入（元）", "支出（元）", "经手人"}, amounts: []string{"收入（元）", "支出（元）"}, rows: 4, firstLine: 4, amount: 126000},
	} {
		t.Run(tc.file, func(t *testing.T) {
			a := baseTree(t)
			drop(a, "disclosures/fin.yaml")
			drop(a, "disclosures/fin.csv")
			name := "disclosures/" + path.Base(tc.file)
			set(a, name, fixture(t, tc.file))
			pkg, ps := readTree(t, a)
			if ps.HasErrors() {
				t.Fatalf("problems: %v", ps)
			}
			for _, p := range ps {
				if p.File == name && !strings.Contains(p.Msg, "GBK") {
					t.Errorf("unexpected problem: %v", p)
				}
			}
			d := disclosure(t, pkg, name)
			if d.Title != tc.title || d.Unit != tc.unit || d.Period != tc.period || d.Category != tc.category {
				t.Errorf("title %q unit %q period %q category %q, want %q %q %q %q", d.Title, d.Unit, d.Period, d.Category, tc.title, tc.unit, tc.period, tc.category)
			}
			if !slices.Equal(d.Header, tc.header) {
				t.Errorf("header %q, want %q", d.Header, tc.header)
			}
			if got := amountHeaders(d); !slices.Equal(got, tc.amounts) {
				t.Errorf("amount columns %q, want %q", got, tc.amounts)
			}
			if len(d.Rows) != tc.rows {
				t.Fatalf("%d rows, want %d", len(d.Rows), tc.rows)
			}
			if d.Rows[0].Line != tc.firstLine || d.Rows[0].Amounts[0] != tc.amount {
				t.Errorf("first row at line %d with %v, want line %d with %v", d.Rows[0].Line, d.Rows[0].Amounts, tc.firstLine, tc.amount)
			}
		})
	}
}

// TestSidecarStillWins: what a sidecar gives is used, and only what it
// leaves out is found in the sheet.
func TestSidecarStillWins(t *testing.T) {
	a := baseTree(t)
	drop(a, "disclosures/fin.yaml")
	drop(a, "disclosures/fin.csv")
	set(a, "disclosures/fin.xlsx", fixture(t, "sheets/横一村财务收支公示.xlsx"))
	set(a, "disclosures/fin.yaml", "title: 一季度账目\ncategory: 其他\namount_columns: [收入]\n")
	pkg, ps := readTree(t, a)
	if ps.HasErrors() {
		t.Fatalf("problems: %v", ps)
	}
	d := disclosure(t, pkg, "disclosures/fin.xlsx")
	if d.Title != "一季度账目" || d.Category != "其他" || d.Unit != "横一村股份经济合作社" || d.Period != "2026年第一季度" {
		t.Errorf("title %q category %q unit %q period %q", d.Title, d.Category, d.Unit, d.Period)
	}
	if got := amountHeaders(d); !slices.Equal(got, []string{"收入"}) {
		t.Errorf("amount columns %q, want the sidecar's", got)
	}
}

// TestFindLayout covers the shapes of the lines above a header.
func TestFindLayout(t *testing.T) {
	rows := func(lines ...string) []rawRow {
		var out []rawRow
		for i, l := range lines {
			out = append(out, rawRow{line: i + 1, cells: strings.Split(l, "|")})
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		raw    []rawRow
		merges []mergedCell
		want   tableLayout
	}{
		{"header first", rows("月份|收入|支出", "1月|1|2"), nil, tableLayout{headerRow: 1}},
		{"labels in one cell", rows("村务公开表||", "填报单位：横一村　　时间：2026年第一季度||", "", "项目|金额|"),
			nil, tableLayout{headerRow: 4, title: "村务公开表", titleLine: 1, unit: "横一村", period: "2026年第一季度"}},
		{"money unit is not the unit", rows("单位：元||", "公示单位:横二村|", "项目|金额"),
			nil, tableLayout{headerRow: 3, unit: "横二村"}},
		{"bare period line", rows("2026年1-3月|", "项目|金额"), nil, tableLayout{headerRow: 2, period: "2026年1-3月"}},
		{"merged title preferred", rows("说明文字|", "资产租赁公示|", "项目|租金"),
			[]mergedCell{{1, 2, 4, 2}}, tableLayout{headerRow: 3, title: "资产租赁公示", titleLine: 2}},
		{"no header in reach", rows("a", "b", "1|2"), nil, tableLayout{}},
		{"unit, period and money unit spaced apart in one cell", rows("横一村资金收支公示|", "编制单位：横一村股份经济合作社        2026年3月        单位：元|", "项目|金额"),
			nil, tableLayout{headerRow: 3, title: "横一村资金收支公示", titleLine: 1, unit: "横一村股份经济合作社", period: "2026年3月"}},
		{"the period covered wins over the day it was filled", rows("填报时间：2026年4月2日|", "所属期间：2026年第一季度|", "项目|金额"),
			nil, tableLayout{headerRow: 3, period: "2026年第一季度"}},
		{"the period covered stays before the day filled", rows("所属期间：2026年第一季度|", "填报日期：2026年4月2日|", "项目|金额"),
			nil, tableLayout{headerRow: 3, period: "2026年第一季度"}},
		{"a subtitle in brackets is the period", rows("石里村财务公示|", "（2026年第一季度）|", "项目|金额"),
			nil, tableLayout{headerRow: 3, title: "石里村财务公示", titleLine: 1, period: "2026年第一季度"}},
		// Alt+Enter in Excel: the title written on two lines of its cell
		// is one line, or the report and the screen's banner show "\n".
		{"title on two lines of its cell", rows("横一村\r\n村务公开表||", "项目|金额|"),
			nil, tableLayout{headerRow: 2, title: "横一村 村务公开表", titleLine: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := findLayout(tc.raw, tc.merges)
			got.periodRank = 0
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestFindAmountColumns(t *testing.T) {
	rows := func(lines ...string) []rawRow {
		var out []rawRow
		for i, l := range lines {
			out = append(out, rawRow{line: i + 2, cells: strings.Split(l, "|")})
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		header []string
		rows   []rawRow
		want   []string
	}{
		{"named by the header", []string{"项目", "收入", "支出"}, rows("租金|100|", "保洁||20"), []string{"收入", "支出"}},
		{"money by content", []string{"项目", "数额"}, rows("租金|1,200.00", "保洁|￥300"), []string{"数额"}},
		{"plain numbers are not money", []string{"序号", "年份", "电话"}, rows("1|2026|13800000000", "2|2025|13900000000"), nil},
		{"a money word over text", []string{"收入来源", "金额"}, rows("租金|100", "补助|200"), []string{"金额"}},
		{"a typo in a money column stays one", []string{"项目", "金额"}, rows("a|100", "b|200", "c|2OO"), []string{"金额"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := findAmountColumns(tc.header, tc.rows); !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCategoryFromTitle(t *testing.T) {
	for title, want := range map[string]string{
		"横一村2026年财务收支公示": "财务",
		"食堂收支公示":         "食堂",
		"村级工程项目公示":       "工程项目",
		"集体资产租赁情况":       "资产资源",
		"低保名单":           "",
	} {
		if got := CategoryFromTitle(title, DisclosureTitleWords); got != want {
			t.Errorf("%s: got %q, want %q", title, got, want)
		}
	}
}

// TestSheetAmountTypo: a detected money column with a cell that is not a
// number is reported with its row, as a sidecar's column would be.
func TestSheetAmountTypo(t *testing.T) {
	a := baseTree(t)
	drop(a, "disclosures/fin.yaml")
	set(a, "disclosures/fin.csv", "村财务公示\n项目,金额\n租金,100\n保洁,200\n补助,2OO\n")
	_, ps := readTree(t, a)
	assertProblem(t, ps, "disclosures/fin.csv", 5, content.Error, "“金额”列的“2OO”不是数字")
}

// TestTableCategory: the sidecar's category wins, then the sub-folder's
// (the argument), then the title's words, else 其他; a sub-folder that is
// no category is reported.
func TestTableCategory(t *testing.T) {
	const sheet = "横一村食堂菜单\n菜品,单价\n青菜,3\n"
	for _, tc := range []struct {
		name, sidecar, folder, want, problem string
	}{
		{name: "from the title", want: "食堂"},
		{name: "from the folder", folder: "财务", want: "财务"},
		{name: "the sidecar wins", sidecar: "category: 资产资源\n", folder: "财务", want: "资产资源"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"disclosures/x.csv": {Data: []byte(sheet)}}
			if tc.sidecar != "" {
				fsys["disclosures/x.yaml"] = &fstest.MapFile{Data: []byte(tc.sidecar)}
			}
			src, err := FromFS("t", fsys)
			if err != nil {
				t.Fatal(err)
			}
			r := &reader{src: src, idLine: map[string]int{}}
			r.opts.fill()
			r.readDisclosure(src.files["disclosures/x.csv"], src.files["disclosures/x.yaml"], tc.folder)
			if len(r.pkg.Disclosures) != 1 {
				t.Fatalf("%d disclosures; problems: %v", len(r.pkg.Disclosures), r.ps)
			}
			if got := r.pkg.Disclosures[0].Category; got != tc.want {
				t.Errorf("category %q, want %q", got, tc.want)
			}
			if tc.problem == "" && r.ps.HasErrors() {
				t.Errorf("problems: %v", r.ps)
			}
			if tc.problem != "" {
				assertProblem(t, r.ps, "disclosures/x.csv", 0, content.Error, tc.problem)
			}
		})
	}
}

func TestTrimSignatures(t *testing.T) {
	rows := func(lines ...string) []rawRow {
		var out []rawRow
		for i, l := range lines {
			out = append(out, rawRow{line: i + 1, cells: strings.Split(l, "|")})
		}
		return out
	}
	for _, tc := range []struct {
		name string
		raw  []rawRow
		want int
	}{
		{"signatures go", rows("项目|金额", "租金|100", "|", "制表人：王会计||审核人：张主任", "村务监督委员会意见：同意|"), 2},
		{"a note stays", rows("项目|金额", "租金|100", "备注：以上为一季度数据|", "制表：王|"), 3},
		{"a signature above data stays", rows("项目|金额", "制表人：王|", "租金|100"), 3},
		{"the header is never taken", rows("制表人：王|审核：李"), 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := trimSignatures(tc.raw, 1); len(got) != tc.want {
				t.Errorf("%d rows kept, want %d", len(got), tc.want)
			}
		})
	}
}

// A sidecar that gives only header_row still lets the lines above the
// header give the title, unit and period it leaves out.
func TestSidecarHeaderRowKeepsTheLinesAbove(t *testing.T) {
	a := baseTree(t)
	drop(a, "disclosures/fin.yaml")
	drop(a, "disclosures/fin.csv")
	set(a, "disclosures/fin.csv", "横一村资金公示,,\n填报单位：横一村,,\n时间：2026年第一季度,,\n项目,收入,支出\n路灯,,100\n")
	set(a, "disclosures/fin.yaml", "header_row: 4\ncategory: 财务\n")
	pkg, ps := readTree(t, a)
	if ps.HasErrors() {
		t.Fatalf("problems: %v", ps)
	}
	d := disclosure(t, pkg, "disclosures/fin.csv")
	if d.Title != "横一村资金公示" || d.Unit != "横一村" || d.Period != "2026年第一季度" || len(d.Rows) != 1 {
		t.Errorf("title %q unit %q period %q, %d rows", d.Title, d.Unit, d.Period, len(d.Rows))
	}
}

// An old .xls renamed to .xlsx, and a workbook with a password, are told as
// what they are (as Word documents are), not as a broken file.
func TestOldOrLockedWorkbooks(t *testing.T) {
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
	locked := append(append([]byte{}, ole...), []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00")...)
	for _, tc := range []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"an old .xls renamed", "disclosures/fin.xlsx", ole, "其实是旧的 .xls 格式（只是改了扩展名）"},
		{"a table with a password", "disclosures/fin.xlsx", locked, "设置了密码（加密）"},
		{"a quiz sheet with a password", "quizzes/q.xlsx", locked, "设置了密码（加密）"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := baseTree(t)
			drop(a, "disclosures/fin.yaml")
			drop(a, "disclosures/fin.csv")
			set(a, tc.file, string(tc.data))
			_, ps := readTree(t, a)
			found := false
			for _, p := range ps {
				if p.File == tc.file && strings.Contains(p.Msg, tc.want) && strings.Contains(p.Msg, "Excel/WPS") {
					found = true
				}
			}
			if !found {
				t.Fatalf("want %q for %s, got:\n%v", tc.want, tc.file, ps)
			}
		})
	}
}
