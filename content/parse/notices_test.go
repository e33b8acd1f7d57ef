package parse

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"qingfeng/content"
	"qingfeng/content/contenttest"
)

const noticesText = `# 通知，一条从“标题：”开始
标题：明天上午停水
级别：紧急
开始：2026-12-07 07:00
结束：2026-12-07 12:00
站点：qingfeng-cun, xiaoyao-cun
内容：因自来水管道维修，明天上午全村停水。
请提前储水。

标题：村民议事会
开始：2026-12-01
结束：2026-12-10
内容：12月9日晚7点在村委会二楼开村民议事会，欢迎参加。
`

// noticesDir writes a plain folder (no package.yaml) holding only
// 通知.txt with text, as a clerk would.
func noticesDir(tb testing.TB, text string) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "停水通知")
	contenttest.Write(tb, dir, &txtar.Archive{Files: []txtar.File{{Name: NoticesFile, Data: []byte(text)}}})
	return dir
}

// A plain folder with 通知.txt is a package of notices: each notice from
// its 标题 line, the text over several lines, times in the kiosk's zone, a
// bare end date counting its whole day.
func TestNoticesText(t *testing.T) {
	pkg, ps := readDir(t, noticesDir(t, noticesText), Options{})
	if ps.HasErrors() || len(ps) != 0 {
		t.Fatalf("problems:\n%v", ps)
	}
	loc := chinaTime()
	want := []content.Notice{
		{File: NoticesFile, Line: 2, Title: "明天上午停水", Text: "因自来水管道维修，明天上午全村停水。\n请提前储水。", Urgent: true,
			Window: content.Window{From: time.Date(2026, 12, 7, 7, 0, 0, 0, loc), Until: time.Date(2026, 12, 7, 12, 0, 0, 0, loc)},
			Sites:  []string{"qingfeng-cun", "xiaoyao-cun"}},
		{File: NoticesFile, Line: 10, Title: "村民议事会", Text: "12月9日晚7点在村委会二楼开村民议事会，欢迎参加。",
			Window: content.Window{From: time.Date(2026, 12, 1, 0, 0, 0, 0, loc), Until: time.Date(2026, 12, 11, 0, 0, 0, 0, loc)}},
	}
	assertNotices(t, pkg.Notices, want)
	if !pkg.Plain || pkg.ID == "" {
		t.Errorf("a folder without package.yaml is a plain package: plain %v, id %q", pkg.Plain, pkg.ID)
	}
}

func assertNotices(tb testing.TB, got, want []content.Notice) {
	tb.Helper()
	if len(got) != len(want) {
		tb.Fatalf("%d notices, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.File != w.File || g.Line != w.Line || g.Title != w.Title || g.Text != w.Text || g.Urgent != w.Urgent ||
			!g.Window.From.Equal(w.Window.From) || !g.Window.Until.Equal(w.Window.Until) || !slices.Equal(g.Sites, w.Sites) {
			tb.Errorf("notice %d = %+v, want %+v", i, g, w)
		}
	}
}

// package.yaml's notices: list says the same for a district that writes
// YAML; a notice lives no longer than its package.
func TestNoticesYAML(t *testing.T) {
	yamlText := `id: district-notices
title: 区里的通知
version: 3
sites: [qingfeng-cun, xiaoyao-cun]
expire_at: 2026-12-08
notices:
  - title: 台风预警
    text: 今晚台风过境，请勿外出。
    level: 紧急
    start: 2026-12-06 18:00
    end: 2026-12-09
    sites: qingfeng-cun
  - title: 清廉讲堂
    text: 周五下午三点开讲。
    start: 2026-12-01
    end: 2026-12-05
`
	dir := contenttest.Write(t, t.TempDir(), &txtar.Archive{Files: []txtar.File{{Name: "package.yaml", Data: []byte(yamlText)}}})
	pkg, ps := readDir(t, dir, Options{})
	if len(ps) != 0 {
		t.Fatalf("problems:\n%v", ps)
	}
	loc := chinaTime()
	assertNotices(t, pkg.Notices, []content.Notice{
		{File: "package.yaml", Line: 7, Title: "台风预警", Text: "今晚台风过境，请勿外出。", Urgent: true, Sites: []string{"qingfeng-cun"},
			Window: content.Window{From: time.Date(2026, 12, 6, 18, 0, 0, 0, loc), Until: time.Date(2026, 12, 9, 0, 0, 0, 0, loc)}},
		{File: "package.yaml", Line: 13, Title: "清廉讲堂", Text: "周五下午三点开讲。",
			Window: content.Window{From: time.Date(2026, 12, 1, 0, 0, 0, 0, loc), Until: time.Date(2026, 12, 6, 0, 0, 0, 0, loc)}},
	})
}

// Every problem of a notice is said with 通知.txt and its line, in words a
// clerk can act on; a notice with an error is not kept, the others are.
func TestNoticeProblems(t *testing.T) {
	good := "标题：村民议事会\n开始：2026-12-01\n结束：2026-12-10\n内容：欢迎参加。\n"
	cases := []struct {
		name string
		text string // after the good notice (lines 1-4)
		line int
		sev  content.Severity
		want string
	}{
		{"no title first", "", 0, 0, ""}, // placeholder replaced below
		{"unknown level", "标题：停水\n级别：很急\n开始：2026-12-07\n结束：2026-12-08\n内容：停水。\n", 6, content.Error, "只能写“紧急”或“普通”，现在是“很急”"},
		{"no end", "标题：停水\n开始：2026-12-07\n内容：停水。\n", 5, content.Error, "通知缺少“结束”时间"},
		{"no text", "标题：停水\n开始：2026-12-07\n结束：2026-12-08\n", 5, content.Error, "通知缺少“内容”"},
		{"empty title", "标题：\n开始：2026-12-07\n结束：2026-12-08\n内容：停水。\n", 5, content.Error, "通知缺少“标题”"},
		{"end before start", "标题：停水\n开始：2026-12-08 08:00\n结束：2026-12-08 07:00\n内容：停水。\n", 7, content.Error, "结束时间早于或等于开始时间"},
		{"a day that is not", "标题：停水\n开始：2026-02-30\n结束：2026-03-02\n内容：停水。\n", 6, content.Error, "“开始”时间“2026-02-30”无法识别"},
		{"the wrong year", "标题：停水\n开始：2026-12-07\n结束：2027-12-07\n内容：停水。\n", 7, content.Error, "通知要显示366天，最多92天"},
		{"an odd line", "标题：停水\n开始：2026-12-07\n明天停水\n结束：2026-12-08\n内容：停水。\n", 7, content.Error, "这一行看不懂：“明天停水”"},
		{"twice", "标题：停水\n开始：2026-12-07\n开始：2026-12-08\n结束：2026-12-09\n内容：停水。\n", 7, content.Error, "“开始”写了两次（第6行已经写过）"},
		{"bad site", "标题：停水\n站点：清风村\n开始：2026-12-07\n结束：2026-12-08\n内容：停水。\n", 6, content.Error, "站点编号“清风村”只能用"},
		{"long title", "标题：" + strings.Repeat("停", content.MaxNoticeTitleRunes+1) + "\n开始：2026-12-07\n结束：2026-12-08\n内容：停水。\n", 5, content.Error,
			fmt.Sprintf("“标题”有%d个字，最多%d个", content.MaxNoticeTitleRunes+1, content.MaxNoticeTitleRunes)},
		{"long text", "标题：停水\n开始：2026-12-07\n结束：2026-12-08\n内容：" + strings.Repeat("停水。", 101) + "\n", 8, content.Error,
			fmt.Sprintf("“内容”有303个字，最多%d个", content.MaxNoticeTextRunes)},
		{"a line a word", "标题：停水\n开始：2026-12-07\n结束：2026-12-08\n内容：" + strings.Repeat("停\n", content.MaxNoticeLines) + "水\n", 8, content.Error,
			fmt.Sprintf("“内容”分成了%d行，最多%d行", content.MaxNoticeLines+1, content.MaxNoticeLines)},
		{"text reversed by a bidi override", "标题：停水\n开始：2026-12-07\n结束：2026-12-08\n内容：停\u202e水。\n", 8, content.Error,
			"通知的“内容”里有看不见的控制字符（U+202E）"},
		{"title with an escape", "标题：停\x1b[2J水\n开始：2026-12-07\n结束：2026-12-08\n内容：停水。\n", 5, content.Error,
			"通知的“标题”里有看不见的控制字符（U+001B）"},
	}
	cases[0] = struct {
		name string
		text string
		line int
		sev  content.Severity
		want string
	}{"no title first", "", 1, content.Error, "每条通知要从“标题：”这一行开始写"}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text := good + tc.text
			if tc.name == "no title first" {
				text = "明天停水\n" + good
			}
			pkg, ps := readDir(t, noticesDir(t, text), Options{})
			assertProblem(t, ps, NoticesFile, tc.line, tc.sev, tc.want)
			if n, _ := ps.Count(); n != 1 {
				t.Errorf("want one error, got:\n%v", ps)
			}
			if pkg == nil || len(pkg.Notices) != 1 || pkg.Notices[0].Title != "村民议事会" {
				t.Errorf("the good notice should be kept alone, got %+v", pkg)
			}
		})
	}
}

// What a careless or hostile package of notices may cost is bounded: a
// file too large is refused before it is read, and a package may carry
// only so many notices.
func TestNoticesHostile(t *testing.T) {
	one := "标题：停水\n开始：2026-12-07\n结束：2026-12-08\n内容：停水。\n\n"
	t.Run("too many", func(t *testing.T) {
		pkg, ps := readDir(t, noticesDir(t, strings.Repeat(one, content.MaxNotices+5)), Options{})
		assertProblem(t, ps, NoticesFile, 5*content.MaxNotices+1, content.Error, fmt.Sprintf("通知太多了：一个内容包最多%d条", content.MaxNotices))
		if n, _ := ps.Count(); n != 1 {
			t.Errorf("said once, got:\n%v", ps)
		}
		if len(pkg.Notices) != content.MaxNotices {
			t.Errorf("%d notices kept", len(pkg.Notices))
		}
	})
	t.Run("too large", func(t *testing.T) {
		// A megabyte of one notice's text: refused by its size alone.
		_, ps := readDir(t, noticesDir(t, one+strings.Repeat("停", 1<<19)), Options{})
		assertProblem(t, ps, NoticesFile, 0, content.Error, "通知文件有1 MB，超过64 KB的上限")
	})
	t.Run("yaml list of non-notices", func(t *testing.T) {
		dir := contenttest.Write(t, t.TempDir(), &txtar.Archive{Files: []txtar.File{{Name: "package.yaml",
			Data: []byte("id: n\ntitle: 通知\nversion: 1\nnotices:\n  - 停水\n")}}})
		_, ps := readDir(t, dir, Options{})
		assertProblem(t, ps, "package.yaml", 5, content.Error, "第1条通知应为包含 title、text、level、start、end 的一组内容")
	})
}

// A package that declares notices (package.yaml's notices: key, or a
// 通知.txt) but has none left is how an office withdraws them: it is not
// refused as empty, and installing it replaces the package's earlier
// notices with none. One that declares nothing at all still is.
func TestNoticesWithdrawn(t *testing.T) {
	const head = "id: district-notices\ntitle: 区里的通知\nversion: 4\n"
	for _, tc := range []struct {
		name  string
		files []txtar.File
		empty bool
	}{
		{"yaml empty list", []txtar.File{{Name: "package.yaml", Data: []byte(head + "notices: []\n")}}, false},
		{"yaml key without list", []txtar.File{{Name: "package.yaml", Data: []byte(head + "notices:\n")}}, false},
		{"text only comments", []txtar.File{{Name: NoticesFile, Data: []byte("# 停水通知已撤下\n\n")}}, false},
		{"text of 0 bytes", []txtar.File{{Name: NoticesFile, Data: nil}}, false},
		{"text only blank lines", []txtar.File{{Name: NoticesFile, Data: []byte("\r\n  \n")}}, false},
		{"yaml with package.yaml and text only comments", []txtar.File{{Name: "package.yaml", Data: []byte(head)}, {Name: NoticesFile, Data: []byte("# 没有通知\n")}}, false},
		{"yaml without the key", []txtar.File{{Name: "package.yaml", Data: []byte(head)}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := contenttest.Write(t, filepath.Join(t.TempDir(), "通知"), &txtar.Archive{Files: tc.files})
			pkg, ps := readDir(t, dir, Options{})
			if len(pkg.Notices) != 0 {
				t.Errorf("notices: %+v", pkg.Notices)
			}
			empty := false
			for _, p := range ps {
				if strings.Contains(p.Msg, "内容包里没有任何") {
					empty = true
				}
			}
			if empty != tc.empty {
				t.Errorf("refused as empty: %v, want %v; problems:\n%v", empty, tc.empty, ps)
			}
			if !tc.empty && ps.HasErrors() {
				t.Errorf("problems:\n%v", ps)
			}
		})
	}
}
