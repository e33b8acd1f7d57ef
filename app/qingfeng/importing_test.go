package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"qingfeng/content"
	"qingfeng/content/inbox"
	"qingfeng/kiosk"
)

type bannerLog struct{ said []string }

func (b *bannerLog) ImportStarted(name string) { b.said = append(b.said, "start "+name) }
func (b *bannerLog) ImportFinished(n kiosk.ImportNews) {
	b.said = append(b.said, "result "+n.Name)
}

// Packages Syncthing delivers come in quietly (at night too); those a
// person brings are news on the screen.
func TestScreenNewsOnlyForWhatAPersonBrings(t *testing.T) {
	root := t.TempDir()
	stick, synced := filepath.Join(root, "usb", "qingfeng"), filepath.Join(root, "inbox")
	for _, d := range []string{stick, filepath.Join(synced, ".stfolder")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	b := &bannerLog{}
	n := &screenNews{k: b, do: func(f func()) { f() }}
	for _, dir := range []string{stick, synced} {
		p := filepath.Join(dir, "p.zip")
		n.started(p, dir)
		n.finished(inbox.Result{Source: p, Inbox: dir, Outcome: inbox.Rejected})
	}
	n.finished(inbox.Result{Source: "by-hand.zip", Outcome: inbox.Imported}) // qingfeng import: no inbox
	if want := []string{"start p.zip", "result p.zip"}; !slices.Equal(b.said, want) {
		t.Errorf("the banner was told %q, want %q", b.said, want)
	}
	var none *screenNews // headless
	none.started(filepath.Join(stick, "p.zip"), stick)
	none.finished(inbox.Result{Inbox: stick})
}

func TestNewsOfAResult(t *testing.T) {
	refused := newsOf(inbox.Result{Source: "/media/usb/qingfeng/村\n务.zip", Outcome: inbox.Rejected, Reason: "内容包有错误，没有导入",
		Problems: content.Problems{
			{File: "stories/a.md", Line: 3, Severity: content.Warning, Msg: "只是警告"},
			{File: "stories/b.md", Line: 4, Severity: content.Error, Msg: "第一个错误"},
			{File: "x1", Severity: content.Error, Msg: "e"}, {File: "x2", Severity: content.Error, Msg: "e"},
			{File: "x3", Severity: content.Error, Msg: "e"}, {File: "x4", Severity: content.Error, Msg: "e"},
			{File: "x5", Severity: content.Error, Msg: "e"}, {File: "x6", Severity: content.Error, Msg: "e"},
		}})
	if refused.Imported || refused.Name != `村\n务.zip` || len(refused.Problems) != 7 ||
		!strings.HasPrefix(refused.Problems[0], "stories/b.md:4") {
		t.Errorf("refused: %+v", refused)
	}
	first := newsOf(inbox.Result{Source: "p", Outcome: inbox.Imported, Counts: inbox.Counts{Stories: 3, Disclosures: 2, Images: 7}})
	if first.Summary != "故事 3 篇，公示 2 张，图片 7 张" || first.Added != nil {
		t.Errorf("a first install: %+v", first)
	}
	next := newsOf(inbox.Result{Source: "p", Outcome: inbox.Imported, Previous: 1, Changes: &content.Changes{
		Removed: []content.Item{{Kind: content.KindStory, ID: "a", Title: "甲"}}}})
	if next.Summary != "" || !slices.Equal(next.Removed, []string{"故事《甲》"}) {
		t.Errorf("a new version: %+v", next)
	}
}
