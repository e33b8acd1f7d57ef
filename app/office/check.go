package office

import (
	"context"
	"fmt"

	"qingfeng/content/inbox"
	"qingfeng/content/parse"
)

// Check is `qingfeng check PACKAGE...`: it prints every problem of each package, then a summary line; the
// exit status is 1 if any package has an error.
func (e *Env) Check(ctx context.Context, paths []string) int {
	if len(paths) == 0 {
		fmt.Fprintln(e.Out, "用法：qingfeng check PACKAGE...")
		return 2
	}
	status := 0
	for _, p := range paths {
		src, err := parse.Open(p)
		if err != nil {
			fmt.Fprintf(e.Out, "%s: 错误: 无法打开（%v）\n", p, err)
			status = 1
			continue
		}
		pkg, ps := parse.Read(ctx, src, e.Parse)
		src.Close()
		for _, pr := range ps {
			fmt.Fprintln(e.Out, inbox.ReportName(pr.String())) // one problem a line, whatever the names
		}
		errs, warns := ps.Count()
		verdict := "可以导入"
		if errs > 0 {
			verdict = "不能导入"
			status = 1
		}
		summary := ""
		if pkg != nil && pkg.ID != "" {
			version := fmt.Sprintf("版本%d", pkg.Version)
			if pkg.Plain {
				version = "普通文件夹，版本由展示屏编号" // no package.yaml
			}
			summary = fmt.Sprintf("（%s %s：故事%d篇，公示%d张，答题%d套，媒体%d个）", inbox.ReportName(pkg.ID), version,
				len(pkg.Stories), len(pkg.Disclosures), len(pkg.Quizzes), len(pkg.Media))
		}
		fmt.Fprintf(e.Out, "%s: %s：错误%d个，警告%d个%s\n", p, verdict, errs, warns, summary)
		if pkg != nil {
			for _, n := range pkg.Notices { // when each shows, for the clerk to check
				fmt.Fprintf(e.Out, "%s: %s\n", p, inbox.ReportName(n.Describe(e.Loc)))
			}
		}
		if pkg != nil && errs == 0 {
			fmt.Fprintf(e.Out, "%s: %s\n", p, (&inbox.Importer{Trusted: e.Trusted}).SignatureWords(pkg))
		}
	}
	return status
}
