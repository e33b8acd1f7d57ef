package parse

import (
	"fmt"
	"path"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"qingfeng/content"
)

// A quiz kept as a spreadsheet (.xlsx or .csv), one question a row under
// the header 题目 | A | B | C | D | 答案 | 解析: two to four choices, the
// answer as the letter of its column. A title row may sit above the
// header; without one the file's name is the title.

// quizColumns are the names a quiz sheet's header may give each column.
var quizColumns = []struct {
	key   string
	names []string
}{
	{"q", []string{"题目", "问题", "题干", "试题"}},
	{"A", []string{"A", "选项A", "A选项"}},
	{"B", []string{"B", "选项B", "B选项"}},
	{"C", []string{"C", "选项C", "C选项"}},
	{"D", []string{"D", "选项D", "D选项"}},
	{"answer", []string{"答案", "正确答案"}},
	{"explain", []string{"解析", "答案解析", "说明", "讲解"}},
}

// quizSheetChoices is how many choice columns a quiz sheet has (A to D).
const quizSheetChoices = 4

// choiceLetter is the letter of the i-th choice (0-based).
func choiceLetter(i int) rune { return rune('A' + i) }

// parseChoiceLetter reads one choice letter, A to F in either case and in
// full width (Ｂ, typed with a Chinese input method), as a 0-based index.
func parseChoiceLetter(s string) (int, bool) {
	s = strings.TrimSpace(s)
	r := []rune(s)
	if len(r) != 1 {
		return 0, false
	}
	c := r[0]
	switch {
	case c >= 'Ａ' && c <= 'Ｆ':
		c = 'A' + (c - 'Ａ')
	case c >= 'ａ' && c <= 'ｆ':
		c = 'A' + (c - 'ａ')
	case c >= 'a' && c <= 'f':
		c = 'A' + (c - 'a')
	}
	if c < 'A' || c > 'F' {
		return 0, false
	}
	return int(c - 'A'), true
}

// sheetItemID is the id of an item read from a file with no place to
// write one: the file's name where it is a valid id, else a short digest
// of it (Chinese names are not ids).
func sheetItemID(p string) string {
	base := path.Base(p)
	return nameID(strings.TrimSuffix(base, path.Ext(base)), "quiz")
}

// colName is the letter Excel shows above the 1-based column n.
func colName(n int) string {
	s, err := excelize.ColumnNumberToName(n)
	if err != nil {
		return fmt.Sprint(n)
	}
	return s
}

func (r *reader) readQuizSheet(f *file) {
	raw, _, _, ok := r.readSheetRows(f, layoutRows)
	if !ok {
		return
	}
	base := path.Base(f.path)
	q := content.Quiz{File: f.path, ID: sheetItemID(f.path), Title: strings.TrimSuffix(base, path.Ext(base))}
	// The header is the first row naming 题目 and 答案; what is above it
	// may hold a title.
	hdr := -1
	cols := map[string]int{} // key -> 0-based column
	for i, row := range raw {
		if row.line > layoutRows || i >= layoutRows {
			break
		}
		found := map[string]int{}
		for j, c := range row.cells {
			c = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(c), " ", ""))
			for _, qc := range quizColumns {
				if _, dup := found[qc.key]; !dup && contains(qc.names, c) {
					found[qc.key] = j
				}
			}
		}
		if _, hasQ := found["q"]; hasQ {
			if _, hasA := found["answer"]; hasA {
				hdr, cols = i, found
				break
			}
		}
	}
	if hdr < 0 {
		r.ps.Errorf(f.path, 0, "找不到表头：答题表格的第一行（标题行下面）应是 题目 | A | B | C | D | 答案 | 解析")
		return
	}
	hline := raw[hdr].line
	for _, k := range []string{"A", "B"} {
		if _, ok := cols[k]; !ok {
			r.ps.Errorf(f.path, hline, "表头里没有“%s”列：答题表格的表头应是 题目 | A | B | C | D | 答案 | 解析", k)
		}
	}
	if r.ps.HasErrors() && len(cols) < 4 {
		return
	}
	titleLine := 0
	if t, line := titleAbove(raw[:hdr]); t != "" {
		q.Title, titleLine = t, line
	}
	if c := unprintableRune(q.Title); c >= 0 {
		r.ps.Errorf(f.path, titleLine, "答题的标题（标题行，没有时是文件名）里有看不见的控制字符（%U），多半是从网页或别的软件复制时带进来的。请删掉这个字符后重新保存，或给文件改个名字", c)
	}
	cell := func(row rawRow, key string) (string, int, bool) {
		j, ok := cols[key]
		if !ok {
			return "", 0, false
		}
		if j >= len(row.cells) {
			return "", j + 1, true
		}
		return strings.TrimSpace(row.cells[j]), j + 1, true
	}
	for _, row := range raw[hdr+1:] {
		if blankRow(row.cells) {
			continue
		}
		if len(q.Questions) >= r.opts.Limits.MaxRows {
			r.ps.Errorf(f.path, row.line, "答题表格超过%d道题的上限，请拆成几个文件", r.opts.Limits.MaxRows)
			break
		}
		var question content.Question
		text, col, _ := cell(row, "q")
		if text == "" {
			r.ps.Errorf(f.path, row.line, "%s列（题目）是空的", colName(col))
		}
		question.Q = text
		gap := ""
		for i := range quizSheetChoices {
			key := string(choiceLetter(i))
			c, col, ok := cell(row, key)
			switch {
			case !ok:
			case c == "" && i < 2:
				r.ps.Errorf(f.path, row.line, "%s列（选项%s）是空的：每道题至少要有A、B两个选项", colName(col), key)
			case c == "":
				if gap == "" {
					gap = key
				}
			case gap != "":
				r.ps.Errorf(f.path, row.line, "%s列（选项%s）有内容，但选项%s是空的：选项要从A开始连着写", colName(col), key, gap)
			default:
				question.Choices = append(question.Choices, c)
			}
		}
		ans, acol, _ := cell(row, "answer")
		i, isLetter := parseChoiceLetter(ans)
		switch {
		case ans == "":
			r.ps.Errorf(f.path, row.line, "%s列（答案）是空的：请写正确选项的字母，例如 B", colName(acol))
		case !isLetter || i >= quizSheetChoices:
			r.ps.Errorf(f.path, row.line, "%s列（答案）“%s”不对：只能写一个字母 A、B、C 或 D", colName(acol), shorten(ans))
		case i >= len(question.Choices):
			r.ps.Errorf(f.path, row.line, "%s列（答案）是%c，但这道题只有%d个选项", colName(acol), choiceLetter(i), len(question.Choices))
		default:
			question.Answer = i
		}
		question.Explain, _, _ = cell(row, "explain")
		for _, key := range []string{"q", "A", "B", "C", "D", "explain"} {
			if c, col, ok := cell(row, key); ok && !printableCell(c) {
				r.ps.Errorf(f.path, row.line, "%s列里有看不见的控制字符，多半是从网页或别的软件复制时带进来的，请删掉这格后重新输入", colName(col))
			}
		}
		q.Questions = append(q.Questions, question)
	}
	if len(q.Questions) == 0 {
		r.ps.Errorf(f.path, hline, "表头下面没有题目")
		return
	}
	r.pkg.Quizzes = append(r.pkg.Quizzes, q)
}

// titleAbove is the one text of a row above a quiz sheet's header (a
// title row, merged or not) and its line, or "".
func titleAbove(rows []rawRow) (string, int) {
	for _, row := range rows {
		if _, texts := nonEmpty(row.cells); len(texts) == 1 && !anyLabelRE.MatchString(texts[0]) {
			return strings.Join(strings.Fields(texts[0]), " "), row.line // a title on two lines of its cell is one
		}
	}
	return "", 0
}

// printableCell refuses what mapping.printable refuses in YAML: control
// characters other than tab and line break, and characters that reorder
// the text around them.
func printableCell(s string) bool {
	for _, c := range s {
		if (unicode.IsControl(c) && c != '\t' && c != '\n') || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) {
			return false
		}
	}
	return true
}
