//go:build e2e

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"qingfeng/content/fleet"
	"qingfeng/content/release"
)

// The touch-screen kiosk on trial after a switch, under Xvfb and the
// start script: its window coming up is its ready (READY=1 to systemd),
// and that is what ends the wait of the trial, so the release stays.
func TestE2EUpdateReadyFromTheWindow(t *testing.T) {
	bins, err := binaries()
	if err != nil {
		t.Fatal(err)
	}
	d := startXvfb(t, 1920, 1080)
	root := t.TempDir()
	for _, v := range []string{"1.0.0", "1.1.0"} {
		for _, p := range release.Programs {
			linkOrCopy(t, filepath.Join(bins, p), filepath.Join(root, v, p))
		}
	}
	if err := os.Symlink("1.0.0", filepath.Join(root, release.Current)); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	upd := filepath.Join(data, fleet.UpdateFile)
	if err := release.Switch(root, "1.1.0", upd, time.Now()); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(data, "qingfeng.yaml")
	os.WriteFile(cfg, []byte("screen:\n  slide: 1h\n  idle_after: 1h\n"), 0o644)
	starts, log := supervise(t, root, []string{"run", "--no-demo", "--config", cfg, "--data", data}, d.env, 2*time.Minute, func(pid int) bool {
		return runs(pid) == "1.1.0" && readUpdateFile(upd).Outcome == fleet.UpdateInstalled
	})
	if starts != 1 || !strings.Contains(log, "update on trial reported ready") {
		t.Errorf("%d starts; the log:\n%s", starts, log)
	}
	if tr, ok, _ := release.LoadTrial(root); !ok || tr.Ready.IsZero() || len(tr.Starts) != 1 {
		t.Errorf("the trial: %+v", tr)
	}
}
