//go:build e2e

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"qingfeng/content"
	"qingfeng/content/collect"
	"qingfeng/content/outbox"
	"qingfeng/content/store"
	"qingfeng/content/usbsync"
)

// tapUSBSync is staff mode's 与U盘同步 at 1920×1080 (kiosk/testdata/
// staff_landscape.png: the first button of the second row).
var tapUSBSync = [2]int{316, 1050}

// A USB-only site on the real kiosk, driven by taps: a rating left on the
// screen, staff mode entered by the site name and the PIN, 与U盘同步 puts
// the outbox on the stick; the office collects the stick's folder and
// packs its answer onto the stick's inbox; 与U盘同步 again installs it, and
// the kiosk's reply book answers the receipt. The stick's qingfeng folder
// is one of the kiosk's inboxes as well, as docs/deploy.md sets it up: the
// watcher must leave the sync's folders alone.
func TestE2EUSBSyncByTaps(t *testing.T) {
	dir, err := binaries()
	if err != nil {
		t.Fatal(err)
	}
	pin := exec.Command(filepath.Join(dir, "qingfeng"), "staff-pin")
	pin.Stdin = strings.NewReader("2468\n")
	out, err := pin.Output()
	if err != nil {
		t.Fatal(err)
	}
	var hash string
	for _, line := range strings.Split(string(out), "\n") {
		if h, ok := strings.CutPrefix(strings.TrimSpace(line), "pin_hash: "); ok {
			hash = h
		}
	}
	root := t.TempDir()
	keys := filepath.Join(root, "keys")
	qingfengCmd(t, "keygen", "--signing", "--out", keys)
	data, stick, box := filepath.Join(root, "data"), filepath.Join(root, "media", "usb", "qingfeng"), filepath.Join(root, "outbox")
	for _, d := range []string{data, stick, box} {
		os.MkdirAll(d, 0o755)
	}
	config := fmt.Sprintf(`site:
  id: shili
  name: 示例村联络站
screen:
  slide: 1h
  idle_after: 1h
inboxes:
  - %s
outbox: %s
trusted_publishers:
  - %s
import:
  quiet: 300ms
  poll: 2s
staff:
  pin_hash: %s
  export_dir: %s
`, stick, box, filepath.Join(keys, "publisher.pub"), hash, stick)
	d := startXvfb(t, 1920, 1080)
	k := startKioskOn(t, d, data, config)

	// A rating: 我有话说, 打个分, 满意, 提交评价; 返回 goes Home.
	d.tapAt(tapOpinions)
	d.tapAt(tapRate)
	d.tapAt(tapHappy)
	d.tapAt(tapSendRate)
	waitFor(t, 20*time.Second, "the rating to be stored", func() bool { return len(k.receiptsLogged()) >= 1 })
	rated := k.receiptsLogged()[0]
	d.tapAt(tapBack)
	time.Sleep(time.Second)

	// Staff mode: five taps on the site's name, then 2468 and 进入.
	for range 5 {
		d.run("xdotool", "mousemove", "86", "42", "click", "1")
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(time.Second)
	for _, key := range [][2]int{{960, 525}, {818, 629}, {1102, 629}, {960, 733}, {1102, 836}} {
		d.run("xdotool", "mousemove", fmt.Sprint(key[0]), fmt.Sprint(key[1]), "click", "1")
		time.Sleep(300 * time.Millisecond)
	}
	waitFor(t, 20*time.Second, "staff mode", func() bool { return k.logged("staff mode entered") })
	time.Sleep(2 * time.Second)
	d.tap(tapUSBSync[0], tapUSBSync[1])
	waitFor(t, 30*time.Second, "the first sync", func() bool { return k.logged(`msg="USB sync"`) })
	time.Sleep(time.Second)
	d.shot("usbsync-1-written")
	site := filepath.Join(stick, usbsync.OutboxDir, "shili")
	if fs, err := outbox.Files(site); err != nil || len(fs) == 0 {
		t.Fatalf("the stick's folder holds %v (%v); the end of the log:\n%s", fs, err, k.tail(30))
	}

	const unit = "镇交通办"
	pack := officeReplies(t, filepath.Join(root, "office"), site, filepath.Join(keys, "publisher.key"), map[string]officeAnswer{
		rated: {collect.ColStatus: string(content.StatusForwarded), collect.ColUnit: unit},
	})
	in := filepath.Join(stick, usbsync.InboxDir)
	os.MkdirAll(in, 0o755)
	if err := os.CopyFS(filepath.Join(in, filepath.Base(pack)), os.DirFS(pack)); err != nil {
		t.Fatal(err)
	}
	d.tap(tapUSBSync[0], tapUSBSync[1])
	waitFor(t, 30*time.Second, "the pack imported by the second sync", func() bool {
		return k.logged(`msg="package imported"`, "package=replies-qingfeng-qu")
	})
	waitFor(t, 10*time.Second, "the second sync", func() bool { return strings.Count(k.tail(400), `msg="USB sync"`) >= 2 })
	time.Sleep(time.Second)
	d.shot("usbsync-2-imported")
	k.stop(t)

	// The watcher took neither of the sync's folders for a package.
	for _, name := range []string{usbsync.OutboxDir, usbsync.InboxDir} {
		if _, err := os.Stat(filepath.Join(stick, name+".import-report.txt")); err == nil {
			t.Errorf("the inbox watcher tried to import the stick's %s folder", name)
		}
	}
	st, err := store.Open(t.Context(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	l, err := (replyBook{st}).LookupReply(t.Context(), rated)
	if err != nil || !l.Found || l.Reply.Unit != unit || l.Reply.Status != content.StatusForwarded {
		t.Fatalf("the reply book for %s: %+v %v", rated, l, err)
	}
}
