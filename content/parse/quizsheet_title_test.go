package parse

import (
	"testing"

	"golang.org/x/tools/txtar"

	"qingfeng/content/contenttest"
)

// A quiz sheet's title written on two lines of its cell (Alt+Enter) is one
// line, as a table's is.
func TestQuizSheetTitleOnTwoLines(t *testing.T) {
	dir := contenttest.Write(t, t.TempDir(), storyTree(txtar.File{Name: "quizzes/q.csv", Data: []byte("\"横一村\r\n廉洁知识答题\"\n题目,A,B,答案\n问,甲,乙,A\n")}))
	pkg, ps := readDir(t, dir, Options{})
	if ps.HasErrors() || len(pkg.Quizzes) != 1 {
		t.Fatalf("problems %v, quizzes %+v", ps, pkg.Quizzes)
	}
	if got := pkg.Quizzes[0].Title; got != "横一村 廉洁知识答题" {
		t.Errorf("title %q, want one line", got)
	}
}
