package htmlexport

import (
	"html"
	"strconv"
	"strings"

	"qingfeng/content/markdown"
)

// markdownHTML turns a story body into simple HTML, read by the same
// parser and into the same tree as the kiosk's story screen: paragraphs,
// headings, lists, block quotes, rules, code, bold, italic, and each
// picture as a figure with its caption. image maps a picture's package
// path to the src to write; "" leaves the picture out, as the kiosk does
// for a picture it does not have. A link is its words, as on the kiosk:
// the page points nowhere outside the exported site.
func markdownHTML(md string, image func(path string) string) string {
	var b strings.Builder
	writeBlocks(&b, markdown.Parse(md).Blocks, image)
	return b.String()
}

func writeBlocks(b *strings.Builder, blocks []markdown.Block, image func(string) string) {
	for _, bl := range blocks {
		switch bl.Kind {
		case markdown.Paragraph:
			b.WriteString("<p>" + spansHTML(bl.Spans) + "</p>\n")
		case markdown.Heading:
			n := strconv.Itoa(bl.Level)
			b.WriteString("<h" + n + ">" + spansHTML(bl.Spans) + "</h" + n + ">\n")
		case markdown.Rule:
			b.WriteString("<hr>\n")
		case markdown.Code:
			b.WriteString("<pre><code>" + html.EscapeString(bl.Text) + "</code></pre>\n")
		case markdown.Quote:
			b.WriteString("<blockquote>\n")
			writeBlocks(b, bl.Blocks, image)
			b.WriteString("</blockquote>\n")
		case markdown.List:
			tag := "ul"
			if bl.Ordered {
				tag = "ol"
			}
			b.WriteString("<" + tag)
			if bl.Ordered && bl.Start != 1 {
				b.WriteString(` start="` + strconv.Itoa(bl.Start) + `"`)
			}
			b.WriteString(">\n")
			for _, item := range bl.Items {
				b.WriteString("<li>")
				if len(item) == 1 && item[0].Kind == markdown.Paragraph && bl.Tight {
					b.WriteString(spansHTML(item[0].Spans))
				} else {
					writeBlocks(b, item, image)
				}
				b.WriteString("</li>\n")
			}
			b.WriteString("</" + tag + ">\n")
		case markdown.Picture:
			src := image(bl.Image.Path())
			if src == "" {
				continue
			}
			alt := html.EscapeString(bl.Image.Alt)
			b.WriteString(`<figure><img src="` + html.EscapeString(src) + `" alt="` + alt + `">`)
			if alt != "" {
				b.WriteString("<figcaption>" + alt + "</figcaption>")
			}
			b.WriteString("</figure>\n")
		}
	}
}

func spansHTML(spans []markdown.Span) string {
	var b strings.Builder
	for _, s := range spans {
		t := html.EscapeString(s.Text)
		if s.Code {
			t = "<code>" + t + "</code>"
		}
		if s.Emphasis {
			t = "<em>" + t + "</em>"
		}
		if s.Strong {
			t = "<strong>" + t + "</strong>"
		}
		b.WriteString(t)
		if s.Break {
			b.WriteString("<br>")
		}
	}
	return b.String()
}
