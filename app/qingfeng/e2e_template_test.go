//go:build e2e

package main

import (
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"qingfeng/content/template"
)

// A clerk's first package is the template with the words changed: the
// folder `qingfeng template` writes is copied onto a stick of a running
// kiosk, imported (the banner says what was added), and its Word story is
// on the screen in its category. A copy with a word where an amount should
// be is refused, the banner naming the sheet and its row. The screenshots
// are the staff guide's (make guide-shots copies them into docs/staff-guide).
func TestE2ETemplateFolderOnAStick(t *testing.T) {
	d := startXvfb(t, 1920, 1080)
	stick := filepath.Join(t.TempDir(), "usb", "qingfeng")
	if err := os.MkdirAll(stick, 0o755); err != nil {
		t.Fatal(err)
	}
	k := startKiosk(t, d, "screen:\n  slide: 1h\n  idle_after: 1h\ninboxes:\n  - "+stick+"\nimport:\n  poll: 1s\n")
	home := d.shot("guide-0-home")

	// Written beside the stick's folder and moved in whole, as a copy
	// that has finished.
	made := filepath.Join(filepath.Dir(stick), "石里村三月内容")
	qingfengCmd(t, "template", "--out", made)
	if err := os.Rename(made, filepath.Join(stick, "石里村三月内容")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 60*time.Second, "the template imported", func() bool {
		return k.logged(`msg="import attempt"`, "outcome=imported", "石里村三月内容")
	})
	time.Sleep(2 * time.Second) // a frame or two under software GL
	shot := d.shot("guide-1-imported")
	if !lineShown(t, shot, shot.Bounds(), whiteInk, true, "导入成功：石里村三月内容", "没有导入：石里村三月内容", 52.8) {
		t.Errorf("the banner's title 导入成功 is not on the screen; see %s", d.out)
	}
	report, err := os.ReadFile(filepath.Join(stick, "done", "石里村三月内容.import-report.txt"))
	if err != nil || !strings.Contains(string(report), "故事 1 篇，公示 2 张") {
		t.Errorf("the report on the stick does not count the story and the tables (%v):\n%s", err, report)
	}

	d.tap(960, 40)  // the banner goes
	d.tap(248, 943) // 清廉故事
	d.tap(884, 142) // the tab 家风家训, where the template's story is
	d.shot("guide-2-stories")
	// The tab holds the demo's story too; the template's is one of the
	// first two cards.
	var story image.Image
	for _, card := range []image.Point{{320, 435}, {959, 435}} {
		d.tap(card.X, card.Y)
		s := d.shot("guide-3-word-story")
		if lineShown(t, s, image.Rect(300, 100, 1700, 200), darkInk, true, "茶馆里的一本明白账", "家门口的清廉风尚", 44) {
			story = s
			break
		}
		d.tap(110, 60) // 返回
	}
	if story == nil {
		t.Fatalf("the template's Word story is not in 家风家训; see %s", d.out)
	}
	if c := changed(home, story); c < 0.3 {
		t.Errorf("the story screen changed only %.0f%% from Home", c*100)
	}
	d.tap(110, 60)

	// The same folder with a word typed where an amount should be.
	broken := filepath.Join(filepath.Dir(stick), "石里村四月内容")
	qingfengCmd(t, "template", "--out", broken)
	_, finance, _ := template.Categories{}.Files()
	x, err := excelize.OpenFile(filepath.Join(broken, filepath.FromSlash(finance)))
	if err != nil {
		t.Fatal(err)
	}
	if err := x.SetCellValue("Sheet1", "C6", "一千二"); err != nil {
		t.Fatal(err)
	}
	if err := x.Save(); err != nil {
		t.Fatal(err)
	}
	x.Close()
	if err := os.Rename(broken, filepath.Join(stick, "石里村四月内容")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 60*time.Second, "the broken copy refused", func() bool {
		return k.logged(`msg="import attempt"`, "outcome=rejected", "石里村四月内容")
	})
	time.Sleep(2 * time.Second)
	shot = d.shot("guide-4-refused")
	if !lineShown(t, shot, shot.Bounds(), whiteInk, true, "没有导入：石里村四月内容", "导入成功：石里村四月内容", 52.8) {
		t.Errorf("the banner's title 没有导入 is not on the screen; see %s", d.out)
	}
	report, err = os.ReadFile(filepath.Join(stick, "rejected", "石里村四月内容.import-report.txt"))
	if err != nil || !strings.Contains(string(report), "一千二") || !strings.Contains(string(report), ".xlsx:6:") {
		t.Errorf("the report on the stick does not name the sheet, row 6 and the word (%v):\n%s", err, report)
	}
	k.stop(t)
}
