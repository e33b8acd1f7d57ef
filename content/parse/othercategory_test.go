package parse

import (
	"testing"

	"golang.org/x/tools/txtar"

	"qingfeng/content"
	"qingfeng/content/contenttest"
)

// A sub-folder named after a category of the other kind (故事/财务/,
// 公示/家风家训/) is told as that: the kiosk does have the category, so
// "展示屏没有这个分类" misled the clerk, who must move the file instead.
func TestCategoryFolderOfTheOtherKind(t *testing.T) {
	for _, tc := range []struct {
		name, file, want string
	}{
		{"a finance table under stories", "故事/财务/三月.txt", "“财务”是公示的分类"},
		{"a story under disclosures", "公示/家风家训/老支书.csv", "“家风家训”是故事的分类"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, ps := readDir(t, contenttest.Write(t, t.TempDir(), storyTree(
				txtar.File{Name: tc.file, Data: []byte("项目,金额\n租金,1\n")},
				txtar.File{Name: "故事/家风家训/a.txt", Data: []byte("正文\n")})), Options{})
			assertProblem(t, ps, tc.file, 0, content.Error, tc.want)
		})
	}
}
