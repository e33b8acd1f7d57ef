package store

import (
	"context"
	"testing"
	"time"
)

// recordDisplays writes n entries to s's display log, one a minute.
func recordDisplays(tb testing.TB, s *Store, n int) {
	tb.Helper()
	t0 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	var vs []UsageView
	for i := range n {
		vs = append(vs, UsageView{At: t0.Add(time.Duration(i) * time.Minute), Screen: "story", Item: "p/s", Title: "故事", Dwell: 30 * time.Second})
	}
	if err := s.RecordViews(context.Background(), vs); err != nil {
		tb.Fatal(err)
	}
}

func TestDisplayLogHeadAndHashes(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	if h, err := s.DisplayLogHead(ctx); err != nil || h != (DisplayHead{}) {
		t.Fatalf("empty log: %+v %v", h, err)
	}
	recordDisplays(t, s, 40)
	all, err := s.DisplayLog(ctx, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.DisplayLogHead(ctx)
	if err != nil || h.Entries != 40 || h.Head != all[39].Hash || h.Genesis != all[0].Hash {
		t.Fatalf("head %+v %v", h, err)
	}
	got, err := s.DisplayLogHashes(ctx, []int64{32, 16, 1, 99})
	if err != nil || len(got) != 3 || got[16] != all[15].Hash || got[32] != all[31].Hash || got[1] != all[0].Hash {
		t.Fatalf("hashes %v %v", got, err)
	}
}

func TestWalkDisplayLogFindsAnchor(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		tamper    string
		anchorSeq int64 // the entry whose hash is asked for, as first written
		found     bool
		after     int64
		broken    string
		breakSeq  int64
	}{
		{"intact", "", 4, true, 6, "", 0},
		{"rewound past the anchor", `DELETE FROM display_log WHERE seq >= 4`, 4, false, 0, "", 0},
		{"rewound after it", `DELETE FROM display_log WHERE seq > 6`, 4, true, 2, "", 0},
		{"an entry after it edited", `UPDATE display_log SET title = '别的' WHERE seq = 7`, 4, true, 6, BreakChanged, 7},
		{"an entry before it edited", `UPDATE display_log SET title = '别的' WHERE seq = 2`, 4, true, 6, BreakChanged, 2},
		{"an entry after it deleted", `DELETE FROM display_log WHERE seq = 8`, 4, true, 5, BreakMissing, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openStore(t, "")
			recordDisplays(t, s, 10)
			all, _ := s.DisplayLog(ctx, time.Time{}, time.Time{})
			anchor := all[tt.anchorSeq-1].Hash
			if tt.tamper != "" {
				if _, err := s.wdb.ExecContext(ctx, tt.tamper); err != nil {
					t.Fatal(err)
				}
			}
			w, err := s.WalkDisplayLog(ctx, anchor)
			if err != nil {
				t.Fatal(err)
			}
			if (w.Anchor.Seq != 0) != tt.found || tt.found && (w.Anchor.Seq != tt.anchorSeq || w.AnchorAfter != tt.after || !w.Anchor.At.Equal(all[tt.anchorSeq-1].At)) {
				t.Errorf("anchor %+v after %d, want seq %d found=%v after %d", w.Anchor, w.AnchorAfter, tt.anchorSeq, tt.found, tt.after)
			}
			if w.BreakKind != tt.broken || w.BreakSeq != tt.breakSeq {
				t.Errorf("break %q at %d, want %q at %d", w.BreakKind, w.BreakSeq, tt.broken, tt.breakSeq)
			}
			if (w.Err() == nil) != (tt.broken == "") {
				t.Errorf("Err %v", w.Err())
			}
		})
	}
}
