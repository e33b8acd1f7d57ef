package parse

import (
	"path"
	"slices"
	"testing"

	"qingfeng/content"
)

// TestQuizSheet reads the committed quiz sheets, one written by excelize
// and one by LibreOffice Calc: a title row above the header, four-choice
// and two-choice questions, letters for answers.
func TestQuizSheet(t *testing.T) {
	for _, tc := range []struct {
		file, title string
		want        []content.Question
	}{
		{"sheets/清廉知识答题.xlsx", "清廉知识答题", []content.Question{
			{Q: "萧山的“智慧印章”覆盖全区多少个村社？", Choices: []string{"103个", "176个", "558个", "1000余个"}, Answer: 2, Explain: "已实现558个村社全覆盖。"},
			{Q: "村级财务可以只公开一次吗？", Choices: []string{"可以", "不可以"}, Answer: 1, Explain: "村务要按时公开。"},
		}},
		{"sheets-libreoffice/村务答题.xlsx", "村务公开知识答题", []content.Question{
			{Q: "村级财务多久公开一次？", Choices: []string{"每月", "每季度", "每年", "不公开"}, Answer: 1, Explain: "一般每季度公开一次。"},
			{Q: "村务监督委员会可以查账吗？", Choices: []string{"可以", "不可以"}, Answer: 0, Explain: "监委会有权查阅村务账目。"},
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			a := baseTree(t)
			name := "quizzes/" + path.Base(tc.file)
			set(a, name, fixture(t, tc.file))
			pkg, ps := readTree(t, a)
			if ps.HasErrors() {
				t.Fatalf("problems: %v", ps)
			}
			var q *content.Quiz
			for i := range pkg.Quizzes {
				if pkg.Quizzes[i].File == name {
					q = &pkg.Quizzes[i]
				}
			}
			if q == nil {
				t.Fatalf("no quiz from the sheet among %d", len(pkg.Quizzes))
			}
			if q.Title != tc.title || !ValidID(q.ID) {
				t.Errorf("title %q id %q", q.Title, q.ID)
			}
			if len(q.Questions) != len(tc.want) {
				t.Fatalf("%d questions, want %d", len(q.Questions), len(tc.want))
			}
			for i, w := range tc.want {
				g := q.Questions[i]
				if g.Q != w.Q || !slices.Equal(g.Choices, w.Choices) || g.Answer != w.Answer || g.Explain != w.Explain {
					t.Errorf("question %d: %+v, want %+v", i+1, g, w)
				}
			}
		})
	}
}

// TestQuizSheetProblems: every row is checked, each problem naming its
// row (the line) and column.
func TestQuizSheetProblems(t *testing.T) {
	const header = "题目,A,B,C,D,答案,解析\n"
	for _, tc := range []struct {
		name, csv string
		line      int
		want      string
	}{
		{"no header", "问题一,甲,乙\n", 0, "找不到表头"},
		{"no questions", header, 1, "没有题目"},
		{"empty question", header + ",甲,乙,,,A,\n", 2, "A列（题目）是空的"},
		{"one choice", header + "问,甲,,,,A,\n", 2, "C列（选项B）是空的"},
		{"a gap in the choices", header + "问,甲,乙,,丁,A,\n", 2, "E列（选项D）有内容，但选项C是空的"},
		{"no answer", header + "问,甲,乙,,,,\n", 2, "F列（答案）是空的"},
		{"answer past the choices", header + "问,甲,乙,丙,,D,\n", 2, "答案）是D，但这道题只有3个选项"},
		{"answer as a number", header + "问,甲,乙,,,2,\n", 2, "F列（答案）“2”不对"},
		{"two answers", header + "问,甲,乙,,,AB,\n", 2, "只能写一个字母"},
		{"answer E", header + "问,甲,乙,,,E,\n", 2, "只能写一个字母"},
		{"the third row", "清廉答题\n" + header + "问,甲,乙,,,A,\n问二,甲,乙,,,Z,\n", 4, "F列（答案）“Z”不对"},
		{"control character", header + "问\u202e,甲,乙,,,A,\n", 2, "A列里有看不见的控制字符"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := baseTree(t)
			set(a, "quizzes/答题.csv", tc.csv)
			_, ps := readTree(t, a)
			assertProblem(t, ps, "quizzes/答题.csv", tc.line, content.Error, tc.want)
		})
	}
}

func TestParseChoiceLetter(t *testing.T) {
	for s, want := range map[string]int{"A": 0, "b": 1, " C ": 2, "Ｄ": 3, "ｂ": 1, "F": 5, "G": -1, "AB": -1, "1": -1, "": -1, "甲": -1} {
		got, ok := parseChoiceLetter(s)
		if !ok {
			got = -1
		}
		if got != want {
			t.Errorf("%q: got %d, want %d", s, got, want)
		}
	}
}

// TestOldExcelQuizRefused: an .xls under quizzes/ is asked to be saved as
// .xlsx, not ignored as an unknown file.
func TestOldExcelQuizRefused(t *testing.T) {
	a := baseTree(t)
	set(a, "quizzes/答题.xls", "\xd0\xcf\x11\xe0")
	_, ps := readTree(t, a)
	assertProblem(t, ps, "quizzes/答题.xls", 0, content.Error, "另存为” .xlsx")
}
