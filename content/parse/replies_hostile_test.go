package parse

import (
	"strings"
	"testing"

	"qingfeng/content"
	"qingfeng/content/contenttest"
)

// What a careless or hostile replies.csv may hold that a kiosk must not
// show: characters that reorder or hide the text around them, and an
// answer without its words.
func TestRepliesHostileRows(t *testing.T) {
	cases := []struct {
		name string
		row  string
		want string
	}{
		{"text reversed by a bidi override", strings.Replace(okReply, "路灯已经修好。", "路灯\u202e已经修好。", 1),
			"“答复内容”里有看不见的控制字符（U+202E）"},
		{"unit with an isolate", strings.Replace(okReply, "镇交通办", "镇\u2067交通办", 1), "“承办单位”里有看不见的控制字符（U+2067）"},
		{"category with an escape", strings.Replace(okReply, "意见建议", "意见\x1b[2J建议", 1), "“类别”里有看不见的控制字符（U+001B）"},
		{"opinion with a NUL", strings.Replace(okReply, "路灯坏了两个月", "路灯\x00坏了", 1), "“意见内容”里有看不见的控制字符（U+0000）"},
		{"a lone carriage return", strings.Replace(okReply, "路灯已经修好。", "\"路灯\r已经修好。\"", 1), "“答复内容”里有看不见的控制字符（U+000D）"},
		{"answered without an answer", strings.Replace(okReply, "路灯已经修好。", "", 1), "办理状态是“已答复”，“答复内容”却是空的"},
		{"closed without an answer", strings.Replace(strings.Replace(okReply, "路灯已经修好。", " ", 1), "已答复", "已办结", 1), "办理状态是“已办结”，“答复内容”却是空的"},
		{"an answer before it was answered", strings.Replace(okReply, "已答复", "已转交", 1), "办理状态是“已转交”，还没有答复，“答复内容”和“答复日期”应当空着"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pkg, ps := readDir(t, contenttest.Write(t, t.TempDir(), repliesTree(okReceived, tc.row)), Options{})
			assertProblem(t, ps, "replies.csv", 3, content.Error, tc.want)
			if n, _ := ps.Count(); n != 1 {
				t.Errorf("want one problem, got:\n%v", ps)
			}
			if pkg != nil && len(pkg.Replies) != 1 {
				t.Errorf("%d replies kept, want the good one", len(pkg.Replies))
			}
		})
	}
	// A line break and a tab are a reply's own.
	t.Run("line breaks kept", func(t *testing.T) {
		row := strings.Replace(okReply, "路灯已经修好。", "\"一、路灯已经修好。\r\n二、\t线路已检查。\"", 1)
		pkg, ps := readDir(t, contenttest.Write(t, t.TempDir(), repliesTree(row)), Options{})
		if ps.HasErrors() || len(pkg.Replies) != 1 || pkg.Replies[0].Text != "一、路灯已经修好。\n二、\t线路已检查。" {
			t.Fatalf("problems:\n%v\nreplies %+v", ps, pkg.Replies)
		}
	})
}

// A text that begins like a formula is written with a spreadsheet's
// leading apostrophe (QuoteCell); a kiosk reads the words back, and the
// apostrophe does not count against the text's bound.
func TestRepliesQuotedCells(t *testing.T) {
	longest := "=" + strings.Repeat("字", content.MaxReplyTextRunes-1)
	for _, text := range []string{"=1+1", "+86 电话", "-已修好", "@所有人", "'=1", "''+1", "'不是公式", "普通的答复", longest} {
		t.Run(text[:min(len(text), 12)], func(t *testing.T) {
			q := QuoteCell(text)
			if strings.ContainsRune(formulaStart, rune(q[0])) {
				t.Errorf("QuoteCell(%q) = %q begins like a formula", text, q)
			}
			row := strings.Replace(okReply, "路灯已经修好。", q, 1)
			pkg, ps := readDir(t, contenttest.Write(t, t.TempDir(), repliesTree(row)), Options{})
			if ps.HasErrors() || len(pkg.Replies) != 1 || pkg.Replies[0].Text != text {
				t.Fatalf("problems:\n%v\nreplies %+v", ps, pkg.Replies)
			}
		})
	}
}
