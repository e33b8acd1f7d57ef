//go:build integration

package main

// The fleet end to end, with real Syncthing (Debian's package): two
// instances on loopback, the district office and a kiosk, each with its own
// home and ports, no discovery, no relays. The office's send-only folder
// delivers a signed package into the kiosk's inbox, where the running kiosk
// imports it; the kiosk's send-only outbox delivers its opinions to the
// office, where collect merges them. Run by make integration (part of make
// test); bounded in time; everything is removed after.

import (
	"archive/zip"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"qingfeng/content/contenttest"
	"qingfeng/content/outbox"
	"qingfeng/content/store"
)

type stInstance struct {
	name, home, id string
	port           int
	log            string
	exited         chan struct{}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func newSyncthing(t *testing.T, name string) *stInstance {
	t.Helper()
	home := filepath.Join(t.TempDir(), name)
	out, err := exec.Command("syncthing", "generate", "--home", home, "--no-default-folder").CombinedOutput()
	if err != nil {
		t.Fatalf("syncthing generate: %v\n%s", err, out)
	}
	out, err = exec.Command("syncthing", "serve", "--home", home, "--device-id").Output()
	if err != nil {
		t.Fatalf("syncthing --device-id: %v", err)
	}
	return &stInstance{name: name, home: home, id: strings.TrimSpace(string(out)), port: freePort(t)}
}

// stFolder is a shared folder as one instance sees it.
type stFolder struct{ id, path, kind string }

// configure writes the instance's whole config: its folders shared with
// peer, the peer at its loopback address, and nothing reaching beyond.
func (s *stInstance) configure(t *testing.T, peer *stInstance, folders ...stFolder) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintln(&b, `<configuration version="36">`)
	for _, f := range folders {
		if err := os.MkdirAll(f.path, 0o755); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, `  <folder id="%s" label="%s" path="%s" type="%s" rescanIntervalS="2" fsWatcherEnabled="true" fsWatcherDelayS="1">
    <device id="%s"></device>
    <device id="%s"></device>
  </folder>
`, f.id, f.id, f.path, f.kind, s.id, peer.id)
	}
	for _, d := range []*stInstance{s, peer} {
		fmt.Fprintf(&b, `  <device id="%s" name="%s" compression="metadata"><address>tcp://127.0.0.1:%d</address></device>
`, d.id, d.name, d.port)
	}
	fmt.Fprintf(&b, `  <gui enabled="false" tls="false"><address>127.0.0.1:0</address></gui>
  <options>
    <listenAddress>tcp://127.0.0.1:%d</listenAddress>
    <globalAnnounceEnabled>false</globalAnnounceEnabled>
    <localAnnounceEnabled>false</localAnnounceEnabled>
    <relaysEnabled>false</relaysEnabled>
    <natEnabled>false</natEnabled>
    <urAccepted>-1</urAccepted>
    <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
    <startBrowser>false</startBrowser>
    <crashReportingEnabled>false</crashReportingEnabled>
  </options>
</configuration>
`, s.port)
	if err := os.WriteFile(filepath.Join(s.home, "config.xml"), []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}

func (s *stInstance) start(t *testing.T, logDir string) {
	t.Helper()
	s.log = filepath.Join(logDir, "syncthing-"+s.name+".log")
	cmd := exec.Command("syncthing", "serve", "--home", s.home, "--no-browser", "--no-restart", "--no-upgrade", "--logfile", s.log)
	cmd.Env = append(os.Environ(), "STNODEFAULTFOLDER=1", "STNOUPGRADE=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s.exited = make(chan struct{})
	go func() { cmd.Wait(); close(s.exited) }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-s.exited
		}
	})
}

// alive fails the test at once if the instance has stopped, with the end
// of its log.
func (s *stInstance) alive(t *testing.T) {
	t.Helper()
	select {
	case <-s.exited:
		b, _ := os.ReadFile(s.log)
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		t.Fatalf("syncthing %s stopped:\n%s", s.name, strings.Join(lines[max(0, len(lines)-8):], "\n"))
	default:
	}
}

func eventually(t *testing.T, limit time.Duration, what string, ok func() bool, running ...*stInstance) {
	t.Helper()
	end := time.Now().Add(limit)
	for !ok() {
		for _, s := range running {
			s.alive(t)
		}
		if time.Now().After(end) {
			t.Fatalf("after %s: %s did not happen", limit, what)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

func TestIntegrationSyncthingFleet(t *testing.T) {
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
	run := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(qingfeng, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("qingfeng %v: %v\n%s", args, err, out)
		}
		return string(out)
	}

	// The office: a publisher key, a package, signed and zipped.
	keys := filepath.Join(root, "keys")
	run("keygen", "--signing", "--out", keys)
	pkg := filepath.Join(root, "pkg")
	contenttest.Write(t, pkg, txtar.Parse([]byte(`
-- package.yaml --
id: district-news
title: 区里的通知
version: 1
-- stories/a.md --
---
id: a
title: 清风进村
category: 清廉阵地
---
区纪委的通知。
`)))
	zipPath := filepath.Join(root, "district-news.zip")
	zipTree(t, pkg, zipPath)
	run("sign", zipPath, "--key", filepath.Join(keys, "publisher.key"))

	office, kiosk := newSyncthing(t, "office"), newSyncthing(t, "kiosk")
	officeContent := filepath.Join(root, "office", "content")
	officeCollected := filepath.Join(root, "office", "collected", "kiosk1")
	kioskData := filepath.Join(root, "kiosk", "data")
	kioskInbox := filepath.Join(root, "kiosk", "inbox")
	kioskOutbox := filepath.Join(root, "kiosk", "outbox")
	office.configure(t, kiosk, stFolder{"content", officeContent, "sendonly"}, stFolder{"outbox-kiosk1", officeCollected, "receiveonly"})
	kiosk.configure(t, office, stFolder{"content", kioskInbox, "receiveonly"}, stFolder{"outbox-kiosk1", kioskOutbox, "sendonly"})
	office.start(t, logs)
	kiosk.start(t, logs)

	// The kiosk: trusts the office's key, watches the synced inbox, writes
	// its outbox into the synced folder. A resident's opinion is waiting.
	os.MkdirAll(kioskData, 0o755)
	cfg := filepath.Join(kioskData, "qingfeng.yaml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("site:\n  id: kiosk1\n  name: 示例村联络站\ninboxes:\n  - %s\noutbox: %s\ntrusted_publishers:\n  - %s\nimport:\n  quiet: 300ms\n  poll: 2s\n",
		kioskInbox, kioskOutbox, filepath.Join(keys, "publisher.pub"))), 0o644)
	st, err := store.Open(context.Background(), kioskData)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.RecordOpinion(context.Background(), store.StoredOpinion{Site: "kiosk1", Category: "意见建议", Text: "村口路灯不亮", Rating: 2}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	kioskLog := filepath.Join(logs, "kiosk-headless.log")
	lf, _ := os.Create(kioskLog)
	defer lf.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Without --no-demo: a trusting kiosk must start on an empty data
	// folder, skipping the unsigned demo rather than failing on it.
	k := exec.CommandContext(ctx, qingfeng, "run", "--headless", "--config", cfg, "--data", kioskData)
	k.Stdout, k.Stderr = lf, lf
	k.Cancel = func() error { return k.Process.Signal(syscall.SIGTERM) }
	if err := k.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); k.Wait() }()

	// The office publishes: the zip goes into its content folder (whole,
	// by a rename, as a careful office does).
	tmp := filepath.Join(root, "office", "district-news.zip")
	data, _ := os.ReadFile(zipPath)
	os.WriteFile(tmp, data, 0o644)
	if err := os.Rename(tmp, filepath.Join(officeContent, "district-news.zip")); err != nil {
		t.Fatal(err)
	}
	kioskDone := filepath.Join(kioskInbox, "done", "district-news.zip")
	eventually(t, 90*time.Second, "the signed package reaching the kiosk and being imported", func() bool {
		_, err := os.Stat(kioskDone)
		return err == nil
	}, office, kiosk)
	if out := run("status", "--config", cfg, "--data", kioskData); !strings.Contains(out, "district-news") || strings.Contains(out, "xiaoshan-demo") {
		t.Fatalf("status after the sync (the office's package, and no unsigned demo):\n%s", out)
	}

	// The running kiosk keeps its log in a file and its status beside it.
	if b, err := os.ReadFile(filepath.Join(kioskData, "qingfeng.log")); err != nil || !strings.Contains(string(b), "package imported") {
		t.Errorf("the kiosk's log file: %v\n%s", err, b)
	}
	if b, err := os.ReadFile(filepath.Join(kioskData, "status.json")); err != nil || !strings.Contains(string(b), `"site": "kiosk1"`) {
		t.Errorf("the kiosk's status file: %v\n%s", err, b)
	}

	// The kiosk's outbox reaches the office; collect merges it, twice.
	eventually(t, 90*time.Second, "the kiosk's outbox batch reaching the office", func() bool {
		fs, _ := outbox.Files(officeCollected)
		return len(fs) == 1
	}, office, kiosk)
	district := filepath.Join(root, "office", "district.db")
	out := run("collect", "--out", district, officeCollected)
	// Signed by the kiosk's own key, which the office registers.
	if !strings.Contains(out, "新意见 1 条") || !strings.Contains(out, "共 1 个站点、1 条意见") || !strings.Contains(out, "新站点 kiosk1：登记了它的钥匙") || strings.Contains(out, "拒收") {
		t.Fatalf("collect:\n%s", out)
	}
	out = run("collect", "--out", district, officeCollected)
	if !strings.Contains(out, "新意见 0 条") || !strings.Contains(out, "共 1 个站点、1 条意见") {
		t.Fatalf("collect again:\n%s", out)
	}
}

func zipTree(t *testing.T, root, name string) {
	t.Helper()
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		w, _ := zw.Create(filepath.ToSlash(rel))
		data, _ := os.ReadFile(p)
		w.Write(data)
		return nil
	})
	zw.Close()
	f.Close()
}
