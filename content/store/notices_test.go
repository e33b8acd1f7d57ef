package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"qingfeng/content"
)

// Notices install with their package and go with it: a newer version
// replaces the whole set, and a notice that has ended is not returned.
func TestInstallNotices(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	at := func(d, h int) time.Time { return time.Date(2026, 12, d, h, 0, 0, 0, time.UTC) }
	water := content.Notice{File: "通知.txt", Line: 2, Title: "停水", Text: "明天上午停水。\n请储水。", Urgent: true,
		Window: content.Window{From: at(7, 0), Until: at(7, 12)}, Sites: []string{"qingfeng-cun"}}
	meeting := content.Notice{File: "通知.txt", Line: 9, Title: "议事会", Text: "欢迎参加。",
		Window: content.Window{From: at(1, 0), Until: at(10, 0)}}
	pkg := func(version int, ns ...content.Notice) *content.Package {
		return &content.Package{ID: "notices-district", Title: "通知", Version: version, Notices: ns}
	}
	mustInstall(t, s, pkg(1, water, meeting))

	same := func(a, b content.Notice) bool {
		return a.File == b.File && a.Line == b.Line && a.Title == b.Title && a.Text == b.Text && a.Urgent == b.Urgent &&
			a.Window.From.Equal(b.Window.From) && a.Window.Until.Equal(b.Window.Until) && slices.Equal(a.Sites, b.Sites)
	}
	for _, tc := range []struct {
		name string
		now  time.Time
		want []content.Notice
	}{
		{"both, the soonest first", at(6, 0), []content.Notice{meeting, water}},
		{"the water back on", at(7, 12), []content.Notice{meeting}},
		{"all ended", at(10, 0), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Notices(ctx, tc.now)
			if err != nil || len(got) != len(tc.want) {
				t.Fatalf("Notices = %+v, %v; want %+v", got, err, tc.want)
			}
			for i := range got {
				if !same(got[i], tc.want[i]) {
					t.Errorf("notice %d = %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
	mustInstall(t, s, pkg(2, meeting))
	if got, err := s.Notices(ctx, at(6, 0)); err != nil || len(got) != 1 || got[0].Title != "议事会" {
		t.Fatalf("after version 2: %+v, %v", got, err)
	}
	if err := s.Install(ctx, pkg(3, content.Notice{Title: "无期限", Text: "x", Window: content.Window{From: at(1, 0)}})); err == nil {
		t.Fatal("a notice without an end must not be installed")
	}
}
