package markdown

import (
	"fmt"
	"strings"
	"testing"
)

// render is a compact text form of blocks for comparing.
func render(bs []Block) string {
	var b strings.Builder
	for _, bl := range bs {
		switch bl.Kind {
		case Paragraph:
			b.WriteString("P(" + spans(bl.Spans) + ")")
		case Heading:
			fmt.Fprintf(&b, "H%d(%s)", bl.Level, spans(bl.Spans))
		case Code:
			b.WriteString("CODE(" + bl.Text + ")")
		case Rule:
			b.WriteString("HR")
		case Quote:
			b.WriteString("Q[" + render(bl.Blocks) + "]")
		case List:
			kind := "UL"
			if bl.Ordered {
				kind = fmt.Sprintf("OL%d", bl.Start)
			}
			b.WriteString(kind + "[")
			for i, it := range bl.Items {
				if i > 0 {
					b.WriteString("|")
				}
				b.WriteString(render(it))
			}
			b.WriteString("]")
		case Picture:
			fmt.Fprintf(&b, "IMG(%s,%s)", bl.Image.Dest, bl.Image.Alt)
		}
	}
	return b.String()
}

func spans(ss []Span) string {
	var b strings.Builder
	for _, s := range ss {
		t := s.Text
		switch {
		case s.Code:
			t = "`" + t + "`"
		case s.Strong:
			t = "**" + t + "**"
		case s.Emphasis:
			t = "_" + t + "_"
		}
		b.WriteString(t)
		if s.Break {
			b.WriteString("⏎")
		}
	}
	return b.String()
}

func TestBlocks(t *testing.T) {
	for _, tc := range []struct{ name, md, want string }{
		{"paragraphs", "甲\n\n乙", "P(甲)P(乙)"},
		{"Chinese lines join without a space", "第一行\n第二行", "P(第一行第二行)"},
		{"Latin lines join with a space", "one\ntwo", "P(one two)"},
		{"hard break", "一  \n二", "P(一⏎二)"},
		{"headings", "# 一\n## 二\n### 三", "H1(一)H2(二)H3(三)"},
		{"emphasis", "这是**重点**和*斜体*和`代码`", "P(这是**重点**和_斜体_和`代码`)"},
		{"link is text", "看[这里](file:///etc/passwd)。", "P(看这里。)"},
		{"autolink is its label", "网址 <https://example.org>", "P(网址 https://example.org)"},
		{"escapes and entities", `\*不是强调\* &amp; &#x4E2D;`, "P(*不是强调* & 中)"},
		{"raw HTML left out", "甲<b>乙</b>丙", "P(甲乙丙)"},
		{"HTML block left out", "<div>\n<img src=/x>\n</div>\n\n乙", "P(乙)"},
		{"picture splits a paragraph", "前![图](media/a.png)后", "P(前)IMG(media/a.png,图)P(后)"},
		{"reference picture", "![图][a]\n\n[a]: media/a.png \"t\"", "IMG(media/a.png,图)"},
		{"list", "- 甲\n- 乙", "UL[P(甲)|P(乙)]"},
		{"ordered list", "3. 甲\n4. 乙", "OL3[P(甲)|P(乙)]"},
		{"picture leaves its list", "- 甲 ![图](media/a.png)\n- 乙", "UL[P(甲)|P(乙)]IMG(media/a.png,图)"},
		{"an item of only a picture goes with it", "- 甲\n- ![图](media/a.png)", "UL[P(甲)]IMG(media/a.png,图)"},
		{"a list of only pictures is pictures", "- ![图](media/a.png)", "IMG(media/a.png,图)"},
		{"picture leaves its quote", "> 引 ![图](media/a.png)", "Q[P(引)]IMG(media/a.png,图)"},
		{"code", "```\nx := 1\n```", "CODE(x := 1)"},
		{"rule", "甲\n\n---\n\n乙", "P(甲)HRP(乙)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := render(Parse(tc.md).Blocks); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// Each picture, link and piece of HTML is found with the line it starts on.
func TestFoundWithLines(t *testing.T) {
	md := "甲\n" + // 1
		"乙![一](a.png)\n" + // 2
		"![](b.png) [链](x)\n" + // 3
		"\n" + // 4
		"- 项\n" + // 5
		"  ![三][r]\n" + // 6
		"\n" + // 7
		"<img src=c.png>\n" + // 8
		"\n" + // 9
		"文 <span>字</span> <https://example.org>\n" + // 10
		"\n" + // 11
		"[r]: d.png\n" // 12
	doc := Parse(md)
	var got []string
	for _, im := range doc.Images {
		got = append(got, fmt.Sprintf("img %s %d", im.Dest, im.Line))
	}
	for _, l := range doc.Links {
		got = append(got, fmt.Sprintf("link %s %d", l.Dest, l.Line))
	}
	for _, h := range doc.HTML {
		got = append(got, fmt.Sprintf("html %s %d", h.Text, h.Line))
	}
	want := []string{
		"img a.png 2", "img b.png 3", "img d.png 6",
		"link x 3", "link https://example.org 10",
		"html <img src=c.png> 8", "html <span> 10", "html </span> 10",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPath(t *testing.T) {
	for dest, want := range map[string]string{
		"media/a.png":    "media/a.png",
		"./media/a.png":  "media/a.png",
		"media//a.png":   "media/a.png",
		"media/./a.png":  "media/a.png",
		"../media/a.png": "../media/a.png",
	} {
		if got := (Image{Dest: dest}).Path(); got != want {
			t.Errorf("Path(%q) = %q, want %q", dest, got, want)
		}
	}
}

// The parser's time grows with the square of the nesting: a body of a few
// megabytes of ">" held the check for hours. Such a body is not parsed;
// an honest one, and a rule made of stars, are.
func TestNestingBounded(t *testing.T) {
	if doc := Parse(strings.Repeat("清", MaxBodyBytes/3+1)); !doc.TooLong || len(doc.Blocks) != 0 {
		t.Errorf("a body over MaxBodyBytes: TooLong %v, %d blocks; want it left unread", doc.TooLong, len(doc.Blocks))
	}
	for _, tc := range []struct {
		name      string
		body      string
		tooDeep   int
		wantDepth int
	}{
		{"quotes", "前言\n\n" + strings.Repeat(">", 200_000) + " x\n", 3, 200_000},
		{"lists", strings.Repeat("- ", 100_000) + "x\n", 1, 100_000},
		{"ordered", strings.Repeat("1. ", MaxDepth+1) + "x\n", 1, MaxDepth + 1},
		{"mixed", "a\n" + strings.Repeat("> - ", 7) + "x\n", 2, 14},
		{"honest", "> 引用\n> - 一\n>   - 二\n>     - 三\n", 0, 0},
		{"just at the bound", strings.Repeat(">", MaxDepth) + " x\n", 0, 0},
		{"a rule of stars", strings.Repeat("* ", 40) + "\n", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := Parse(tc.body)
			if doc.TooDeep != tc.tooDeep {
				t.Fatalf("TooDeep = %d, want %d", doc.TooDeep, tc.tooDeep)
			}
			if tc.tooDeep == 0 {
				if len(doc.Blocks) == 0 {
					t.Fatal("an honest body read as nothing")
				}
				return
			}
			if doc.Depth != tc.wantDepth {
				t.Fatalf("Depth = %d, want %d", doc.Depth, tc.wantDepth)
			}
			if len(doc.Blocks)+len(doc.Images)+len(doc.Links) != 0 {
				t.Fatal("a body too deep was read anyway")
			}
		})
	}
}

// Lines come from an index of line ends, and a run of pictures without
// descriptions (which record no position of their own) still gets lines
// near the truth: exact for each paragraph's first, never past its own.
func TestLinesOfManyPictures(t *testing.T) {
	var b strings.Builder
	const paragraphs = 2000
	for i := range paragraphs {
		fmt.Fprintf(&b, "第%d段 ![](p%d.png)\n\n", i, i)
	}
	b.WriteString(strings.Repeat("![](q.png)", 5000) + "\n")
	doc := Parse(b.String())
	if len(doc.Images) != paragraphs+5000 {
		t.Fatalf("%d pictures, want %d", len(doc.Images), paragraphs+5000)
	}
	for i := range paragraphs {
		if im := doc.Images[i]; im.Line != 2*i+1 {
			t.Fatalf("picture %s on line %d, want %d", im.Dest, im.Line, 2*i+1)
		}
	}
	for _, im := range doc.Images[paragraphs:] {
		if im.Line != 2*paragraphs+1 {
			t.Fatalf("picture of the last line on line %d, want %d", im.Line, 2*paragraphs+1)
		}
	}
}

// A picture or a tag inside a link's text is found once: the link's text is
// read for the report, and that reading records nothing.
func TestLinkTextRecordedOnce(t *testing.T) {
	doc := Parse("[![图](media/a.png) 和 <b>字</b>](https://example.org)\n")
	if len(doc.Images) != 1 || doc.Images[0].Dest != "media/a.png" {
		t.Errorf("images %+v, want media/a.png once", doc.Images)
	}
	if len(doc.HTML) != 2 {
		t.Errorf("HTML %+v, want <b> and </b> once each", doc.HTML)
	}
	if len(doc.Links) != 1 || doc.Links[0].Text != "图 和 字" {
		t.Errorf("links %+v, want one whose text is the picture's description and the words", doc.Links)
	}
}

func TestPlainText(t *testing.T) {
	for _, tc := range []struct{ name, md, want string }{
		{"markup goes", "# 印章\n\n他把**印章**锁进*柜子*，`钥匙`交给~~监委会~~。", "印章\n他把印章锁进柜子，钥匙交给~~监委会~~。"},
		{"links are their words", "[详情](https://example.org/zzz) 和 <https://example.org/auto> [引用][w]\n\n[w]: https://example.org/w", "详情 和 https://example.org/auto 引用"},
		{"pictures are their description", "前\n\n![七味茶](media/tea.png \"标题\")\n\n后", "前\n七味茶\n后"},
		{"HTML left out", "甲 <b>乙</b>\n\n<div>丙</div>", "甲 乙"},
		{"lists and quotes", "- 甲\n- 乙\n\n> 引用\n> 续\n\n1. 一\n\n---\n\n```\ncode\n```", "甲\n乙\n引用续\n一\ncode"},
		{"hard break", "一行  \n二行", "一行\n二行"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Parse(tc.md).PlainText(); got != tc.want {
				t.Errorf("PlainText(%q) = %q, want %q", tc.md, got, tc.want)
			}
		})
	}
}
