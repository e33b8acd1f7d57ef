//go:build e2e

package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"qingfeng/content"
	"qingfeng/content/collect"
	"qingfeng/content/store"
	"qingfeng/content/usbsync"
	"qingfeng/kiosk"
)

// The loop of a site without network, through staff mode's 与U盘同步: an
// opinion left at the kiosk goes onto the stick, the office collects the
// stick's folder with the real binary as it would a Syncthing folder,
// answers, and packs the answer signed onto the stick's inbox; the next
// 与U盘同步 imports it and the kiosk's reply book answers the receipt.
// (The button's tap reaching Act(USBSync) is kiosk's
// TestStaffActionsHaveButtons.)
func TestE2EUSBSyncRoundTrip(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	keys := filepath.Join(root, "keys")
	qingfengCmd(t, "keygen", "--signing", "--out", keys)
	data, stick := filepath.Join(root, "data"), filepath.Join(root, "media", "usb", "qingfeng")
	for _, d := range []string{data, stick} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	st, err := store.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := defaultConfig()
	cfg.DataDir = data
	cfg.Site.ID, cfg.Site.Name = "shili", "示例村"
	cfg.Staff.ExportDir = stick
	cfg.TrustedPublishers = []string{filepath.Join(keys, "publisher.pub")}
	if err := cfg.finish(); err != nil {
		t.Fatal(err)
	}
	a := &app{cfg: cfg, out: &bytes.Buffer{}, log: slog.New(slog.DiscardHandler), errors: &atomic.Int64{}, rescan: make(chan struct{}, 1)}
	receipt, err := st.RecordOpinion(ctx, store.StoredOpinion{Site: "shili", Category: "意见建议", Text: "村口路灯不亮"})
	if err != nil {
		t.Fatal(err)
	}
	imported := 0
	d := staffDesk{a: a, st: st, rescan: a.rescan, imported: func() { imported++ }}

	said, err := d.Act(ctx, kiosk.USBSync)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"意见和统计 1 个文件", "本机状态", "U盘的收件箱里没有内容包", "可以拔下U盘了"} {
		if !strings.Contains(said, w) {
			t.Errorf("the first sync says %q, without %q", said, w)
		}
	}

	const reply = "路灯已经修好"
	site := filepath.Join(stick, usbsync.OutboxDir, "shili")
	pack := officeReplies(t, filepath.Join(root, "office"), site, filepath.Join(keys, "publisher.key"), map[string]officeAnswer{
		receipt: {collect.ColStatus: string(content.StatusReplied), collect.ColReply: reply},
	})
	in := filepath.Join(stick, usbsync.InboxDir)
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(in, filepath.Base(pack)), os.DirFS(pack)); err != nil {
		t.Fatal(err)
	}
	if l, err := (replyBook{st}).LookupReply(ctx, receipt); err != nil || l.Found {
		t.Fatalf("answered before the second sync: %+v %v", l, err)
	}

	said, err = d.Act(ctx, kiosk.USBSync)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(said, "从U盘导入：1 个内容包，成功 1 个") || !strings.Contains(said, "replies-qingfeng-qu：导入成功") || imported != 1 {
		t.Fatalf("the second sync (screens told %d times) says:\n%s", imported, said)
	}
	l, err := (replyBook{st}).LookupReply(ctx, receipt)
	if err != nil || !l.Found || l.Reply.Text != reply || l.Reply.Status != content.StatusReplied {
		t.Fatalf("the reply book for %s: %+v %v", receipt, l, err)
	}
	// The import is in staff mode's list, as one by the inbox watcher.
	if recs, err := st.Imports(ctx, 10); err != nil || len(recs) != 1 || !recs[0].OK {
		t.Fatalf("import history %+v %v", recs, err)
	}
}
