package content

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Notice is a message the district or the station puts in front of
// every visitor for a while: 停水 tomorrow, the hall closed for a
// meeting, a typhoon warning. An urgent one is a band on every screen
// and the first slide of the attract loop; an ordinary one joins the
// attract loop and Home.
type Notice struct {
	File   string // package path it was read from
	Line   int    // where it starts in File
	Title  string
	Text   string
	Urgent bool // 紧急; false: 普通
	// Window is when it is shown: both ends are required, a notice
	// never stays up for ever by mistake.
	Window Window
	Sites  []string // empty: every kiosk the package reaches
}

// Bounds on notices: a band an 80-year-old reads at a glance holds a short
// title, and a notice is read standing up, not a story.
const (
	MaxNoticeTitleRunes = 24
	MaxNoticeTextRunes  = 300
	// MaxNoticeLines bounds the lines a notice's text is written in: the
	// attract loop's slide shows them as written, and 300 characters one
	// to a line would run off it.
	MaxNoticeLines = 8
	MaxNotices     = 20 // in one package
	// MaxNoticeDays is the longest a notice may be shown: a notice of a
	// year is a story, and an end date written with the wrong year is
	// caught.
	MaxNoticeDays = 92
)

// NoticeLevels are the words a notice's level is written in.
const (
	LevelUrgent   = "紧急"
	LevelOrdinary = "普通"
)

// ForSite reports whether the notice is meant for the kiosk of site.
func (n Notice) ForSite(site string) bool {
	return len(n.Sites) == 0 || slices.Contains(n.Sites, site)
}

// ActiveNotices are the notices of list shown at now on site: urgent ones
// first, then by start, the latest first (the newest news on top), then
// by title so the order never flickers between two ticks.
func ActiveNotices(list []Notice, site string, now time.Time) []Notice {
	var out []Notice
	for _, n := range list {
		if n.Window.Contains(now) && n.ForSite(site) {
			out = append(out, n)
		}
	}
	slices.SortStableFunc(out, func(a, b Notice) int {
		switch {
		case a.Urgent != b.Urgent:
			if a.Urgent {
				return -1
			}
			return 1
		case !a.Window.From.Equal(b.Window.From):
			return b.Window.From.Compare(a.Window.From)
		}
		return strings.Compare(a.Title, b.Title)
	})
	return out
}

// Describe says in a line what the notice is and when it is shown, in
// loc: 紧急通知《明天上午停水》2026-12-07 07:00 至 2026-12-07 12:00（站点：a、b）.
func (n Notice) Describe(loc *time.Location) string {
	level := "普通"
	if n.Urgent {
		level = "紧急"
	}
	const layout = "2006-01-02 15:04"
	s := fmt.Sprintf("%s通知《%s》%s 至 %s", level, n.Title, n.Window.From.In(loc).Format(layout), n.Window.Until.In(loc).Format(layout))
	if len(n.Sites) > 0 {
		s += "（站点：" + strings.Join(n.Sites, "、") + "）"
	}
	return s
}
