package parse

import (
	"testing"

	"golang.org/x/tools/txtar"

	"qingfeng/content"
	"qingfeng/content/contenttest"
)

// A title taken from a file rather than from YAML (a Word document's first
// heading, a story file's name, a table's title row) is held to what a
// title in YAML is: a character that turns the text around (U+202E) or a
// control character makes the story or table shown backwards on the web
// page, or a title no clerk can read in the report, so it is refused.
func TestTitlesFromFilesRefuseControlCharacters(t *testing.T) {
	heading := func(text string) []byte {
		return docxOf(t, `<w:p><w:r><w:t>分类：家风家训</w:t></w:r></w:p>`+
			`<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>`+text+`</w:t></w:r></w:p>`+
			`<w:p><w:r><w:t>正文</w:t></w:r></w:p>`, "", nil)
	}
	cases := []struct {
		name string
		file txtar.File
		path string
		line int
	}{
		{"Word heading turned around", txtar.File{Name: "stories/a.docx", Data: heading("清风村\u202E书支老")}, "stories/a.docx", 0},
		{"Word heading with a C1 control", txtar.File{Name: "stories/a.docx", Data: heading("清风村\u009b老支书")}, "stories/a.docx", 0},
		{"story file name turned around", txtar.File{Name: "stories/家风家训/账本\u202Etxt.jpg.txt", Data: []byte("正文\n")}, "stories/家风家训/账本\u202Etxt.jpg.txt", 0},
		{"quiz sheet title row turned around", txtar.File{Name: "quizzes/q.csv", Data: []byte("廉洁\u202E题答识知\n题目,A,B,答案\n问,甲,乙,A\n")}, "quizzes/q.csv", 1},
		{"quiz sheet file name turned around", txtar.File{Name: "quizzes/知识\u202Evsc.csv", Data: []byte("题目,A,B,答案\n问,甲,乙,A\n")}, "quizzes/知识\u202Evsc.csv", 0},
		{"table title row turned around", txtar.File{Name: "disclosures/a.csv", Data: []byte("村财务\u202E示公支收\n项目,金额\n租金,100\n")}, "disclosures/a.csv", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := contenttest.Write(t, t.TempDir(), storyTree(tc.file))
			_, ps := readDir(t, dir, Options{})
			assertProblem(t, ps, tc.path, tc.line, content.Error, "控制字符")
		})
	}
}
