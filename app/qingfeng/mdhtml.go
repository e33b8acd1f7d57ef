package main

import (
	"html"
	"regexp"
	"strings"
	"unicode/utf8"
)

// markdownHTML turns a story body into simple HTML: paragraphs, headings,
// bullet and numbered lists, block quotes, rules, fenced code, pictures
// (a picture alone on its line becomes a figure with its caption, as on the
// kiosk), links, bold, italic and inline code. image maps a picture's
// package path to the src to write; "" leaves the picture out, as the kiosk
// does for a picture it does not have.
func markdownHTML(md string, image func(path string) string) string {
	c := mdConverter{image: image}
	c.convert(strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n"))
	return c.b.String()
}

type mdConverter struct {
	image func(string) string
	b     strings.Builder
	para  []string // lines of the paragraph being collected
	list  string   // "ul" or "ol" while inside a list
	item  []string // lines of the list item being collected
}

var (
	mdHeading   = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	mdBullet    = regexp.MustCompile(`^\s{0,3}[-*+]\s+(.*)$`)
	mdNumbered  = regexp.MustCompile(`^\s{0,3}\d{1,9}[.)]\s+(.*)$`)
	mdQuote     = regexp.MustCompile(`^\s{0,3}>\s?(.*)$`)
	mdFence     = regexp.MustCompile("^\\s{0,3}(```|~~~)")
	mdOwnImage  = regexp.MustCompile(`^\s*!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)\s*$`)
	mdInlineImg = regexp.MustCompile(`^!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`)
	mdLink      = regexp.MustCompile(`^\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`)
)

func (c *mdConverter) convert(lines []string) {
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if m := mdFence.FindStringSubmatch(line); m != nil {
			c.flush()
			var code []string
			for i++; i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), m[1]); i++ {
				code = append(code, lines[i])
			}
			c.b.WriteString("<pre><code>" + html.EscapeString(strings.Join(code, "\n")) + "</code></pre>\n")
			continue
		}
		if strings.TrimSpace(line) == "" {
			c.flush()
			continue
		}
		if m := mdOwnImage.FindStringSubmatch(line); m != nil {
			c.flush()
			if src := c.image(strings.TrimPrefix(m[2], "./")); src != "" {
				c.b.WriteString(`<figure><img src="` + html.EscapeString(src) + `" alt="` + html.EscapeString(m[1]) + `">`)
				if m[1] != "" {
					c.b.WriteString("<figcaption>" + html.EscapeString(m[1]) + "</figcaption>")
				}
				c.b.WriteString("</figure>\n")
			}
			continue
		}
		if m := mdHeading.FindStringSubmatch(line); m != nil {
			c.flush()
			n := string(rune('0' + len(m[1])))
			c.b.WriteString("<h" + n + ">" + c.inline(m[2]) + "</h" + n + ">\n")
			continue
		}
		if isRule(line) {
			c.flush()
			c.b.WriteString("<hr>\n")
			continue
		}
		if m := mdQuote.FindStringSubmatch(line); m != nil {
			c.flush()
			quoted := []string{m[1]}
			for i+1 < len(lines) {
				q := mdQuote.FindStringSubmatch(lines[i+1])
				if q == nil {
					break
				}
				quoted = append(quoted, q[1])
				i++
			}
			inner := mdConverter{image: c.image}
			inner.convert(quoted)
			c.b.WriteString("<blockquote>\n" + inner.b.String() + "</blockquote>\n")
			continue
		}
		bullet, numbered := mdBullet.FindStringSubmatch(line), mdNumbered.FindStringSubmatch(line)
		if bullet != nil || numbered != nil {
			kind, text := "ul", ""
			if bullet != nil {
				text = bullet[1]
			} else {
				kind, text = "ol", numbered[1]
			}
			c.flushParagraph()
			c.flushItem()
			if c.list != kind {
				c.closeList()
				c.list = kind
				c.b.WriteString("<" + kind + ">\n")
			}
			c.item = []string{text}
			continue
		}
		if c.list != "" && len(c.item) > 0 {
			c.item = append(c.item, strings.TrimSpace(line)) // a continuation of the item
			continue
		}
		c.para = append(c.para, strings.TrimSpace(line))
	}
	c.flush()
}

func (c *mdConverter) flush() {
	c.flushParagraph()
	c.flushItem()
	c.closeList()
}

func (c *mdConverter) flushParagraph() {
	if len(c.para) > 0 {
		c.b.WriteString("<p>" + c.inline(joinLines(c.para)) + "</p>\n")
		c.para = nil
	}
}

func (c *mdConverter) flushItem() {
	if len(c.item) > 0 {
		c.b.WriteString("<li>" + c.inline(joinLines(c.item)) + "</li>\n")
		c.item = nil
	}
}

func (c *mdConverter) closeList() {
	if c.list != "" {
		c.b.WriteString("</" + c.list + ">\n")
		c.list = ""
	}
}

// isRule tells a thematic break: three or more of the same -, * or _,
// spaces allowed between.
func isRule(line string) bool {
	t := strings.ReplaceAll(strings.TrimSpace(line), " ", "")
	if len(t) < 3 || !strings.ContainsRune("-*_", rune(t[0])) {
		return false
	}
	return strings.Count(t, t[:1]) == len(t)
}

// joinLines joins the lines of one paragraph: with a space between Latin
// words, with nothing between Chinese characters (a line break inside a
// Chinese sentence is not a space).
func joinLines(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(lines[i-1])
			next, _ := utf8.DecodeRuneInString(l)
			if prev < 0x2E80 || next < 0x2E80 {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

// inline renders the spans of one block, escaping everything else.
func (c *mdConverter) inline(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		rest := s[i:]
		switch {
		case rest[0] == '\\' && len(rest) > 1 && strings.ContainsRune("\\`*_[]()!#<>-+.", rune(rest[1])):
			b.WriteString(html.EscapeString(rest[1:2]))
			i += 2
			continue
		case strings.HasPrefix(rest, "!["):
			if m := mdInlineImg.FindStringSubmatch(rest); m != nil {
				if src := c.image(strings.TrimPrefix(m[2], "./")); src != "" {
					b.WriteString(`<img src="` + html.EscapeString(src) + `" alt="` + html.EscapeString(m[1]) + `">`)
				}
				i += len(m[0])
				continue
			}
		case rest[0] == '[':
			if m := mdLink.FindStringSubmatch(rest); m != nil {
				b.WriteString(`<a href="` + html.EscapeString(safeHref(m[2])) + `">` + c.inline(m[1]) + "</a>")
				i += len(m[0])
				continue
			}
		case strings.HasPrefix(rest, "**") || strings.HasPrefix(rest, "__"):
			if end := strings.Index(rest[2:], rest[:2]); end > 0 {
				b.WriteString("<strong>" + c.inline(rest[2:2+end]) + "</strong>")
				i += 4 + end
				continue
			}
		case rest[0] == '*':
			if end := strings.IndexByte(rest[1:], '*'); end > 0 {
				b.WriteString("<em>" + c.inline(rest[1:1+end]) + "</em>")
				i += 2 + end
				continue
			}
		case rest[0] == '`':
			if end := strings.IndexByte(rest[1:], '`'); end >= 0 {
				b.WriteString("<code>" + html.EscapeString(rest[1:1+end]) + "</code>")
				i += 2 + end
				continue
			}
		}
		_, size := utf8.DecodeRuneInString(rest)
		b.WriteString(html.EscapeString(rest[:size]))
		i += size
	}
	return b.String()
}

// safeHref keeps web and mail links and drops anything else (javascript:
// and the like) that a content package could slip into a page.
func safeHref(u string) string {
	l := strings.ToLower(u)
	if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "mailto:") {
		return u
	}
	return "#"
}
