package content

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Printable returns s with every character that is not printable written
// as a Go string escape (\n, \r, \t, \x00, \u2028, \u202e), and bytes that
// are not UTF-8 as \xff: a name taken from a package (a zip entry, a file,
// a folder, a title) can then not start a line of its own, or turn the
// text around, in a report, on the staff screen or in the log. Chinese and
// every other printable character are kept as they are, and so is the
// backslash of a Windows path. It is the one escaper for what comes from
// outside: package names in import reports, values and file names from
// outbox batches at the district office.
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsGraphic(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && w == 1:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[i])>>4, 16))
			b.WriteString(strconv.FormatUint(uint64(s[i])&0xf, 16))
		case unicode.IsGraphic(r):
			b.WriteString(s[i : i+w])
		default:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
		i += w
	}
	return b.String()
}
