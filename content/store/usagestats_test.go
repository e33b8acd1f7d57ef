package store

import (
	"context"
	"testing"
	"time"
)

func TestSummariseUsage(t *testing.T) {
	sh := time.FixedZone("CST", 8*3600)
	day := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, sh) }
	v := func(at time.Time, screen, item, title string, dwell time.Duration, taps int) UsageView {
		return UsageView{At: at.UTC(), Screen: screen, Item: item, Title: title, Dwell: dwell, Taps: taps}
	}
	views := []UsageView{
		// Before the range: not counted, but it leaves the kiosk mid-visit.
		v(day(10, 9, 0), "story", "p/a", "旧标题", time.Minute, 9),
		// 24 Nov: two visits.
		v(day(24, 8, 0), "attract", "", "", 2*time.Hour, 0),
		v(day(24, 10, 0), "home", "", "", 10*time.Second, 1),
		v(day(24, 10, 1), "story", "p/a", "清厢茶馆", 3*time.Minute, 4),
		v(day(24, 10, 4), "table", "p/fin", "村级财务", time.Minute, 6),
		v(day(24, 10, 5), "attract", "", "", time.Hour, 0),
		v(day(24, 15, 30), "home", "", "", 5*time.Second, 2),
		v(day(24, 15, 31), "exhibit", "quiz", "清廉答题", 2*time.Minute, 20),
		v(day(24, 15, 33), "story", "p/a", "清厢茶馆（新）", time.Minute, 1),
		// 25 Nov: closed all day, nobody.
		v(day(24, 18, 0), "closed", "", "", 38*time.Hour, 3),
		// Staff mode at night: neither a visit nor visitors' touches.
		v(day(25, 21, 0), "staff-pin", "", "", 20*time.Second, 5),
		v(day(25, 21, 1), "staff", "", "", time.Minute, 4),
		// 26 Nov: one visit after the night.
		v(day(26, 8, 5), "table", "p/fin", "村级财务", 4*time.Minute, 7),
		v(day(26, 8, 9), "story", "p/b", "七味茶", 30*time.Second, 1),
	}
	st := SummariseUsage(views, day(26, 20, 0), 3, 10, sh)
	if len(st.Days) != 3 || !st.Days[0].Date.Equal(day(24, 0, 0)) || !st.Days[2].Date.Equal(day(26, 0, 0)) {
		t.Fatalf("days %+v", st.Days)
	}
	want := []DayUse{
		{Visits: 2, Pages: 6, Touches: 34, Attract: 3 * time.Hour}, // the clock's touches at night are not a visitor's
		{},
		{Visits: 1, Pages: 2, Touches: 8},
	}
	for i, w := range want {
		g := st.Days[i]
		if g.Visits != w.Visits || g.Pages != w.Pages || g.Touches != w.Touches || g.Attract != w.Attract {
			t.Errorf("day %d: %+v, want %+v", i, g, w)
		}
	}
	// Two views each: the longer stay first; a story keeps its latest title.
	if len(st.Top) != 3 || st.Top[0].Item != "p/fin" || st.Top[0].Views != 2 || st.Top[0].Dwell != 5*time.Minute ||
		st.Top[1].Item != "p/a" || st.Top[1].Views != 2 || st.Top[1].Title != "清厢茶馆（新）" || st.Top[2].Item != "p/b" {
		t.Errorf("top %+v", st.Top)
	}
	if len(st.Exhibits) != 1 || st.Exhibits[0].Views != 1 || st.Exhibits[0].Title != "清廉答题" {
		t.Errorf("exhibits %+v", st.Exhibits)
	}
	if st.Hours[10] != 11 || st.Hours[15] != 23 || st.Hours[8] != 8 || st.Hours[18] != 0 || st.Hours[21] != 0 || st.Hours[9] != 0 {
		t.Errorf("touches by hour %v", st.Hours)
	}
	if top := SummariseUsage(views, day(26, 20, 0), 3, 1, sh).Top; len(top) != 1 || top[0].Item != "p/fin" {
		t.Errorf("top 1: %+v", top)
	}
}

func TestViewsSince(t *testing.T) {
	s := openStore(t, t.TempDir())
	ctx := context.Background()
	t0 := time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC)
	if err := s.RecordViews(ctx, []UsageView{
		{At: t0, Screen: "home", Taps: 1},
		{At: t0.Add(time.Hour), Screen: "story", Item: "p/a", Title: "甲", Dwell: 90 * time.Second, Taps: 2},
	}); err != nil {
		t.Fatal(err)
	}
	got, err := s.ViewsSince(ctx, t0.Add(30*time.Minute))
	if err != nil || len(got) != 1 || got[0].Item != "p/a" || got[0].Dwell != 90*time.Second || !got[0].At.Equal(t0.Add(time.Hour)) {
		t.Fatalf("ViewsSince = %+v, %v", got, err)
	}
}
