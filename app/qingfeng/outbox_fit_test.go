package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"qingfeng/content/outbox"
	"qingfeng/content/store"
)

// What a kiosk writes, the district takes: a story title longer than the
// district's limit, a view with an absurd stay, a clock reset to 1970. The
// long title is cut, the absurd view left out (and logged), every opinion
// sent. Before, the kiosk wrote such a batch as it was, marked its
// opinions as sent, and the district refused it whole: the opinions were
// lost.
func TestOutboxWritesWhatDistrictTakes(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	cfg := filepath.Join(data, "qingfeng.yaml")
	os.WriteFile(cfg, []byte("site:\n  id: shili\n  name: 十里联络站\n"), 0o644)
	st, err := store.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Time{{}, time.Unix(3600, 0)} { // now, and a board without a clock battery
		if _, err := st.RecordOpinion(ctx, store.StoredOpinion{Site: "shili", Category: "意见建议", Text: "路灯不亮", At: at}); err != nil {
			t.Fatal(err)
		}
	}
	long := strings.Repeat("清", outbox.MaxTitle+20)
	if err := st.RecordViews(ctx, []store.UsageView{
		{At: time.Now(), Screen: "story", Item: "demo/a", Title: long, Dwell: 40 * time.Second, Taps: 2},
		{At: time.Now(), Screen: "closed", Dwell: 500 * 24 * time.Hour},
		{At: time.Unix(7200, 0), Screen: "attract", Dwell: time.Minute},
	}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out := runCmd(t, "outbox", "--config", cfg, "--data", data)
	if code != 0 || !strings.Contains(out, "新写入 1 个文件") {
		t.Fatalf("outbox: exit %d\n%s", code, out)
	}
	if !strings.Contains(out, "view 2 dropped") || !strings.Contains(out, "title cut") {
		t.Errorf("the changes are not logged:\n%s", out)
	}
	files, _ := outbox.Files(filepath.Join(data, "outbox"))
	if len(files) != 1 {
		t.Fatalf("%d batch files", len(files))
	}
	f, err := outbox.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	b := f.Batch
	if err := b.Check(); err != nil {
		t.Fatalf("the district refuses the batch: %v", err)
	}
	if len(b.Opinions) != 2 || len(b.Views) != 2 || utf8.RuneCountInString(b.Views[0].Title) != outbox.MaxTitle {
		t.Errorf("%d opinions, %d views, title of %d characters", len(b.Opinions), len(b.Views), utf8.RuneCountInString(b.Views[0].Title))
	}
	// Merged whole, the times of the clock in 1970 counted and named.
	code, out = runCmd(t, "collect", "--out", filepath.Join(t.TempDir(), "district.db"), filepath.Join(data, "outbox"))
	if code != 0 || !strings.Contains(out, "新意见 2 条") || !strings.Contains(out, "有 2 条意见或浏览记录的时间早于 2020 年") {
		t.Errorf("collect: exit %d\n%s", code, out)
	}
}

// A batch the kiosk cannot mend is not written, and its opinions are not
// marked as sent: here the site id of the config is one the district
// refuses. The kiosk still starts, and says so in its log.
func TestOutboxKeepsWhatItCannotSend(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	cfg := filepath.Join(data, "qingfeng.yaml")
	os.WriteFile(cfg, []byte("site:\n  id: 十里 站\n"), 0o644)
	st, err := store.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.RecordOpinion(ctx, store.StoredOpinion{Site: "十里 站", Category: "意见建议", Text: "路灯不亮"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out := runCmd(t, "outbox", "--config", cfg, "--data", data)
	if code == 0 || !strings.Contains(out, "site.id") {
		t.Errorf("outbox: exit %d\n%s", code, out)
	}
	if files, _ := outbox.Files(filepath.Join(data, "outbox")); len(files) != 0 {
		t.Fatalf("%d batch files written", len(files))
	}
	// Mended, the same opinion goes out.
	os.WriteFile(cfg, []byte("site:\n  id: 十里站\n"), 0o644)
	code, out = runCmd(t, "outbox", "--config", cfg, "--data", data)
	if code != 0 || !strings.Contains(out, "新写入 1 个文件") {
		t.Fatalf("outbox after mending: exit %d\n%s", code, out)
	}
	files, _ := outbox.Files(filepath.Join(data, "outbox"))
	if len(files) != 1 {
		t.Fatalf("%d batch files", len(files))
	}
	f, err := outbox.ReadFile(files[0])
	if err != nil || len(f.Batch.Opinions) != 1 || f.Batch.Check() != nil {
		t.Fatalf("batch %+v %v", f.Batch, err)
	}
}
