//go:build integration

package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"qingfeng/content"
	"qingfeng/content/collect"
	"qingfeng/content/outbox"
	"qingfeng/content/store"
)

// The loop of replies over the fleet's folders, with real Syncthing: a
// kiosk's opinions travel in its outbox to the office, the office answers
// and packs the answers signed into its content folder, the pack travels
// to the kiosk's synced inbox, and the running kiosk installs it: its
// reply book then answers both receipts as the office did.
func TestIntegrationRepliesThroughSyncthing(t *testing.T) {
	if _, err := exec.LookPath("syncthing"); err != nil {
		t.Fatal("syncthing is missing: run build/deps.sh test")
	}
	dir, err := binaries()
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	logs := os.Getenv("QINGFENG_E2E_OUT")
	if logs == "" {
		logs = root
	}
	logs = filepath.Join(logs, "replies")
	os.MkdirAll(logs, 0o755)
	keys := filepath.Join(root, "keys")
	qingfengCmd(t, "keygen", "--signing", "--out", keys)
	qingfengCmd(t, "keygen", "--out", keys)

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

	// A written opinion whose text may be public, and a rating, waiting
	// at the kiosk.
	os.MkdirAll(kioskData, 0o755)
	cfg := filepath.Join(kioskData, "qingfeng.yaml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("site:\n  id: kiosk1\n  name: 示例村联络站\ninboxes:\n  - %s\noutbox: %s\ntrusted_publishers:\n  - %s\nimport:\n  quiet: 300ms\n  poll: 2s\nopinions:\n  office_key: %s\n",
		kioskInbox, kioskOutbox, filepath.Join(keys, "publisher.pub"), filepath.Join(keys, "office.pub"))), 0o644)
	st, err := store.Open(context.Background(), kioskData)
	if err != nil {
		t.Fatal(err)
	}
	const words = "村口路灯不亮"
	written, err := st.RecordOpinion(context.Background(), store.StoredOpinion{Site: "kiosk1", Category: "意见建议", Text: words, Consent: true})
	if err != nil {
		t.Fatal(err)
	}
	rated, err := st.RecordOpinion(context.Background(), store.StoredOpinion{Site: "kiosk1", Category: "意见建议", Rating: 3})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	kioskLog := filepath.Join(logs, "kiosk-headless.log")
	lf, _ := os.Create(kioskLog)
	defer lf.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	k := exec.CommandContext(ctx, filepath.Join(dir, "qingfeng"), "run", "--headless", "--config", cfg, "--data", kioskData)
	k.Stdout, k.Stderr = lf, lf
	k.Cancel = func() error { return k.Process.Signal(syscall.SIGTERM) }
	if err := k.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); k.Wait() }()

	// The kiosk flushes its outbox as it starts; the batch reaches the
	// office, which answers.
	eventually(t, 90*time.Second, "the kiosk's outbox batch reaching the office", func() bool {
		fs, _ := outbox.Files(officeCollected)
		return len(fs) == 1
	}, office, kiosk)
	const reply = "路灯已经修好"
	pack := officeReplies(t, filepath.Join(root, "office", "work"), officeCollected, filepath.Join(keys, "publisher.key"), map[string]officeAnswer{
		written: {collect.ColStatus: string(content.StatusReplied), collect.ColReply: reply, collect.ColPublic: collect.Yes},
		rated:   {collect.ColStatus: string(content.StatusForwarded), collect.ColUnit: "镇交通办"},
	})
	// Into the office's content folder whole, by a rename.
	if err := os.Rename(pack, filepath.Join(officeContent, filepath.Base(pack))); err != nil {
		t.Fatal(err)
	}
	eventually(t, 90*time.Second, "the pack reaching the kiosk's inbox and being installed", func() bool {
		_, err := os.Stat(filepath.Join(kioskInbox, "done", filepath.Base(pack)))
		return err == nil
	}, office, kiosk)
	if b, _ := os.ReadFile(filepath.Join(kioskData, "qingfeng.log")); !strings.Contains(string(b), "package=replies-qingfeng-qu") {
		t.Errorf("the kiosk's log does not say it imported the pack:\n%s", b)
	}

	// The running kiosk's reply book, over its store, answers as the
	// office did.
	st, err = store.Open(context.Background(), kioskData)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	book := replyBook{st: st}
	for _, c := range []struct {
		receipt          string
		status           content.ReplyStatus
		text, unit, mine string
	}{
		{written, content.StatusReplied, reply, "", words},
		{rated, content.StatusForwarded, "", "镇交通办", ""},
	} {
		got, err := book.LookupReply(context.Background(), c.receipt)
		if err != nil || !got.Found || got.Reply.Status != c.status || got.Reply.Text != c.text || got.Reply.Unit != c.unit || got.Reply.Opinion != c.mine {
			t.Errorf("LookupReply(%s) = %+v, %v; want %s %q %q %q", c.receipt, got, err, c.status, c.text, c.unit, c.mine)
		}
	}
}
