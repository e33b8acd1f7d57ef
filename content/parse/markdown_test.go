package parse

import (
	"context"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"qingfeng/content"
	"qingfeng/content/contenttest"
	"qingfeng/content/markdown"
)

// storyHead is the front matter of the stories below: their body starts
// on line 6.
const storyHead = "---\nid: tea\ntitle: 茶\ncategory: 清廉阵地\n---\n"

// Every Markdown form that makes a picture or a link, as the story screen's
// parser reads it, is checked: a picture must be a picture of the package,
// a link is only text, and HTML is not shown. Each problem names the line
// the form starts on.
func TestStoryMarkdownForms(t *testing.T) {
	for _, tc := range []struct {
		name string
		body string
		line int
		sev  content.Severity
		want string
	}{
		{"reference-style image", "正文\n\n![图][x]\n\n[x]: /etc/passwd\n", 8, content.Error, "绝对路径"},
		{"reference-style image, collapsed", "![x][]\n\n[x]: ../../secret.png\n", 6, content.Error, "指向内容包以外"},
		{"reference-style image, shortcut", "正文\n![x]\n\n[x]: /etc/passwd\n", 7, content.Error, "绝对路径"},
		{"single-quoted title", "![图](/etc/passwd '标题')\n", 6, content.Error, "绝对路径"},
		{"parenthesised title", "![图](/etc/passwd (标题))\n", 6, content.Error, "绝对路径"},
		{"destination on the next line", "第一段\n\n![图](\n/etc/passwd)\n", 8, content.Error, "绝对路径"},
		{"destination in angle brackets with a space", "![图](</etc/pass wd>)\n", 6, content.Error, "绝对路径"},
		{"image after a soft line break", "第一行\n第二行![图](/etc/passwd)\n", 7, content.Error, "绝对路径"},
		{"image with an empty description after text", "一句话 ![](../x.png)\n", 6, content.Error, "指向内容包以外"},
		{"image inside a link", "[![图](/etc/passwd)](https://example.org)\n", 6, content.Error, "绝对路径"},
		{"image in a list", "- 甲\n- 乙 ![图](/etc/passwd)\n", 7, content.Error, "绝对路径"},
		{"image in a block quote", "> 引用\n> ![图](/etc/passwd)\n", 7, content.Error, "绝对路径"},
		{"file URL image", "![图](file:///etc/passwd)\n", 6, content.Error, "不是内容包里的文件"},
		{"data URL image", "![图](data:image/png;base64,AAAA)\n", 6, content.Error, "不是内容包里的文件"},
		{"image without a file", "![图]()\n", 6, content.Error, "没有写文件名"},
		{"web image by reference", "![图][w]\n\n[w]: https://example.org/a.png\n", 6, content.Warning, "网络图片"},
		{"inline HTML image", "正文<img src=\"/etc/passwd\">正文\n", 6, content.Warning, "HTML"},
		{"HTML block", "正文\n\n<div>\n<img src=/etc/passwd>\n</div>\n", 8, content.Warning, "HTML"},
		{"link to a file", "请看[这里](file:///etc/passwd)。\n", 6, content.Warning, "不能点开"},
		{"script link", "\n[点我](javascript:alert(1))\n", 7, content.Warning, "不能点开"},
		{"web link", "[清廉萧山](https://example.org/)\n", 6, content.Warning, "不能点开"},
		{"reference-style link", "[点我][r]\n\n[r]: file:///etc/passwd\n", 6, content.Warning, "不能点开"},
		{"autolink", "网址 <https://example.org>\n", 6, content.Warning, "不能点开"},
		{"quotes nested past the bound", "正文\n\n" + strings.Repeat(">", 200000) + " 字\n", 8, content.Error, "套了200000层"},
		{"lists nested past the bound", strings.Repeat("- ", markdown.MaxDepth+1) + "字\n", 6, content.Error, "最多显示12层"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := baseTree(t)
			set(files, "stories/tea.md", storyHead+tc.body)
			_, ps := readDir(t, contenttest.Write(t, t.TempDir(), files), Options{})
			assertProblem(t, ps, "stories/tea.md", tc.line, tc.sev, tc.want)
		})
	}
}

// Pictures of the package are found in every form, so the story screen
// shows them: reference-style, with a title, with the destination on the
// next line, several on a line.
func TestStoryPicturesInEveryForm(t *testing.T) {
	for _, tc := range []struct {
		name string
		body string
		want []string
	}{
		{"inline", "![茶](media/cover.png)\n", []string{"media/cover.png"}},
		{"title", "![茶](media/cover.png \"七味茶\")\n", []string{"media/cover.png"}},
		{"single-quoted title", "![茶](./media/cover.png '七味茶')\n", []string{"media/cover.png"}},
		{"reference", "![茶][c]\n\n[c]: media/cover.png\n", []string{"media/cover.png"}},
		{"next line", "![茶](\nmedia/cover.png\n)\n", []string{"media/cover.png"}},
		{"two on a line", "![甲](media/cover.png)和![乙](media/other.png)\n", []string{"media/cover.png", "media/other.png"}},
		{"in a list", "- ![茶](media/other.png)\n", []string{"media/other.png"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := baseTree(t)
			set(files, "media/other.png", string(pngBytes(t, 8, 8)))
			set(files, "stories/tea.md", storyHead+tc.body)
			pkg, ps := readDir(t, contenttest.Write(t, t.TempDir(), files), Options{})
			if len(ps) != 0 {
				t.Fatalf("want no problems, got:\n%v", ps)
			}
			if got := pkg.Stories[0].Images; !slices.Equal(got, tc.want) {
				t.Fatalf("images %q, want %q", got, tc.want)
			}
		})
	}
}

// FuzzStoryMarkdown checks arbitrary story bodies: no panic, every
// problem on a line of the file, and the check agrees with what the story
// screen will look up: each picture the shared reader finds is either
// accepted as a picture of the package or reported on its line, and
// nothing but the package's picture is ever accepted.
func FuzzStoryMarkdown(f *testing.F) {
	f.Add("![茶](media/a.png)\n")
	f.Add("正文\n\n![图][x]\n\n[x]: /etc/passwd\n")
	f.Add("![图](\n../a.png 'x')\n- ![b](media/a.png)\n> ![c][]\n\n[c]: <media/a.png>\n")
	f.Add("[链](file:///etc/passwd) <https://example.org> <img src=x>\n\n<div>\n</div>\n")
	f.Add("```\n![不是图](x)\n```\n    ![也不是](y)\n`![z](z)`\n")
	png := pngBytes(f, 4, 4)
	f.Fuzz(func(t *testing.T, body string) {
		text := storyHead + body
		// The fuzzed body keeps its exact bytes: the archive is built in Go.
		fsys, err := txtar.FS(&txtar.Archive{Files: []txtar.File{
			{Name: "package.yaml", Data: []byte(okPackageYAML)},
			{Name: "stories/tea.md", Data: []byte(text)},
			{Name: "media/a.png", Data: png},
			{Name: "media/audio.txt", Data: []byte("x")},
		}})
		if err != nil {
			t.Fatal(err)
		}
		src, err := FromFS("fuzz", fsys)
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		pkg, ps := Read(context.Background(), src, Options{})
		// Lines as the check counts them: a lone CR ends a line too
		// (normalizeNewlines), as it does for the YAML reader and Notepad.
		lines := strings.Count(normalizeNewlines(text), "\n") + 1
		reported := map[int]bool{}
		for _, p := range ps {
			if p.File != "stories/tea.md" {
				continue
			}
			if p.Line < 0 || p.Line > lines {
				t.Fatalf("problem outside the file (%d lines): %v", lines, p)
			}
			reported[p.Line] = true
		}
		if pkg == nil || len(pkg.Stories) != 1 {
			return
		}
		s := pkg.Stories[0]
		for _, im := range s.Images {
			if im != "media/a.png" {
				t.Fatalf("accepted %q as a picture of the package", im)
			}
		}
		doc := markdown.Parse(s.Body)
		if n := pictures(doc.Blocks); n != len(doc.Images) {
			t.Fatalf("%d pictures in the tree, %d found", n, len(doc.Images))
		}
		for _, im := range doc.Images {
			if !slices.Contains(s.Images, im.Path()) && !reported[6+im.Line-1] {
				t.Fatalf("picture %q (body line %d) neither accepted nor reported:\n%v", im.Dest, im.Line, ps)
			}
		}
	})
}

func pictures(bs []markdown.Block) int {
	n := 0
	for _, b := range bs {
		switch b.Kind {
		case markdown.Picture:
			n++
		case markdown.Quote:
			n += pictures(b.Blocks)
		case markdown.List:
			for _, it := range b.Items {
				n += pictures(it)
			}
		}
	}
	return n
}
