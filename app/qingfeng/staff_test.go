package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/xuri/excelize/v2"

	"qingfeng/content/store"
)

func TestPINHash(t *testing.T) {
	h, err := hashPIN("246810")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q", h)
	}
	if ok, err := checkPIN(h, "246810"); !ok || err != nil {
		t.Fatalf("right PIN: %v %v", ok, err)
	}
	if ok, _ := checkPIN(h, "246811"); ok {
		t.Fatal("a wrong PIN passed")
	}
	h2, _ := hashPIN("246810")
	if h2 == h {
		t.Error("two hashes of one PIN are equal: no salt")
	}
	for _, bad := range []string{"", "246810", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=x$AA$AA"} {
		if _, err := checkPIN(bad, "246810"); err == nil {
			t.Errorf("%q taken for a hash", bad)
		}
	}
}

func TestStaffPINCommand(t *testing.T) {
	var out bytes.Buffer
	if code := staffPINCmd(strings.NewReader("1357\n"), &out); code != 0 || !strings.Contains(out.String(), "pin_hash: '$argon2id$") {
		t.Fatalf("exit %d\n%s", code, out.String())
	}
	out.Reset()
	if code := staffPINCmd(strings.NewReader("12a4\n"), &out); code != 2 {
		t.Fatalf("a PIN with a letter: exit %d", code)
	}
	// A hash line in the config that is not one: said at start.
	dir := t.TempDir()
	cfg := filepath.Join(dir, "qingfeng.yaml")
	os.WriteFile(cfg, []byte("staff:\n  pin_hash: '1234'\n"), 0o644)
	if code, out := runCmd(t, "status", "--config", cfg, "--data", dir); code != 2 || !strings.Contains(out, "staff.pin_hash") {
		t.Fatalf("a PIN in clear in the config: exit %d\n%s", code, out)
	}
}

// Staff mode's export button writes every opinion into the export folder.
func TestStaffExportsOpinionsToFolder(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	st, err := store.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, text := range []string{"路灯不亮", "食堂很好"} {
		if _, err := st.RecordOpinion(ctx, store.StoredOpinion{Site: "shili", Category: "意见建议", Text: text, Contact: []byte{1, 2}}); err != nil {
			t.Fatal(err)
		}
	}
	cfg := defaultConfig()
	cfg.DataDir = data
	cfg.Site.ID = "shili"
	cfg.Staff.ExportDir = filepath.Join(t.TempDir(), "usb")
	if err := cfg.finish(); err != nil {
		t.Fatal(err)
	}
	a := &app{cfg: cfg, out: &bytes.Buffer{}, log: slog.New(slog.DiscardHandler), errors: &atomic.Int64{}, rescan: make(chan struct{}, 1)}
	d := staffDesk{a: a, st: st, rescan: a.rescan}
	line, err := d.Act(ctx, "export")
	if err != nil || !strings.Contains(line, "已导出 2 条意见") {
		t.Fatalf("export: %q %v", line, err)
	}
	files, _ := filepath.Glob(filepath.Join(cfg.Staff.ExportDir, "意见-shili-*.xlsx"))
	if len(files) != 1 {
		t.Fatalf("files %v", files)
	}
	x, err := excelize.OpenFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows(x.GetSheetName(0))
	if len(rows) != 3 || !strings.Contains(strings.Join(rows[1], " ")+strings.Join(rows[2], " "), "路灯不亮") {
		t.Fatalf("rows %v", rows)
	}
	if !strings.Contains(strings.Join(rows[1], " "), "已加密") {
		t.Errorf("a contact left the kiosk unsealed: %v", rows[1])
	}
	// Rescan asks once, and asking again while one is pending does not block.
	d.Act(ctx, "rescan")
	d.Act(ctx, "rescan")
	if len(a.rescan) != 1 {
		t.Errorf("%d rescans pending", len(a.rescan))
	}
	o, err := d.Overview(ctx)
	if err != nil || o.Opinions != 2 || !strings.Contains(o.Status, "版本") {
		t.Fatalf("overview %+v %v", o, err)
	}
}
