package content

import (
	"testing"
	"time"
)

// Which notices a kiosk shows at a moment: inside their window (the end
// excluded), for its site or every site; urgent ones first, then the
// latest start first.
func TestActiveNotices(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 12, 7, h, 0, 0, 0, time.UTC) }
	n := func(title string, urgent bool, from, until int, sites ...string) Notice {
		return Notice{Title: title, Urgent: urgent, Window: Window{From: at(from), Until: at(until)}, Sites: sites}
	}
	list := []Notice{
		n("议事会", false, 6, 20),
		n("停水", true, 8, 12, "qingfeng-cun"),
		n("台风", true, 9, 18, "xiaoyao-cun"),
		n("讲堂", false, 7, 20),
		n("停电", true, 7, 12),
	}
	for _, tc := range []struct {
		name string
		site string
		now  time.Time
		want []string
	}{
		{"before any", "qingfeng-cun", at(5), nil},
		{"urgent first, latest start first", "qingfeng-cun", at(10), []string{"停水", "停电", "讲堂", "议事会"}},
		{"another site", "xiaoyao-cun", at(10), []string{"台风", "停电", "讲堂", "议事会"}},
		{"the end excluded", "qingfeng-cun", at(12), []string{"讲堂", "议事会"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ActiveNotices(list, tc.site, tc.now)
			var titles []string
			for _, g := range got {
				titles = append(titles, g.Title)
			}
			if len(titles) != len(tc.want) {
				t.Fatalf("got %v, want %v", titles, tc.want)
			}
			for i := range titles {
				if titles[i] != tc.want[i] {
					t.Fatalf("got %v, want %v", titles, tc.want)
				}
			}
		})
	}
}
