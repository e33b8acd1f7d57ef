//go:build integration

package main

import (
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"qingfeng/content/contenttest"
)

// An urgent notice dropped at the office is on a village kiosk's screen
// within a minute, with real Syncthing between them and the real kiosk
// under Xvfb: measured from the moment the signed package lands in the
// office's content folder to the first screenshot of the kiosk that
// shows the red band.
func TestIntegrationUrgentNoticeThroughSyncthing(t *testing.T) {
	if _, err := exec.LookPath("syncthing"); err != nil {
		t.Fatal("syncthing is missing: run build/deps.sh test")
	}
	root := t.TempDir()
	logs := os.Getenv("QINGFENG_E2E_OUT")
	if logs == "" {
		logs = root
	}
	logs = filepath.Join(logs, "notice")
	os.MkdirAll(logs, 0o755)
	keys := filepath.Join(root, "keys")
	qingfengCmd(t, "keygen", "--signing", "--out", keys)

	office, kiosk := newSyncthing(t, "office"), newSyncthing(t, "kiosk")
	officeContent := filepath.Join(root, "office", "content")
	kioskInbox := filepath.Join(root, "kiosk", "inbox")
	office.configure(t, kiosk, stFolder{"content", officeContent, "sendonly"})
	kiosk.configure(t, office, stFolder{"content", kioskInbox, "receiveonly"})
	office.start(t, logs)
	kiosk.start(t, logs)

	d := startXvfb(t, 1920, 1080)
	d.out = logs
	data := filepath.Join(root, "kiosk", "data")
	os.MkdirAll(data, 0o755)
	k := startKioskOn(t, d, data, fmt.Sprintf("site:\n  id: kiosk1\n  name: 示例村联络站\ninboxes:\n  - %s\ntrusted_publishers:\n  - %s\nimport:\n  quiet: 300ms\n  poll: 2s\n",
		kioskInbox, filepath.Join(keys, "publisher.pub")))
	before := d.shot("notice-0-before")
	if bandShown(before) {
		t.Fatalf("a red band before any notice; see %s", logs)
	}

	// The office writes and signs the package beside its content folder,
	// then moves it in whole, as `qingfeng sign` and a rename do.
	now := time.Now()
	pkg := filepath.Join(root, "office", "work", "urgent-notice")
	contenttest.Write(t, pkg, txtar.Parse([]byte(fmt.Sprintf(`
-- package.yaml --
id: urgent-notice
title: 紧急通知
version: 1
notices:
  - title: 明天上午停水
    text: 因自来水管道维修，明天上午8点到12点全村停水，请提前储水。
    level: 紧急
    start: %s
    end: %s
`, now.Add(-time.Minute).Format(time.RFC3339), now.Add(time.Hour).Format(time.RFC3339)))))
	qingfengCmd(t, "sign", pkg, "--key", filepath.Join(keys, "publisher.key"))
	dropped := time.Now()
	if err := os.Rename(pkg, filepath.Join(officeContent, "urgent-notice")); err != nil {
		t.Fatal(err)
	}

	var took time.Duration
	for i := 1; ; i++ {
		shot := d.shot(fmt.Sprintf("notice-%d", i))
		if bandShown(shot) {
			took = time.Since(dropped)
			break
		}
		if time.Since(dropped) > 60*time.Second {
			office.alive(t)
			kiosk.alive(t)
			t.Fatalf("the urgent notice is not on the kiosk's screen 60 s after it was dropped at the office; see %s and the kiosk's log:\n%s", logs, k.tail(40))
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Logf("urgent notice on the kiosk's screen %.1f s after it was dropped at the office (drop to the first screenshot showing it)", took.Seconds())
	if b, _ := os.ReadFile(filepath.Join(data, "qingfeng.log")); !strings.Contains(string(b), "package=urgent-notice") {
		t.Errorf("the kiosk's log does not say it imported the notice:\n%s", b)
	}
	k.stop(t)
}

// bandShown reports whether the urgent notices' red band spans the top of
// the screen: the theme's red (kiosk/theme Red, #B71C1C) across most of a
// row near the top, where Home otherwise shows cream paper and the site's
// name.
func bandShown(shot image.Image) bool {
	b := shot.Bounds()
	y := b.Min.Y + 8
	red, n := 0, 0
	for x := b.Min.X + 10; x < b.Max.X-10; x += 20 {
		r, g, bl, _ := shot.At(x, y).RGBA()
		if absDiff(r>>8, 0xB7) < 24 && absDiff(g>>8, 0x1C) < 24 && absDiff(bl>>8, 0x1C) < 24 {
			red++
		}
		n++
	}
	return red*10 >= n*9
}
