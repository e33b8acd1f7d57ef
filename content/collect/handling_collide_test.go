package collect

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"qingfeng/content"
)

// Receipts are drawn at random by each kiosk: two residents at two sites
// can draw the same one. Their opinions stay two, and the handling row of
// the receipt says so, so that no answer meant for one reaches the other.
// The same opinion sent again is still one.
func TestHandlingCountsCollidingOpinions(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, shanghai)
	a := handlingOutbox(t, filepath.Join(root, "a"), "shili", start, "K7M2-Q9XP", "A2B3-C4D5")
	handlingOutbox(t, filepath.Join(root, "b"), "dongcun", start.Add(time.Hour), "K7M2-Q9XP")
	// shili's first opinion again, in a batch of its own (as a kiosk
	// resends a batch it is unsure was received).
	again := a
	again.ID = uid("shili-again")
	again.Opinions = again.Opinions[:1]
	writeBatch(t, filepath.Join(root, "a"), again, keyOf(t, "shili"))
	db := openDB(t)
	if _, err := db.Merge(ctx, []string{filepath.Join(root, "a"), filepath.Join(root, "b")}, nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		receipt string
		want    int
	}{
		{"K7M2-Q9XP", 2},
		{"A2B3-C4D5", 1},
	} {
		t.Run(tc.receipt, func(t *testing.T) {
			h, ok, err := db.HandlingOf(ctx, tc.receipt)
			if err != nil || !ok {
				t.Fatal(ok, err)
			}
			if h.Opinions != tc.want {
				t.Errorf("HandlingOf: %d opinions, want %d", h.Opinions, tc.want)
			}
			for _, h := range allHandling(t, db) {
				if h.Receipt == tc.receipt && h.Opinions != tc.want {
					t.Errorf("Handlings: %d opinions, want %d", h.Opinions, tc.want)
				}
			}
		})
	}
}

// Two imports at once: each checked its rows against the handling it
// read, and the later one to write must not overwrite what the other
// wrote in between. ApplyHandlingFrom writes only over the handling it
// was given, or nothing.
func TestApplyHandlingFromRefusesAChangedRow(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	handlingOutbox(t, filepath.Join(root, "a"), "shili", time.Date(2026, 12, 1, 9, 0, 0, 0, shanghai), "K7M2-Q9XP", "A2B3-C4D5")
	db := openDB(t)
	if _, err := db.Merge(ctx, []string{filepath.Join(root, "a")}, nil); err != nil {
		t.Fatal(err)
	}
	read := allHandling(t, db)
	// The other import answers the first opinion.
	other := read[0]
	other.Status, other.Reply, other.Replied = content.StatusReplied, "已修好", "2026-12-03"
	if err := db.ApplyHandling(ctx, []Handling{other}); err != nil {
		t.Fatal(err)
	}
	after := allHandling(t, db)
	mine := slices.Clone(read)
	mine[0].Status, mine[0].Unit, mine[0].Forwarded = content.StatusForwarded, "城建办", "2026-12-04"
	mine[1].Status, mine[1].Unit, mine[1].Forwarded = content.StatusForwarded, "民政办", "2026-12-04"
	err := db.ApplyHandlingFrom(ctx, read, mine)
	var changed *ChangedError
	if !errors.As(err, &changed) || changed.Receipt != read[0].Receipt {
		t.Fatalf("err %v: want the first receipt changed", err)
	}
	if got := allHandling(t, db); !reflect.DeepEqual(got, after) {
		t.Errorf("the database changed:\n%+v\nwas %+v", got, after)
	}
	// Given what is there now, it writes.
	if err := db.ApplyHandlingFrom(ctx, after, mine); err != nil {
		t.Fatal(err)
	}
	if got := allHandling(t, db); got[1].Unit != "民政办" {
		t.Errorf("not written: %+v", got[1])
	}
}
