package main

import (
	"context"
	"debug/elf"
	"encoding/binary"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"qingfeng/content/fleet"
	"qingfeng/content/inbox"
	"qingfeng/content/release"
	"qingfeng/content/sign"
)

// elfStub writes a file that starts like a 64-bit program for machine m:
// as much as a release's checks read.
func elfStub(tb testing.TB, name string, m elf.Machine) {
	tb.Helper()
	var h elf.Header64
	copy(h.Ident[:], elf.ELFMAG)
	h.Ident[elf.EI_CLASS], h.Ident[elf.EI_DATA] = byte(elf.ELFCLASS64), byte(elf.ELFDATA2LSB)
	h.Type, h.Machine = uint16(elf.ET_EXEC), uint16(m)
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		tb.Fatal(err)
	}
	f, err := os.Create(name)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	binary.Write(f, binary.LittleEndian, h)
	f.Write(make([]byte, 1000))
}

var machines = map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}

// TestReleaseInTheInbox drops releases into a watched inbox: each one the
// kiosk must not install is set aside with a Chinese report saying why,
// and update.json says refused; a good one is installed, switched to,
// reported, and the kiosk asked to restart.
func TestReleaseInTheInbox(t *testing.T) {
	if _, ok := machines[runtime.GOARCH]; !ok {
		t.Skipf("no ELF machine known for %s", runtime.GOARCH)
	}
	other := map[string]string{"amd64": "arm64", "arm64": "amd64"}[runtime.GOARCH]
	_, office, _ := sign.GenerateKey()
	_, stranger, _ := sign.GenerateKey()
	saved := version
	t.Cleanup(func() { version = saved; releaseFree = release.FreeBytes })
	version = "1.2.0"
	for _, c := range []struct {
		name    string
		version string
		arch    string
		key     sign.Private
		spoil   func(dir string)
		free    int64
		want    string // in the report
		done    bool   // installed
		// contentOnly: the office's key is in trusted_publishers only.
		contentOnly bool
		kept        bool // update.json is left as it was
		// noScript: the unit's variables are set, but the start script
		// did not start the kiosk (a drop-in replaced ExecStart).
		noScript bool
	}{
		{name: "wrong architecture", version: "1.3.0", arch: other, want: "没有本机（" + runtime.GOARCH + "）用的程序"},
		{name: "unsigned", version: "1.3.0", spoil: func(dir string) {
			os.Remove(filepath.Join(dir, sign.ManifestFile))
			os.Remove(filepath.Join(dir, sign.SignatureFile))
		}, want: "更新包没有签名"},
		{name: "untrusted key", version: "1.3.0", key: stranger, want: "不在本机接受程序更新的名单里"},
		// A key the kiosk takes content from is not one it takes
		// programs from: a town office publishes content too.
		{name: "content publisher only", version: "1.3.0", contentOnly: true, want: "update.publishers 是空的"},
		// A copy of the running release or an older one (a stick brought
		// again) is no update: update.json keeps the last update's outcome.
		{name: "older", version: "1.1.0", want: "比本机正在运行的 1.2.0 旧", kept: true},
		{name: "equal", version: "1.2.0", want: "和本机正在运行的版本相同", kept: true},
		{name: "does not fit on the disk", version: "1.3.0", free: release.Margin, want: "磁盘空间不够"},
		{name: "not started by the start script", version: "1.3.0", noScript: true, want: "不是由启动脚本运行的"},
		{name: "installed", version: "1.3.0", want: "已经装好", done: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			releaseFree = func(string) (int64, error) { return 10 << 30, nil }
			if c.free > 0 {
				releaseFree = func(string) (int64, error) { return c.free, nil }
			}
			tmp := t.TempDir()
			arch := c.arch
			if arch == "" {
				arch = runtime.GOARCH
			}
			for _, p := range release.Programs {
				elfStub(t, filepath.Join(tmp, "bin", p), machines[arch])
			}
			key := office
			if c.name == "untrusted key" {
				key = c.key
			}
			in := filepath.Join(tmp, "inbox")
			os.MkdirAll(in, 0o755)
			pkg, err := release.Make(in, c.version, map[string]string{arch: filepath.Join(tmp, "bin")}, nil, key, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if c.spoil != nil {
				c.spoil(pkg)
			}
			root := filepath.Join(tmp, "releases")
			os.MkdirAll(filepath.Join(root, "1.2.0"), 0o755)
			os.Symlink("1.2.0", filepath.Join(root, release.Current))
			t.Setenv(releasesEnv, root)
			if !c.noScript {
				t.Setenv(trialEnv, filepath.Join(root, release.TrialFile))
			}

			data := filepath.Join(tmp, "data")
			os.MkdirAll(data, 0o755)
			before := fleet.Update{At: time.Now().Add(-time.Hour).UTC(), From: "1.1.0", To: "1.2.0", Outcome: fleet.UpdateInstalled}
			if b, err := json.Marshal(before); err != nil || os.WriteFile(filepath.Join(data, fleet.UpdateFile), b, 0o644) != nil {
				t.Fatal(err)
			}
			a := &app{out: io.Discard, log: slog.New(slog.DiscardHandler)}
			a.cfg.DataDir = data
			a.cfg.trusted = []string{office.Public().String()}
			if !c.contentOnly {
				a.cfg.releasers = a.cfg.trusted
			}
			var mu sync.Mutex
			var stopped []int
			a.stop = func(code int) { mu.Lock(); stopped = append(stopped, code); mu.Unlock() }
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			results := make(chan inbox.Result, 1)
			w := &inbox.Inbox{Dirs: []string{in}, Quiet: 50 * time.Millisecond, FolderQuiet: 100 * time.Millisecond,
				Poll: 100 * time.Millisecond, GiveUp: 500 * time.Millisecond, Release: a.takeRelease,
				OnResult: func(r inbox.Result) { a.releaseResult(r); results <- r }}
			go w.Run(ctx)
			var r inbox.Result
			select {
			case r = <-results:
			case <-time.After(20 * time.Second):
				t.Fatal("no result")
			}
			cancel()
			sub := inbox.RejectedDir
			if c.done {
				sub = inbox.DoneDir
			}
			report, err := os.ReadFile(filepath.Join(in, sub, filepath.Base(pkg)+inbox.ReportSuffix))
			if err != nil {
				t.Fatalf("no report in %s/: %v (outcome %v, %s)", sub, err, r.Outcome, r.Reason)
			}
			if !strings.Contains(string(report), c.want) || !strings.Contains(string(report), "程序更新报告") {
				t.Errorf("report:\n%s\nwant it to say %q", report, c.want)
			}
			u := readUpdateFile(filepath.Join(data, fleet.UpdateFile))
			mu.Lock()
			defer mu.Unlock()
			if c.done {
				if release.Running(root) != "1.3.0" || u.Outcome != fleet.UpdateTrying || len(stopped) != 1 || stopped[0] != exitRestart {
					t.Errorf("after install: current %s, %+v, stops %v", release.Running(root), u, stopped)
				}
				return
			}
			if inImportHistory(r) {
				t.Error("a refused release goes into the import history, where it counts as a failed import")
			}
			if c.kept {
				if u != before || len(stopped) != 0 {
					t.Errorf("update.json was %+v, now %+v", before, u)
				}
				return
			}
			if release.Running(root) != "1.2.0" || u.Outcome != fleet.UpdateRefused || !strings.Contains(u.Reason, c.want) || len(stopped) != 0 {
				t.Errorf("after a refusal: current %s, %+v, stops %v", release.Running(root), u, stopped)
			}
			if entries, _ := os.ReadDir(root); len(entries) != 2 { // 1.2.0 and current
				t.Errorf("a refused release wrote into the releases folder: %v", entries)
			}
		})
	}
}

// TestMakeReleaseChecksTheBuild: qingfeng release refuses programs that
// are not the build of the version it would label them with (this test
// binary carries no version stamp, as a stale or hand-built one).
func TestMakeReleaseChecksTheBuild(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	for _, p := range release.Programs {
		linkOrCopy(t, self, filepath.Join(bin, p))
	}
	_, office, _ := sign.GenerateKey()
	keyFile := filepath.Join(t.TempDir(), "publisher.key")
	if err := os.WriteFile(keyFile, []byte(office.Encode()), 0o600); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	a := &app{out: &out, log: slog.New(slog.DiscardHandler)}
	dest := t.TempDir()
	if code := makeRelease(dest, keyFile, "1.4.0", bin, nil, a); code == 0 || !strings.Contains(out.String(), "不是 1.4.0") {
		t.Errorf("exit %d: %s", code, out.String())
	}
	if entries, _ := os.ReadDir(dest); len(entries) != 0 {
		t.Errorf("a release was made: %v", entries)
	}
}

// TestReleaseSetAside: a release set aside after the kiosk stopped while
// installing it is reported in a release's words, not a content
// package's, and stays out of the import history and update.json.
func TestReleaseSetAside(t *testing.T) {
	tmp := t.TempDir()
	rel := filepath.Join(tmp, "qingfeng-1.3.0")
	os.MkdirAll(rel, 0o755)
	os.WriteFile(filepath.Join(rel, release.InfoFile), []byte("{}"), 0o644)
	pkg := filepath.Join(tmp, "notices")
	os.MkdirAll(pkg, 0o755)
	a := &app{out: io.Discard, log: slog.New(slog.DiscardHandler)}
	a.cfg.DataDir = tmp
	if _, ok := a.releaseAside(pkg); ok {
		t.Error("a content package got a release's words")
	}
	r, ok := a.releaseAside(rel)
	report := inbox.Report(r, time.UTC)
	if !ok || !strings.Contains(report, "程序更新报告") || !strings.Contains(report, "没有装完") || strings.Contains(report, "内容包") {
		t.Fatalf("%v:\n%s", ok, report)
	}
	r.Outcome = inbox.Rejected
	a.releaseResult(r)
	if inImportHistory(r) {
		t.Error("a release set aside goes into the import history")
	}
	if _, err := os.Stat(filepath.Join(tmp, fleet.UpdateFile)); err == nil {
		t.Error("a release set aside, its version unknown, wrote update.json")
	}
}
