package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"qingfeng/content/collect"
	"qingfeng/content/fleet"
	"qingfeng/content/outbox"
	"qingfeng/content/store"
)

// A kiosk's heartbeat, signed with the key its batches carry, reaches the
// fleet page and the workbook; a log that was rewound is flagged until
// --accept-log.
func TestCollectFleetPage(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	cfg := filepath.Join(data, "qingfeng.yaml")
	os.WriteFile(cfg, []byte("site:\n  id: shili\n  name: 石里联络站\n"), 0o644)
	st, err := store.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.RecordOpinion(ctx, store.StoredOpinion{Site: "shili", Category: "意见建议", Text: "路灯不亮", Rating: 2}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if code, out := runCmd(t, "outbox", "--config", cfg, "--data", data); code != 0 {
		t.Fatalf("outbox: exit %d\n%s", code, out)
	}
	key, _, err := outbox.LoadOrCreateKey(data)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(data, "outbox")
	beat := func(entries int64) {
		t.Helper()
		d := fleet.DisplayLog{Entries: entries, Head: fmt.Sprintf("h%d", entries), Genesis: "h1"}
		for _, s := range fleet.CheckpointSeqs(entries) {
			d.Checkpoints = append(d.Checkpoints, fleet.Checkpoint{Seq: s, Hash: fmt.Sprintf("h%d", s)})
		}
		h := fleet.Heartbeat{Site: "shili", SiteName: "石里联络站", Written: time.Now().UTC(), Version: "1.0.0", Arch: "amd64",
			AlwaysOpen: true, Open: true, DiskFreeMB: 9000, DiskTotalMB: 10000, DisplayLog: d}
		if err := fleet.Write(dir, h, key); err != nil {
			t.Fatal(err)
		}
	}
	district := filepath.Join(t.TempDir(), "district.db")
	page := strings.TrimSuffix(district, ".db") + "-fleet.html"
	collectRun := func(args ...string) (int, string, string) {
		t.Helper()
		code, out := runCmd(t, append(append([]string{"collect", "--out", district}, args...), dir)...)
		html, _ := os.ReadFile(page)
		return code, out, string(html)
	}
	const flagged = `<span class="t l3">展示记录被改动</span>`

	beat(300)
	code, out, html := collectRun()
	if code != 0 || !strings.Contains(out, "展示屏 1 台：严重 0，要处理 0，要留意 0，正常 1") || !strings.Contains(html, "石里联络站") || strings.Contains(html, flagged) {
		t.Fatalf("first collect: exit %d\n%s", code, out)
	}
	rows := readWorkbookSheet(t, strings.TrimSuffix(district, ".db")+".xlsx", collect.FleetSheet)
	if len(rows) != 2 || rows[1][2] != "shili" || rows[1][0] != "正常" {
		t.Fatalf("展示屏 sheet %q", rows)
	}

	beat(120)
	code, out, html = collectRun()
	if code != 0 || !strings.Contains(out, "！！站点 shili 的展示记录被改动") || !strings.Contains(html, flagged) {
		t.Fatalf("after the log was rewound: exit %d\n%s", code, out)
	}
	code, out, html = collectRun()
	if code != 0 || !strings.Contains(html, flagged) {
		t.Fatalf("the flag went by itself: exit %d\n%s", code, out)
	}

	code, out, html = collectRun("--accept-log", "shili")
	if code != 0 || !strings.Contains(out, "已接受站点 shili 现在的展示记录") || strings.Contains(html, flagged) {
		t.Fatalf("--accept-log: exit %d\n%s", code, out)
	}
	if code, out, _ = collectRun("--accept-log", "shili"); code != 1 || !strings.Contains(out, "没有什么要接受的") {
		t.Fatalf("--accept-log of a log not flagged: exit %d\n%s", code, out)
	}
}

func readWorkbookSheet(tb testing.TB, name, sheet string) [][]string {
	tb.Helper()
	x, err := excelize.OpenFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows(sheet)
	if err != nil {
		tb.Fatal(err)
	}
	return rows
}
