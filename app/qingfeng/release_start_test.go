package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"qingfeng/content/fleet"
	"qingfeng/content/release"
)

// TestMain lets the test binary stand in for the qingfeng program (the
// start script's tests install it as a release): with
// QINGFENG_TEST_AS_PROGRAM=1 it runs the command its arguments name.
func TestMain(m *testing.M) {
	if os.Getenv("QINGFENG_TEST_AS_PROGRAM") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// trialReleases is a releases folder as a kiosk leaves it right after it
// switched to an update: 1.0.0 (this test binary, a real qingfeng) was
// running, 1.1.0 (newProgram, or this binary when "") is current and on
// trial.
func trialReleases(t *testing.T, newProgram string) (root, updateFile string) {
	t.Helper()
	root = t.TempDir()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	place := func(v, script string) {
		dir := filepath.Join(root, v)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		prog := filepath.Join(dir, "qingfeng")
		if script != "" {
			if err := os.WriteFile(prog, []byte(script), 0o755); err != nil {
				t.Fatal(err)
			}
			return
		}
		linkOrCopy(t, self, prog)
	}
	place("1.0.0", "")
	place("1.1.0", newProgram)
	if err := os.Symlink("1.0.0", filepath.Join(root, release.Current)); err != nil {
		t.Fatal(err)
	}
	updateFile = filepath.Join(t.TempDir(), fleet.UpdateFile)
	if err := release.Switch(root, "1.1.0", updateFile, time.Now()); err != nil {
		t.Fatal(err)
	}
	return root, updateFile
}

// unitRestarts reads the kiosk unit's restart rule: whether systemd
// restarts the service after it ended with status.
func unitRestarts(t *testing.T) func(status int) bool {
	t.Helper()
	unit, err := os.ReadFile(filepath.Join("..", "..", "build", "systemd", "qingfeng.service"))
	if err != nil {
		t.Fatal(err)
	}
	policy, prevent := "no", map[int]bool{}
	for line := range strings.Lines(string(unit)) {
		k, v, _ := strings.Cut(strings.TrimSpace(line), "=")
		switch k {
		case "Restart":
			policy = v
		case "RestartPreventExitStatus":
			for _, f := range strings.Fields(v) {
				n, err := strconv.Atoi(f)
				if err != nil {
					t.Fatalf("RestartPreventExitStatus=%s", v)
				}
				prevent[n] = true
			}
		}
	}
	return func(status int) bool {
		switch {
		case prevent[status]:
			return false
		case policy == "always":
			return true
		case policy == "on-failure":
			return status != 0
		}
		return false
	}
}

// supervise stands in for systemd, following the unit's restart rule: it
// starts the start script with the kiosk's arguments, starts it again
// after each end the unit restarts, and kills what is left of a start
// (its process group, as systemd its cgroup) once the main process is
// gone. done is asked every 100 ms with the running main process; true
// ends the service.
func supervise(t *testing.T, root string, args []string, env []string, limit time.Duration, done func(pid int) bool) (starts int, log string) {
	t.Helper()
	// A file, not a pipe: the trial's watcher keeps the output open after
	// the main process is gone, as it keeps the journal's.
	logFile := filepath.Join(t.TempDir(), "log")
	out, err := os.Create(logFile)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	text := func() string { b, _ := os.ReadFile(logFile); return string(b) }
	restarts := unitRestarts(t)
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		starts++
		cmd := exec.Command("sh", append([]string{filepath.Join("..", "..", "build", "systemd", "qingfeng-start")}, args...)...)
		cmd.Env = append(append(os.Environ(), "QINGFENG_RELEASES="+root, "DBUS_SESSION_BUS_ADDRESS=disabled:"), env...)
		cmd.Stdout, cmd.Stderr = out, out
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
	wait:
		for {
			select {
			case <-exited:
				break wait
			case <-time.After(100 * time.Millisecond):
				if done(cmd.Process.Pid) {
					cmd.Process.Signal(syscall.SIGTERM)
					<-exited
					syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
					return starts, text()
				}
				if time.Now().After(deadline) {
					syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
					<-exited
					t.Fatalf("still not done after %v and %d starts:\n%s", limit, starts, text())
				}
			}
		}
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		if status := cmd.ProcessState.ExitCode(); !restarts(status) {
			t.Fatalf("the service ended with status %d after %d starts, not restarted:\n%s", status, starts, text())
		}
		time.Sleep(100 * time.Millisecond) // RestartSec, shortened
	}
	t.Fatalf("not done after %v:\n%s", limit, text())
	return
}

// headlessArgs are the arguments of a headless kiosk with an empty
// config and data folder, for the test binary standing in for qingfeng.
func headlessArgs(t *testing.T) []string {
	t.Helper()
	cfg := filepath.Join(t.TempDir(), "qingfeng.yaml")
	if err := os.WriteFile(cfg, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return []string{"run", "--headless", "--no-demo", "--config", cfg, "--data", t.TempDir()}
}

var asProgram = []string{"QINGFENG_TEST_AS_PROGRAM=1"}

func readUpdateFile(name string) fleet.Update {
	var u fleet.Update
	data, err := os.ReadFile(name)
	if err == nil {
		json.Unmarshal(data, &u)
	}
	return u
}

// runs says which release's program the process pid is.
func runs(pid int) string {
	exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
	if err != nil {
		return ""
	}
	return filepath.Base(filepath.Dir(exe))
}

// TestStartScriptTrial drives build/systemd/qingfeng-start as systemd
// would: a good update is kept, one whose program exits at start and one
// that never reports ready are rolled back by the release before them.
func TestStartScriptTrial(t *testing.T) {
	if _, err := os.Stat("/proc/self/exe"); err != nil {
		t.Skip("needs /proc")
	}
	t.Run("a good release reports ready and stays", func(t *testing.T) {
		t.Parallel()
		root, upd := trialReleases(t, "")
		starts, log := supervise(t, root, headlessArgs(t), asProgram, 60*time.Second, func(pid int) bool {
			return readUpdateFile(upd).Outcome == fleet.UpdateInstalled && runs(pid) == "1.1.0"
		})
		if starts != 1 || release.Running(root) != "1.1.0" {
			t.Errorf("%d starts, current %s:\n%s", starts, release.Running(root), log)
		}
		if tr, ok, _ := release.LoadTrial(root); !ok || tr.Ready.IsZero() {
			t.Errorf("the trial does not know the release is ready: %+v", tr)
		}
	})
	t.Run("a release that exits at start comes back after three failures", func(t *testing.T) {
		t.Parallel()
		root, upd := trialReleases(t, "#!/bin/sh\necho broken release >&2\nexit 3\n")
		starts, log := supervise(t, root, headlessArgs(t), asProgram, 60*time.Second, func(pid int) bool {
			return runs(pid) == "1.0.0" && readUpdateFile(upd).Outcome == fleet.UpdateRolledBack
		})
		u := readUpdateFile(upd)
		if starts != release.MaxFailures+1 || release.Running(root) != "1.0.0" || !strings.Contains(u.Reason, "启动失败了 3 次") || u.From != "1.0.0" || u.To != "1.1.0" {
			t.Errorf("%d starts, current %s, %+v:\n%s", starts, release.Running(root), u, log)
		}
		if strings.Count(log, "broken release") != release.MaxFailures {
			t.Errorf("the broken release ran %d times:\n%s", strings.Count(log, "broken release"), log)
		}
		if _, err := os.Lstat(filepath.Join(root, release.TrialFile)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the trial is still on: %v", err)
		}
	})
	// systemd restarts a release that ends with status 0 as well, so it
	// cannot escape its trial (nor leave the kiosk black).
	t.Run("a release that exits 0 at start comes back after three starts", func(t *testing.T) {
		t.Parallel()
		root, upd := trialReleases(t, "#!/bin/sh\necho clean exit >&2\nexit 0\n")
		starts, log := supervise(t, root, headlessArgs(t), asProgram, 60*time.Second, func(pid int) bool {
			return runs(pid) == "1.0.0" && readUpdateFile(upd).Outcome == fleet.UpdateRolledBack
		})
		if starts != release.MaxFailures+1 || release.Running(root) != "1.0.0" {
			t.Errorf("%d starts, current %s:\n%s", starts, release.Running(root), log)
		}
	})
	t.Run("a release that never reports ready is stopped after a minute", func(t *testing.T) {
		t.Parallel()
		root, upd := trialReleases(t, "#!/bin/sh\nexec sleep 600\n")
		began := time.Now()
		starts, log := supervise(t, root, headlessArgs(t), asProgram, 3*time.Minute, func(pid int) bool {
			return runs(pid) == "1.0.0" && readUpdateFile(upd).Outcome == fleet.UpdateRolledBack
		})
		u := readUpdateFile(upd)
		took := time.Since(began)
		if starts != 2 || !strings.Contains(u.Reason, "60 秒内没有报告启动好") || took < release.ReadyWithin {
			t.Errorf("%d starts after %v, %+v:\n%s", starts, took, u, log)
		}
	})
}

// linkOrCopy puts the file src at dst (made with its folders): a hard
// link where it can, else a copy; either way the program's own path
// (/proc/self/exe) is then in its release folder, as after an install.
func linkOrCopy(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if os.Link(src, dst) == nil {
		return
	}
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o755); err != nil {
		t.Fatal(err)
	}
}
