package markdown

import "testing"

// TestEscape: whatever a clerk typed reads back as one paragraph of exactly
// that text, with nothing turned into structure.
func TestEscape(t *testing.T) {
	for _, s := range []string{
		"# 不是标题",
		"1. 不是列表",
		"- 不是列表",
		"+ 也不是",
		"> 不是引用",
		"**不是粗体** 和 *斜体* 和 _下划线_",
		"![图](media/a.png) 不是图片",
		"[链接](http://example.com) 不是链接",
		"<b>不是HTML</b> 和 A&B",
		"`不是代码`",
		"---",
		"===",
		"反斜杠 \\ 和 \\* 原样",
		"金额 1,200.50 元（含税）",
		"| 表 | 格 |",
	} {
		t.Run(s, func(t *testing.T) {
			doc := Parse(Escape(s))
			if len(doc.Images)+len(doc.Links)+len(doc.HTML) > 0 {
				t.Fatalf("Escape(%q) made images %v, links %v or HTML %v", s, doc.Images, doc.Links, doc.HTML)
			}
			if len(doc.Blocks) != 1 || doc.Blocks[0].Kind != Paragraph {
				t.Fatalf("Escape(%q) = %q read as %d blocks %+v, want one paragraph", s, Escape(s), len(doc.Blocks), doc.Blocks)
			}
			got := ""
			for _, sp := range doc.Blocks[0].Spans {
				if sp.Strong || sp.Emphasis || sp.Code {
					t.Errorf("span %+v styled", sp)
				}
				got += sp.Text
			}
			if got != s {
				t.Errorf("Escape(%q) reads back as %q", s, got)
			}
		})
	}
}
