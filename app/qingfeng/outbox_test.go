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
	"qingfeng/content/sign"
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
		f, err := outbox.ReadFile(files[0])
		b := f.Batch
		if err != nil || b.Site != site || len(b.Opinions) != 3+i || b.Opinions[0].UID == "" || len(b.Views) != 2 {
			t.Fatalf("batch %+v %v", b, err)
		}
		if err := b.Check(); err != nil {
			t.Errorf("a batch as the kiosk writes it: %v", err)
		}
		// Signed with the kiosk's own key, made in its data folder and
		// readable by no one else.
		key, err := sign.ReadPrivateFile(filepath.Join(data, outbox.KeyFile))
		if err != nil || f.Key != key.Public() {
			t.Errorf("signed by %v, the kiosk's key %v (%v)", f.Key, key.Public(), err)
		}
		if st, err := os.Stat(filepath.Join(data, outbox.KeyFile)); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("kiosk key file: %v %v", st.Mode(), err)
		}
		pub, err := sign.ReadPublicFile(filepath.Join(data, outbox.PublicKeyFile))
		if err != nil || pub != key.Public() {
			t.Errorf("kiosk.pub: %v %v", pub, err)
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

// The office collects a folder holding, beside a kiosk's genuine batch, one
// the kiosk signed with a rating of 99 and one edited on the way: the
// genuine one is merged, the other two are named with their reasons in the
// terminal and the workbook, once; the workbook is written every time.
// Then the kiosk gets a new key: flagged, and merged after --accept-key.
func TestCollectRefusesAndSaysSo(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	cfg := filepath.Join(data, "qingfeng.yaml")
	os.WriteFile(cfg, []byte("site:\n  id: shili\n  name: 十里联络站\n"), 0o644)
	st, err := store.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	st.RecordOpinion(ctx, store.StoredOpinion{Site: "shili", Category: "意见建议", Text: "路灯不亮", Rating: 1})
	st.Close()
	if code, out := runCmd(t, "outbox", "--config", cfg, "--data", data); code != 0 || !strings.Contains(out, "批次用本机的钥匙签名：qingfeng-publisher-pub:") {
		t.Fatalf("outbox: exit %d\n%s", code, out)
	}
	dir := filepath.Join(data, "outbox")
	files, _ := outbox.Files(dir)
	genuine, err := outbox.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	key, err := sign.ReadPrivateFile(filepath.Join(data, outbox.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	write := func(b outbox.Batch, k sign.Private) string {
		p := filepath.Join(dir, outbox.FileName(b.ID))
		data, err := outbox.Encode(b, k)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(p, data, 0o644)
		return p
	}
	bad := genuine.Batch
	bad.ID = "0190a000-0000-7000-8000-000000000001"
	bad.Opinions = append([]outbox.Opinion(nil), bad.Opinions...)
	bad.Opinions[0].Rating = 99
	badPath := write(bad, key)
	edited := genuine.Batch
	edited.ID = "0190a000-0000-7000-8000-000000000002"
	editedPath := write(edited, key)
	b, _ := os.ReadFile(editedPath)
	os.WriteFile(editedPath, []byte(strings.Replace(string(b), "路灯不亮", "路灯很亮", 1)), 0o644)

	district := filepath.Join(t.TempDir(), "district.db")
	args := []string{"collect", "--out", district, dir}
	code, out := runCmd(t, args...)
	if code != 0 || !strings.Contains(out, "新意见 1 条") || !strings.Contains(out, "新站点 shili：登记了它的钥匙") ||
		!strings.Contains(out, "拒收： "+badPath+"：内容超出展示屏会写的范围") || !strings.Contains(out, "第 1 条意见的满意度是 99") ||
		!strings.Contains(out, "拒收： "+editedPath+"：签名对不上") || !strings.Contains(out, "这次新拒收 2 个，以前拒收、没有变过的 0 个") {
		t.Fatalf("collect: exit %d\n%s", code, out)
	}
	for _, p := range []string{badPath, editedPath} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("a refused file was moved or removed: %v", err)
		}
	}
	code, out = runCmd(t, args...)
	if code != 0 || strings.Contains(out, "拒收：") || !strings.Contains(out, "这次新拒收 0 个，以前拒收、没有变过的 2 个（没有再读）") {
		t.Fatalf("collect again: exit %d\n%s", code, out)
	}
	x, err := excelize.OpenFile(strings.TrimSuffix(district, ".db") + ".xlsx")
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("拒收的批次")
	x.Close()
	if len(rows) != 3 || rows[0][0] != "文件" || !strings.Contains(strings.Join(rows[1], " ")+strings.Join(rows[2], " "), "满意度是 99") {
		t.Errorf("refused sheet %v", rows)
	}

	// The kiosk is reinstalled: a new key.
	os.Remove(filepath.Join(data, outbox.KeyFile))
	st, _ = store.Open(ctx, data)
	st.RecordOpinion(ctx, store.StoredOpinion{Site: "shili", Category: "表扬", Text: "新装好了", Rating: 3})
	st.Close()
	if code, out := runCmd(t, "outbox", "--config", cfg, "--data", data); code != 0 {
		t.Fatalf("outbox: exit %d\n%s", code, out)
	}
	code, out = runCmd(t, args...)
	if code != 0 || !strings.Contains(out, "！！钥匙变了，拒收：") || !strings.Contains(out, "--accept-key shili") || !strings.Contains(out, "新意见 0 条") {
		t.Fatalf("collect after the new key: exit %d\n%s", code, out)
	}
	code, out = runCmd(t, "collect", "--out", district, "--accept-key", "shili", dir)
	if code != 0 || !strings.Contains(out, "已接受站点 shili 的新钥匙") || !strings.Contains(out, "新意见 1 条") || !strings.Contains(out, "共 1 个站点、2 条意见") {
		t.Fatalf("collect --accept-key: exit %d\n%s", code, out)
	}
	if code, out := runCmd(t, "collect", "--out", district, "--accept-key", "shili", dir); code != 1 || !strings.Contains(out, "没有因为换钥匙被拒收的批次") {
		t.Fatalf("--accept-key with nothing to accept: exit %d\n%s", code, out)
	}
}
