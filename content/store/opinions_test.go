package store

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

var receiptPattern = regexp.MustCompile(`^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$`)

func mustRecordOpinion(tb testing.TB, s *Store, o StoredOpinion) string {
	tb.Helper()
	r, err := s.RecordOpinion(context.Background(), o)
	if err != nil {
		tb.Fatalf("RecordOpinion: %v", err)
	}
	if !receiptPattern.MatchString(r) {
		tb.Fatalf("receipt %q does not match %s", r, receiptPattern)
	}
	return r
}

func TestRecordAndReadOpinions(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 5, 1, 8, 30, 15, 0, time.UTC)
	clock := &fixedClock{t: t0}
	s := openStore(t, "", WithNow(clock.Now))

	if total, held, err := s.OpinionCount(ctx); err != nil || total != 0 || held != 0 {
		t.Fatalf("empty store: OpinionCount = %d, %d, %v", total, held, err)
	}
	sealed := []byte{0x01, 0x02, 0x00, 0xff}
	in := []StoredOpinion{
		{Category: "意见建议", Subject: "村道硬化工程", Text: "路灯坏了两个月", Rating: 1, Site: "s1", Contact: sealed},
		{Category: "表扬", Rating: 3, Site: "s1", At: t0.Add(time.Hour + 300*time.Millisecond), Consent: true},
		{Category: "投诉举报线索", Text: "有人收红包", Site: "s1", Held: true, HeldWord: "红包", Contact: []byte{}},
		{Category: "咨询", Text: "'; DROP TABLE opinions; --\n第二行", Site: "s2", At: t0.Add(-24 * time.Hour)},
	}
	var receipts []string
	for i, o := range in {
		if i == 2 {
			clock.Set(t0.Add(2 * time.Hour))
		}
		o.Receipt = "IGNORED" // RecordOpinion makes its own
		receipts = append(receipts, mustRecordOpinion(t, s, o))
	}

	got, err := s.Opinions(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(in) {
		t.Fatalf("Opinions returned %d, want %d", len(got), len(in))
	}
	wantAt := []time.Time{t0, t0.Add(time.Hour), t0.Add(2 * time.Hour), t0.Add(-24 * time.Hour)}
	for i, o := range got {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			w := in[i]
			if o.Receipt != receipts[i] {
				t.Errorf("receipt %q, recorded as %q (order must be the order recorded)", o.Receipt, receipts[i])
			}
			if !o.At.Equal(wantAt[i]) || o.At.Location() != time.UTC {
				t.Errorf("At = %v, want %v UTC", o.At, wantAt[i])
			}
			if o.Category != w.Category || o.Subject != w.Subject || o.Text != w.Text || o.Rating != w.Rating ||
				o.Site != w.Site || o.Held != w.Held || o.HeldWord != w.HeldWord || o.Consent != w.Consent {
				t.Errorf("read %+v, recorded %+v", o, w)
			}
			switch {
			case len(w.Contact) == 0 && o.Contact != nil:
				t.Errorf("Contact = %v, want nil (an empty contact is none)", o.Contact)
			case !bytes.Equal(o.Contact, w.Contact):
				t.Errorf("Contact = %v, want %v", o.Contact, w.Contact)
			}
		})
	}

	since, err := s.Opinions(ctx, t0.Add(time.Hour+500*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if len(since) != 2 || since[0].Receipt != receipts[1] || since[1].Receipt != receipts[2] {
		t.Errorf("Opinions since t0+1h: %+v", since)
	}
	if total, held, err := s.OpinionCount(ctx); err != nil || total != 4 || held != 1 {
		t.Errorf("OpinionCount = %d, %d, %v; want 4, 1", total, held, err)
	}

	// What was recorded is still there after reopening: nothing was only
	// in memory.
	dir := s.Dir()
	s.Close()
	s = openStore(t, dir)
	if again, err := s.Opinions(ctx, time.Time{}); err != nil || len(again) != 4 {
		t.Fatalf("after reopen: %d opinions, %v", len(again), err)
	}
}

func TestRecordOpinionRejectsBadRating(t *testing.T) {
	s := openStore(t, "")
	for _, r := range []int{-1, 4} {
		if _, err := s.RecordOpinion(context.Background(), StoredOpinion{Category: "表扬", Rating: r}); err == nil {
			t.Errorf("rating %d accepted", r)
		}
	}
}

func TestReceiptAlphabetAndFormat(t *testing.T) {
	seen := map[rune]int{}
	for range 3000 {
		r, err := randomReceipt()
		if err != nil {
			t.Fatal(err)
		}
		if !receiptPattern.MatchString(r) {
			t.Fatalf("receipt %q does not match %s", r, receiptPattern)
		}
		for _, c := range strings.ReplaceAll(r, "-", "") {
			seen[c]++
		}
	}
	// 24,000 characters: each of the 31 is expected ~774 times. Missing one,
	// or one far off, means the sampling is wrong.
	if len(seen) != len(receiptAlphabet) {
		t.Fatalf("saw %d distinct characters, want %d: %v", len(seen), len(receiptAlphabet), seen)
	}
	for c, n := range seen {
		if n < 550 || n > 1000 {
			t.Errorf("character %c drawn %d times, expected about 774", c, n)
		}
	}
	for _, bad := range "01ILO" {
		if strings.ContainsRune(receiptAlphabet, bad) {
			t.Errorf("alphabet holds the ambiguous %c", bad)
		}
	}
}

func TestReceiptsUniqueUnderManyInserts(t *testing.T) {
	s := openStore(t, "")
	const workers, each = 8, 40
	var mu sync.Mutex
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				r, err := s.RecordOpinion(context.Background(), StoredOpinion{
					Category: "意见建议", Text: fmt.Sprintf("第%d-%d条", w, i), Site: "s"})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if seen[r] {
					t.Errorf("receipt %s handed out twice", r)
				}
				seen[r] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	total, _, err := s.OpinionCount(context.Background())
	if err != nil || total != workers*each || len(seen) != workers*each {
		t.Fatalf("%d stored, %d receipts, %v; want %d", total, len(seen), err, workers*each)
	}
}

func TestReceiptCollisionRetries(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	draws := func(rs ...string) func() (string, error) {
		return func() (string, error) {
			r := rs[0]
			if len(rs) > 1 {
				rs = rs[1:]
			}
			return r, nil
		}
	}
	o := StoredOpinion{Category: "表扬", Site: "s"}
	if r, err := s.recordOpinion(ctx, o, draws("AAAA-AAAA")); err != nil || r != "AAAA-AAAA" {
		t.Fatalf("first: %q, %v", r, err)
	}
	if r, err := s.recordOpinion(ctx, o, draws("AAAA-AAAA", "AAAA-AAAA", "BBBB-BBBB")); err != nil || r != "BBBB-BBBB" {
		t.Fatalf("after collisions: %q, %v; want BBBB-BBBB", r, err)
	}
	if _, err := s.recordOpinion(ctx, o, draws("AAAA-AAAA")); err == nil || !strings.Contains(err.Error(), "taken") {
		t.Fatalf("endless collisions: %v", err)
	}
	if total, _, _ := s.OpinionCount(ctx); total != 2 {
		t.Fatalf("%d opinions stored, want 2", total)
	}
}

func TestOutboxBatches(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	for range 3 {
		mustRecordOpinion(t, s, StoredOpinion{Category: "咨询", Site: "s1", Rating: 2})
	}
	// A row from before uids existed.
	if _, err := s.wdb.ExecContext(ctx, `UPDATE opinions SET uid = NULL WHERE id = 2`); err != nil {
		t.Fatal(err)
	}
	if n, err := s.SealOutboxBatch(ctx, "b1"); err != nil || n != 3 {
		t.Fatalf("first batch: %d, %v", n, err)
	}
	if n, err := s.SealOutboxBatch(ctx, "b2"); err != nil || n != 0 {
		t.Fatalf("nothing waiting: %d, %v", n, err)
	}
	mustRecordOpinion(t, s, StoredOpinion{Category: "表扬", Site: "s1", Rating: 3})
	if n, err := s.SealOutboxBatch(ctx, "b3"); err != nil || n != 1 {
		t.Fatalf("third batch: %d, %v", n, err)
	}
	ops, err := s.BatchOpinions(ctx, "b1")
	if err != nil || len(ops) != 3 {
		t.Fatalf("batch b1: %d, %v", len(ops), err)
	}
	seen := map[string]bool{}
	for _, o := range ops {
		if len(o.UID) != 36 || seen[o.UID] {
			t.Fatalf("uid %q", o.UID)
		}
		seen[o.UID] = true
	}
	if bs, err := s.UnwrittenBatches(ctx); err != nil || strings.Join(bs, ",") != "b1,b3" {
		t.Fatalf("unwritten %v %v", bs, err)
	}
	if err := s.MarkBatchWritten(ctx, "b1"); err != nil {
		t.Fatal(err)
	}
	s.MarkBatchWritten(ctx, "b1") // twice is harmless
	if bs, _ := s.UnwrittenBatches(ctx); strings.Join(bs, ",") != "b3" {
		t.Fatalf("unwritten after marking %v", bs)
	}
}
