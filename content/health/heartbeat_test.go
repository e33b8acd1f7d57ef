package health

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"qingfeng/content/contenttest"
	"qingfeng/content/fleet"
	"qingfeng/content/inbox"
	"qingfeng/content/store"
)

// refusedPackage is a package a kiosk refuses: its story has no title.
const refusedPackage = `
-- package.yaml --
id: q
title: 坏的包
version: 1
-- stories/b.md --
---
id: b
category: 清廉阵地
---
正文
`

// beatStore is installed's store with a refused import of a real package
// recorded as the kiosk records it, an older refusal, and a display log of
// n entries.
func beatStore(tb testing.TB, n int) (data string, st *store.Store, reason string) {
	tb.Helper()
	ctx := context.Background()
	data, st = installed(tb)
	old := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC) // over a week before the heartbeat
	if err := st.RecordImport(ctx, store.ImportRecord{Source: "/media/usb/ancient.zip", PackageID: "z", Version: 1, At: old,
		Report: "原因：很久以前的\n"}); err != nil {
		tb.Fatal(err)
	}
	im := &inbox.Importer{Store: st, Site: "shili"}
	res := im.ImportPath(ctx, filepath.Join(contenttest.Dir(tb, refusedPackage)))
	if res.Outcome == inbox.Imported {
		tb.Fatal("the bad package was imported")
	}
	res.At = time.Date(2026, 12, 6, 9, 30, 0, 0, time.UTC)
	report := inbox.Report(res, time.UTC)
	if err := st.RecordImport(ctx, store.ImportRecord{Source: res.Source, PackageID: res.PackageID, Version: res.Version,
		Report: report, At: res.At}); err != nil {
		tb.Fatal(err)
	}
	t0 := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	var vs []store.UsageView
	for i := range n {
		vs = append(vs, store.UsageView{At: t0.Add(time.Duration(i) * time.Minute), Screen: "story", Item: "p/a", Title: "甲", Dwell: 20 * time.Second})
	}
	if err := st.RecordViews(ctx, vs); err != nil {
		tb.Fatal(err)
	}
	return data, st, FirstReason(report)
}

func TestHeartbeatFromStore(t *testing.T) {
	ctx := context.Background()
	data, st, reason := beatStore(t, 40)
	if !strings.Contains(reason, "stories/b.md") || !strings.Contains(reason, "错误") {
		t.Fatalf("the refusal's first reason %q does not name the file", reason)
	}
	shanghai := time.FixedZone("CST", 8*3600)
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, shanghai) // a Sunday
	errs := &Errors{}
	errs.Add(now.Add(-30*time.Hour), "yesterday's yesterday")
	errs.Add(now.Add(-time.Hour), "inbox watcher stopped")
	screens := contenttest.Dir(t, `
-- screen-shili-20261206-080000.jpg --
-- screen-shili-20261206-090000.jpg --
-- screen-shilin-20261206-095900.jpg --
-- screen-shili-zhen-20261206-095900.jpg --
-- screen-shili-20261206-100000.jpg.tmp-123 --
-- notes.txt --
`)
	update := fleet.Update{At: now.Add(-2 * time.Hour), From: "1.0.0", To: "1.1.0", Outcome: fleet.UpdateInstalled}
	b, _ := json.Marshal(update)
	if err := os.WriteFile(filepath.Join(data, fleet.UpdateFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
	weekdays := func(t time.Time) bool { // 08:30–17:30, Monday to Friday
		t = t.In(shanghai)
		m := t.Hour()*60 + t.Minute()
		return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday && m >= 8*60+30 && m < 17*60+30
	}
	verified := now.Add(-3 * time.Hour)
	h, err := Heartbeat(ctx, st, Beat{Kiosk: Kiosk{Version: "1.1.0", Site: "shili", Started: now.Add(-time.Hour), Errors: 5, DataDir: data},
		SiteName: "石岩村", Arch: "arm64", Open: weekdays, Location: shanghai, Recent: errs,
		Quiet: []fleet.Sample{{At: now.Add(-2 * time.Hour), MB: 90}}, Verified: verified,
		Screens: screens, ScreenSite: "shili"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if h.Site != "shili" || h.SiteName != "石岩村" || h.Version != "1.1.0" || h.Arch != "arm64" || h.UptimeS != 3600 || h.ErrorsLogged != 5 {
		t.Errorf("the kiosk: %+v", h)
	}
	if len(h.Packages) != 1 || h.Packages[0] != (fleet.Package{ID: "p", Version: 3, Title: "测试", Installed: h.Packages[0].Installed}) {
		t.Errorf("packages %+v", h.Packages)
	}
	if h.LastImport == nil || h.LastImport.OK || h.LastImport.Package != "q" || h.LastImport.Reason != reason {
		t.Errorf("last import %+v", h.LastImport)
	}
	if len(h.Refused) != 2 || h.Refused[0].Package != "q" || h.Refused[1].Source != "old.zip" {
		t.Errorf("refused in the week: %+v", h.Refused)
	}
	if h.Errors24h != 1 || len(h.RecentErrors) != 1 || h.RecentErrors[0].Message != "inbox watcher stopped" {
		t.Errorf("errors %d %+v", h.Errors24h, h.RecentErrors)
	}
	if h.DiskTotalMB <= 0 || h.DiskFreeMB <= 0 || h.DiskFreeMB > h.DiskTotalMB || h.RSSMB <= 0 || h.HeapMB <= 0 {
		t.Errorf("measures: disk %d/%d MB, rss %v heap %v", h.DiskFreeMB, h.DiskTotalMB, h.RSSMB, h.HeapMB)
	}
	if len(h.Quiet) != 1 || h.Quiet[0].MB != 90 {
		t.Errorf("quiet %+v", h.Quiet)
	}
	// Sunday: closed; the hours start with Monday's, and two weeks hold ten working days.
	monday := time.Date(2026, 12, 7, 8, 30, 0, 0, shanghai)
	if h.Open || h.AlwaysOpen || len(h.Hours) != 10 || !h.Hours[0].From.Equal(monday) || !h.Hours[0].Until.Equal(monday.Add(9*time.Hour)) {
		t.Errorf("open %v always %v hours %d %+v", h.Open, h.AlwaysOpen, len(h.Hours), h.Hours[:min(2, len(h.Hours))])
	}
	all, err := st.DisplayLog(ctx, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	d := h.DisplayLog
	if d.Entries != 40 || d.Head != all[39].Hash || d.Genesis != all[0].Hash || !d.VerifiedAt.Equal(verified) || d.VerifyProblem != "" {
		t.Errorf("display log %+v", d)
	}
	want := []fleet.Checkpoint{{Seq: 32, Hash: all[31].Hash}, {Seq: 16, Hash: all[15].Hash}, {Seq: 1, Hash: all[0].Hash}}
	if len(d.Checkpoints) != len(want) {
		t.Fatalf("checkpoints %+v", d.Checkpoints)
	}
	for i := range want {
		if d.Checkpoints[i] != want[i] {
			t.Errorf("checkpoint %d: %+v, want %+v", i, d.Checkpoints[i], want[i])
		}
	}
	// What the office does with them: this log extends what it saw.
	anchor, broken := fleet.Anchor{}.Check(d)
	if _, broken = anchor.Check(d); broken != nil {
		t.Errorf("the same log refused: %v", broken)
	}
	if h.Update == nil || *h.Update != (fleet.Update{At: update.At.UTC(), From: "1.0.0", To: "1.1.0", Outcome: fleet.UpdateInstalled}) {
		t.Errorf("update %+v", h.Update)
	}
	if h.Screenshot != "screen-shili-20261206-090000.jpg" {
		t.Errorf("screenshot %q", h.Screenshot)
	}
}

// An empty store, no config of hours, no update file: a heartbeat still,
// with what there is.
func TestHeartbeatOfNewKiosk(t *testing.T) {
	data := t.TempDir()
	st, err := store.Open(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h, err := Heartbeat(context.Background(), st, Beat{Kiosk: Kiosk{Site: "k", DataDir: data}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !h.Open || !h.AlwaysOpen || h.Hours != nil || h.Update != nil || h.LastImport != nil || h.DisplayLog.Entries != 0 ||
		h.DisplayLog.Checkpoints != nil || !h.DisplayLog.VerifiedAt.IsZero() || h.Packages == nil {
		t.Errorf("%+v", h)
	}
}

// A broken update.json costs the update's outcome, not the heartbeat: the
// office sees it among the errors.
func TestHeartbeatWithBrokenUpdateFile(t *testing.T) {
	data := t.TempDir()
	st, err := store.Open(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	os.WriteFile(filepath.Join(data, fleet.UpdateFile), []byte(`{"outcome":`), 0o600)
	h, err := Heartbeat(context.Background(), st, Beat{Kiosk: Kiosk{Site: "k", DataDir: data}, Recent: &Errors{}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if h.Update != nil || h.Errors24h != 1 || len(h.RecentErrors) != 1 || !strings.Contains(h.RecentErrors[0].Message, fleet.UpdateFile) {
		t.Errorf("update %+v, errors %d %+v", h.Update, h.Errors24h, h.RecentErrors)
	}
}
