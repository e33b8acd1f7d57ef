package parse

import (
	"strings"
	"testing"
	"unicode"

	"qingfeng/content"
)

// Every broken shape of YAML a clerk makes in Notepad comes back in
// Chinese, on the line to look at, with no English from the YAML library.
func TestYAMLErrorsInChinese(t *testing.T) {
	cases := []struct {
		name string
		text string
		line int
		want string
	}{
		{"indented key", "title: a\n  id: b\n", 2, "冒号位置不对"},
		{"colon in a value", "title: 茶馆: 清风\n", 1, "冒号位置不对"},
		{"Chinese colon", "id: a\ntitle：示例\nversion: 1\n", 2, "中文冒号"},
		{"Chinese colon only", "title：示例\n", 1, "中文冒号"},
		{"Chinese colon on the first line", "title：示例\nid: x\n", 1, "中文冒号"},
		{"missing colon", "id: a\ntitle 示例\nversion: 1\n", 2, "少了冒号"},
		{"unclosed double quote", "id: a\ntitle: \"示例\n", 2, "引号没有配对"},
		{"unclosed single quote", "title: '示例\n", 2, "引号没有配对"},
		{"tab at the start", "\ttitle: a\n", 1, "Tab"},
		{"at sign", "title: @清风\n", 1, "“@”"},
		{"tab indenting a list", "sites:\n\t- a\n", 2, "Tab"},
		{"tab in a block", "title: >\n\tb\n", 2, "Tab"},
		{"unclosed bracket", "sites: [a, b\n", 2, "方括号"},
		{"unclosed brace", "a: {x: 1\n", 2, "花括号"},
		{"list beside a key", "- a\nb: c\n", 2, "列表各项"},
		{"key among list items", "pairs:\n  - tea: 茶\n  saying: 清\n", 2, "列表各项"},
		{"list after a value", "title: a\n- b\n", 2, "位置不对"},
		{"text after a quote", "title: '清风' 茶馆\n", 1, "位置不对"},
		{"dedented key", "a:\n  b: c\n d: e\n", 3, "位置不对"},
		{"star", "title: *清风\n", 1, "“*”"},
		{"ampersand", "title: &\n", 1, "“&”"},
		{"backslash in double quotes", "title: \"C:\\新建\"\n", 1, "反斜杠"},
		{"stray bracket", "title: ]\n", 1, "少了内容"},
		{"control character", "id: a\ntitle: \x01示例\n", 2, "控制字符"},
		{"percent line", "%FOO\ntitle: a\n", 1, "“%”"},
		{"tag", "title: !<x y\n", 1, "“!”"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var ps content.Problems
			if _, ok := parseYAML(tc.text, "package.yaml", 0, &ps); ok {
				t.Fatalf("%q parsed", tc.text)
			}
			if len(ps) != 1 {
				t.Fatalf("want one problem, got %v", ps)
			}
			p := ps[0]
			if p.Line != tc.line || !strings.Contains(p.Msg, tc.want) {
				t.Errorf("got line %d %q; want line %d containing %q (library: %v)", p.Line, p.Msg, tc.line, tc.want, p.Err)
			}
			words := strings.NewReplacer("Tab", "", "UTF-8", "").Replace(p.Msg) // words a clerk knows
			for _, c := range words {
				if c < unicode.MaxASCII && unicode.IsLetter(c) {
					t.Fatalf("English in %q", p.Msg)
				}
			}
		})
	}
}

// The line counts from the story file's first line: front matter starts
// on its second.
func TestYAMLErrorLineInFrontMatter(t *testing.T) {
	var ps content.Problems
	parseYAML("id: a\ntitle：示例\n", "stories/a.md", 1, &ps)
	if len(ps) != 1 || ps[0].Line != 3 {
		t.Fatalf("got %v, want line 3", ps)
	}
}
