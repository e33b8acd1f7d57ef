package collect

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"qingfeng/content/outbox"
	"qingfeng/content/sign"
)

// mergeTwice merges dirs twice and checks the summary can be made each
// time; it returns both results.
func mergeTwice(tb testing.TB, db *DB, dirs ...string) (first, second Result) {
	tb.Helper()
	ctx := context.Background()
	for i := range 2 {
		res, err := db.Merge(ctx, dirs, nil)
		if err != nil {
			tb.Fatalf("merge %d: %v", i+1, err)
		}
		if _, err := db.Summarise(ctx, shanghai); err != nil {
			tb.Fatalf("summary after merge %d: %v", i+1, err)
		}
		if i == 0 {
			first = res
		} else {
			second = res
		}
	}
	return first, second
}

// A batch holding what no kiosk writes — signed by its kiosk, so only the
// content is wrong — is set aside with its reason, once; the other batches
// are merged, and the summary is made. Before these checks, a rating of 99
// made every later summary fail, dwells that overflow a sum likewise, and
// a dwell of 10^15 ms was merged.
func TestBadBatchSetAsideRestMerged(t *testing.T) {
	tests := []struct {
		name string
		edit func(b *outbox.Batch)
		want string // in the reason
	}{
		{"rating 99", func(b *outbox.Batch) { b.Opinions[1].Rating = 99 }, "第 2 条意见的满意度是 99"},
		{"negative rating", func(b *outbox.Batch) { b.Opinions[0].Rating = -1 }, "满意度是 -1"},
		{"dwell 10^15 ms", func(b *outbox.Batch) { b.Views[0].DwellMS = 1e15 }, "停留时间是 1000000000000000 毫秒"},
		{"dwells overflowing a sum", func(b *outbox.Batch) {
			for i := range b.Views {
				b.Views[i].Screen, b.Views[i].DwellMS = "attract", 5e18
			}
		}, "停留时间"},
		{"negative taps", func(b *outbox.Batch) { b.Views[2].Taps = -5 }, "触摸次数是 -5"},
		{"an opinion id not a kiosk's", func(b *outbox.Batch) { b.Opinions[0].UID = "x'; DROP TABLE opinions" }, "不是展示屏生成的编号"},
		{"an opinion of another site", func(b *outbox.Batch) { b.Opinions[0].Site = "hengyi" }, "站点是“hengyi”"},
		{"text too long", func(b *outbox.Batch) { b.Opinions[0].Text = strings.Repeat("长", outbox.MaxText+1) }, "内容有 5001 个字"},
		{"a screen name with a newline", func(b *outbox.Batch) { b.Views[0].Screen = "story\n伪造的一行" }, `页面“story\n伪造的一行”`},
		{"too many opinions", func(b *outbox.Batch) {
			for len(b.Opinions) <= outbox.MaxOpinions {
				o := b.Opinions[0]
				o.UID = uid(strings.Repeat("o", len(b.Opinions)%50) + string(rune(len(b.Opinions))))
				b.Opinions = append(b.Opinions, o)
			}
		}, "一个批次最多 20000 条"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "shili")
			bs := writeOutbox(t, dir, "shili", 3, 4)
			bad := bs[1]
			bad.Opinions = append([]outbox.Opinion(nil), bad.Opinions...)
			bad.Views = append([]outbox.View(nil), bad.Views...)
			tc.edit(&bad)
			p := writeBatch(t, dir, bad, keyOf(t, "shili"))
			db := openDB(t)
			first, second := mergeTwice(t, db, dir)
			if first.NewBatches != 2 || first.NewOpinions != 8 || len(first.Refused) != 1 {
				t.Fatalf("first merge: %+v", first)
			}
			r := first.Refused[0]
			if r.File != p || r.Kind != outbox.KindContent || r.Batch != bad.ID || r.Site != "shili" || !strings.Contains(r.Reason, tc.want) {
				t.Errorf("refused %+v, want a reason with %q", r, tc.want)
			}
			if strings.Contains(r.Reason, "\n") {
				t.Errorf("a reason of two lines: %q", r.Reason)
			}
			// Once: the next run does not read it again, and says so in a count.
			if second.NewBatches != 0 || second.Known != 2 || len(second.Refused) != 0 || second.StillRefused != 1 {
				t.Errorf("second merge: %+v", second)
			}
			listed, err := db.RefusedFiles(context.Background())
			if err != nil || len(listed) != 1 || listed[0].File != p || listed[0].Reason != r.Reason {
				t.Errorf("recorded %+v %v", listed, err)
			}
		})
	}
}

// Batches not as their kiosk wrote them are refused: edited, unsigned (as
// kiosks wrote them before batches were signed, or as anyone can),
// re-signed by someone else, renamed, too large, cut short. Before
// signatures, an edited batch was merged as if the kiosk had sent it.
func TestBatchNotAsWrittenRefused(t *testing.T) {
	other, err := func() (sign.Private, error) { _, k, err := sign.GenerateKey(); return k, err }()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		forge  func(t *testing.T, dir string, b outbox.Batch, p string)
		kind   outbox.Kind
		reason string
	}{
		{"text edited", func(t *testing.T, dir string, b outbox.Batch, p string) {
			data, _ := os.ReadFile(p)
			os.WriteFile(p, bytes.Replace(data, []byte("路灯坏了"), []byte("路灯好了"), 1), 0o644)
		}, outbox.KindSignature, "签名对不上"},
		{"a rating edited, whitespace kept", func(t *testing.T, dir string, b outbox.Batch, p string) {
			data, _ := os.ReadFile(p)
			os.WriteFile(p, bytes.Replace(data, []byte(`"rating": 1`), []byte(`"rating": 3`), 1), 0o644)
		}, outbox.KindSignature, "签名对不上"},
		{"unsigned", func(t *testing.T, dir string, b outbox.Batch, p string) {
			data, _ := json.Marshal(b)
			os.WriteFile(p, data, 0o644)
		}, outbox.KindUnsigned, "没有签名"},
		{"re-signed by another key", func(t *testing.T, dir string, b outbox.Batch, p string) {
			b.Opinions[0].Text = "伪造的意见"
			writeBatch(t, dir, b, other)
		}, outbox.KindKey, "钥匙变了"},
		{"signature of another batch", func(t *testing.T, dir string, b outbox.Batch, p string) {
			var env map[string]json.RawMessage
			data, _ := os.ReadFile(p)
			json.Unmarshal(data, &env)
			c := b
			c.Opinions = c.Opinions[:1]
			otherData, _ := outbox.Encode(c, keyOf(t, "shili"))
			var env2 map[string]json.RawMessage
			json.Unmarshal(otherData, &env2)
			env["signature"] = env2["signature"]
			data, _ = json.Marshal(env)
			os.WriteFile(p, data, 0o644)
		}, outbox.KindSignature, "签名对不上"},
		{"renamed", func(t *testing.T, dir string, b outbox.Batch, p string) {
			os.Rename(p, filepath.Join(dir, outbox.FileName(uid("elsewhere"))))
		}, outbox.KindFormat, "文件被改名了"},
		{"cut short", func(t *testing.T, dir string, b outbox.Batch, p string) {
			data, _ := os.ReadFile(p)
			os.WriteFile(p, data[:len(data)/2], 0o644)
		}, outbox.KindFormat, "不是完整的批次文件"},
		{"larger than a batch can be", func(t *testing.T, dir string, b outbox.Batch, p string) {
			// Sparse: the size is checked before anything is read.
			if err := os.Truncate(p, outbox.MaxFileBytes+1); err != nil {
				t.Fatal(err)
			}
		}, outbox.KindSize, "批次文件最大 32.0 MB"},
		{"renamed to a name with a newline", func(t *testing.T, dir string, b outbox.Batch, p string) {
			os.Rename(p, filepath.Join(dir, outbox.FileName("x\n拒收： 伪造的一行")))
		}, outbox.KindFormat, `文件名说是批次 x\n拒收： 伪造的一行，`},
		{"another format", func(t *testing.T, dir string, b outbox.Batch, p string) {
			os.WriteFile(p, []byte(`{"format": "something else"}`), 0o644)
		}, outbox.KindFormat, "不是批次文件"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "shili")
			bs := writeOutbox(t, dir, "shili", 2, 4)
			// The kiosk's batches so far are collected: its key registered.
			db := openDB(t)
			if res, err := db.Merge(context.Background(), []string{dir}, nil); err != nil || res.NewBatches != 2 || len(res.NewKiosks) != 1 {
				t.Fatalf("genuine batches: %+v %v", res, err)
			}
			// Its next batch is not as it wrote it.
			next := bs[1]
			next.ID = uid("next")
			p := writeBatch(t, dir, next, keyOf(t, "shili"))
			tc.forge(t, dir, next, p)
			first, second := mergeTwice(t, db, dir)
			if first.NewBatches != 0 || first.Known != 2 || len(first.Refused) != 1 || len(first.NewKiosks) != 0 {
				t.Fatalf("first merge: %+v", first)
			}
			if r := first.Refused[0]; r.Kind != tc.kind || !strings.Contains(r.Reason, tc.reason) || strings.Contains(r.String(), "\n") {
				t.Errorf("refused %+v, want %s with %q, on one line", r, tc.kind, tc.reason)
			}
			if second.StillRefused != 1 || len(second.Refused) != 0 || second.NewBatches != 0 {
				t.Errorf("second merge: %+v", second)
			}
			sum, _ := db.Summarise(context.Background(), shanghai)
			if sum.Opinions != 8 {
				t.Errorf("%d opinions in the summary, want the 8 of the genuine batches", sum.Opinions)
			}
		})
	}
}

// A site's kiosk key changes (a new disk, a reinstall — or a forger): its
// batches are refused and the change is flagged, until the office accepts
// the new key; then they are merged. A first batch from a new site
// registers its key.
func TestKeyChangeFlaggedThenAccepted(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	dir := filepath.Join(root, "shili")
	writeOutbox(t, dir, "shili", 2, 3)
	db := openDB(t)
	res, err := db.Merge(ctx, []string{dir}, nil)
	if err != nil || len(res.NewKiosks) != 1 || res.NewKiosks[0].Site != "shili" || res.NewKiosks[0].Key != keyOf(t, "shili").Public().String() {
		t.Fatalf("first merge: %+v %v", res, err)
	}
	if _, _, err := db.AcceptKey(ctx, "shili", ""); !errors.Is(err, ErrNoNewKey) {
		t.Errorf("accepting with no new key offered: %v", err)
	}
	// The kiosk is reinstalled: a new key.
	_, newKey, _ := sign.GenerateKey()
	later := outbox.Batch{Format: outbox.Format, ID: uid("after reinstall"), Site: "shili", SiteName: "shili联络站",
		Written:  time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		Opinions: []outbox.Opinion{{UID: uid("o after"), Site: "shili", At: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Category: "表扬", Rating: 3}}}
	writeBatch(t, dir, later, newKey)
	res, err = db.Merge(ctx, []string{dir}, nil)
	if err != nil || res.NewBatches != 0 || len(res.Refused) != 1 {
		t.Fatalf("merge after the change: %+v %v", res, err)
	}
	r := res.Refused[0]
	if r.Kind != outbox.KindKey || r.Key != newKey.Public().String() || !strings.Contains(r.Reason, "--accept-key shili") ||
		!strings.Contains(r.Reason, newKey.Public().Short()) || !strings.Contains(r.Reason, keyOf(t, "shili").Public().Short()) {
		t.Errorf("the change of key is not flagged clearly: %+v", r)
	}
	old, now, err := db.AcceptKey(ctx, "shili", "")
	if err != nil || old != keyOf(t, "shili").Public().String() || now != newKey.Public().String() {
		t.Fatalf("accept: %q %q %v", old, now, err)
	}
	res, err = db.Merge(ctx, []string{dir}, nil)
	if err != nil || res.NewBatches != 1 || res.NewOpinions != 1 || len(res.Refused) != 0 || res.StillRefused != 0 {
		t.Fatalf("merge after accepting: %+v %v", res, err)
	}
	if files, _ := db.RefusedFiles(ctx); len(files) != 0 {
		t.Errorf("still listed as refused: %+v", files)
	}
	// Batches of the old key are now refused in turn.
	old1 := later
	old1.ID, old1.Opinions = uid("old key again"), nil
	writeBatch(t, dir, old1, keyOf(t, "shili"))
	if res, _ := db.Merge(ctx, []string{dir}, nil); len(res.Refused) != 1 || res.Refused[0].Kind != outbox.KindKey {
		t.Errorf("the old key after the change: %+v", res)
	}

	// Two different new keys offered: the office has to say which.
	_, third, _ := sign.GenerateKey()
	x := later
	x.ID = uid("third key")
	writeBatch(t, dir, x, third)
	db.Merge(ctx, []string{dir}, nil)
	if _, keys, err := db.AcceptKey(ctx, "shili", ""); !errors.Is(err, ErrSeveralKeys) || !strings.Contains(keys, third.Public().String()) {
		t.Errorf("several new keys: %v %q", err, keys)
	}
	if _, now, err := db.AcceptKey(ctx, "shili", third.Public().String()); err != nil || now != third.Public().String() {
		t.Errorf("accepting a named key: %q %v", now, err)
	}
	if res, _ := db.Merge(ctx, []string{dir}, nil); res.NewBatches != 1 || len(res.Refused) != 1 {
		t.Errorf("after accepting the third key: %+v", res)
	}
}

// A district database into which an earlier version merged a batch with a
// rating of 99 (every summary since failed): opened by this version, the
// batch is taken out and listed as refused, and the summary is made.
func TestMergedBadDataWithdrawn(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	dir := filepath.Join(root, "shili")
	bs := writeOutbox(t, dir, "shili", 3, 2)
	name := filepath.Join(root, "district.db")
	db := openDBAt(t, name)
	if _, err := db.Merge(ctx, []string{dir}, nil); err != nil {
		t.Fatal(err)
	}
	// What an earlier version let in, as it was stored.
	for _, q := range []string{
		`UPDATE opinions SET rating = 99 WHERE batch = '` + bs[1].ID + `'`,
		`UPDATE views SET dwell_ms = 5000000000000000000, screen = 'attract' WHERE batch = '` + bs[2].ID + `'`,
		`PRAGMA user_version = 0`,
	} {
		if _, err := db.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Summarise(ctx, shanghai); err == nil {
		t.Fatal("the bad rows do not break the summary: the test shows nothing")
	}
	db.Close()
	db = openDBAt(t, name)
	if len(db.Withdrawn) != 2 || db.Withdrawn[0].Kind != outbox.KindWithdrawn {
		t.Fatalf("withdrawn %+v", db.Withdrawn)
	}
	sum, err := db.Summarise(ctx, shanghai)
	if err != nil || sum.Opinions != 2 {
		t.Fatalf("summary after withdrawing: %d opinions, %v", sum.Opinions, err)
	}
	// Listed, and not read again while the files stay as they are.
	res, err := db.Merge(ctx, []string{dir}, nil)
	if err != nil || res.Known != 1 || res.StillRefused != 2 || len(res.Refused) != 0 {
		t.Fatalf("merge after withdrawing: %+v %v", res, err)
	}
	if files, _ := db.RefusedFiles(ctx); len(files) != 2 || !strings.Contains(files[0].Reason, "已从汇总中撤出") {
		t.Errorf("refused %+v", files)
	}
	// Once: opening again withdraws nothing more.
	db.Close()
	if db = openDBAt(t, name); len(db.Withdrawn) != 0 {
		t.Errorf("withdrawn again: %+v", db.Withdrawn)
	}
}
