package parse

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// A table as a village accountant keeps it, with no sidecar to describe
// it: a title row (often merged across the columns), lines such as
// 填报单位：… and 时间：2026年第一季度, then the header and the rows, some of
// whose columns hold money. tableLayout is what is found in the top rows.
type tableLayout struct {
	headerRow int // 1-based index into the rows read; 0: none found
	title     string
	titleLine int // the line or row of the title
	unit      string
	period    string
	// periodRank says how sure the period is to be the time the table
	// covers: 2 for 所属期间 and its kin, 1 for a bare period line, 0 for
	// a date the form was filled in (填报时间), which a better one replaces.
	periodRank int
}

// layoutRows is how far down a header is looked for: forms put a title
// and two or three lines above it, never a screenful.
const layoutRows = 20

// mergedCell is one merged range of a worksheet, 1-based and inclusive.
type mergedCell struct {
	firstCol, firstRow, lastCol, lastRow int
}

// maxMerges bounds the merged ranges kept from a worksheet: only the top
// rows' matter, and a hostile sheet could list millions.
const maxMerges = 1000

// parseMergeRef reads a merged range such as "A1:F1".
func parseMergeRef(ref string) (mergedCell, bool) {
	a, b, ok := strings.Cut(ref, ":")
	if !ok {
		return mergedCell{}, false
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(a)
	c2, r2, err2 := excelize.CellNameToCoordinates(b)
	if err1 != nil || err2 != nil {
		return mergedCell{}, false
	}
	return mergedCell{min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2)}, true
}

// unitKeys and periodKeys are the labels forms put before the unit that
// reports and the time the table covers.
var (
	unitKeys   = []string{"填报单位", "填表单位", "编制单位", "公示单位", "报送单位", "单位名称", "村（社区）", "村(社区)", "村社", "单位"}
	periodKeys = []string{"所属期间", "会计期间", "公示时间", "填报时间", "统计时间", "填报日期", "公示日期", "所属期", "公示期", "报告期", "期间", "时间", "日期"}
	// coverKeys name the time a table covers, not when it was filled in.
	coverKeys = []string{"所属期间", "会计期间", "统计时间", "所属期", "公示期", "报告期", "期间"}
	// fillKeys name when a form was filled in or put up: the period only
	// where nothing better says it.
	fillKeys = []string{"填报时间", "填报日期", "公示日期", "日期"}
	// gapRE ends a label's value: forms space the labels of one line
	// apart with runs of spaces or an ideographic space.
	gapRE   = regexp.MustCompile(`\s{2,}|　`)
	labelRE = regexp.MustCompile(`(` + strings.Join(append(append([]string{}, unitKeys...), periodKeys...), "|") + `)\s*[：:]`)
	// moneyUnitRE is "单位：元" and its kin: the unit of the amounts, not
	// the unit that reports.
	moneyUnitRE = regexp.MustCompile(`^(人民币)?(元|万元|千元|百元|亿元)([、，,；;].*)?$`)
	// periodRE is a bare period line: 2026年第一季度, 2026年1-3月,
	// 2026年度, 2026年上半年, 2026年3月.
	periodRE = regexp.MustCompile(`^\d{4}\s*年\s*(度|全年|[上下]半年|第?[一二三四1-4]\s*季度|(\d{1,2}\s*(月份?)?\s*[-—–~～至到]\s*)?\d{1,2}\s*月份?)?$`)
	// anyLabelRE is any short "something：" at the start of a cell: a line
	// of a form (制表人：, 编号：) rather than a column's name.
	anyLabelRE = regexp.MustCompile(`^[^\s：:]{1,8}\s*[：:]`)
)

// readLabels finds 填报单位：… and 时间：… in one cell, several to a cell
// as forms often write them ("填报单位：横一村    时间：2026年第一季度").
func readLabels(cell string, lay *tableLayout) bool {
	found := false
	idx := labelRE.FindAllStringSubmatchIndex(cell, -1)
	for i, m := range idx {
		end := len(cell)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		key, val := cell[m[2]:m[3]], strings.TrimSpace(cell[m[1]:end])
		val = strings.Trim(val, " \t　")
		// "编制单位：横一村合作社        2026年3月": the value ends at the
		// gap; a bare period after it is the period.
		if loc := gapRE.FindStringIndex(val); loc != nil {
			for _, rest := range gapRE.Split(val[loc[1]:], -1) {
				if rest = strings.TrimSpace(rest); periodRE.MatchString(rest) {
					found = lay.setPeriod(rest, 1) || found
				}
			}
			val = strings.TrimSpace(val[:loc[0]])
		}
		if val == "" {
			continue
		}
		switch {
		case contains(unitKeys, key):
			if moneyUnitRE.MatchString(val) {
				continue
			}
			if lay.unit == "" {
				lay.unit, found = val, true
			}
		case contains(coverKeys, key):
			found = lay.setPeriod(val, 2) || found
		case contains(fillKeys, key):
			found = lay.setPeriod(val, 0) || found
		default:
			found = lay.setPeriod(val, 1) || found
		}
	}
	return found
}

// setPeriod takes p as the period unless one at least as sure (rank) is
// already there.
func (lay *tableLayout) setPeriod(p string, rank int) bool {
	if lay.period != "" && lay.periodRank >= rank {
		return false
	}
	lay.period, lay.periodRank = p, rank
	return true
}

// bracketed is s without the brackets around the whole of it: a subtitle
// （2026年第一季度） under a title.
func bracketed(s string) string {
	for _, p := range [][2]string{{"（", "）"}, {"(", ")"}, {"【", "】"}, {"〔", "〕"}} {
		if strings.HasPrefix(s, p[0]) && strings.HasSuffix(s, p[1]) {
			return strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, p[0]), p[1]))
		}
	}
	return s
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// nonEmpty is the cells of a row that hold something, with their 1-based
// columns.
func nonEmpty(cells []string) (cols []int, texts []string) {
	for i, c := range cells {
		if c = strings.TrimSpace(c); c != "" {
			cols = append(cols, i+1)
			texts = append(texts, c)
		}
	}
	return cols, texts
}

// looksLikeHeader: two or more names, none of them a number, an amount or
// a form's label.
func looksLikeHeader(texts []string) bool {
	if len(texts) < 2 {
		return false
	}
	for _, t := range texts {
		if _, ok := parseAmount(t); ok || anyLabelRE.MatchString(t) || utf8.RuneCountInString(t) > 30 {
			return false
		}
	}
	return true
}

// findLayout reads the lines above the header and finds the header: the
// first row among the top layoutRows that looks like one. A title is a row
// with one cell of text that is neither a label nor a bare period; one
// merged across columns is preferred.
func findLayout(raw []rawRow, merges []mergedCell) tableLayout {
	var lay tableLayout
	mergedTitle := false
	for i, row := range raw {
		if row.line > layoutRows || i >= layoutRows {
			break
		}
		cols, texts := nonEmpty(row.cells)
		if len(texts) == 0 {
			continue
		}
		if looksLikeHeader(texts) {
			lay.headerRow = i + 1
			// A cell written on two lines (Alt+Enter) gives one line.
			for _, s := range []*string{&lay.title, &lay.unit, &lay.period} {
				*s = strings.Join(strings.Fields(*s), " ")
			}
			return lay
		}
		labelled := false
		for _, t := range texts {
			if readLabels(t, &lay) {
				labelled = true
			}
		}
		if labelled || len(texts) != 1 {
			continue
		}
		t := texts[0]
		switch {
		case periodRE.MatchString(bracketed(t)):
			lay.setPeriod(bracketed(t), 1)
		case anyLabelRE.MatchString(t):
		case lay.title == "" || (!mergedTitle && mergedAcross(merges, row.line, cols[0])):
			lay.title, lay.titleLine = t, row.line
			mergedTitle = mergedAcross(merges, row.line, cols[0])
		}
	}
	return tableLayout{}
}

// mergedAcross tells whether the cell at row, col starts a range merged
// over two or more columns.
func mergedAcross(merges []mergedCell, row, col int) bool {
	for _, m := range merges {
		if m.firstRow == row && m.firstCol == col && m.lastCol > m.firstCol {
			return true
		}
	}
	return false
}

// signatureRE is a line a form ends with: who made and checked it, the
// supervisors' opinion, the date it was signed. Not data.
var signatureRE = regexp.MustCompile(`^(制表人?|填表人?|审核人?|负责人|经办人|记账人?|会计|出纳|主管|村务监督委员会(意见)?|监委会(意见)?|监督小组(意见)?|制表日期|报出日期|填报日期)\s*[：:]`)

// trimSignatures drops the rows at the end of a table below the header
// whose every filled cell is a signature line (制表人：…  审核人：…): they
// would show as rows of the table. A note (备注：…) stays.
func trimSignatures(raw []rawRow, headerRow int) []rawRow {
	end := len(raw)
	for end > headerRow {
		_, texts := nonEmpty(raw[end-1].cells)
		signed := len(texts) > 0
		for _, t := range texts {
			if !signatureRE.MatchString(t) {
				signed = false
				break
			}
		}
		if !signed && len(texts) > 0 {
			break
		}
		end--
	}
	return raw[:end]
}

// amountWords are the words of a header that names money.
var amountWords = []string{"金额", "收入", "支出", "元", "单价", "合计", "小计", "总价", "价格", "费用", "余额", "结余", "租金", "预算", "款"}

// findAmountColumns picks the columns that hold money: a header naming
// money over cells most of which are amounts (the rest are then reported
// as not numbers), or any header over cells that are all amounts with at
// least one written as money (a thousands separator, ¥ or 元); a column of
// plain numbers (序号, 年份, 电话) is not money.
func findAmountColumns(header []string, rows []rawRow) []string {
	var out []string
	for j, h := range header {
		filled, numbers, money := 0, 0, 0
		for _, r := range rows {
			if j >= len(r.cells) {
				continue
			}
			c := strings.TrimSpace(r.cells[j])
			if c == "" {
				continue
			}
			filled++
			if _, ok := parseAmount(c); ok {
				numbers++
				if strings.ContainsAny(c, ",，¥￥元") {
					money++
				}
			}
		}
		named := false
		for _, w := range amountWords {
			if strings.Contains(h, w) {
				named = true
				break
			}
		}
		switch {
		case named && (filled == 0 || numbers*2 > filled):
			out = append(out, h)
		case filled > 0 && numbers == filled && money > 0:
			out = append(out, h)
		}
	}
	return out
}

// TitleWords is a disclosure category and the words of a table's title
// that put a table in it.
type TitleWords struct {
	Category string
	Words    []string
}

// DisclosureTitleWords are the default words for the default disclosure
// categories.
var DisclosureTitleWords = []TitleWords{
	{"财务", []string{"财务", "收支"}},
	{"工程项目", []string{"工程", "项目"}},
	{"食堂", []string{"食堂", "菜单", "菜谱"}},
	{"资产资源", []string{"资产", "资源", "租赁"}},
}

// CategoryFromTitle is the category whose word comes first in title
// ("食堂收支公示" is the canteen's), or "" when none is there.
func CategoryFromTitle(title string, words []TitleWords) string {
	best, at := "", len(title)+1
	for _, tw := range words {
		for _, w := range tw.Words {
			if i := strings.Index(title, w); i >= 0 && i < at {
				best, at = tw.Category, i
			}
		}
	}
	return best
}
