package markdown

import "strings"

// Escape returns s as Markdown text that reads back as s itself: every
// ASCII punctuation character Markdown gives a meaning to is escaped with a
// backslash, so a story written in Word or Notepad shows "*", "#", "1." or
// "<b>" as typed, and never turns into a list, a heading, HTML, a link or
// a picture. Line breaks are left to the caller.
func Escape(s string) string {
	if !strings.ContainsAny(s, escaped) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(escaped, s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// escaped are the characters Escape escapes: those that open or close
// something in CommonMark (emphasis, code, links, pictures, HTML, entities,
// headings, lists, quotes, rules, setext underlines, tables).
const escaped = "\\`*_[]<>#+-.!|~=&()"
