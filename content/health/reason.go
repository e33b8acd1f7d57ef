package health

import (
	"strings"
	"unicode/utf8"
)

// reasonMax bounds the reason a heartbeat gives for a refused package.
const reasonMax = 200

// FirstReason is why an import report (content/inbox.Report) says its
// package was not imported: its first error, file and line, or else the
// reason line; "" when it says neither.
func FirstReason(report string) string {
	var reason string
	inProblems := false
	for line := range strings.Lines(report) {
		line = strings.TrimRight(line, "\r\n")
		switch {
		case strings.HasPrefix(line, "原因：") && reason == "":
			reason = strings.TrimPrefix(line, "原因：")
		case strings.HasPrefix(line, "发现的问题："):
			inProblems = true
		case inProblems && strings.HasPrefix(line, "  ") && strings.Contains(line, ": 错误: "):
			return clip(strings.TrimSpace(line))
		}
	}
	return clip(reason)
}

func clip(s string) string {
	if utf8.RuneCountInString(s) <= reasonMax {
		return s
	}
	return string([]rune(s)[:reasonMax]) + "…"
}
