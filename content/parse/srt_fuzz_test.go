package parse

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"qingfeng/content"
)

// FuzzSRT reads any subtitle text: it never panics, every problem points
// inside the file, and every cue kept is one the band can show: a start
// before its end, one or two lines within MaxCueRunes, nothing invisible.
func FuzzSRT(f *testing.F) {
	f.Add("1\n00:00:01,000 --> 00:00:02,000\n清风\n\n2\n00:00:02,500 --> 00:00:04,000\n<i>拂面</i>\n{\\an8}第二行\n")
	f.Add("1\n00:00:01.5 --> 00:00:02,000 X1:0\n好\n\n\n\n3\n99:59:59,999 --> 99:59:59,998\n")
	f.Add("00:00:01,000-->00:00:02,000\n\u202e坏\n\x00\n")
	f.Fuzz(func(t *testing.T, text string) {
		text = normalizeNewlines(text)
		var ps content.Problems
		cues := parseSRT(text, "f.srt", &ps)
		lines := strings.Count(text, "\n") + 1
		for _, p := range ps {
			if p.File != "f.srt" || p.Line < 1 || p.Line > lines {
				t.Fatalf("problem outside the file (%d lines): %v", lines, p)
			}
		}
		if len(cues) > content.MaxCues {
			t.Fatalf("%d cues", len(cues))
		}
		for _, c := range cues {
			if c.Start < 0 || c.End <= c.Start || c.Line < 1 || c.Line > lines {
				t.Fatalf("bad cue %+v", c)
			}
			ls := strings.Split(c.Text, "\n")
			if len(ls) > content.MaxCueLines || c.Text == "" {
				t.Fatalf("cue of %d lines: %q", len(ls), c.Text)
			}
			for _, l := range ls {
				if utf8.RuneCountInString(l) > content.MaxCueRunes || l == "" {
					t.Fatalf("cue line %q", l)
				}
				if strings.IndexFunc(l, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) }) >= 0 {
					t.Fatalf("invisible character kept: %q", l)
				}
			}
		}
	})
}
