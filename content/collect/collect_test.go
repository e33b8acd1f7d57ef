package collect

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"qingfeng/content/outbox"
	"qingfeng/content/sign"
)

var shanghai = time.FixedZone("CST", 8*3600)

// keyOf is site's kiosk key: the same for a site throughout a test run.
func keyOf(tb testing.TB, site string) sign.Private {
	tb.Helper()
	seed := sha256.Sum256([]byte("kiosk " + site))
	k, err := sign.ParsePrivate(sign.PrivatePrefix + base64.StdEncoding.EncodeToString(seed[:]))
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// uid is a well-formed id, the same for the same name.
func uid(name string) string { return uuid.NewSHA1(uuid.NameSpaceOID, []byte(name)).String() }

// writeBatch writes b into dir as kiosk key k writes it, and returns its path.
func writeBatch(tb testing.TB, dir string, b outbox.Batch, k sign.Private) string {
	tb.Helper()
	data, err := outbox.Encode(b, k)
	if err != nil {
		tb.Fatal(err)
	}
	p := filepath.Join(dir, outbox.FileName(b.ID))
	if err := os.WriteFile(p, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

// writeOutbox writes kiosk site's outbox into dir: batches × per opinions.
func writeOutbox(tb testing.TB, dir, site string, batches, per int) []outbox.Batch {
	tb.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	cats := []string{"意见建议", "投诉举报线索", "表扬", "咨询"}
	key := keyOf(tb, site)
	var out []outbox.Batch
	for b := range batches {
		batch := outbox.Batch{Format: outbox.Format, ID: uid(fmt.Sprintf("%s-b%04d", site, b)), Site: site, SiteName: site + "联络站",
			Written: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
		for i := range per {
			n := b*per + i
			batch.Opinions = append(batch.Opinions, outbox.Opinion{
				UID: uid(fmt.Sprintf("%s-o%07d", site, n)), Receipt: "K7M2-Q9XP", Site: site,
				At:       time.Date(2026, time.Month(1+n%12), 1+n%28, 10, 0, 0, 0, shanghai),
				Category: cats[n%len(cats)], Text: "路灯坏了，请尽快修一修", Rating: n % 4,
				Contact: []byte{1, 2, 3},
			})
			screen, item, title := "story", fmt.Sprintf("demo/s%d", n%3), fmt.Sprintf("故事%d", n%3)
			if n%5 == 0 {
				screen, item, title = "exhibit", "quiz/demo/q", "清廉答题"
			}
			batch.Views = append(batch.Views, outbox.View{UID: uid(fmt.Sprintf("%s-v%07d", site, n)), At: batch.Opinions[i].At,
				Screen: screen, Item: item, Title: title, DwellMS: int64(1000 * (10 + n%7)), Taps: 1 + n%3})
		}
		writeBatch(tb, dir, batch, key)
		out = append(out, batch)
	}
	return out
}

// officeNow is the office's clock in these tests: after every batch they
// write.
var officeNow = time.Date(2027, 1, 15, 9, 0, 0, 0, shanghai)

func openDB(tb testing.TB) *DB {
	tb.Helper()
	return openDBAt(tb, filepath.Join(tb.TempDir(), "district.db"))
}

func openDBAt(tb testing.TB, name string) *DB {
	tb.Helper()
	db, err := Open(context.Background(), name)
	if err != nil {
		tb.Fatal(err)
	}
	db.Now = func() time.Time { return officeNow }
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestMergeIsIdempotent(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	writeOutbox(t, a, "shili", 3, 5)
	batches := writeOutbox(t, b, "hengyi", 2, 4)
	// A batch carried twice (a stick copied into the office's folder as
	// well as synced), and an opinion that went out in two batches.
	copyDir := filepath.Join(root, "stick")
	os.MkdirAll(copyDir, 0o755)
	data, _ := os.ReadFile(filepath.Join(b, outbox.FileName(batches[0].ID)))
	os.WriteFile(filepath.Join(copyDir, outbox.FileName(batches[0].ID)), data, 0o644)
	again := batches[1]
	again.ID = uid("hengyi-resent")
	again.Opinions = again.Opinions[:1]
	again.Views = again.Views[:1]
	writeBatch(t, copyDir, again, keyOf(t, "hengyi"))
	// Not a batch: set aside, not fatal. Not a batch's name: not looked at.
	os.WriteFile(filepath.Join(copyDir, outbox.FileName("broken")), []byte("{"), 0o644)
	os.WriteFile(filepath.Join(copyDir, ".tmp-opinions-x.json-123"), []byte("{"), 0o644)

	db := openDB(t)
	res, err := db.Merge(ctx, []string{a, b, copyDir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != 8 || res.NewBatches != 6 || res.Known != 1 || res.NewOpinions != 23 || res.NewViews != 23 || res.Duplicates != 2 ||
		len(res.Refused) != 1 || res.Refused[0].Kind != outbox.KindFormat || len(res.NewKiosks) != 2 || len(res.Bad) != 0 {
		t.Fatalf("first merge: %+v", res)
	}
	sum1, err := db.Summarise(ctx, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	if sum1.Opinions != 23 || sum1.Sites != 2 {
		t.Fatalf("summary %+v", sum1)
	}
	res, err = db.Merge(ctx, []string{a, b, copyDir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.NewBatches != 0 || res.NewOpinions != 0 || res.Known != 7 || len(res.Refused) != 0 || res.StillRefused != 1 || len(res.NewKiosks) != 0 {
		t.Fatalf("second merge changed something: %+v", res)
	}
	sum2, _ := db.Summarise(ctx, shanghai)
	if fmt.Sprint(sum1) != fmt.Sprint(sum2) {
		t.Fatalf("summary changed:\n%v\n%v", sum1, sum2)
	}
	var perSite = map[string]int{}
	for _, c := range sum2.BySiteCategory {
		perSite[c.Row] += c.N
	}
	if perSite["shili联络站"] != 15 || perSite["hengyi联络站"] != 8 {
		t.Errorf("per site %v", perSite)
	}
	months := 0
	for _, c := range sum2.ByMonthCategory {
		months += c.N
	}
	if months != 23 {
		t.Errorf("by month adds up to %d", months)
	}
	views, plays := 0, 0
	for _, c := range sum2.Stories {
		if c.Col == "浏览次数" {
			views += c.N
		}
	}
	for _, c := range sum2.Exhibits {
		if c.Col == "次数" {
			plays += c.N
		}
	}
	if views+plays != 23 || plays == 0 || sum2.Stories[0].Col != "浏览次数" {
		t.Errorf("story views %d, exhibit plays %d: %v %v", views, plays, sum2.Stories, sum2.Exhibits)
	}
	// Each story once, with its own average: no two rows add up.
	rows := map[string]bool{}
	for _, c := range sum2.Stories {
		if c.Col == "浏览次数" {
			if rows[c.Row] {
				t.Errorf("story %q twice", c.Row)
			}
			rows[c.Row] = true
		}
	}
}

// 600 kiosks × 1,000 opinions and 1,000 views (10 batches of 100 each):
// the figure in BENCHMARKS.md. The outboxes are written once, outside the timing.
func BenchmarkMerge600Kiosks(b *testing.B) {
	root := b.TempDir()
	var dirs []string
	for k := range 600 {
		dir := filepath.Join(root, fmt.Sprintf("kiosk%03d", k))
		writeOutbox(b, dir, fmt.Sprintf("site%03d", k), 10, 100)
		dirs = append(dirs, dir)
	}
	b.ResetTimer()
	for range b.N {
		db, err := Open(context.Background(), filepath.Join(b.TempDir(), "district.db"))
		if err != nil {
			b.Fatal(err)
		}
		db.Now = func() time.Time { return officeNow }
		res, err := db.Merge(context.Background(), dirs, nil)
		if err != nil || res.NewOpinions != 600_000 || res.NewViews != 600_000 {
			b.Fatalf("%+v %v", res, err)
		}
		if _, err := db.Summarise(context.Background(), shanghai); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
}
