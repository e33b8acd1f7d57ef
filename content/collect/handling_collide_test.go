package collect

import (
	"context"
	"path/filepath"
	"testing"
	"time"
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
