package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"qingfeng/content/contenttest"
	"qingfeng/content/health"
	"qingfeng/content/store"
)

// The running kiosk's status file says its site, version, uptime and the
// errors its logger counted.
func TestStatusFile(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	pkg := contenttest.Dir(t, `
-- package.yaml --
id: p
title: 测试
version: 3
-- stories/a.md --
---
id: a
title: 甲
category: 清廉阵地
---
正文
`)
	if code, out := runCmd(t, "import", "--data", data, pkg); code != 0 {
		t.Fatalf("import: %d\n%s", code, out)
	}
	cfg := defaultConfig()
	cfg.DataDir = data
	cfg.Site.ID = "shili"
	if err := cfg.finish(); err != nil {
		t.Fatal(err)
	}
	errs := &atomic.Int64{}
	var logBuf bytes.Buffer
	a := &app{cfg: cfg, out: &bytes.Buffer{}, started: time.Now().Add(-time.Hour), errors: errs,
		log: slog.New(errorCount{Handler: slog.NewTextHandler(&logBuf, nil), N: errs})}
	a.log.Error("something went wrong", "where", "test")
	a.log.With("k", 1).Error("and again")
	a.log.Warn("a warning is not an error")

	st, err := store.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := a.writeStatus(ctx, st); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(data, health.File))
	if err != nil {
		t.Fatal(err)
	}
	var s health.Status
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if s.Site != "shili" || s.Version != version || s.UptimeS < 3599 || s.Errors != 2 {
		t.Errorf("status %+v", s)
	}
	if len(s.Packages) != 1 || s.Packages[0].ID != "p" || s.Packages[0].Version != 3 {
		t.Errorf("packages %+v", s.Packages)
	}
	if s.LastImport == nil || !s.LastImport.OK || s.LastImport.Package != "p" {
		t.Errorf("last import %+v", s.LastImport)
	}
	if s.DiskFreeMB <= 0 || s.RSSMB <= 0 || s.Goroutines <= 0 || s.HeapMB <= 0 {
		t.Errorf("measures %+v", s)
	}
	// Written through a temporary file: nothing else is left in the folder.
	ents, _ := os.ReadDir(data)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}
