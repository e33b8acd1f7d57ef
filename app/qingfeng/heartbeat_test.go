package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"qingfeng/content/contenttest"
	"qingfeng/content/fleet"
	"qingfeng/content/health"
	"qingfeng/content/outbox"
	"qingfeng/content/store"
)

const beatPackage = `
-- package.yaml --
id: p
title: 石岩村清廉故事
version: 3
-- stories/a.md --
---
id: a
title: 甲
category: 清廉阵地
---
正文
`

// beatKiosk is a data folder with the package above installed, a refused
// one, and a display log of 20 entries; and its config file.
func beatKiosk(tb testing.TB) (data, cfg string) {
	tb.Helper()
	data = tb.TempDir()
	cfg = filepath.Join(data, "qingfeng.yaml")
	os.WriteFile(cfg, []byte("site:\n  id: shili\n  name: 石岩村联络站\nschedule:\n  hours:\n    mon-sun: 08:30-17:30\n"), 0o644)
	if code, out := runCmd(tb, "import", "--config", cfg, "--data", data, contenttest.Dir(tb, beatPackage)); code != 0 {
		tb.Fatalf("import: %d\n%s", code, out)
	}
	bad := contenttest.Dir(tb, strings.Replace(beatPackage, "version: 3", "version: 2", 1))
	if code, _ := runCmd(tb, "import", "--config", cfg, "--data", data, bad); code != 1 {
		tb.Fatalf("an older version imported: %d", code)
	}
	recordLog(tb, data, time.Now().Add(-time.Hour), 20)
	return data, cfg
}

// checkBeat reads the heartbeat in data's outbox and checks what any
// kiosk's says.
func checkBeat(tb testing.TB, data string) fleet.Heartbeat {
	tb.Helper()
	h, key, err := fleet.ReadFile(filepath.Join(data, "outbox", fleet.File))
	if err != nil {
		tb.Fatal(err)
	}
	k, _, err := outbox.LoadOrCreateKey(data)
	if err != nil || key != k.Public() {
		tb.Errorf("signed with %v, the kiosk's key is %v (%v)", key, k.Public(), err)
	}
	if h.Site != "shili" || h.SiteName != "石岩村联络站" || h.Version != version || h.Arch != runtime.GOARCH {
		tb.Errorf("the kiosk: %+v", h)
	}
	if len(h.Packages) != 1 || h.Packages[0].ID != "p" || h.Packages[0].Title != "石岩村清廉故事" || h.Packages[0].Version != 3 {
		tb.Errorf("packages %+v", h.Packages)
	}
	if h.LastImport == nil || h.LastImport.OK || len(h.Refused) != 1 || !strings.Contains(h.Refused[0].Reason, "版本") {
		tb.Errorf("the refusal: %+v %+v", h.LastImport, h.Refused)
	}
	if h.AlwaysOpen || len(h.Hours) != 14 {
		tb.Errorf("hours: always %v, %d intervals", h.AlwaysOpen, len(h.Hours))
	}
	st, err := store.OpenReadOnly(context.Background(), data)
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	w, err := st.WalkDisplayLog(context.Background(), "")
	if err != nil {
		tb.Fatal(err)
	}
	if d := h.DisplayLog; d.Entries != 20 || d.Head != w.Head || len(d.Checkpoints) != 2 || d.VerifiedAt.IsZero() || d.VerifyProblem != "" {
		tb.Errorf("display log %+v", d)
	}
	return h
}

// A USB-only site's stick carries a heartbeat: `qingfeng outbox` writes one.
func TestOutboxWritesHeartbeat(t *testing.T) {
	data, cfg := beatKiosk(t)
	code, out := runCmd(t, "outbox", "--config", cfg, "--data", data)
	if code != 0 || !strings.Contains(out, "本机状态已写入") {
		t.Fatalf("outbox: exit %d\n%s", code, out)
	}
	checkBeat(t, data)
	// The display log edited: the next heartbeat says where.
	execSQL(t, data, `UPDATE display_log SET title = '别的' WHERE seq = 5`)
	if code, out := runCmd(t, "outbox", "--config", cfg, "--data", data); code != 0 {
		t.Fatalf("outbox: exit %d\n%s", code, out)
	}
	h, _, err := fleet.ReadFile(filepath.Join(data, "outbox", fleet.File))
	if err != nil || h.DisplayLog.VerifyProblem != "第 5 条写入以后被改过" {
		t.Errorf("after an edit: %q %v", h.DisplayLog.VerifyProblem, err)
	}
}

// The running kiosk writes its heartbeat at start, again once its display
// log is walked, and at a clean stop: the error logged just before the
// stop is in the last one. Quiet memory sampled at start is kept.
func TestRunningKioskWritesHeartbeat(t *testing.T) {
	data, cfgFile := beatKiosk(t)
	cfg, err := loadConfig(cfgFile, true)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir = data
	if err := cfg.finish(); err != nil {
		t.Fatal(err)
	}
	errs, bt := &atomic.Int64{}, &beat{}
	var logBuf bytes.Buffer
	a := &app{cfg: cfg, out: io.Discard, started: time.Now(), errors: errs, beat: bt, rescan: make(chan struct{}, 1),
		log: slog.New(errorCount{Handler: slog.NewTextHandler(&logBuf, nil), N: errs, Recent: &bt.errors})}
	shown := ""
	a.onShow(func(s string) { shown = s })("attract")
	if shown != "attract" || !bt.quiet.Settled(time.Now().Add(health.QuietSettle)) {
		t.Fatalf("the screen shown is not passed on (%q), or not watched", shown)
	}
	// Quiet for long enough by the start.
	bt.quiet.Shown("story", time.Now().Add(-3*health.QuietSettle))
	bt.quiet.Shown("attract", time.Now().Add(-2*health.QuietSettle))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := store.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	done := a.serve(ctx, st, a.importer(st), func(bool) {}, nil)
	name := filepath.Join(data, "outbox", fleet.File)
	deadline := time.Now().Add(20 * time.Second)
	for {
		h, _, err := fleet.ReadFile(name)
		if err == nil && !h.DisplayLog.VerifiedAt.IsZero() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no heartbeat after the walk of the log: %+v %v", h.DisplayLog, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	a.log.Error("inbox watcher stopped", "err", "the stick was pulled")
	cancel()
	<-done
	h := checkBeat(t, data)
	if h.Errors24h != 1 || len(h.RecentErrors) != 1 || !strings.Contains(h.RecentErrors[0].Message, "the stick was pulled") {
		t.Errorf("the heartbeat written at the stop does not have the error logged before it: %d %+v", h.Errors24h, h.RecentErrors)
	}
	if len(h.Quiet) != 1 || h.Quiet[0].MB <= 0 {
		t.Errorf("quiet memory %+v", h.Quiet)
	}
	if q, err := health.LoadQuiet(data); err != nil || len(q) != 1 {
		t.Errorf("quiet samples kept in the data folder: %+v %v", q, err)
	}
	// Started again (a crash, an update): the day's error is still in the
	// first heartbeat, and in `qingfeng outbox`'s.
	bt2 := &beat{}
	a2 := &app{cfg: cfg, out: io.Discard, started: time.Now(), errors: &atomic.Int64{}, beat: bt2, rescan: make(chan struct{}, 1),
		log: slog.New(errorCount{Handler: slog.NewTextHandler(&logBuf, nil), N: &atomic.Int64{}, Recent: &bt2.errors})}
	os.Remove(name)
	ctx2, cancel2 := context.WithCancel(context.Background())
	done2 := a2.serve(ctx2, st, a2.importer(st), func(bool) {}, nil)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(name); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no heartbeat after the restart")
		}
	}
	cancel2()
	<-done2
	if h, _, err := fleet.ReadFile(name); err != nil || h.Errors24h != 1 || len(h.RecentErrors) != 1 {
		t.Errorf("after a restart, the day's errors: %d %+v %v", h.Errors24h, h.RecentErrors, err)
	}
	if code, out := runCmd(t, "outbox", "--config", cfgFile, "--data", data); code != 0 {
		t.Fatalf("outbox: exit %d\n%s", code, out)
	}
	if h, _, err := fleet.ReadFile(name); err != nil || h.Errors24h != 1 {
		t.Errorf("qingfeng outbox's heartbeat, the day's errors: %d %v", h.Errors24h, err)
	}
}

// The real program, started and stopped as systemd does, leaves a signed
// heartbeat in its outbox (the wiring of main, not only of serve).
func TestHeadlessKioskLeavesHeartbeat(t *testing.T) {
	bin := buildQingfeng(t)
	data := t.TempDir()
	headlessKiosk(t, bin, t.TempDir(), data, nil)
	h, key, err := fleet.ReadFile(filepath.Join(data, "outbox", fleet.File))
	if err != nil {
		t.Fatal(err)
	}
	k, _, err := outbox.LoadOrCreateKey(data)
	if err != nil || key != k.Public() || h.Site != defaultConfig().Site.ID || h.Version == "" || h.Arch != runtime.GOARCH || h.Written.Before(h.Started) {
		t.Errorf("heartbeat %+v signed by %v (%v)", h, key, err)
	}
}
