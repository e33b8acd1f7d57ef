package parse

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"qingfeng/content"
)

// maxSRTBytes bounds an .srt before it is read: five thousand cues of two
// short lines are some 400 KB.
const maxSRTBytes = 1 << 20

// parseSRT reads the cues of a SubRip file, already decoded to text (UTF-8
// or GBK, as Notepad and subtitle tools on Chinese Windows save it). Each
// cue is a number, a line "00:00:01,000 --> 00:00:04,000" and one or two
// lines of text, blocks apart by a blank line. A cue that cannot be read
// is a problem at its line and left out; the others stay. Formatting
// tags (<i>, {\an8}) are dropped: the kiosk draws its own band.
func parseSRT(text, file string, ps *content.Problems) []content.Cue {
	var cues []content.Cue
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); {
		if strings.TrimSpace(lines[i]) == "" {
			i++
			continue
		}
		start := i
		for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
			i++
		}
		block := lines[start:i]
		if len(cues) >= content.MaxCues {
			ps.Errorf(file, start+1, "字幕超过%d条的上限，后面的字幕没有读", content.MaxCues)
			break
		}
		if c, ok := srtCue(block, file, start+1, ps); ok {
			if n := len(cues); n > 0 && c.Start < cues[n-1].Start {
				ps.Warnf(file, start+1, "这条字幕的开始时间早于上一条，字幕的顺序可能乱了")
			}
			cues = append(cues, c)
		}
	}
	return cues
}

// srtCue reads one block starting at line first (1-based).
func srtCue(block []string, file string, first int, ps *content.Problems) (content.Cue, bool) {
	c := content.Cue{Line: first}
	timing := 0
	if _, err := strconv.Atoi(strings.TrimSpace(block[0])); err == nil {
		timing = 1 // the cue's number; its value does not matter
	}
	if timing >= len(block) {
		ps.Errorf(file, first, "这条字幕只有编号，没有时间和文字")
		return c, false
	}
	from, to, ok := strings.Cut(block[timing], "-->")
	var okFrom, okTo bool
	if ok {
		c.Start, okFrom = srtTime(from)
		// After the end time some tools write a position (X1:…).
		if f := strings.Fields(to); len(f) > 0 {
			c.End, okTo = srtTime(f[0])
		}
	}
	line := first + timing
	switch {
	case !ok || !okFrom || !okTo:
		ps.Errorf(file, line, "字幕的时间应写成“00:00:01,000 --> 00:00:04,000”（时:分:秒,毫秒），这一行是“%s”", shorten(block[timing]))
		return c, false
	case c.End <= c.Start:
		ps.Errorf(file, line, "这条字幕的结束时间不晚于开始时间")
		return c, false
	}
	var text []string
	for j, l := range block[timing+1:] {
		l = strings.TrimSpace(stripTags(l))
		if l == "" {
			continue
		}
		if strings.IndexFunc(l, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) }) >= 0 {
			ps.Errorf(file, line+1+j, "这一行字幕里有看不见的控制字符，请删掉后重新保存")
			return c, false
		}
		if n := utf8.RuneCountInString(l); n > content.MaxCueRunes {
			ps.Errorf(file, line+1+j, "这一行字幕有%d个字，太长了（上限%d个字），屏幕上放不下，请分成两条", n, content.MaxCueRunes)
			return c, false
		}
		text = append(text, l)
	}
	switch {
	case len(text) == 0:
		ps.Warnf(file, line, "这条字幕没有文字，已忽略")
		return c, false
	case len(text) > content.MaxCueLines:
		ps.Errorf(file, line+1, "这条字幕有%d行，最多%d行（屏幕上字幕很大），请分成几条", len(text), content.MaxCueLines)
		return c, false
	}
	c.Text = strings.Join(text, "\n")
	return c, true
}

// srtTime reads "hh:mm:ss,mmm" (a dot is taken for the comma, as some
// tools write it).
func srtTime(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	hms, ms, ok := strings.Cut(strings.Replace(s, ".", ",", 1), ",")
	if !ok || len(ms) == 0 || len(ms) > 3 {
		return 0, false
	}
	parts := strings.Split(hms, ":")
	if len(parts) != 3 {
		return 0, false
	}
	var v [4]int
	for i, p := range append(parts, ms) {
		if len(p) == 0 || len(p) > 3 || strings.Trim(p, "0123456789") != "" {
			return 0, false
		}
		v[i], _ = strconv.Atoi(p)
	}
	if v[1] > 59 || v[2] > 59 {
		return 0, false
	}
	for range 3 - len(ms) { // "1,5" is half a second
		v[3] *= 10
	}
	return time.Duration(v[0])*time.Hour + time.Duration(v[1])*time.Minute +
		time.Duration(v[2])*time.Second + time.Duration(v[3])*time.Millisecond, true
}

// stripTags drops <...> and {...} formatting from a subtitle line.
func stripTags(s string) string {
	if !strings.ContainsAny(s, "<{") {
		return s
	}
	var b strings.Builder
	depth := rune(0)
	for _, r := range s {
		switch {
		case depth == 0 && (r == '<' || r == '{'):
			depth = map[rune]rune{'<': '>', '{': '}'}[r]
		case depth != 0 && r == depth:
			depth = 0
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}
