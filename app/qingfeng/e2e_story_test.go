//go:build e2e

package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"qingfeng/content/contenttest"
	"qingfeng/content/parse"
	"qingfeng/content/store"
)

// The programs a tap on a link could start: Fyne's opener on Linux
// (xdg-open) and what desktops and Debian use in its place.
var urlOpeners = []string{"xdg-open", "x-www-browser", "www-browser", "sensible-browser", "gio", "gnome-open", "kde-open", "firefox", "chromium"}

// A story full of links and pictures from outside its package, installed
// as the store keeps it, in the real window: a finger on every line of it
// never starts a program (stubs of every URL opener on PATH record any
// call) and never makes the kiosk read a file outside the package.
func TestE2EStoryLinksOpenNothing(t *testing.T) {
	stubs := t.TempDir()
	calls := filepath.Join(t.TempDir(), "opener-calls")
	for _, name := range urlOpeners {
		stub := "#!/bin/sh\necho \"" + name + " $*\" >>" + calls + "\n"
		if err := os.WriteFile(filepath.Join(stubs, name), []byte(stub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	outside := filepath.Join(t.TempDir(), "outside.png") // a readable picture the package does not hold
	if err := os.WriteFile(outside, pngOf(t, 200, 120), 0o644); err != nil {
		t.Fatal(err)
	}
	opened := watchOpens(t, outside)
	data := t.TempDir()
	installHostileStory(t, data, outside)

	d := startXvfb(t, 1920, 1080)
	k := startKioskOn(t, d, data, "screen:\n  slide: 1h\n  idle_after: 1h\n",
		"PATH="+stubs+string(os.PathListSeparator)+os.Getenv("PATH"))
	home := d.shot("links-1-home")
	d.tap(960, 420) // the featured carousel: the story
	story := d.shot("links-2-story")
	if c := changed(home, story); c < 0.15 {
		t.Fatalf("tapping the carousel changed only %.0f%% of the screen", c*100)
	}
	// A finger on every line of the body, every 44 px along it, below
	// the top bar (返回 and 首页 would leave the story); then the same on
	// the rest of the story, if there is more, scrolled up by a finger.
	tapAll := func() {
		var taps []string
		for y := 110; y < 1060; y += 24 {
			for x := 300; x < 1620; x += 44 {
				taps = append(taps, "mousemove", fmt.Sprint(x), fmt.Sprint(y), "click", "1")
			}
			if len(taps) > 600 {
				d.run(append([]string{"xdotool"}, taps...)...)
				taps = nil
			}
		}
		if len(taps) > 0 {
			d.run(append([]string{"xdotool"}, taps...)...)
		}
	}
	tapAll()
	time.Sleep(2 * time.Second)
	after := d.shot("links-3-tapped")
	for range 3 {
		d.run("xdotool", "mousemove", "960", "1000", "mousedown", "1", "mousemove", "960", "700", "mousemove", "960", "400", "mousemove", "960", "150", "mouseup", "1")
		time.Sleep(time.Second)
	}
	// A story that fits on the screen does not scroll: its lines were
	// all tapped already.
	if scrolled := d.shot("links-4-scrolled"); changed(after, scrolled) > 0.05 {
		tapAll()
	}
	time.Sleep(3 * time.Second) // an opener started by the last taps has time to write
	if b, err := os.ReadFile(calls); err == nil {
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		slices.Sort(lines)
		t.Errorf("tapping the story started programs %d times:\n%s", len(lines), strings.Join(slices.Compact(lines), "\n"))
	}
	if c := changed(story, after); c > 0.05 {
		t.Errorf("tapping the story's text changed %.0f%% of the screen; it should do nothing", c*100)
	}
	if opened() {
		t.Errorf("the kiosk opened %s, a picture outside the package", outside)
	}
	if k.logged("Failed to load image") {
		t.Errorf("the kiosk tried to read a picture outside the package; its log:\n%s", k.tail(40))
	}
	k.stop(t)
}

// installHostileStory installs, as the only package, a featured story whose
// links and pictures point everywhere but at the package. The package is
// read as an import reads it (its links and HTML are warnings), then its
// body is given pictures the check would refuse, as a defect in the check
// would let through: the kiosk must stay safe on its own.
func installHostileStory(t *testing.T, data, outside string) {
	t.Helper()
	tree := txtar.Parse([]byte(`
-- package.yaml --
id: links
title: 链接测试
version: 1
-- stories/links.md --
---
id: links
title: 到处是链接的故事
category: 清廉阵地
featured: true
---
[打开文件](file:///etc/passwd) [运行脚本](javascript:alert(1)) [清廉萧山网站](https://example.org/) [本地网页](index.html)
[引用链接][w] <https://example.org/auto> <mailto:a@example.org> **[加粗的链接](https://example.org/b)**
文字<a href="https://example.org/html">网页链接</a>文字 <img src="` + outside + `">

- [列表里的链接](https://example.org/c) [又一个](file:///)
- [第三个](https://example.org/d)

> [引用里的链接](https://example.org/e)

![本包的图](media/a.png)

![网络图片](https://example.org/x.png)

[w]: https://example.org/w
`))
	tree.Files = append(tree.Files, txtar.File{Name: "media/a.png", Data: pngOf(t, 320, 180)}) // a picture: drawn in Go
	pkgDir := contenttest.Write(t, t.TempDir(), tree)
	src, err := parse.Open(pkgDir)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	pkg, ps := parse.Read(context.Background(), src, parse.Options{Thumbnails: true})
	if ps.HasErrors() {
		t.Fatalf("the story with links should pass the check with warnings:\n%v", ps)
	}
	if !strings.Contains(ps.Error(), "不能点开") {
		t.Fatalf("the check should say the links cannot be opened:\n%v", ps)
	}
	pkg.Stories[0].Body += "\n![绝对路径](" + outside + ")\n\n![引用][o]\n\n![文件网址](file://" + outside + " \"标题\")\n\n" +
		"![下一行](\n" + outside + ")\n\n![上一级](../../outside.png)\n\n![不存在][m]\n\n" +
		"[o]: " + outside + "\n[m]: " + filepath.Join(filepath.Dir(outside), "missing.png") + "\n"
	st, err := store.Open(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Install(context.Background(), pkg); err != nil {
		t.Fatal(err)
	}
}

// pngOf is a w×h picture with something on it.
func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 160, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// watchOpens reports whether any process opened path since the call.
func watchOpens(t *testing.T, path string) func() bool {
	t.Helper()
	fd, err := syscall.InotifyInit1(syscall.IN_NONBLOCK | syscall.IN_CLOEXEC)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if _, err := syscall.InotifyAddWatch(fd, path, syscall.IN_OPEN); err != nil {
		t.Fatal(err)
	}
	return func() bool {
		buf := make([]byte, 4096)
		n, _ := syscall.Read(fd, buf)
		return n > 0
	}
}
