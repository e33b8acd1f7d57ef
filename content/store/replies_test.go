package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"qingfeng/content"
)

// day is a date as the office writes it: the day's start in China.
func day(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 0, 0, 0, 0, dateZone()) }

// repliesPackage is a package of replies as content/parse makes it.
func repliesPackage(version int, replies ...content.Reply) *content.Package {
	return &content.Package{ID: "replies-district", Title: "答复", Version: version, Replies: replies}
}

func replyOf(receipt string, status content.ReplyStatus, category string, replied time.Time, public bool) content.Reply {
	r := content.Reply{Receipt: receipt, Status: status, Category: category, Received: day(11, 1), Public: public}
	if status.Answered() {
		r.Replied, r.Text = replied, "答复："+receipt
	}
	return r
}

func sameReply(a, b content.Reply) bool {
	return a.Receipt == b.Receipt && a.Status == b.Status && a.Category == b.Category && a.Received.Equal(b.Received) &&
		a.Forwarded.Equal(b.Forwarded) && a.Unit == b.Unit && a.Replied.Equal(b.Replied) && a.Text == b.Text &&
		a.Public == b.Public && a.Opinion == b.Opinion
}

// A package of replies installs like any package: every reply kept as
// given, dates the days they were, and a newer version replaces the whole
// set, a reply it no longer carries included.
func TestInstallReplies(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	full := content.Reply{Receipt: "K7M2-Q9XP", Status: content.StatusReplied, Category: "意见建议", Received: day(11, 3),
		Forwarded: day(11, 4), Unit: "镇交通办", Replied: day(11, 10), Text: "路灯已经修好。", Public: true, Opinion: "路灯坏了"}
	gone := replyOf("ABCD-EFGH", content.StatusReceived, "咨询", time.Time{}, false)
	mustInstall(t, s, repliesPackage(1, full, gone))

	got, err := s.LookupReply(ctx, "k7m2q9xp")
	if err != nil || !got.Found || !sameReply(got.Reply, full) {
		t.Fatalf("LookupReply = %+v, %v; want %+v", got, err, full)
	}
	if d := got.Reply.Replied.Format("2006-01-02"); d != "2026-11-10" {
		t.Errorf("replied on %s, want 2026-11-10", d)
	}

	later := full
	later.Status, later.Text = content.StatusClosed, "已办结。"
	mustInstall(t, s, repliesPackage(2, later))
	if got, err := s.LookupReply(ctx, "K7M2-Q9XP"); err != nil || !sameReply(got.Reply, later) {
		t.Errorf("after v2: %+v, %v; want %+v", got.Reply, err, later)
	}
	if got, err := s.LookupReply(ctx, "ABCD-EFGH"); err != nil || got.Found {
		t.Errorf("a reply v2 no longer carries is still found: %+v, %v", got, err)
	}
	if err := s.Install(ctx, repliesPackage(2, full)); err == nil {
		t.Error("the same version installed twice")
	}
	var n int
	if err := s.rdb.QueryRow(`SELECT count(*) FROM replies`).Scan(&n); err != nil || n != 1 {
		t.Errorf("%d rows of replies, %v; want 1", n, err)
	}
}

// A lookup tells the office's reply when there is one, else whether the
// opinion was left here and whether its batch has gone into the outbox;
// an unknown or malformed receipt is simply not known.
func TestLookupReply(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	unsent := mustRecordOpinion(t, s, StoredOpinion{Category: "咨询", Site: "s1", Text: "还没发"})
	sealed := mustRecordOpinion(t, s, StoredOpinion{Category: "咨询", Site: "s1", Text: "封进批次但文件没写"})
	if _, err := s.SealOutboxBatch(ctx, "b1"); err != nil {
		t.Fatal(err)
	}
	sent := mustRecordOpinion(t, s, StoredOpinion{Category: "咨询", Site: "s1", Text: "已发出"})
	if _, err := s.SealOutboxBatch(ctx, "b2"); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkBatchWritten(ctx, "b2"); err != nil {
		t.Fatal(err)
	}
	answered := mustRecordOpinion(t, s, StoredOpinion{Category: "咨询", Site: "s1", Text: "已答复"})
	mustInstall(t, s, repliesPackage(1,
		replyOf(answered, content.StatusReplied, "咨询", day(11, 9), false),
		replyOf("ZZZZ-2345", content.StatusForwarded, "咨询", time.Time{}, false)))

	tests := []struct {
		name, receipt      string
		found, local, sent bool
	}{
		{"unknown", "WXYZ-2345", false, false, false},
		{"not a receipt", "K0M1-OIL2", false, false, false},
		{"empty", "", false, false, false},
		{"left here, not sent", unsent, false, true, false},
		{"left here, in a batch not yet written", sealed, false, true, false},
		{"left here and sent", sent, false, true, true},
		{"left here, answered", answered, true, true, false},
		{"left elsewhere, answered", "zzzz 2345", true, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.LookupReply(ctx, tc.receipt)
			if err != nil {
				t.Fatal(err)
			}
			if got.Found != tc.found || got.Local != tc.local || got.Sent != tc.sent {
				t.Fatalf("LookupReply(%q) = found %v local %v sent %v; want %v %v %v",
					tc.receipt, got.Found, got.Local, got.Sent, tc.found, tc.local, tc.sent)
			}
			if got.Found != (got.Reply.Receipt != "") {
				t.Fatalf("Found %v with reply %+v", got.Found, got.Reply)
			}
		})
	}
}

// The board lists public answers only, newest answer first, one category
// or all, at most MaxPublicReplies; Home's count takes every answer since
// a day, public or not.
func TestPublicRepliesAndAnsweredSince(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	mustInstall(t, s, repliesPackage(1,
		replyOf("AAAA-2222", content.StatusReplied, "意见建议", day(11, 2), true),
		replyOf("AAAA-3333", content.StatusClosed, "咨询", day(11, 20), true),
		replyOf("AAAA-4444", content.StatusReplied, "意见建议", day(11, 15), true),
		replyOf("AAAA-5555", content.StatusReplied, "意见建议", day(11, 30), false),  // not public
		replyOf("AAAA-6666", content.StatusForwarded, "意见建议", time.Time{}, true), // nothing to show yet
		replyOf("AAAA-7777", content.StatusReplied, "表扬", day(10, 31), true),
	))
	receipts := func(rs []content.Reply) string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Receipt)
		}
		return strings.Join(out, " ")
	}
	for _, tc := range []struct{ category, want string }{
		{"", "AAAA-3333 AAAA-4444 AAAA-2222 AAAA-7777"},
		{"意见建议", "AAAA-4444 AAAA-2222"},
		{"咨询", "AAAA-3333"},
		{"投诉举报线索", ""},
	} {
		t.Run("board "+tc.category, func(t *testing.T) {
			got, err := s.PublicReplies(ctx, tc.category)
			if err != nil || receipts(got) != tc.want {
				t.Fatalf("PublicReplies(%q) = %q, %v; want %q", tc.category, receipts(got), err, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		since time.Time
		want  int
	}{
		{day(11, 1), 4},
		{day(11, 15).Add(13 * time.Hour), 3}, // the whole of the 15th counts
		{time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), 4},
		{day(12, 1), 0},
		{time.Time{}, 5},
	} {
		t.Run(fmt.Sprint("answered since ", tc.since), func(t *testing.T) {
			if n, err := s.AnsweredSince(ctx, tc.since); err != nil || n != tc.want {
				t.Fatalf("AnsweredSince = %d, %v; want %d", n, err, tc.want)
			}
		})
	}

	t.Run("at most MaxPublicReplies", func(t *testing.T) {
		var many []content.Reply
		for i := range MaxPublicReplies + 5 {
			r := fmt.Sprintf("%c%c%c%c-2345", content.ReceiptAlphabet[i/(31*31)%31], content.ReceiptAlphabet[i/31%31], content.ReceiptAlphabet[i%31], 'A')
			many = append(many, replyOf(r, content.StatusReplied, "咨询", day(11, 1).AddDate(0, 0, i%300), true))
		}
		mustInstall(t, s, repliesPackage(2, many...))
		got, err := s.PublicReplies(ctx, "")
		if err != nil || len(got) != MaxPublicReplies {
			t.Fatalf("%d answers, %v; want %d", len(got), err, MaxPublicReplies)
		}
		for i := 1; i < len(got); i++ {
			if got[i].Replied.After(got[i-1].Replied) {
				t.Fatalf("answer %d (%v) newer than answer %d (%v)", i, got[i].Replied, i-1, got[i-1].Replied)
			}
		}
	})
}
