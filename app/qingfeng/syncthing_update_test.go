//go:build integration

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"qingfeng/content/fleet"
	"qingfeng/content/release"
	"qingfeng/content/sign"
)

// A software update over the fleet's folders, with real Syncthing: the
// kiosk runs 1.0.0 under the start script (a supervisor loop stands in
// for systemd); the office publishes 1.1.0 into its content folder; the
// kiosk installs it, restarts on it and it reports ready. Then the office
// publishes 1.2.0 whose qingfeng exits at once: after three failed starts
// the previous release (1.1.0) brings itself back.
//
// What the office would learn is read from the kiosk's signed heartbeat
// as the kiosk writes it into its outbox (the running version and the
// update's outcome; the heartbeat's way to the office is
// TestIntegrationHeartbeatThroughSyncthing's), beside the release the
// running process was started from.
func TestIntegrationUpdateThroughSyncthing(t *testing.T) {
	if _, err := exec.LookPath("syncthing"); err != nil {
		t.Fatal("syncthing is missing: run build/deps.sh test")
	}
	bins, err := binaries()
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	logs := os.Getenv("QINGFENG_E2E_OUT")
	if logs == "" {
		logs = root
	}
	logs = filepath.Join(logs, "update")
	os.MkdirAll(logs, 0o755)

	// Two real builds told apart by the version make would stamp, and a
	// broken one: a program that exits at once (/bin/false, an ELF
	// program of this machine).
	build := func(v string) string {
		t.Helper()
		dir := filepath.Join(root, "build-"+v)
		out, err := exec.Command("go", "build", "-tags", "sqlite_fts5", "-ldflags", "-X main.version="+v,
			"-o", filepath.Join(dir, "qingfeng"), ".").CombinedOutput()
		if err != nil {
			t.Fatalf("build %s: %v\n%s", v, err, out)
		}
		linkOrCopy(t, filepath.Join(bins, "qingfeng-exhibits"), filepath.Join(dir, "qingfeng-exhibits"))
		return dir
	}
	v1, v2 := build("1.0.0"), build("1.1.0")
	broken := filepath.Join(root, "build-broken")
	for _, p := range release.Programs {
		linkOrCopy(t, "/bin/false", filepath.Join(broken, p))
	}
	keys := filepath.Join(root, "keys")
	qingfengCmd(t, "keygen", "--signing", "--out", keys)

	// The kiosk as make install leaves it: 1.0.0 in its release folder.
	releases := filepath.Join(root, "kiosk", "releases")
	for _, p := range release.Programs {
		linkOrCopy(t, filepath.Join(v1, p), filepath.Join(releases, "1.0.0", p))
	}
	os.Symlink("1.0.0", filepath.Join(releases, release.Current))

	office, kiosk := newSyncthing(t, "office"), newSyncthing(t, "kiosk")
	officeContent := filepath.Join(root, "office", "content")
	kioskData := filepath.Join(root, "kiosk", "data")
	kioskInbox := filepath.Join(root, "kiosk", "inbox")
	office.configure(t, kiosk, stFolder{"content", officeContent, "sendonly"})
	kiosk.configure(t, office, stFolder{"content", kioskInbox, "receiveonly"})
	office.start(t, logs)
	kiosk.start(t, logs)
	os.MkdirAll(kioskData, 0o755)
	cfg := filepath.Join(kioskData, "qingfeng.yaml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("site:\n  id: kiosk1\n  name: 示例村联络站\ninboxes:\n  - %s\ntrusted_publishers:\n  - %s\nupdate:\n  publishers:\n  - %[2]s\nimport:\n  quiet: 300ms\n  poll: 2s\n",
		kioskInbox, filepath.Join(keys, "publisher.pub"))), 0o644)
	heartbeat := filepath.Join(kioskData, "outbox", fleet.File)

	// The office makes a release and moves it whole into its content
	// folder.
	publish := func(bin, v string) {
		made := filepath.Join(root, "office", "made")
		out := qingfengCmd(t, "release", "--key", filepath.Join(keys, "publisher.key"), "--out", made, "--bin", bin, "--version", v)
		t.Logf("qingfeng release: %s", out)
		if err := os.Rename(filepath.Join(made, "qingfeng-"+v), filepath.Join(officeContent, "qingfeng-"+v)); err != nil {
			t.Fatal(err)
		}
	}
	publish(v2, "1.1.0")

	stage := "1.1.0"
	began := time.Now()
	starts, log := supervise(t, releases, []string{"run", "--headless", "--config", cfg, "--data", kioskData}, nil, 5*time.Minute, func(pid int) bool {
		office.alive(t)
		kiosk.alive(t)
		h, _, err := fleet.ReadFile(heartbeat)
		if err != nil || h.Update == nil {
			return false
		}
		u := *h.Update
		switch stage {
		case "1.1.0":
			// The process and the heartbeat written when it reported
			// ready both say 1.1.0.
			if runs(pid) != "1.1.0" || u.Outcome != fleet.UpdateInstalled || h.Version != "1.1.0" {
				return false
			}
			t.Logf("1.1.0 running and ready %v after it was published (%+v)", time.Since(began).Round(100*time.Millisecond), u)
			if u.From != "1.0.0" || u.To != "1.1.0" || h.Arch != runtime.GOARCH {
				t.Errorf("the heartbeat after the update: %+v, arch %s", u, h.Arch)
			}
			// Its ten minutes pass without trouble (the trial is moved
			// back by them): a release published during the trial would
			// wait in the inbox until then.
			tr, ok, err := release.LoadTrial(releases)
			if err != nil || !ok || tr.Ready.IsZero() {
				t.Fatalf("the trial after ready: %+v %v %v", tr, ok, err)
			}
			tr.Switched = tr.Switched.Add(-release.Window)
			b, _ := json.Marshal(tr)
			if err := os.WriteFile(filepath.Join(releases, release.TrialFile), b, 0o644); err != nil {
				t.Fatal(err)
			}
			stage, began = "1.2.0", time.Now()
			// Not a build of 1.2.0 (qingfeng release refuses it): made
			// with the package's own call.
			key, err := sign.ReadPrivateFile(filepath.Join(keys, "publisher.key"))
			if err != nil {
				t.Fatal(err)
			}
			made, err := release.Make(t.TempDir(), "1.2.0", map[string]string{runtime.GOARCH: broken}, nil, key, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(made, filepath.Join(officeContent, filepath.Base(made))); err != nil {
				t.Fatal(err)
			}
			return false
		default:
			// 1.1.0 again, its heartbeat written by the start after the
			// rollback.
			if runs(pid) != "1.1.0" || u.Outcome != fleet.UpdateRolledBack || h.Version != "1.1.0" || h.Started.Before(u.At) {
				return false
			}
			t.Logf("the broken 1.2.0 rolled back %v after it was published (%+v)", time.Since(began).Round(100*time.Millisecond), u)
			if u.From != "1.1.0" || u.To != "1.2.0" || !strings.Contains(u.Reason, "启动失败了 3 次") {
				t.Errorf("the heartbeat after the rollback: %+v", u)
			}
			return true
		}
	})
	os.WriteFile(filepath.Join(logs, "kiosk.log"), []byte(log), 0o644)
	// 1.0.0, 1.1.0 after the switch, three failed starts of 1.2.0 after
	// 1.1.0 switched to it, and 1.1.0 again.
	if starts != 6 {
		t.Errorf("%d starts, want 6:\n%s", starts, log)
	}
	if out, err := exec.Command(filepath.Join(releases, release.Current, "qingfeng"), "version").Output(); err != nil || strings.TrimSpace(string(out)) != "qingfeng 1.1.0" {
		t.Errorf("the current release says %q (%v)", out, err)
	}
	for _, v := range []string{"1.1.0", "1.2.0"} {
		if _, err := os.Stat(filepath.Join(kioskInbox, "done", "qingfeng-"+v+".import-report.txt")); err != nil {
			t.Errorf("no report for %s: %v", v, err)
		}
	}
}
