package main

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"qingfeng/content/outbox"
	"qingfeng/content/store"
)

// Opinions left at two kiosks go out through their outboxes, each file
// once, and the district merges them: twice, changing nothing the second
// time.
func TestOutboxToDistrict(t *testing.T) {
	ctx := context.Background()
	var outboxes []string
	for i, site := range []string{"shili", "hengyi"} {
		data := t.TempDir()
		cfg := filepath.Join(data, "qingfeng.yaml")
		os.WriteFile(cfg, []byte("site:\n  id: "+site+"\n  name: "+site+"联络站\n"), 0o644)
		st, err := store.Open(ctx, data)
		if err != nil {
			t.Fatal(err)
		}
		for n := range 3 + i {
			if _, err := st.RecordOpinion(ctx, store.StoredOpinion{Site: site, Category: "意见建议", Text: "路灯不亮", Rating: n % 4}); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.RecordViews(ctx, []store.UsageView{
			{At: time.Now(), Screen: "story", Item: "demo/a", Title: "清厢茶馆", Dwell: 40 * time.Second, Taps: 2},
			{At: time.Now(), Screen: "exhibit", Item: "quiz/demo/q", Title: "清廉答题", Dwell: 90 * time.Second, Taps: 12},
		}); err != nil {
			t.Fatal(err)
		}
		st.Close()
		if code, out := runCmd(t, "outbox", "--config", cfg, "--data", data); code != 0 || !strings.Contains(out, "新写入 1 个文件") {
			t.Fatalf("outbox: exit %d\n%s", code, out)
		}
		// Nothing new: nothing written; the office moving files away does
		// not bring them back.
		dir := filepath.Join(data, "outbox")
		files, _ := outbox.Files(dir)
		if len(files) != 1 {
			t.Fatalf("%d batch files", len(files))
		}
		os.Rename(files[0], files[0]+".collected")
		if code, out := runCmd(t, "outbox", "--config", cfg, "--data", data); code != 0 || !strings.Contains(out, "新写入 0 个文件") {
			t.Fatalf("outbox again: exit %d\n%s", code, out)
		}
		os.Rename(files[0]+".collected", files[0])
		if _, err := os.Stat(filepath.Join(dir, ".stignore")); err != nil {
			t.Error("no .stignore keeping temporary files out of the sync")
		}
		b, err := outbox.ReadFile(files[0])
		if err != nil || b.Site != site || len(b.Opinions) != 3+i || b.Opinions[0].UID == "" || len(b.Views) != 2 {
			t.Fatalf("batch %+v %v", b, err)
		}
		outboxes = append(outboxes, dir)
	}
	district := filepath.Join(t.TempDir(), "district.db")
	args := append([]string{"collect", "--out", district}, outboxes...)
	code, out := runCmd(t, args...)
	if code != 0 || !strings.Contains(out, "新意见 7 条，新浏览记录 4 条") || !strings.Contains(out, "共 2 个站点、7 条意见") {
		t.Fatalf("collect: exit %d\n%s", code, out)
	}
	code, out = runCmd(t, args...)
	if code != 0 || !strings.Contains(out, "新批次 0 个，以前汇总过的 2 个；新意见 0 条") || !strings.Contains(out, "共 2 个站点、7 条意见") {
		t.Fatalf("collect again: exit %d\n%s", code, out)
	}
	x, err := excelize.OpenFile(strings.TrimSuffix(district, ".db") + ".xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows("按站点和类别")
	if len(rows) != 3 || rows[0][0] != "站点" || rows[1][len(rows[1])-1] == "0" {
		t.Errorf("sheet rows %v", rows)
	}
	rows, _ = x.GetRows("故事浏览")
	if len(rows) != 2 || rows[1][0] != "清厢茶馆" || rows[1][1] != "2" || rows[1][2] != "40" {
		t.Errorf("story views sheet %v", rows)
	}
	for _, suffix := range []string{"-sites.png", "-months.png", "-stories.png"} {
		f, err := os.Open(strings.TrimSuffix(district, ".db") + suffix)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil || img.Bounds().Dx() < 1000 {
			t.Fatalf("%s: %v", suffix, err)
		}
	}
}
