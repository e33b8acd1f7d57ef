package parse

import (
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"qingfeng/content"
	"qingfeng/content/contenttest"
)

// A table whose header is not among its top rows takes its first row as
// the header, and says so: without a word, the clerk read only that row 27
// has 2 columns but the header 1, of a header they never wrote.
func TestTableWithoutAHeaderInReach(t *testing.T) {
	csv := "村财务收支公示\n" + strings.Repeat("说明文字一行\n", 25) + "项目,金额\n租金,100\n"
	_, ps := readDir(t, contenttest.Write(t, t.TempDir(), storyTree(txtar.File{Name: "公示/财务/a.csv", Data: []byte(csv)})), Options{})
	assertProblem(t, ps, "公示/财务/a.csv", 1, content.Warning, "没有找到表头")
}
