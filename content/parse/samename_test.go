package parse

import (
	"testing"

	"golang.org/x/tools/txtar"

	"qingfeng/content"
	"qingfeng/content/contenttest"
)

// Two files of the same name in two category folders (三月.xlsx under 财务
// and under 食堂, 简介.txt under two kinds of story) take the same id from
// their name. The clerk, who never wrote an id, is told that the two names
// are the same and to rename one, not that an "编号" is used twice.
func TestSameNameInTwoCategoryFolders(t *testing.T) {
	for _, tc := range []struct {
		name       string
		files      []txtar.File
		file, want string
	}{
		{"stories", []txtar.File{
			{Name: "故事/家风家训/简介.txt", Data: []byte("一\n")},
			{Name: "故事/清廉村居/简介.docx", Data: docxOf(t, `<w:p><w:r><w:t>二</w:t></w:r></w:p>`, "", nil)},
		}, "故事/家风家训/简介.txt", "故事/清廉村居/简介.docx"},
		{"tables", []txtar.File{
			{Name: "公示/财务/三月.csv", Data: []byte("项目,金额\n租金,1\n")},
			{Name: "公示/食堂/三月.csv", Data: []byte("项目,金额\n米,1\n")},
		}, "公示/食堂/三月.csv", "公示/财务/三月.csv"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, ps := readDir(t, contenttest.Write(t, t.TempDir(), storyTree(tc.files...)), Options{})
			assertProblem(t, ps, tc.file, 0, content.Error, "和“"+tc.want+"”的名字重复了")
			assertProblem(t, ps, tc.file, 0, content.Error, "改个名字")
		})
	}
}
