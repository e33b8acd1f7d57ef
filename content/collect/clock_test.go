package collect

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"qingfeng/content/outbox"
)

// A batch from a kiosk whose clock was wrong is merged, its opinions
// counted, and the summary says how many records carry such a time. A file
// an earlier version refused for its times (the refusal depended on the
// office's clock and on rules since changed) is read again and merged.
// Before, each was refused whole, for good, and its opinions were lost: the
// kiosk had marked them as sent.
func TestWrongClockMergedAndFlagged(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "shili")
	bs := writeOutbox(t, dir, "shili", 3, 2)
	old := bs[1]
	old.Written = time.Unix(0, 0).UTC()
	old.Opinions = append([]outbox.Opinion(nil), old.Opinions...)
	old.Views = append([]outbox.View(nil), old.Views...)
	old.Opinions[0].At = time.Unix(60, 0).UTC()                   // a board without a clock battery
	old.Views[1].At = time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC) // a clock set years ahead
	p := writeBatch(t, dir, old, keyOf(t, "shili"))
	db := openDB(t)
	// As an earlier version recorded it, unchanged since.
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := recordRefused(ctx, tx, Refused{File: p, Batch: old.ID, Site: "shili", Kind: outbox.KindContent, Reason: "第 1 条意见的时间 1970-01-01 00:01:00 早于 2020 年（展示屏的时钟不对）"},
		st.Size(), st.ModTime().UnixNano(), officeNow.Unix()); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	first, second := mergeTwice(t, db, dir)
	if first.NewBatches != 3 || first.NewOpinions != 6 || len(first.Refused) != 0 || first.StillRefused != 0 {
		t.Fatalf("first merge: %+v", first)
	}
	if second.Known != 3 || second.NewBatches != 0 {
		t.Errorf("second merge: %+v", second)
	}
	if files, err := db.RefusedFiles(ctx); err != nil || len(files) != 0 {
		t.Errorf("still listed as refused: %+v %v", files, err)
	}
	sum, err := db.Summarise(ctx, shanghai)
	if err != nil || sum.Opinions != 6 || sum.OddTimes != 2 {
		t.Fatalf("summary: %d opinions, %d with odd times, %v", sum.Opinions, sum.OddTimes, err)
	}
}

// Progress reaches the total, and the periodic commit happens, also when
// the last files are ones refused before and unchanged since (skipped
// without being read). Before, the skip jumped over both.
func TestProgressPastStillRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shili")
	bs := writeOutbox(t, dir, "shili", 2, 1)
	unsigned := bs[0]
	unsigned.ID = "ffffffff-0000-7000-8000-000000000000" // its file sorts last
	unsigned.Opinions = nil
	data, _ := json.Marshal(unsigned)
	if err := os.WriteFile(filepath.Join(dir, outbox.FileName(unsigned.ID)), data, 0o644); err != nil {
		t.Fatal(err)
	}
	db := openDB(t)
	for run := range 2 {
		var done, total int
		res, err := db.Merge(context.Background(), []string{dir}, func(d, n int) { done, total = d, n })
		if err != nil {
			t.Fatal(err)
		}
		if done != 3 || total != 3 {
			t.Errorf("run %d: progress ended at %d of %d (%+v)", run+1, done, total, res)
		}
		if run == 1 && res.StillRefused != 1 {
			t.Errorf("run 2: %+v", res)
		}
	}
}

// A refused file's name is shown on its line and in its order: control,
// format and line separator characters are escaped.
func TestRefusedNameEscaped(t *testing.T) {
	for _, c := range []string{"\n", "\u202e", "\u2028", "\u2029"} {
		r := Refused{File: "outbox/batch-a" + c + "b.json", Reason: "没有签名"}
		if s := r.String(); strings.Contains(s, c) || !strings.HasPrefix(s, "outbox/batch-a\\") {
			t.Errorf("%q shown as %q", c, s)
		}
	}
}
