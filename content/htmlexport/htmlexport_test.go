package htmlexport

import (
	"context"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"qingfeng/content/inbox"
	"qingfeng/content/store"
)

var srcAttr = regexp.MustCompile(`(?:src|href)="([^"]+)"`)

// demoStore is a store holding the demo package.
func demoStore(tb testing.TB) *store.Store {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	im := &inbox.Importer{Store: st}
	if res := im.ImportPath(ctx, filepath.Join("..", "..", "assets", "demo")); res.Outcome != inbox.Imported {
		tb.Fatalf("importing the demo: %s", res.Reason)
	}
	return st
}

// demoOptions are a site's wording as the shell would hand them.
var demoOptions = Options{
	SiteName: "清厢茶馆",
	SiteKind: "清廉茶馆",
	Text:     words{"tagline": "清风展示屏", "stories_subtitle": "读一读身边的清廉故事"}.get,
	Tiles:    Tiles{Stories: "清廉故事", Disclosures: "公开公示", Exhibits: "互动展项", Opinions: "我有话说"},
}

type words map[string]string

func (w words) get(key string) string { return w[key] }

func TestExportDemo(t *testing.T) {
	ctx := context.Background()
	st, out := demoStore(t), t.TempDir()
	var progress strings.Builder
	o := demoOptions
	o.Progress = &progress
	res, err := Export(ctx, st, out, o)
	if err != nil {
		t.Fatal(err)
	}

	// What the kiosk would show now, read straight from the store.
	stories, err := st.Stories(ctx, time.Now(), "")
	if err != nil {
		t.Fatal(err)
	}
	discs, err := st.Disclosures(ctx, time.Now(), "")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(progress.String(), "\n"); got != len(stories)+len(discs) {
		t.Errorf("%d progress lines for %d stories and %d disclosures:\n%s", got, len(stories), len(discs), &progress)
	}
	if len(stories) < 5 || len(discs) < 3 {
		t.Fatalf("demo too small: %d stories, %d disclosures", len(stories), len(discs))
	}

	index := readPage(t, out, "index.html")
	for _, want := range []string{`<html lang="zh-CN">`, `charset="utf-8"`, "清厢茶馆", "清廉茶馆 · 清风展示屏", "清廉故事", "读一读身边的清廉故事", "公开公示", "互动展项", "我有话说"} {
		if !strings.Contains(index, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	list := readPage(t, out, "stories.html")
	covers := 0
	for _, s := range stories {
		page := readPage(t, out, storyFile(s))
		if !strings.Contains(page, html.EscapeString(s.Title)) {
			t.Errorf("%s lacks its title %q", storyFile(s), s.Title)
		}
		if !strings.Contains(list, `href="`+storyFile(s)+`"`) {
			t.Errorf("stories.html does not link %s", storyFile(s))
		}
		if s.Cover != "" {
			covers++
			if !strings.Contains(page, `class="cover"`) {
				t.Errorf("%s lacks its cover", storyFile(s))
			}
		}
		if s.Featured && !strings.Contains(index, `href="`+storyFile(s)+`"`) {
			t.Errorf("index.html does not feature %s", storyFile(s))
		}
	}
	if covers == 0 {
		t.Error("no demo story has a cover")
	}
	// The smart-seal story has a picture in its body and headings.
	seal := readPage(t, out, "s/xiaoshan-demo/yiqiao-smart-seal.html")
	for _, want := range []string{"<h2>管好小额资金</h2>", "<figure><img", "<figcaption>审、用、管、督，一环扣一环</figcaption>"} {
		if !strings.Contains(seal, want) {
			t.Errorf("smart-seal page lacks %q", want)
		}
	}
	for _, d := range discs {
		page := readPage(t, out, discFile(d))
		if !strings.Contains(page, html.EscapeString(d.Title)) || !strings.Contains(page, "<table>") {
			t.Errorf("%s lacks its title or table", discFile(d))
		}
	}

	if css := readPage(t, out, "style.css"); strings.Contains(css, "@font-face") || strings.Contains(css, "url(") {
		t.Error("style.css loads a web font or a file; Chromium must use the system font")
	}
	// Every page's local links and pictures lead to files that exist.
	pages := 0
	err = filepath.WalkDir(out, func(p string, de os.DirEntry, err error) error {
		if err != nil || de.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		pages++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range srcAttr.FindAllStringSubmatch(string(b), -1) {
			ref := html.UnescapeString(m[1])
			if strings.HasPrefix(ref, "http") || strings.HasPrefix(ref, "#") {
				continue
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(p), filepath.FromSlash(ref))); err != nil {
				t.Errorf("%s: %s does not exist", p, ref)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 2+len(stories)+len(discs) || res.Pages != pages {
		t.Fatalf("%d pages written, %d reported", pages, res.Pages)
	}
	media, err := os.ReadDir(filepath.Join(out, "media"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Media == 0 || res.Media != len(media) {
		t.Errorf("%d media reported, %d in media/", res.Media, len(media))
	}
	// Exporting again over the same folder works (media already there).
	if _, err := Export(ctx, st, out, demoOptions); err != nil {
		t.Fatalf("second export: %v", err)
	}
}

func readPage(tb testing.TB, out, rel string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(rel)))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func TestMarkdownHTML(t *testing.T) {
	md := "# 标题\n\n第一段第一行\n第二行 **加粗** 和 *斜体*，[链接](https://example.org) <b>\n\n" +
		"- 甲\n- 乙\n  续\n\n1. 一\n2. 二\n\n> 引用\n\n---\n\n![说明](./media/a.png)\n\n![](media/missing.png)\n\n" +
		"[坏](javascript:alert(1))\n"
	got := markdownHTML(md, func(p string) string {
		if p == "media/a.png" {
			return "m/a.png"
		}
		return ""
	})
	for _, want := range []string{
		"<h1>标题</h1>",
		"<p>第一段第一行第二行 <strong>加粗</strong> 和 <em>斜体</em>，链接</p>",
		"<ul>\n<li>甲</li>\n<li>乙续</li>\n</ul>",
		"<ol>\n<li>一</li>\n<li>二</li>\n</ol>",
		"<blockquote>\n<p>引用</p>\n</blockquote>",
		"<hr>",
		`<figure><img src="m/a.png" alt="说明"><figcaption>说明</figcaption></figure>`,
		"<p>坏</p>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "missing.png") {
		t.Errorf("a picture the package lacks was kept:\n%s", got)
	}
}

// A story's links become words and its pictures only the package's: the
// exported site points nowhere outside itself, whatever form the Markdown
// takes.
func TestMarkdownHTMLStaysInPackage(t *testing.T) {
	md := "[网站](https://example.org/a) [文件](file:///etc/passwd) [脚本](javascript:alert(1))\n\n" +
		"<https://example.org/auto> [引用][w]\n\n" +
		"![图][r] ![题](/etc/passwd 'x') ![下一行](\n../secret.png)\n\n" +
		"<img src=\"/etc/passwd\"> <a href=\"https://example.org/h\">h</a>\n\n" +
		"<div><img src=/etc/hostname></div>\n\n" +
		"![茶](media/a.png \"七味茶\")\n\n" +
		"[w]: https://example.org/w\n[r]: /etc/passwd\n"
	var asked []string
	got := markdownHTML(md, func(p string) string {
		asked = append(asked, p)
		if p == "media/a.png" {
			return "m/a.png"
		}
		return ""
	})
	for _, m := range srcAttr.FindAllStringSubmatch(got, -1) {
		if m[1] != "m/a.png" {
			t.Errorf("points outside the package: %s", m[0])
		}
	}
	for _, bad := range []string{"<a", "example.org/h", "passwd", "hostname", "secret"} {
		if strings.Contains(got, bad) {
			t.Errorf("%q in\n%s", bad, got)
		}
	}
	for _, want := range []string{"网站", "文件", "脚本", "https://example.org/auto", "引用", `<img src="m/a.png" alt="茶">`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if len(asked) != 4 {
		t.Errorf("asked for pictures %q: want all four the body names", asked)
	}
}

// With the district's own disclosure categories, a table installed under
// one the config no longer lists keeps a tab of its own after the
// configured ones, as on the kiosk; a configured one no table has keeps
// its (empty) tab.
func TestExportDisclosureTabsKeepInstalledCategories(t *testing.T) {
	ctx := context.Background()
	st, out := demoStore(t), t.TempDir()
	o := demoOptions
	o.DisclosureCategories = []string{"村务", "财务"}
	if _, err := Export(ctx, st, out, o); err != nil {
		t.Fatal(err)
	}
	page := readPage(t, out, "disclosures.html")
	nav := page[strings.Index(page, `<nav class="tabs">`):]
	nav = nav[:strings.Index(nav, "</nav>")]
	var labels []string
	for _, m := range regexp.MustCompile(`>([^<>]+)</a>`).FindAllStringSubmatch(nav, -1) {
		labels = append(labels, m[1])
	}
	if len(labels) < 4 || labels[0] != "全部" || labels[1] != "村务" || labels[2] != "财务" || !strings.Contains(strings.Join(labels, ","), "食堂") {
		t.Fatalf("disclosure tabs %v: want 全部, 村务, 财务, then the demo's other categories such as 食堂", labels)
	}
}
