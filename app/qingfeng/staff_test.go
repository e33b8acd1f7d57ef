package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"qingfeng/content"
	"qingfeng/content/opinionexport"
	"qingfeng/content/store"
	"qingfeng/kiosk"
)

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
	a, st := staffApp(t)
	cfg := a.cfg
	var receipts []string
	for _, text := range []string{"路灯不亮", "食堂很好"} {
		r, err := st.RecordOpinion(ctx, store.StoredOpinion{Site: "shili", Category: "意见建议", Text: text, Contact: []byte{1, 2}})
		if err != nil {
			t.Fatal(err)
		}
		receipts = append(receipts, r)
	}
	// The office's handling of the first, as the command's export shows it.
	if err := st.Install(ctx, &content.Package{ID: "replies-district", Title: "答复", Version: 1, Replies: []content.Reply{
		{Receipt: receipts[0], Status: content.StatusForwarded, Category: "意见建议", Received: time.Now(), Forwarded: time.Now(), Unit: "镇交通办"}}}); err != nil {
		t.Fatal(err)
	}
	d := staffDesk{a: a, st: st, rescan: a.rescan}
	line, err := d.Act(ctx, kiosk.ExportOpinions)
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
	if !slices.Equal(rows[0], opinionexport.Columns) || !strings.Contains(strings.Join(rows[1], " "), "已转交 镇交通办") {
		t.Errorf("the handling is not in staff mode's export: %q", rows[:2])
	}
	// Rescan asks once, and asking again while one is pending does not block.
	d.Act(ctx, kiosk.Rescan)
	d.Act(ctx, kiosk.Rescan)
	if len(a.rescan) != 1 {
		t.Errorf("%d rescans pending", len(a.rescan))
	}
	o, err := d.Overview(ctx)
	if err != nil || o.Opinions != 2 || !strings.Contains(o.Status, "版本") {
		t.Fatalf("overview %+v %v", o, err)
	}
}

// The statistics staff mode charts and exports: views held in memory are
// stored first, counted by day, and written by hour to the stick as CSV.
func TestStaffStatisticsAndExport(t *testing.T) {
	ctx := context.Background()
	a, st := staffApp(t)
	cfg := a.cfg
	now := time.Now()
	local := now.In(cfg.location)
	yesterday := time.Date(local.Year(), local.Month(), local.Day()-1, 10, 0, 0, 0, cfg.location) // the visit stays in its day
	if err := st.RecordViews(ctx, []store.UsageView{
		{At: yesterday, Screen: "attract", Dwell: time.Hour},
		{At: yesterday.Add(time.Hour), Screen: "home", Taps: 1},
		{At: yesterday.Add(time.Hour + time.Minute), Screen: "story", Item: "demo/qingxiang", Title: "清厢茶馆", Dwell: 2 * time.Minute, Taps: 3},
	}); err != nil {
		t.Fatal(err)
	}
	u := &usageLog{} // today's visit, not stored yet
	u.Viewed(kiosk.View{At: now.Add(-time.Second), Screen: "attract", Dwell: time.Second})
	u.Viewed(kiosk.View{At: now, Screen: "table", Item: "demo/finance", Title: "=村级财务", Dwell: time.Minute, Taps: 5})
	u.Viewed(kiosk.View{At: now.Add(time.Second), Screen: "story", Item: "demo/qingxiang", Title: "清厢茶馆", Dwell: time.Minute, Taps: 1})
	d := staffDesk{a: a, st: st, usage: u}
	o, err := d.Overview(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stored, _ := st.ViewsSince(ctx, time.Time{}); len(stored) != 3 {
		t.Errorf("staff mode must only read; the store now holds %d views", len(stored))
	}
	s := o.Usage
	if len(s.Days) != statsDays || s.Visits[statsDays-2] != 1 || s.Pages[statsDays-2] != 2 || s.Visits[statsDays-1] != 1 || s.Pages[statsDays-1] != 2 {
		t.Fatalf("days %v visits %v pages %v", s.Days, s.Visits, s.Pages)
	}
	if len(s.Top) != 2 || s.Top[0] != "清厢茶馆" || s.TopViews[0] != 2 || s.Top[1] != "公示：=村级财务" {
		t.Fatalf("top %v %v", s.Top, s.TopViews)
	}
	if !strings.Contains(s.Summary, "来访 2 人次，浏览 4 页") {
		t.Errorf("summary %q", s.Summary)
	}
	line, err := d.Act(ctx, kiosk.ExportUsage)
	if err != nil || !strings.Contains(line, "6 条浏览记录") {
		t.Fatalf("export: %q %v", line, err)
	}
	files, _ := filepath.Glob(filepath.Join(cfg.Staff.ExportDir, "统计-shili-*.csv"))
	if len(files) != 1 {
		t.Fatalf("files %v", files)
	}
	b, _ := os.ReadFile(files[0])
	text := string(b)
	if !strings.HasPrefix(text, "\uFEFF日期,开始时段,页面,内容编号,标题,浏览次数,停留（秒）,触摸次数\r\n") {
		t.Fatalf("header: %q", text[:min(len(text), 120)])
	}
	loc := cfg.location
	h := yesterday.Add(time.Hour + time.Minute).In(loc)
	wantRow := fmt.Sprintf("%s,%02d:00-%02d:00,清廉故事,demo/qingxiang,清厢茶馆,1,120,3\r\n", h.Format("2006-01-02"), h.Hour(), h.Hour()+1)
	if !strings.Contains(text, wantRow) {
		t.Errorf("no row %q in\n%s", wantRow, text)
	}
	if !strings.Contains(text, ",'=村级财务,") {
		t.Errorf("a title that looks like a formula must be defused:\n%s", text)
	}
	// Once the views are stored (the usage log's loop), the command line
	// writes the same.
	if err := u.Store(ctx, st); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "u.csv")
	if code := a.usageExport(ctx, out); code != 0 {
		t.Fatalf("usage export: %d", code)
	}
	if b2, _ := os.ReadFile(out); string(b2) != text {
		t.Error("usage export and the staff button differ")
	}
}

// staffApp is an app of site "shili" on a new data folder, exporting to a
// folder of its own, and its open store.
func staffApp(t *testing.T) (*app, *store.Store) {
	t.Helper()
	data := t.TempDir()
	st, err := store.Open(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := defaultConfig()
	cfg.DataDir = data
	cfg.Site.ID = "shili"
	cfg.Staff.ExportDir = filepath.Join(t.TempDir(), "usb")
	if err := cfg.finish(); err != nil {
		t.Fatal(err)
	}
	return &app{cfg: cfg, out: &bytes.Buffer{}, log: slog.New(slog.DiscardHandler), errors: &atomic.Int64{}, rescan: make(chan struct{}, 1)}, st
}

// A package file name or title with a line break shows on the staff
// screen as one line, the break escaped.
func TestStaffImportNamesCannotForgeLines(t *testing.T) {
	ctx := context.Background()
	a, st := staffApp(t)
	if err := st.RecordImport(ctx, store.ImportRecord{Source: "inbox/p\n伪造的一行.zip", At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := st.Install(ctx, &content.Package{ID: "forge", Title: "标题\n伪造的一行", Version: 1}); err != nil {
		t.Fatal(err)
	}
	o, err := staffDesk{a: a, st: st, usage: &usageLog{}}.Overview(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Imports) != 1 || o.Imports[0].Source != `p\n伪造的一行.zip` {
		t.Fatalf("imports %+v", o.Imports)
	}
	if i := slices.IndexFunc(o.Packages, func(p kiosk.StaffPackage) bool { return p.ID == "forge" }); i < 0 || o.Packages[i].Title != `标题\n伪造的一行` {
		t.Fatalf("packages %+v", o.Packages)
	}
}
