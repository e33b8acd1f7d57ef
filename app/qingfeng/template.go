package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"qingfeng/content/template"
)

// templateCmd writes the ready-to-fill package folder (content/template)
// and says what is in it and what to do next.
func (a *app) templateCmd(dir string) int {
	cats := template.Categories{Stories: a.cfg.Categories.Stories, Disclosures: a.cfg.Categories.Disclosures}
	if err := template.Write(dir, cats); err != nil {
		if errors.Is(err, template.ErrNotEmpty) {
			fmt.Fprintf(a.out, "%s 里已经有文件了。请换一个新的文件夹名，模板不会覆盖已有的文件。\n", dir)
			return 1
		}
		fmt.Fprintf(a.out, "写模板失败：%v\n", err)
		return 1
	}
	fmt.Fprintf(a.out, "模板已写到 %s：\n", dir)
	story, finance, menu := cats.Files()
	for _, f := range []string{template.ReadmeFile, story, finance, menu, template.QuizFile} {
		fmt.Fprintf(a.out, "  %s\n", filepath.FromSlash(f))
	}
	fmt.Fprintf(a.out, "先读“%s”。改好以后用 qingfeng check %s 检查，再放进收件箱。\n", template.ReadmeFile, dir)
	return 0
}
