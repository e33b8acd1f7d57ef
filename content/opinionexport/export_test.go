package opinionexport

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"qingfeng/content"
	"qingfeng/content/seal"
	"qingfeng/content/store"
)

// opinions are three stored opinions: two with a sealed contact, one held.
func opinions(tb testing.TB, pub seal.Public) []store.StoredOpinion {
	tb.Helper()
	contact := func(c seal.Contact) []byte {
		b, err := seal.SealContact(pub, c)
		if err != nil {
			tb.Fatal(err)
		}
		return b
	}
	t0 := time.Date(2026, 5, 1, 0, 30, 0, 0, time.UTC)
	return []store.StoredOpinion{
		{Receipt: "K7M2-Q9X2", At: t0, Site: "shili", Category: "意见建议", Subject: "村道", Text: "路灯坏了", Rating: content.RatingUnhappy,
			Contact: contact(seal.Contact{Name: "张三丰", Phone: "13812345678"})},
		{Receipt: "K7M2-Q9X3", At: t0.Add(time.Hour), Site: "shili", Category: "表扬", Rating: content.RatingHappy},
		{Receipt: "K7M2-Q9X4", At: t0.Add(2 * time.Hour), Site: "shili", Category: "投诉举报线索", Text: "有人收红包",
			Held: true, HeldWord: "红包", Contact: contact(seal.Contact{Phone: "13900001111"}), Consent: true},
	}
}

func TestRows(t *testing.T) {
	pub, priv, err := seal.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	_, other, _ := seal.GenerateKey()
	shanghai := time.FixedZone("CST", 8*3600)
	ctx := context.Background()

	t.Run("sealed", func(t *testing.T) {
		var calls int
		rows, sum, err := Rows(ctx, opinions(t, pub), nil, nil, shanghai, func(string, int, int) { calls++ })
		if err != nil || sum != (Summary{Held: 1, Sealed: 2}) || calls != 3 {
			t.Fatalf("%v, %+v, %d progress calls", err, sum, calls)
		}
		want := []string{"K7M2-Q9X4", "2026-05-01 10:30:00", "shili", "投诉举报线索", "", "有人收红包", "", "是（红包）", ContactSealed, ContactSealed,
			"", "", "", "", "", "是"}
		if !slices.Equal(rows[0], Columns) || !slices.Equal(rows[3], want) {
			t.Fatalf("rows %q", rows)
		}
	})
	t.Run("opened", func(t *testing.T) {
		rows, sum, err := Rows(ctx, opinions(t, pub), nil, &priv, shanghai, nil)
		if err != nil || sum.Unreadable != 0 || rows[1][8] != "张三丰" || rows[1][9] != "13812345678" || rows[1][6] != "不满意" || rows[3][9] != "13900001111" {
			t.Fatalf("%v, %+v, %q", err, sum, rows)
		}
	})
	t.Run("wrong key", func(t *testing.T) {
		_, _, err := Rows(ctx, opinions(t, pub), nil, &other, shanghai, nil)
		if !errors.Is(err, seal.ErrOpen) {
			t.Fatalf("Rows with another key: %v, want ErrOpen", err)
		}
	})
	// A key that opens some contacts but not others (opinions left before
	// the office changed its key) is not an error: those cells say so.
	t.Run("partly readable", func(t *testing.T) {
		ops := opinions(t, pub)
		ops[0].Contact[len(ops[0].Contact)-1] ^= 1
		rows, sum, err := Rows(ctx, ops, nil, &priv, shanghai, nil)
		if err != nil || sum.Unreadable != 1 || rows[1][8] != ContactUnreadable || rows[3][9] != "13900001111" {
			t.Fatalf("%v, %+v, %q", err, sum, rows)
		}
	})
}
