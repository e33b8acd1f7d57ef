package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildQingfeng builds this program as make build does (without its
// version), into a folder of the test's.
func buildQingfeng(tb testing.TB) string {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), "qingfeng")
	build := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		tb.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// localeEnv is the environment without any locale variable, plus set.
func localeEnv(set ...string) []string {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		k, _, _ := strings.Cut(kv, "=")
		return k == "LANG" || k == "LANGUAGE" || strings.HasPrefix(k, "LC_")
	})
	return append(env, set...)
}

// In the C locale (C.UTF-8 is the default of Debian containers, servers and
// cron) no command prints anything from the GUI toolkit: not those that open
// no window, nor the kiosk itself (headless here; the windowed one in
// TestE2ELocaleKioskQuiet).
func TestLocaleNoToolkitNoise(t *testing.T) {
	bin := buildQingfeng(t)
	work := t.TempDir()
	data, out, keys := filepath.Join(work, "data"), filepath.Join(work, "out"), filepath.Join(work, "keys")
	demo, err := filepath.Abs("../../assets/demo")
	if err != nil {
		t.Fatal(err)
	}
	commands := []struct {
		args  []string
		stdin string
	}{
		{args: []string{"help"}},
		{args: []string{"help", "collect"}},
		{args: []string{"status", "-h"}},
		{args: []string{"--version"}},
		{args: []string{"check", demo}},
		{args: []string{"import", "--data", data, demo}},
		{args: []string{"status", "--data", data}},
		{args: []string{"search", "--data", data, "村"}},
		{args: []string{"export-html", "--data", data, "--out", filepath.Join(out, "site")}},
		{args: []string{"exhibit", "--list", "--data", data}},
		{args: []string{"exhibit", "quiz/xiaoshan-demo/qinglian-xiaoshan", "--print", "--data", data}},
		{args: []string{"displaylog", "verify", "--data", data}},
		{args: []string{"displaylog", "export", "--data", data, "--out", filepath.Join(out, "log.csv")}},
		{args: []string{"usage", "export", "--data", data, "--out", filepath.Join(out, "usage.csv")}},
		{args: []string{"opinions", "export", "--data", data, "--out", filepath.Join(out, "opinions.csv")}},
		{args: []string{"outbox", "--data", data}},
		{args: []string{"collect", "--out", filepath.Join(out, "district.db"), filepath.Join(data, "outbox")}},
		{args: []string{"keygen", "--signing", "--out", keys}},
		{args: []string{"sign", filepath.Join(out, "site"), "--key", filepath.Join(keys, "publisher.key")}},
		{args: []string{"staff-pin"}, stdin: "2468\n"},
		{args: []string{"stauts"}},
	}
	for _, env := range [][]string{{"LANG=C.UTF-8"}, nil, {"LC_ALL=C"}, {"LC_ALL=C.UTF-8", "LANG=zh_CN.UTF-8"}, {"LANG=C.utf8"}} {
		name := strings.Join(env, " ")
		if name == "" {
			name = "no locale"
		}
		t.Run(name, func(t *testing.T) {
			os.RemoveAll(work)
			os.MkdirAll(out, 0o755)
			for _, c := range commands {
				cmd := exec.Command(bin, c.args...)
				cmd.Dir, cmd.Env, cmd.Stdin = work, localeEnv(env...), strings.NewReader(c.stdin)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				cmd.Run()
				if strings.Contains(stderr.String(), "Fyne") || strings.Contains(stderr.String(), "locale") {
					t.Errorf("%s printed:\n%s", strings.Join(c.args, " "), stderr.String())
				}
			}
			if stderr := headlessKiosk(t, bin, work, data, env); strings.Contains(stderr, "Fyne") || strings.Contains(stderr, "locale") {
				t.Errorf("run --headless printed:\n%s", stderr)
			}
		})
	}
	// The check sees the noise where there is some: a LANGUAGE the
	// administrator set is left to them, even one Fyne cannot read.
	cmd := exec.Command(bin, "--version")
	cmd.Env = localeEnv("LANG=C.UTF-8", "LANGUAGE=C.UTF-8")
	if b, _ := cmd.CombinedOutput(); !strings.Contains(string(b), "Fyne error") {
		t.Errorf("with LANGUAGE=C.UTF-8 Fyne said nothing; does this test still see its noise?\n%s", b)
	}
}

// headlessKiosk runs `qingfeng run --headless` until it watches its inbox,
// stops it as systemd does, and returns what it wrote on stderr.
func headlessKiosk(tb testing.TB, bin, work, data string, env []string) string {
	tb.Helper()
	cmd := exec.Command(bin, "run", "--headless", "--no-demo", "--data", data)
	cmd.Dir, cmd.Env = work, localeEnv(env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	watching := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "正在监视收件箱") {
				close(watching)
				break
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case <-watching:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		tb.Fatalf("the headless kiosk did not start watching its inbox; stderr:\n%s", stderr.String())
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		tb.Errorf("headless kiosk: %v\n%s", err, stderr.String())
	}
	return stderr.String()
}
