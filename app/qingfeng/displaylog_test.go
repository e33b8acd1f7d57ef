package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"qingfeng/content/store"
)

func TestDisplayLogCommands(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	st, err := store.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 11, 1, 1, 0, 0, 0, time.UTC)
	st.RecordViews(ctx, []store.UsageView{
		{At: t0, Screen: "table", Item: "shili/fin", Title: "=石岩村财务公开", Dwell: time.Minute},
		{At: t0.Add(time.Minute), Screen: "attract", Dwell: time.Hour},
	})
	st.Close()
	code, out := runCmd(t, "displaylog", "verify", "--data", data)
	if code != 0 || !strings.Contains(out, "展示记录完好：共 2 条") {
		t.Fatalf("verify: exit %d\n%s", code, out)
	}
	csvPath := filepath.Join(t.TempDir(), "log.csv")
	if code, out := runCmd(t, "displaylog", "export", "--data", data, "--out", csvPath); code != 0 {
		t.Fatalf("export: exit %d\n%s", code, out)
	}
	b, _ := os.ReadFile(csvPath)
	csvText := string(b)
	// China time, the screen in words, a title that looks like a formula
	// defused.
	if !strings.Contains(csvText, "2026-11-01 09:00:00,2026-11-01 09:01:00,60,公开公示,shili/fin,'=石岩村财务公开") || !strings.Contains(csvText, "待机画面") {
		t.Fatalf("export:\n%s", csvText)
	}
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(data, "qingfeng.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE display_log SET until = until + 86400000 WHERE seq = 1`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if code, out := runCmd(t, "displaylog", "verify", "--data", data); code != 1 || !strings.Contains(out, "展示记录有问题：第 1 条写入以后被改过（前 0 条完好）") {
		t.Fatalf("verify after an edit: exit %d\n%s", code, out)
	}
}
