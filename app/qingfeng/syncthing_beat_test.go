//go:build integration

package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"qingfeng/content/contenttest"
	"qingfeng/content/fleet"
	"qingfeng/content/outbox"
)

// The heartbeat through real Syncthing: the running kiosk's heartbeat
// reaches the office signed with the kiosk's key, saying what it holds;
// the office, reading it all along, never finds half a file; and the one
// the kiosk writes at its stop replaces it there.
func TestIntegrationHeartbeatThroughSyncthing(t *testing.T) {
	if _, err := exec.LookPath("syncthing"); err != nil {
		t.Fatal("syncthing is missing: run build/deps.sh test")
	}
	dir, err := binaries()
	if err != nil {
		t.Fatal(err)
	}
	qingfeng := filepath.Join(dir, "qingfeng")
	root := t.TempDir()
	logs := os.Getenv("QINGFENG_E2E_OUT")
	if logs == "" {
		logs = root
	}
	os.MkdirAll(logs, 0o755)

	office, kiosk := newSyncthing(t, "office"), newSyncthing(t, "kiosk")
	officeCollected := filepath.Join(root, "office", "collected", "kiosk1")
	kioskData := filepath.Join(root, "kiosk", "data")
	kioskOutbox := filepath.Join(root, "kiosk", "outbox")
	office.configure(t, kiosk, stFolder{"outbox-kiosk1", officeCollected, "receiveonly"})
	kiosk.configure(t, office, stFolder{"outbox-kiosk1", kioskOutbox, "sendonly"})
	office.start(t, logs)
	kiosk.start(t, logs)

	os.MkdirAll(kioskData, 0o755)
	cfg := filepath.Join(kioskData, "qingfeng.yaml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("site:\n  id: kiosk1\n  name: 示例村联络站\noutbox: %s\nschedule:\n  hours:\n    mon-sun: 08:00-18:00\n", kioskOutbox)), 0o644)
	pkg := filepath.Join(root, "pkg")
	contenttest.Write(t, pkg, txtar.Parse([]byte(`
-- package.yaml --
id: district-news
title: 区里的通知
version: 2
-- stories/a.md --
---
id: a
title: 清风进村
category: 清廉阵地
---
区纪委的通知。
`)))
	if out, err := exec.Command(qingfeng, "import", "--config", cfg, "--data", kioskData, pkg).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}

	lf, _ := os.Create(filepath.Join(logs, "kiosk-heartbeat.log"))
	defer lf.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	k := exec.CommandContext(ctx, qingfeng, "run", "--headless", "--no-demo", "--config", cfg, "--data", kioskData)
	k.Stdout, k.Stderr = lf, lf
	k.Cancel = func() error { return k.Process.Signal(syscall.SIGTERM) }
	if err := k.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	defer func() {
		if !stopped {
			cancel()
			k.Wait()
		}
	}()

	// The office reads the file as it comes, every 50 ms, as collect
	// would: absent, or whole and signed; never half.
	name := filepath.Join(officeCollected, fleet.File)
	var last fleet.Heartbeat
	var reads int
	read := func() bool {
		h, key, err := fleet.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			return false
		}
		if err != nil {
			t.Fatalf("the office read half a heartbeat, or a changed one (read %d): %v", reads, err)
		}
		reads++
		kk, _, kerr := outbox.LoadOrCreateKey(kioskData)
		if kerr != nil || key != kk.Public() {
			t.Fatalf("signed by %v, the kiosk's key is %v (%v)", key, kk.Public(), kerr)
		}
		last = h
		return true
	}
	poll := func(limit time.Duration, what string, ok func() bool) {
		t.Helper()
		end := time.Now().Add(limit)
		for !(read() && ok()) {
			office.alive(t)
			kiosk.alive(t)
			if time.Now().After(end) {
				t.Fatalf("after %s: %s did not happen (last: %+v)", limit, what, last)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	poll(90*time.Second, "the kiosk's heartbeat reaching the office", func() bool { return true })
	poll(30*time.Second, "a heartbeat after the kiosk walked its display log", func() bool { return !last.DisplayLog.VerifiedAt.IsZero() })
	if last.Site != "kiosk1" || last.SiteName != "示例村联络站" || len(last.Packages) != 1 || last.Packages[0].ID != "district-news" ||
		last.Packages[0].Version != 2 || last.LastImport == nil || !last.LastImport.OK || last.AlwaysOpen || len(last.Hours) != 14 {
		t.Errorf("the heartbeat at the office: %+v", last)
	}

	// The kiosk stops (as systemd stops it): its last heartbeat replaces
	// the one at the office.
	stop := time.Now()
	cancel()
	k.Wait()
	stopped = true
	poll(60*time.Second, "the heartbeat written at the stop reaching the office", func() bool { return !last.Written.Before(stop) })
	t.Logf("%d whole reads at the office", reads)
}
