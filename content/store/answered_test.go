package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"qingfeng/content"
)

// Home's "answered this month" counts up to the end of the kiosk's today:
// an answer dated later (the office's clock ahead of the kiosk's, or the
// kiosk's gone back after a power cut) waits for its day.
func TestAnsweredSinceStopsAtToday(t *testing.T) {
	ctx := context.Background()
	now := day(11, 20).Add(15 * time.Hour)
	s := openStore(t, "", WithNow(func() time.Time { return now }))
	mustInstall(t, s, repliesPackage(1,
		replyOf("AAAA-2222", content.StatusReplied, "意见建议", day(11, 2), false),
		replyOf("AAAA-3333", content.StatusClosed, "咨询", day(11, 20), true), // today
		replyOf("AAAA-4444", content.StatusReplied, "意见建议", day(11, 21), true),
		replyOf("AAAA-5555", content.StatusReplied, "意见建议", day(12, 25), false),
	))
	for _, tc := range []struct {
		since time.Time
		want  int
	}{
		{day(11, 1), 2},
		{day(11, 20).Add(9 * time.Hour), 1},
		{day(11, 21), 0},
		{time.Time{}, 2},
	} {
		t.Run(fmt.Sprint("since ", tc.since), func(t *testing.T) {
			if n, err := s.AnsweredSince(ctx, tc.since); err != nil || n != tc.want {
				t.Fatalf("AnsweredSince = %d, %v; want %d", n, err, tc.want)
			}
		})
	}
	// The kiosk's day comes: the answer dated then counts.
	now = day(11, 21).Add(8 * time.Hour)
	if n, err := s.AnsweredSince(ctx, day(11, 1)); err != nil || n != 3 {
		t.Fatalf("the next day: AnsweredSince = %d, %v; want 3", n, err)
	}
}
