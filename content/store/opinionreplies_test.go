package store

import (
	"context"
	"slices"
	"testing"

	"qingfeng/content"
)

// The export's read: the replies to the opinions left here, by receipt,
// the latest news when two packages carry one receipt; an opinion left
// elsewhere or not answered yet is not among them.
func TestOpinionReplies(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	if got, err := s.OpinionReplies(ctx); err != nil || len(got) != 0 {
		t.Fatalf("no opinions: %v, %v", got, err)
	}
	answered := mustRecordOpinion(t, s, StoredOpinion{Category: "意见建议", Site: "s1", Text: "路灯坏了"})
	forwarded := mustRecordOpinion(t, s, StoredOpinion{Category: "咨询", Site: "s1", Text: "低保怎么办"})
	mustRecordOpinion(t, s, StoredOpinion{Category: "表扬", Site: "s1", Rating: content.RatingHappy}) // no reply

	older := content.Reply{Receipt: forwarded, Status: content.StatusForwarded, Category: "咨询", Received: day(11, 1),
		Forwarded: day(11, 2), Unit: "镇民政办"}
	mustInstall(t, s, repliesPackage(1,
		replyOf(answered, content.StatusReplied, "意见建议", day(11, 9), true),
		replyOf("ZZZZ-2345", content.StatusReplied, "咨询", day(11, 9), false), // left at another kiosk
		older))
	// Another district's package carries the same receipt with later news.
	newer := older
	newer.Status, newer.Replied, newer.Text = content.StatusClosed, day(11, 12), "已办好。"
	mustInstall(t, s, &content.Package{ID: "replies-east", Title: "答复", Version: 1, Replies: []content.Reply{newer}})

	got, err := s.OpinionReplies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]string, 0, len(got))
	for k := range got {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := []string{answered, forwarded}
	slices.Sort(want)
	if !slices.Equal(keys, want) {
		t.Fatalf("receipts %q, want %q", keys, want)
	}
	if r := got[forwarded]; !sameReply(r, newer) {
		t.Errorf("two packages: %+v, want the later news %+v", r, newer)
	}
	if r := got[answered]; r.Status != content.StatusReplied || !r.Public || !r.Replied.Equal(day(11, 9)) {
		t.Errorf("answered: %+v", r)
	}
	for receipt, r := range got {
		look, err := s.LookupReply(ctx, receipt)
		if err != nil || !sameReply(look.Reply, r) {
			t.Errorf("%s: OpinionReplies %+v, LookupReply %+v (%v)", receipt, r, look.Reply, err)
		}
	}
}
