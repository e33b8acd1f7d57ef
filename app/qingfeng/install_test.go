package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// stagedInstall runs build/install.sh with DESTDIR=stage and two fake
// programs. Every command that changes the machine (apt-get, useradd,
// systemctl, chown…) is replaced on PATH by a stub that records its name
// and fails, so a staged install that reaches for one fails the test.
func stagedInstall(t *testing.T, stage, bin string) (string, error) {
	t.Helper()
	stubs := t.TempDir()
	called := filepath.Join(t.TempDir(), "called")
	for _, c := range []string{"apt-get", "apt-cache", "dpkg-query", "useradd", "usermod", "getent", "chown",
		"systemctl", "udevadm", "locale-gen", "sudo"} {
		stub := "#!/bin/sh\necho " + c + " >>" + called + "\nexit 1\n"
		if err := os.WriteFile(filepath.Join(stubs, c), []byte(stub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("bash", filepath.Join("..", "..", "build", "install.sh"))
	cmd.Env = append(os.Environ(), "DESTDIR="+stage, "BIN_DIR="+bin, "PATH="+stubs+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if b, _ := os.ReadFile(called); len(b) > 0 {
		t.Errorf("a staged install ran commands that change the machine: %s", strings.Fields(string(b)))
	}
	return string(out), err
}

func fakePrograms(t *testing.T) string {
	t.Helper()
	bin := t.TempDir()
	for _, p := range []string{"qingfeng", "qingfeng-exhibits"} {
		if err := os.WriteFile(filepath.Join(bin, p), []byte("#!/bin/sh\necho "+p+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return bin
}

func TestInstallStaged(t *testing.T) {
	stage := t.TempDir()
	bin := fakePrograms(t)
	// An update left "trying" by a trial the install ends.
	os.MkdirAll(filepath.Join(stage, "var/lib/qingfeng/data"), 0o755)
	os.WriteFile(filepath.Join(stage, "var/lib/qingfeng/data/update.json"), []byte(`{"to": "1.1.0", "outcome": "trying"}`), 0o644)
	if out, err := stagedInstall(t, stage, bin); err != nil {
		t.Fatalf("install.sh: %v\n%s", err, out)
	}

	want := map[string]fs.FileMode{
		"opt/qingfeng/releases":                                           fs.ModeDir | 0o755,
		"opt/qingfeng/releases/0.0.0/qingfeng":                            0o755,
		"opt/qingfeng/releases/0.0.0/qingfeng-exhibits":                   0o755,
		"opt/qingfeng/lib/qingfeng-start":                                 0o755,
		"opt/qingfeng/lib/xsession":                                       0o755,
		"opt/qingfeng/lib/wait-x":                                         0o755,
		"opt/qingfeng/lib/usb-mount":                                      0o755,
		"opt/qingfeng/doc/deploy.md":                                      0o644,
		"opt/qingfeng/doc/config.md":                                      0o644,
		"etc/qingfeng":                                                    fs.ModeDir | 0o750,
		"etc/qingfeng/qingfeng.yaml":                                      0o640,
		"etc/systemd/system/qingfeng.service":                             0o644,
		"etc/systemd/system/getty@tty1.service.d/qingfeng-autologin.conf": 0o644,
		"etc/udev/rules.d/99-qingfeng-usb.rules":                          0o644,
		"var/lib/qingfeng":                                                fs.ModeDir | 0o750,
		"var/lib/qingfeng/data":                                           fs.ModeDir | 0o750,
		"var/lib/qingfeng/.profile":                                       0o644,
		"media/usb":                                                       fs.ModeDir | 0o755,
	}
	for p, mode := range want {
		st, err := os.Lstat(filepath.Join(stage, p))
		if err != nil {
			t.Errorf("not installed: %v", err)
			continue
		}
		if got := st.Mode() & (fs.ModeDir | fs.ModePerm); got != mode {
			t.Errorf("%s: mode %v, want %v", p, got, mode)
		}
	}
	if _, err := os.Stat(filepath.Join(stage, "var/lib/qingfeng/data/update.json")); err == nil {
		t.Error("update.json still says trying after the install ended the trial")
	}
	if got, err := os.Readlink(filepath.Join(stage, "usr/local/bin/qingfeng")); err != nil || got != "/opt/qingfeng/bin/qingfeng" {
		t.Errorf("usr/local/bin/qingfeng: link to %q (%v), want /opt/qingfeng/bin/qingfeng", got, err)
	}
	// The fake programs tell no version: the release folder is 0.0.0 and
	// current links to it (a relative link, so it holds in a staged tree).
	if got, err := os.Readlink(filepath.Join(stage, "opt/qingfeng/releases/current")); err != nil || got != "0.0.0" {
		t.Errorf("opt/qingfeng/releases/current: link to %q (%v), want 0.0.0", got, err)
	}
	// What technicians run with sudo (/usr/local/bin/qingfeng) must be
	// root's own file, not one in the releases folder the kiosk's user
	// writes: bin/ holds real copies of the programs, never links.
	for _, p := range []string{"qingfeng", "qingfeng-exhibits"} {
		name := filepath.Join(stage, "opt/qingfeng/bin", p)
		st, err := os.Lstat(name)
		if err != nil || !st.Mode().IsRegular() || st.Mode().Perm() != 0o755 {
			t.Errorf("opt/qingfeng/bin/%s is not a program file of its own (%v)", p, err)
			if st != nil {
				t.Errorf("  its mode: %v", st.Mode())
			}
			continue
		}
		if b, _ := os.ReadFile(name); !bytes.Contains(b, []byte("echo "+p)) {
			t.Errorf("opt/qingfeng/bin/%s is not the program from BIN_DIR: %q", p, b)
		}
	}
	// The start script falls back to them when no release is current.
	{
		cmd := exec.Command("sh", filepath.Join(stage, "opt/qingfeng/lib/qingfeng-start"), "run")
		cmd.Env = append(os.Environ(), "QINGFENG_RELEASES="+t.TempDir(), "QINGFENG_BIN="+filepath.Join(stage, "opt/qingfeng/bin"))
		if out, err := cmd.Output(); err != nil || strings.TrimSpace(string(out)) != "qingfeng" {
			t.Errorf("the start script with no current release: %q, %v", out, err)
		}
	}

	// Every program the installed files start must have been installed,
	// executable: a renamed script would leave a kiosk with a black screen.
	unit := readStaged(t, stage, "etc/systemd/system/qingfeng.service")
	for _, key := range []string{"Type=notify", "NotifyAccess=main", "WatchdogSec=", "Restart=always", "KillMode=mixed",
		"RestartPreventExitStatus=" + strconv.Itoa(exitLeave),
		"Environment=DISPLAY=:0", "Environment=DBUS_SESSION_BUS_ADDRESS=disabled:", "StartLimitIntervalSec=0"} {
		if !strings.Contains(unit, "\n"+key) {
			t.Errorf("qingfeng.service lacks %s", key)
		}
	}
	var started []string
	for line := range strings.Lines(unit) {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok && (k == "ExecStart" || k == "ExecStartPre") {
			f := strings.Fields(v)
			started = append(started, f[0])
			if k == "ExecStart" {
				if i := slices.Index(f, "--config"); i < 0 || i+1 == len(f) || !stagedExists(stage, f[i+1]) {
					t.Errorf("ExecStart's --config is not an installed file: %s", v)
				}
			}
		}
	}
	rule := readStaged(t, stage, "etc/udev/rules.d/99-qingfeng-usb.rules")
	if _, run, ok := strings.Cut(rule, `RUN{program}+="`); ok {
		started = append(started, strings.Fields(run)[0])
	} else {
		t.Error("the udev rule runs nothing")
	}
	profile := readStaged(t, stage, "var/lib/qingfeng/.profile")
	if _, x, ok := strings.Cut(profile, "startx "); ok {
		started = append(started, strings.Fields(x)[0])
	} else {
		t.Error(".profile does not start X")
	}
	if len(started) < 4 {
		t.Errorf("found only %v started by the installed files", started)
	}
	for _, p := range started {
		st, err := os.Stat(filepath.Join(stage, p))
		if err != nil || st.Mode()&0o111 == 0 {
			t.Errorf("%s is started but not installed as a program (%v)", p, err)
		}
	}

	// The starter config is one qingfeng accepts, and keeps its data and
	// the USB stick where the unit's sandbox lets it write.
	cfg, err := loadConfig(filepath.Join(stage, "etc/qingfeng/qingfeng.yaml"), true)
	if err != nil {
		t.Fatalf("the starter config: %v", err)
	}
	writable := []string{}
	for line := range strings.Lines(unit) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "ReadWritePaths="); ok {
			writable = append(writable, strings.TrimPrefix(v, "-"))
		}
	}
	for _, p := range append([]string{cfg.DataDir, cfg.Staff.ExportDir, cfg.Log.File, cfg.Outbox}, cfg.Inboxes...) {
		if !slices.ContainsFunc(writable, func(w string) bool { return p == w || strings.HasPrefix(p, w+"/") }) {
			t.Errorf("%s (from the starter config) is outside the unit's ReadWritePaths %v", p, writable)
		}
	}
	if !slices.Contains(cfg.Inboxes, "/media/usb/qingfeng") {
		t.Errorf("the starter config does not watch the USB stick: %v", cfg.Inboxes)
	}
	// Its commented opening hours are an example staff will uncomment.
	var uncommented strings.Builder
	in := false
	for line := range strings.Lines(readStaged(t, stage, "etc/qingfeng/qingfeng.yaml")) {
		in = strings.HasPrefix(line, "# schedule:") || in && strings.HasPrefix(line, "#   ")
		if in {
			line = strings.TrimPrefix(line, "# ")
		}
		uncommented.WriteString(line)
	}
	if !strings.Contains(uncommented.String(), "\nschedule:\n") {
		t.Error("the starter config has no opening hours example")
	} else {
		p := filepath.Join(t.TempDir(), "qingfeng.yaml")
		os.WriteFile(p, []byte(uncommented.String()), 0o600)
		if c, err := loadConfig(p, true); err != nil {
			t.Errorf("the starter config's opening hours, uncommented: %v", err)
		} else if !c.Schedule.DisplayOff {
			t.Error("the uncommented example did not set schedule.display_off")
		}
	}

	// systemd itself (build/deps.sh test installs it): offline, in a copy
	// of the stage with the machine's own units beside ours.
	sa, err := exec.LookPath("systemd-analyze")
	if err != nil || !stagedExists("/", "/usr/lib/systemd/system/sysinit.target") {
		t.Fatalf("systemd-analyze and systemd's units are needed to check the unit (build/deps.sh test installs them): %v", err)
	}
	{
		root := t.TempDir()
		cp := exec.Command("cp", "-a", stage+"/.", "/usr/lib/systemd/system", root+"/")
		if out, err := cp.CombinedOutput(); err != nil {
			t.Fatalf("cp: %v\n%s", err, out)
		}
		os.MkdirAll(filepath.Join(root, "usr/lib/systemd"), 0o755)
		if err := os.Rename(filepath.Join(root, "system"), filepath.Join(root, "usr/lib/systemd/system")); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(sa, "verify", "--root="+root, "qingfeng.service", "getty@tty1.service").CombinedOutput()
		if err != nil || len(bytes.TrimSpace(out)) > 0 {
			t.Errorf("systemd-analyze verify: %v\n%s", err, out)
		}
	}
}

// An update: the programs are replaced, the config staff edited is kept.
func TestInstallKeepsConfig(t *testing.T) {
	stage := t.TempDir()
	bin := fakePrograms(t)
	if out, err := stagedInstall(t, stage, bin); err != nil {
		t.Fatalf("install.sh: %v\n%s", err, out)
	}
	conf := filepath.Join(stage, "etc/qingfeng/qingfeng.yaml")
	edited := []byte("site:\n  id: xiaoshan-01\n")
	if err := os.WriteFile(conf, edited, 0o640); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(bin, "qingfeng"), []byte("#!/bin/sh\necho new\n"), 0o755)
	out, err := stagedInstall(t, stage, bin)
	if err != nil {
		t.Fatalf("install.sh again: %v\n%s", err, out)
	}
	if got, _ := os.ReadFile(conf); !bytes.Equal(got, edited) {
		t.Errorf("the second install changed the config:\n%s", got)
	}
	if got := readStaged(t, stage, "opt/qingfeng/bin/qingfeng"); !strings.Contains(got, "echo new") {
		t.Errorf("the program was not updated: %q", got)
	}

	// Without the programs (make build not run) it stops and says so.
	os.Remove(filepath.Join(bin, "qingfeng-exhibits"))
	out, err = stagedInstall(t, t.TempDir(), bin)
	if err == nil || !strings.Contains(out, "make build") {
		t.Errorf("installing without qingfeng-exhibits: %v\n%s", err, out)
	}
}

func readStaged(t *testing.T, stage, p string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(stage, p))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func stagedExists(root, p string) bool {
	_, err := os.Stat(filepath.Join(root, p))
	return err == nil
}
