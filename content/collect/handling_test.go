package collect

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"qingfeng/content"
	"qingfeng/content/outbox"
	"qingfeng/content/sign"
)

// handlingOutbox writes one batch of site with an opinion per receipt, the
// n-th submitted n days after start.
func handlingOutbox(tb testing.TB, dir, site string, start time.Time, receipts ...string) outbox.Batch {
	tb.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	b := outbox.Batch{Format: outbox.Format, ID: uid(site + "-handling"), Site: site, SiteName: site + "联络站", Written: start}
	for i, r := range receipts {
		b.Opinions = append(b.Opinions, outbox.Opinion{UID: uid(site + r), Receipt: r, Site: site,
			At: start.AddDate(0, 0, i), Category: "意见建议", Subject: "路灯", Text: "路灯坏了", Rating: 3 - i%3})
	}
	writeBatch(tb, dir, b, keyOf(tb, site))
	return b
}

func allHandling(tb testing.TB, db *DB) []Handling {
	tb.Helper()
	var out []Handling
	if err := db.Handlings(context.Background(), func(h Handling) error { out = append(out, h); return nil }); err != nil {
		tb.Fatal(err)
	}
	return out
}

// Merging keeps a handling row a receipt, 已收到 at the time of merging;
// an opinion merged again (in another batch) keeps what the office did.
func TestMergeKeepsHandling(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	db := openDB(t)
	b := handlingOutbox(t, filepath.Join(root, "a"), "shili", time.Date(2026, 12, 1, 9, 0, 0, 0, shanghai), "K7M2-Q9XP", "A2B3-C4D5")
	if _, err := db.Merge(ctx, []string{filepath.Join(root, "a")}, nil); err != nil {
		t.Fatal(err)
	}
	hs := allHandling(t, db)
	if len(hs) != 2 {
		t.Fatalf("%d handling rows, want 2", len(hs))
	}
	for _, h := range hs {
		if h.Status != content.StatusReceived || !h.Received.Equal(officeNow) || h.Site != "shili联络站" || h.Consent {
			t.Errorf("after merging: %+v", h)
		}
	}
	answered := hs[0]
	answered.Status, answered.Unit, answered.Forwarded, answered.Replied, answered.Reply, answered.Public =
		content.StatusReplied, "城建办", "2026-12-02", "2026-12-03", "已修好", true
	if err := db.ApplyHandling(ctx, []Handling{answered}); err != nil {
		t.Fatal(err)
	}
	// The same opinion again, in a batch of its own, a day later.
	again := b
	again.ID = uid("shili-again")
	again.Opinions = again.Opinions[:1]
	again.Opinions[0].UID = uid("shili-again-o")
	writeBatch(t, filepath.Join(root, "a"), again, keyOf(t, "shili"))
	db.Now = func() time.Time { return officeNow.Add(24 * time.Hour) }
	if _, err := db.Merge(ctx, []string{filepath.Join(root, "a")}, nil); err != nil {
		t.Fatal(err)
	}
	got, ok, err := db.HandlingOf(ctx, answered.Receipt)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if got != answered {
		t.Errorf("merged again:\n%+v\nwant %+v", got, answered)
	}
	if _, ok, _ := db.HandlingOf(ctx, "ZZZZ-ZZZZ"); ok {
		t.Error("an unknown receipt was found")
	}
	if err := db.ApplyHandling(ctx, []Handling{{Receipt: "ZZZZ-ZZZZ", Status: content.StatusReceived}}); err == nil {
		t.Error("an unknown receipt was applied")
	}
}

// The workbook's 意见办理: a row an opinion, the office's columns, overdue
// rows counted and filled red, and no name or phone.
func TestHandlingSheet(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	db := openDB(t)
	db.OverdueDays = 10
	// Received at officeNow; 'now' of the summary 11 days later: every
	// opinion not answered is overdue.
	handlingOutbox(t, filepath.Join(root, "a"), "shili", time.Date(2026, 12, 1, 9, 0, 0, 0, shanghai), "K7M2-Q9XP", "A2B3-C4D5", "E6F7-G8H9")
	handlingOutbox(t, filepath.Join(root, "b"), "hengyi", time.Date(2026, 12, 5, 9, 0, 0, 0, shanghai), "J2K3-M4N5")
	if _, err := db.Merge(ctx, []string{filepath.Join(root, "a"), filepath.Join(root, "b")}, nil); err != nil {
		t.Fatal(err)
	}
	h, _, _ := db.HandlingOf(ctx, "A2B3-C4D5")
	h.Status, h.Replied, h.Reply, h.Public = content.StatusReplied, "2027-01-16", "已修好", true
	if err := db.ApplyHandling(ctx, []Handling{h}); err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return officeNow.AddDate(0, 0, 11) }
	sum, err := db.Summarise(ctx, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	wantCounts := []Count{
		{"shili联络站", HandlingAnswered, 1}, {"shili联络站", HandlingPending, 0}, {"shili联络站", HandlingOverdue, 2},
		{"hengyi联络站", HandlingAnswered, 0}, {"hengyi联络站", HandlingPending, 0}, {"hengyi联络站", HandlingOverdue, 1},
	}
	if !slices.Equal(sum.HandlingBySite, wantCounts) {
		t.Errorf("by site %v\nwant %v", sum.HandlingBySite, wantCounts)
	}
	name := filepath.Join(root, "district.xlsx")
	if err := WriteWorkbook(name, sum, nil, shanghai); err != nil {
		t.Fatal(err)
	}
	// The header says when the workbook was made: the summary's time.
	want := [][]string{
		append(slices.Clone(HandlingHeader), "本表导出于 2027-01-26 09:00:00 +08:00（导入时核对，请勿改动）"),
		{"K7M2-Q9XP", "2026-12-01 09:00", "shili联络站", "意见建议", "路灯", "路灯坏了", "满意", "已收到", "", "", "", "否", "是"},
		{"A2B3-C4D5", "2026-12-02 09:00", "shili联络站", "意见建议", "路灯", "路灯坏了", "一般", "已答复", "", "已修好", "2027-01-16", "是", "否"},
		{"E6F7-G8H9", "2026-12-03 09:00", "shili联络站", "意见建议", "路灯", "路灯坏了", "不满意", "已收到", "", "", "", "否", "是"},
		{"J2K3-M4N5", "2026-12-05 09:00", "hengyi联络站", "意见建议", "路灯", "路灯坏了", "满意", "已收到", "", "", "", "否", "是"},
	}
	if got := readSheet(t, name, HandlingSheet); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("%v\nwant %v", got, want)
	}
	f, err := excelize.OpenFile(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fill := func(cell string) string {
		id, err := f.GetCellStyle(HandlingSheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(st.Fill.Color)
	}
	for _, tc := range []struct {
		cell string
		red  bool
	}{{"A2", true}, {"M2", true}, {"A3", false}, {"F3", false}, {"A5", true}} {
		if got := fill(tc.cell) == "[FFC7CE]"; got != tc.red {
			t.Errorf("%s filled %s: overdue fill %v, want %v", tc.cell, fill(tc.cell), got, tc.red)
		}
	}
	// Within the days allowed nothing is overdue.
	db.Now = func() time.Time { return officeNow.AddDate(0, 0, 9) }
	if sum, err = db.Summarise(ctx, shanghai); err != nil {
		t.Fatal(err)
	}
	for _, c := range sum.HandlingBySite {
		if c.Col == HandlingOverdue && c.N != 0 {
			t.Errorf("overdue within the days allowed: %v", c)
		}
	}
}

// The workbook's time reads back as the same moment whatever the zone
// it was written in; a header cell of another kind is not it, and one
// that begins as it does but was changed does not read.
func TestMadeCell(t *testing.T) {
	made := time.Date(2027, 1, 18, 9, 0, 5, 0, shanghai)
	for _, loc := range []*time.Location{shanghai, time.UTC, time.FixedZone("", -5*3600)} {
		got, marker, ok := ReadMadeCell(MadeCell(made.Add(300*time.Millisecond), loc))
		if !marker || !ok || !got.Equal(made) {
			t.Errorf("written in %v: read %v %v %v, want %v", loc, got, marker, ok, made)
		}
	}
	for _, tc := range []struct {
		cell       string
		marker, ok bool
	}{
		{" 本表导出于 2027-01-18 09:00:05 +08:00 ", true, true},
		{"本表导出于 2027-01-18 09:00:05 +08:00（导入时核对，请勿改动）", true, true},
		{"本表导出于 2027-01-18 09:00", true, false},
		{"本表导出于 上周一", true, false},
		{"本表导出于", true, false},
		{ColOverdue, false, false},
		{"", false, false},
	} {
		if _, marker, ok := ReadMadeCell(tc.cell); marker != tc.marker || ok != tc.ok {
			t.Errorf("%q: marker %v ok %v, want %v %v", tc.cell, marker, ok, tc.marker, tc.ok)
		}
	}
	if MadeCellAxis != "N1" {
		t.Errorf("the time is written in %s, beside %s", MadeCellAxis, ColOverdue)
	}
}

// A batch whose opinion carries "consent": true merges with the consent
// kept, once the batch's opinion record has the field (kiosks that ask
// for consent); a batch without it (older kiosks) merges as no consent.
func TestMergeKeepsConsent(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "a")
	os.MkdirAll(dir, 0o755)
	b := outbox.Batch{Format: outbox.Format, ID: uid("consent"), Site: "shili", SiteName: "十里村联络站", Written: officeNow.Add(-time.Hour)}
	for _, r := range []string{"K7M2-Q9XP", "A2B3-C4D5"} {
		b.Opinions = append(b.Opinions, outbox.Opinion{UID: uid("consent" + r), Receipt: r, Site: "shili",
			At: officeNow.Add(-2 * time.Hour), Category: "意见建议", Text: "路灯坏了"})
	}
	// The batch as a kiosk asking for consent writes it: the first
	// resident agreed, the second's record has no such field.
	raw, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(raw, &m)
	m["opinions"].([]any)[0].(map[string]any)["consent"] = true
	inner, _ := json.Marshal(m)
	k := keyOf(t, "shili")
	env, _ := json.Marshal(map[string]any{"format": outbox.SignedFormat, "key": k.Public().String(),
		"signature": string(bytes.TrimSpace(sign.Sign(k, inner))), "batch": json.RawMessage(inner)})
	os.WriteFile(filepath.Join(dir, outbox.FileName(b.ID)), env, 0o644)
	db := openDB(t)
	if res, err := db.Merge(ctx, []string{dir}, nil); err != nil || res.NewOpinions != 2 || len(res.Refused) != 0 {
		t.Fatalf("%+v %v", res, err)
	}
	// Whether this program's batch record carries consent at all.
	_, carried := reflect.TypeOf(outbox.Opinion{}).FieldByName("Consent")
	for r, want := range map[string]bool{"K7M2-Q9XP": carried, "A2B3-C4D5": false} {
		if h, _, _ := db.HandlingOf(ctx, r); h.Consent != want {
			t.Errorf("%s: consent %v, want %v", r, h.Consent, want)
		}
	}
}
