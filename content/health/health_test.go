package health

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

	"qingfeng/content/inbox"
	"qingfeng/content/store"
)

// installed is a store in a fresh data folder holding one package, p
// version 3, imported from a folder, and two records of imports.
func installed(tb testing.TB) (data string, st *store.Store) {
	tb.Helper()
	ctx := context.Background()
	data = tb.TempDir()
	pkg := filepath.Join(tb.TempDir(), "p")
	for name, body := range map[string]string{
		"package.yaml": "id: p\ntitle: 测试\nversion: 3\n",
		"stories/a.md": "---\nid: a\ntitle: 甲\ncategory: 清廉阵地\n---\n正文\n",
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(pkg, name)), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(pkg, name), []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	st, err := store.Open(ctx, data)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	im := &inbox.Importer{Store: st, Site: "shili"}
	if res := im.ImportPath(ctx, pkg); res.Outcome != inbox.Imported {
		tb.Fatalf("import: %v %s", res.Outcome, res.Reason)
	}
	// The older record is not the last import.
	at := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	for i, r := range []store.ImportRecord{
		{Source: "/media/usb/old.zip", PackageID: "p", Version: 2, OK: false, At: at},
		{Source: pkg, PackageID: "p", Version: 3, OK: true, At: at.Add(time.Minute)},
	} {
		if err := st.RecordImport(ctx, r); err != nil {
			tb.Fatal(i, err)
		}
	}
	return data, st
}

func TestErrorCount(t *testing.T) {
	n := &atomic.Int64{}
	var out bytes.Buffer
	log := slog.New(ErrorCount{Handler: slog.NewTextHandler(&out, nil), N: n})
	log.Error("something went wrong", "where", "test")
	log.With("k", 1).Error("and again")
	log.WithGroup("g").Error("and in a group")
	log.Warn("a warning is not an error")
	log.Info("nor is news")
	if n.Load() != 3 {
		t.Errorf("counted %d errors, want 3", n.Load())
	}
	if strings.Count(out.String(), "\n") != 5 {
		t.Errorf("the records are not all passed on:\n%s", out.String())
	}
}

func TestStatusReadAndWritten(t *testing.T) {
	ctx := context.Background()
	data, st := installed(t)
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	s, err := Read(ctx, st, Kiosk{Version: "v1.2", Site: "shili", Started: now.Add(-time.Hour), Errors: 2, DataDir: data}, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(data, s); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(data, File))
	if err != nil {
		t.Fatal(err)
	}
	var back Status
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if back.Site != "shili" || back.Version != "v1.2" || back.UptimeS != 3600 || back.Errors != 2 ||
		!back.Written.Equal(now) || back.Written.Location() != time.UTC {
		t.Errorf("status %+v", back)
	}
	if len(back.Packages) != 1 || back.Packages[0].ID != "p" || back.Packages[0].Version != 3 {
		t.Errorf("packages %+v", back.Packages)
	}
	if back.LastImport == nil || !back.LastImport.OK || back.LastImport.Package != "p" || back.LastImport.Source != "p" || back.LastImport.Version != 3 {
		t.Errorf("last import %+v", back.LastImport)
	}
	if back.DiskFreeMB <= 0 || back.RSSMB <= 0 || back.Goroutines <= 0 || back.HeapMB <= 0 {
		t.Errorf("measures %+v", back)
	}
	// The names in the file are what its readers (staff, the fleet) read.
	for _, key := range []string{`"written"`, `"uptime_s"`, `"last_import"`, `"errors_logged"`, `"disk_free_mb"`, `"rss_mb"`, `"heap_mb"`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("no %s in\n%s", key, b)
		}
	}
	// Written through a temporary file: nothing else is left in the folder.
	ents, _ := os.ReadDir(data)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}
