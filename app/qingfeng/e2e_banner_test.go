//go:build e2e

package main

import (
	"archive/zip"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A clerk plugs in a stick while the attract loop plays, with a package
// the kiosk refuses: the screen itself says so, over the loop, in large
// text, and a tap takes it down.
func TestE2EBannerForARejectedPackage(t *testing.T) {
	d := startXvfb(t, 1920, 1080)
	stick := filepath.Join(t.TempDir(), "usb", "qingfeng")
	if err := os.MkdirAll(stick, 0o755); err != nil {
		t.Fatal(err)
	}
	k := startKiosk(t, d, "screen:\n  slide: 1h\n  idle_after: 8s\ninboxes:\n  - "+stick+"\nimport:\n  poll: 1s\n")
	home := d.shot("banner-1-home")
	time.Sleep(9 * time.Second) // idle: the attract loop
	attract := d.shot("banner-2-attract")
	if c := changed(home, attract); c < 0.15 {
		t.Fatalf("the attract loop should be playing; only %.0f%% of the screen changed", c*100)
	}

	// A real package with a story in a category no kiosk has, written
	// under another name and renamed, as a copy to a stick ends.
	tmp := filepath.Join(stick, "清风村.part")
	writeZip(t, tmp, map[string]string{
		"package.yaml": "id: qingfeng-village\ntitle: 清风村\nversion: 1\n",
		"stories/a.md": "---\nid: a\ntitle: 老支书\ncategory: 没有这个分类\n---\n正文\n",
	})
	if err := os.Rename(tmp, filepath.Join(stick, "清风村.zip")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "the package refused", func() bool {
		return k.logged(`msg="import attempt"`, "outcome=rejected")
	})
	time.Sleep(2 * time.Second) // a frame or two under software GL
	shot := d.shot("banner-3-refused")
	// The title, white on the red band.
	if !lineShown(t, shot, shot.Bounds(), whiteInk, true, "没有导入：", "导入成功：", 52.8) {
		t.Errorf("the banner's title 没有导入 is not on the screen; see %s", d.out)
	}
	card := paperRows(shot, 172)
	if card.Empty() {
		t.Fatalf("no banner card on the screen; see %s", d.out)
	}
	if !lineShown(t, shot, image.Rect(200, card.Min.Y, 1720, card.Max.Y), darkInk, false, "stories/a.md:", "package.yaml", 34) {
		t.Errorf("the banner does not name the file with the problem; see %s", d.out)
	}
	if !lineShown(t, shot, image.Rect(200, card.Min.Y, 1720, card.Max.Y), darkInk, true, "展示屏上原有的内容保持不变。详见U盘上的导入报告", "展示内容已经更新", 34) {
		t.Errorf("the banner does not point to the report on the stick; see %s", d.out)
	}
	if _, err := os.Stat(filepath.Join(stick, "rejected", "清风村.zip.import-report.txt")); err != nil {
		t.Errorf("no report on the stick: %v", err)
	}

	d.tap(960, 40) // anywhere: the banner goes, the loop plays on under it
	after := d.shot("banner-4-dismissed")
	if c := changed(attract, after); c > 0.05 {
		t.Errorf("after a tap on the banner the attract loop should show again; %.0f%% differs", c*100)
	}
	k.stop(t)
}

func writeZip(t *testing.T, path string, files map[string]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, text := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(text))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// paperRows is the run of rows where column x is the cream paper of a
// card laid over the dimmed screen.
func paperRows(shot image.Image, x int) image.Rectangle {
	isPaper := func(c color.Color) bool {
		r, g, b, _ := c.RGBA()
		return r>>8 > 0xF0 && g>>8 > 0xEE && b>>8 > 0xE0 && b>>8 < 0xF4
	}
	b := shot.Bounds()
	top, bottom := -1, -1
	for y := b.Min.Y; y < b.Max.Y; y++ {
		if isPaper(shot.At(x, y)) {
			if top < 0 {
				top = y
			}
			bottom = y
		}
	}
	if top < 0 {
		return image.Rectangle{}
	}
	return image.Rect(x, top, x+1, bottom+1)
}
