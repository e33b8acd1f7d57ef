package play

import (
	"strings"
	"unicode"
)

// noLineStart are the marks Chinese typesetting never puts at the head of a
// line (a rule of 禁则): they stay on the line before, a little over the edge.
const noLineStart = "，。、！？；：”’）》」』】…,.!?;:)%"

// noLineEnd are the marks never left at the end of a line: the opening ones.
const noLineEnd = "“‘（《「『【("

// WrapLines breaks s into lines no wider than width, as measured by adv
// (the advance of one rune). Chinese breaks between any two characters;
// a run of Latin letters or digits breaks only at a space if it can;
// explicit newlines are kept. A single character wider than the line
// still gets a line of its own.
func WrapLines(s string, width float64, adv func(r rune) float64) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		out = append(out, wrapParagraph([]rune(para), width, adv)...)
	}
	return out
}

func wrapParagraph(rs []rune, width float64, adv func(r rune) float64) []string {
	if len(rs) == 0 {
		return []string{""}
	}
	var lines []string
	start, w := 0, 0.0
	for i := 0; i < len(rs); i++ {
		a := adv(rs[i])
		if w+a <= width || i == start {
			w += a
			continue
		}
		brk := i
		switch {
		case strings.ContainsRune(noLineStart, rs[i]):
			// Hang the mark on this line.
			brk = i + 1
		case isWordRune(rs[i]) && isWordRune(rs[i-1]):
			// Inside a Latin word or a number: back up to a space.
			j := i
			for j > start && isWordRune(rs[j-1]) {
				j--
			}
			if j > start {
				brk = j
			}
		}
		for brk-1 > start && strings.ContainsRune(noLineEnd, rs[brk-1]) {
			brk--
		}
		lines = append(lines, strings.TrimRight(string(rs[start:brk]), " "))
		for brk < len(rs) && rs[brk] == ' ' {
			brk++
		}
		start, w = brk, 0
		i = brk - 1
	}
	if start < len(rs) {
		lines = append(lines, string(rs[start:]))
	}
	return lines
}

func isWordRune(r rune) bool {
	return r < 0x2E80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// Shrink-to-fit: content texts are of any length, so a text whose lines
// would not fit its box's height is drawn smaller, in steps of 10%, down
// to MinShrink of its size. Below that it is drawn at MinShrink and runs
// over; the layouts are made so that the longest content fits before.
const MinShrink = 0.6

// LineSpacing is the distance between two lines' baselines, per unit of
// font size.
const LineSpacing = 1.45

// Laid is a text wrapped and sized for its box.
type Laid struct {
	Lines []string
	Size  float64 // the font size drawn: t.Size, or smaller
	Fits  bool    // the lines fit the box's height at Size
}

// Lay wraps t to its box, shrinking it as described at MinShrink. adv
// gives the advance of a rune at a font size.
func Lay(t Text, adv func(size float64, r rune) float64) Laid {
	for step := 0; ; step++ {
		size := t.Size * (1 - 0.1*float64(step))
		lines := WrapLines(t.Str, t.Rect.W, func(r rune) float64 { return adv(size, r) })
		fits := float64(len(lines))*size*LineSpacing <= t.Rect.H+size*0.45
		if fits || size <= t.Size*(MinShrink+0.05) {
			return Laid{Lines: lines, Size: size, Fits: fits}
		}
	}
}
