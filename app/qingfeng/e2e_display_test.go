//go:build e2e

package main

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"qingfeng/kiosk/x11"
)

// window is the kiosk window's X id.
func (d *display) window(t *testing.T) string {
	t.Helper()
	ids := strings.Fields(d.run("xdotool", "search", "--name", "清风"))
	if len(ids) == 0 {
		t.Fatal("no kiosk window")
	}
	return ids[0]
}

// geometry is "1920x1080+0+0" for window id, or "unmapped".
func (d *display) geometry(id string) string {
	info := d.run("xwininfo", "-id", id)
	var w, h, x, y string
	for _, line := range strings.Split(info, "\n") {
		k, v, _ := strings.Cut(strings.TrimSpace(line), ":")
		v = strings.TrimSpace(v)
		switch k {
		case "Width":
			w = v
		case "Height":
			h = v
		case "Absolute upper-left X":
			x = v
		case "Absolute upper-left Y":
			y = v
		case "Map State":
			if v != "IsViewable" {
				return "unmapped"
			}
		}
	}
	return fmt.Sprintf("%sx%s+%s+%s", w, h, x, y)
}

// The display switched off and on, or set to another mode, can leave the
// full-screen window too small, moved, or unmapped: the kiosk puts it back
// over the whole screen by itself, drawn and answering taps.
func TestE2EDisplayComesBack(t *testing.T) {
	d := startXvfb(t, 1920, 1080)
	k := startKiosk(t, d, "screen:\n  slide: 1h\n  idle_after: 1h\n")
	id := d.window(t)
	if g := d.geometry(id); g != "1920x1080+0+0" {
		t.Fatalf("the kiosk window is %s, want the whole screen", g)
	}
	home := d.shot("display-1-home")

	d.run("xdotool", "windowsize", id, "800", "600")
	d.run("xdotool", "windowmove", id, "300", "200")
	waitFor(t, 4*x11.GuardEvery, "the window to cover the screen again", func() bool { return d.geometry(id) == "1920x1080+0+0" })

	d.run("xdotool", "windowunmap", id)
	waitFor(t, 4*x11.GuardEvery, "the window to be shown again", func() bool { return d.geometry(id) == "1920x1080+0+0" })
	time.Sleep(2 * time.Second) // frames under software GL
	back := d.shot("display-2-back")
	if c := changed(home, back); c > 0.05 {
		t.Fatalf("after the display came back %.0f%% of the screen differs from Home", c*100)
	}
	d.tap(960, 420) // the carousel still opens a story
	if c := changed(back, d.shot("display-3-story")); c < 0.15 {
		t.Fatalf("a tap after the display came back changed only %.0f%% of the screen", c*100)
	}
	if !k.logged("display guard", "does not cover the screen") {
		t.Error("the guard's repair must be logged")
	}
	// The first screenshot for the office, some 20 s after start.
	var shots []string
	waitFor(t, 30*time.Second, "a screenshot in the outbox", func() bool {
		shots, _ = filepath.Glob(filepath.Join(k.data, "outbox", x11.ScreensDir, "screen-*.jpg"))
		return len(shots) > 0
	})
	b, err := os.ReadFile(shots[0])
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(d.out, "display-4-screenshot.jpg"), b, 0o644)
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil || img.Bounds().Dx() != 1920 || spread(img) < 20 {
		t.Fatalf("the screenshot is not the screen: %v, %v, spread %.1f", err, img.Bounds(), spread(img))
	}
	k.stop(t)
}

// Outside the opening hours the kiosk closes once idle: a dark screen
// with a dim clock. On Xvfb (no DPMS) switching the display off fails, is
// logged once, and the dark screen stays.
func TestE2EClosedAtNight(t *testing.T) {
	d := startXvfb(t, 1920, 1080)
	k := startKiosk(t, d, "screen:\n  idle_after: 2s\nschedule:\n  display_off: true\n  hours:\n    mon-sun: closed\n")
	waitFor(t, 20*time.Second, "the closed screen", func() bool { return k.logged("closed: outside the opening hours") })
	time.Sleep(2 * time.Second)
	night := d.shot("closed-1")
	if dark := darkShare(night); dark < 0.9 {
		t.Fatalf("the closed screen should be dark; only %.0f%% is", dark*100)
	}
	if spread(night) < 2 {
		t.Fatal("the closed screen should show the clock, it is blank")
	}
	waitFor(t, 45*time.Second, "the display switched off (and DPMS refused on Xvfb)", func() bool {
		return k.logged("cannot switch the display by DPMS")
	})
	k.stop(t)
}

// darkShare is the share of pixels darker than a quarter of full brightness.
func darkShare(img image.Image) float64 {
	b := img.Bounds()
	dark, n := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y += 4 {
		for x := b.Min.X; x < b.Max.X; x += 4 {
			r, g, bl, _ := img.At(x, y).RGBA()
			if (r+g+bl)/3 < 0x4000 {
				dark++
			}
			n++
		}
	}
	return float64(dark) / float64(n)
}

// Under systemd (here a socket standing in for it): the real kiosk says
// when it is ready, pings the watchdog while its UI thread ticks, and
// says it is stopping on SIGTERM.
func TestE2ESystemdNotify(t *testing.T) {
	d := startXvfb(t, 1920, 1080)
	sock := filepath.Join(t.TempDir(), "notify")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sock, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	got := make(chan string, 100)
	go func() {
		buf := make([]byte, 256)
		for {
			n, err := conn.Read(buf)
			if err != nil {
				return
			}
			got <- string(buf[:n])
		}
	}()
	k := startKiosk(t, d, "screen:\n  idle_after: 1h\n", "NOTIFY_SOCKET="+sock, "WATCHDOG_USEC=2000000")
	want := []string{"READY=1", "WATCHDOG=1", "WATCHDOG=1"}
	deadline := time.After(15 * time.Second)
	for len(want) > 0 {
		select {
		case m := <-got:
			if m == want[0] {
				want = want[1:]
			}
		case <-deadline:
			t.Fatalf("still waiting for %v from the kiosk", want)
		}
	}
	k.stop(t)
	for {
		select {
		case m := <-got:
			if m == "STOPPING=1" {
				return
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no STOPPING=1 on SIGTERM")
		}
	}
}
