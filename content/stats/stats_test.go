package stats

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"qingfeng/content/store"
)

// shelf is a Recorder that fails while broken.
type shelf struct {
	broken bool
	views  []store.UsageView
}

func (s *shelf) RecordViews(_ context.Context, views []store.UsageView) error {
	if s.broken {
		return errors.New("disk full")
	}
	s.views = append(s.views, views...)
	return nil
}

func items(views []store.UsageView) string {
	var out []string
	for _, v := range views {
		out = append(out, v.Item)
	}
	return strings.Join(out, " ")
}

// Views held while the store fails are kept, in order, before those that
// came after, and stored at the next try; Held is a copy.
func TestLogKeepsWhatFailedToStore(t *testing.T) {
	ctx := context.Background()
	var u Log
	if u.Held() != nil || (*Log)(nil).Held() != nil {
		t.Fatal("an empty log holds views")
	}
	st := &shelf{broken: true}
	u.Add(store.UsageView{Item: "a"})
	u.Add(store.UsageView{Item: "b"})
	if err := u.Store(ctx, st); err == nil {
		t.Fatal("a failed store is not reported")
	}
	u.Add(store.UsageView{Item: "c"})
	held := u.Held()
	if items(held) != "a b c" {
		t.Fatalf("held %q, want a b c", items(held))
	}
	held[0].Item = "changed"
	st.broken = false
	if err := u.Store(ctx, st); err != nil {
		t.Fatal(err)
	}
	if items(st.views) != "a b c" || u.Held() != nil {
		t.Errorf("stored %q, still held %d", items(st.views), len(u.Held()))
	}
}

func TestRows(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	at := time.Date(2026, 12, 6, 9, 10, 0, 0, loc)
	names := map[string]string{"story": "清廉故事", "closed": "闭馆时钟"}
	for _, tc := range []struct {
		name  string
		views []store.UsageView
		want  [][]string
	}{
		{"none", nil, nil},
		{"one hour, one item: summed, the title kept", []store.UsageView{
			{At: at, Screen: "story", Item: "p/a", Title: "甲", Dwell: 20 * time.Second, Taps: 3},
			{At: at.Add(40 * time.Minute), Screen: "story", Item: "p/a", Dwell: 15500 * time.Millisecond, Taps: 1},
		}, [][]string{{"2026-12-06", "09:00-10:00", "清廉故事", "p/a", "甲", "2", "35", "4"}}},
		{"by hour and item, in first-seen order; a night counts in its first hour", []store.UsageView{
			{At: at, Screen: "story", Item: "p/b", Title: "乙"},
			{At: at.Add(time.Hour), Screen: "story", Item: "p/a", Title: "甲"},
			{At: at.Add(5 * time.Minute), Screen: "story", Item: "p/a", Title: "甲"},
			{At: time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC), Screen: "closed", Dwell: 12 * time.Hour},
			{At: at, Screen: "new-screen", Item: "x"},
		}, [][]string{
			{"2026-12-06", "09:00-10:00", "清廉故事", "p/b", "乙", "1", "0", "0"},
			{"2026-12-06", "10:00-11:00", "清廉故事", "p/a", "甲", "1", "0", "0"},
			{"2026-12-06", "09:00-10:00", "清廉故事", "p/a", "甲", "1", "0", "0"},
			{"2026-12-06", "18:00-19:00", "闭馆时钟", "", "", "1", "43200", "0"},
			{"2026-12-06", "09:00-10:00", "new-screen", "x", "", "1", "0", "0"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Rows(tc.views, loc, names)
			if len(got) == 0 || got[0][0] != "日期" || len(got[0]) != 8 {
				t.Fatalf("header %v", got)
			}
			if !slices.EqualFunc(got[1:], tc.want, slices.Equal) {
				t.Errorf("rows\n%v\nwant\n%v", got[1:], tc.want)
			}
		})
	}
}
