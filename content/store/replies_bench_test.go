package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"qingfeng/content"
)

// benchReplies is the size of a district's pack the lookup is measured
// against.
const benchReplies = 100_000

// benchReceipt is the i-th receipt of the benchmark's pack.
func benchReceipt(i int) string {
	a := content.ReceiptAlphabet
	n := len(a)
	return fmt.Sprintf("%c%c%c%c-%c%c%c%c", a[i%n], a[i/n%n], a[i/(n*n)%n], a[i/(n*n*n)%n], 'Q', '9', 'X', 'P')
}

// BenchmarkLookupReply measures LookupReply with 100,000 replies
// installed and 1,000 opinions left at the kiosk, cycling through receipts
// the pack answers, this kiosk's own and unknown ones, and reports p50 and
// p95 in ms: the store's share of the keypad's last tap → the answer on
// screen (target < 100 ms). It also logs how long the pack took to
// install.
func BenchmarkLookupReply(b *testing.B) {
	ctx := context.Background()
	s := openStore(b, "")
	replies := make([]content.Reply, benchReplies)
	text := "您反映的问题已转交镇交通办处理，路灯已于本月修复，感谢您对村务的关心和监督。"
	for i := range replies {
		status := content.ReplyStatuses[i%len(content.ReplyStatuses)]
		replies[i] = replyOf(benchReceipt(i), status, content.DefaultOpinionCategories[i%4], day(1, 1).AddDate(0, 0, i%330), i%3 == 0)
		if status.Answered() {
			replies[i].Text = text
		}
	}
	start := time.Now()
	mustInstall(b, s, repliesPackage(1, replies...))
	b.Logf("installed %d replies in %v", benchReplies, time.Since(start))
	var own []string
	for range 1000 {
		own = append(own, mustRecordOpinion(b, s, StoredOpinion{Category: "咨询", Site: "s1", Text: "路灯坏了"}))
	}
	receipts := []string{}
	for i := range 40 {
		receipts = append(receipts, benchReceipt(i*2477%benchReplies), own[i*25], fmt.Sprintf("ZZZ%c-2345", content.ReceiptAlphabet[i%31]))
	}
	var lat []time.Duration
	for b.Loop() {
		for _, r := range receipts {
			t0 := time.Now()
			got, err := s.LookupReply(ctx, r)
			lat = append(lat, time.Since(t0))
			if err != nil || !got.Found && !got.Local && r[:3] != "ZZZ" {
				b.Fatalf("LookupReply(%s) = %+v, %v", r, got, err)
			}
		}
	}
	reportLatency(b, lat)
}
