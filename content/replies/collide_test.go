package replies

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"qingfeng/content/collect"
	"qingfeng/content/outbox"
)

// collide merges into db an opinion of another site that drew receipt,
// as a kiosk there may: receipts are random per kiosk.
func fromDongcun(tb testing.TB, db *collect.DB, dir, receipt, text string) {
	tb.Helper()
	out := filepath.Join(dir, "outbox-dongcun")
	if err := os.MkdirAll(out, 0o755); err != nil {
		tb.Fatal(err)
	}
	b := outbox.Batch{Format: outbox.Format, ID: uid("dongcun " + receipt), Site: "dongcun", SiteName: "东村联络站",
		Written: time.Date(2026, 12, 2, 0, 0, 0, 0, shanghai),
		Opinions: []outbox.Opinion{{UID: uid("dongcun opinion " + receipt), Receipt: receipt, Site: "dongcun",
			At: time.Date(2026, 12, 2, 10, 0, 0, 0, shanghai), Category: "意见建议", Subject: "低保", Text: text, Rating: 1, Consent: true}}}
	data, err := outbox.Encode(b, keyOf(tb, "kiosk dongcun"))
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, outbox.FileName(b.ID)), data, 0o644); err != nil {
		tb.Fatal(err)
	}
	if res, err := db.Merge(context.Background(), []string{out}, nil); err != nil || res.NewOpinions != 1 {
		tb.Fatalf("merged %+v, %v", res, err)
	}
}

// Two residents at two sites who drew the same receipt: an answer to it
// would reach whichever of them typed it, so the office cannot answer it
// through the kiosks. The import refuses the row, naming it, and changes
// nothing.
func TestImportRefusesCollidingReceipt(t *testing.T) {
	dir := t.TempDir()
	db, receipts := district(t, dir, "a", 2)
	fromDongcun(t, db, dir, receipts[0], "东村的低保没有发")
	book := fill(t, workbook(t, db, dir), map[string]any{"H2": "已答复", "J2": "路灯已修好", "H3": "已答复", "J3": "已修好"})
	before := snapshot(t, db)
	_, ps, err := Import(context.Background(), db, book, importOpts())
	if !errors.Is(err, ErrRefused) {
		t.Fatalf("err %v, problems %v: want refused", err, ps)
	}
	want := "意见办理!第2行 回执号（A列）：回执号 " + receipts[0] + " 碰巧同时属于2条不同居民的意见（在不同的服务点提交）：凭回执号答复会让一位居民看到另一位的答复。这一行请保持导出时的样子，改用其他方式答复居民"
	if len(ps) != 1 || ps[0].String() != want {
		t.Errorf("problems %v\nwant %s", ps, want)
	}
	if !reflect.DeepEqual(snapshot(t, db), before) {
		t.Error("the database changed")
	}
}

// Left as the workbook shows it, a colliding receipt's row changes
// nothing and is no problem: the rest of the workbook imports.
func TestImportPassesOverAnUntouchedCollidingReceipt(t *testing.T) {
	dir := t.TempDir()
	db, receipts := district(t, dir, "a", 2)
	fromDongcun(t, db, dir, receipts[0], "东村的低保没有发")
	book := fill(t, workbook(t, db, dir), map[string]any{"H3": "已答复", "J3": "已修好"})
	res, ps, err := Import(context.Background(), db, book, importOpts())
	if err != nil || res.Changed != 1 || res.Unchanged != 1 {
		t.Fatalf("%+v %v %v", res, err, ps)
	}
}

// A receipt that collides after the office answered it is left out of
// the pack: neither resident reads the other's answer or opinion.
func TestPackLeavesOutCollidingReceipt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, receipts := district(t, dir, "a", 2)
	book := fill(t, workbook(t, db, dir), map[string]any{"H2": "已答复", "J2": "路灯已修好", "L2": "是", "H3": "已答复", "J3": "已修好"})
	if _, ps, err := Import(ctx, db, book, importOpts()); err != nil {
		t.Fatal(err, ps)
	}
	fromDongcun(t, db, dir, receipts[0], "东村的低保没有发")
	path, n, err := WritePack(ctx, db, filepath.Join(dir, "out"), "", importNow, shanghai, signFolder(keyOf(t, "publisher")))
	if err != nil {
		t.Fatal(err)
	}
	csv := packBytes(t, path)[File]
	if n != 1 || bytes.Contains(csv, []byte(receipts[0])) || !bytes.Contains(csv, []byte(receipts[1])) {
		t.Errorf("%d replies:\n%s", n, csv)
	}
	if strings.Contains(string(csv), "路灯已修好") || strings.Contains(string(csv), "东村的低保没有发") {
		t.Errorf("the colliding receipt's answer or opinion is in the pack:\n%s", csv)
	}
}
