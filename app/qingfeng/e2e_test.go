//go:build e2e || integration

package main

// End-to-end: the real binary on the demo content under Xvfb, driven with
// xdotool like a finger, photographed with ImageMagick's import. Run by
// `make test` (go test -tags e2e); needs xvfb, xdotool and imagemagick,
// which build/deps.sh installs.

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"qingfeng/content"
	"qingfeng/content/store"
)

type display struct {
	t    testing.TB
	name string
	env  []string
	out  string
}

func startXvfb(t testing.TB, width, height int) *display {
	t.Helper()
	return startX(t, "Xvfb", "-screen", "0", fmt.Sprintf("%dx%dx24", width, height), "-nolisten", "tcp")
}

// startX runs the X server server with args, on a display it picks.
func startX(t testing.TB, server string, args ...string) *display {
	t.Helper()
	for _, tool := range []string{server, "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: run build/deps.sh test", tool)
		}
	}
	out := os.Getenv("QINGFENG_E2E_OUT")
	if out == "" {
		out = t.TempDir()
	}
	os.MkdirAll(out, 0o755)
	// The X server's own words, for when it is the display that failed.
	xlog := filepath.Join(out, strings.ReplaceAll(t.Name(), "/", "-")+"-"+strings.ToLower(server)+".log")
	xout, err := os.Create(xlog)
	if err != nil {
		t.Fatal(err)
	}
	// The server picks a free display itself and writes its number to fd 3: a
	// guessed number can collide with a stale lock of an earlier run.
	r, wpipe, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	x := exec.Command(server, append([]string{"-displayfd", "3"}, args...)...)
	x.ExtraFiles = []*os.File{wpipe}
	x.Stdout, x.Stderr = xout, xout
	if err := x.Start(); err != nil {
		t.Fatal(err)
	}
	wpipe.Close()
	exited := make(chan struct{})
	go func() {
		x.Wait()
		xout.Close()
		close(exited)
	}()
	t.Cleanup(func() {
		x.Process.Signal(syscall.SIGTERM) // lets the server remove its lock and socket
		<-exited
	})
	num := make(chan string, 1)
	go func() {
		buf := make([]byte, 16)
		n, _ := r.Read(buf)
		num <- strings.TrimSpace(string(buf[:n]))
	}()
	var name string
	select {
	case name = <-num:
	case <-time.After(15 * time.Second):
		t.Fatalf("%s did not start", server)
	}
	if name == "" {
		b, _ := os.ReadFile(xlog)
		t.Fatalf("%s did not report its display; its output:\n%s", server, b)
	}
	d := &display{t: t, name: ":" + name, out: out}
	d.env = append(os.Environ(), "DISPLAY="+d.name, "DBUS_SESSION_BUS_ADDRESS=disabled:", "LANG=zh_CN.UTF-8")
	// The display takes connections before a kiosk is pointed at it.
	deadline := time.Now().Add(10 * time.Second)
	for {
		probe := exec.Command("xdotool", "getdisplaygeometry")
		probe.Env = d.env
		if probe.Run() == nil {
			break
		}
		select {
		case <-exited:
			b, _ := os.ReadFile(xlog)
			t.Fatalf("%s on %s ended at start:\n%s", server, d.name, b)
		default:
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(xlog)
			t.Fatalf("%s on %s takes no connections; its log:\n%s", server, d.name, b)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return d
}

func waitFor(t testing.TB, limit time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (d *display) run(args ...string) string {
	d.t.Helper()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = d.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		d.t.Fatalf("%v: %v\n%s", args, err, out)
	}
	return string(out)
}

// tap is a finger: move there, press, release.
func (d *display) tap(x, y int) {
	d.run("xdotool", "mousemove", fmt.Sprint(x), fmt.Sprint(y), "click", "1")
	time.Sleep(1500 * time.Millisecond) // a software-GL frame or two
}

func (d *display) shot(name string) image.Image {
	d.t.Helper()
	p := filepath.Join(d.out, name+".png")
	d.run("import", "-window", "root", p)
	f, err := os.Open(p)
	if err != nil {
		d.t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		d.t.Fatal(err)
	}
	return img
}

// spread is the standard deviation of brightness: near 0 for a blank or
// single-colour screen.
func spread(img image.Image) float64 {
	var sum, sq, n float64
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 4 {
		for x := b.Min.X; x < b.Max.X; x += 4 {
			r, g, bl, _ := img.At(x, y).RGBA()
			v := float64(r+g+bl) / 3 / 257
			sum += v
			sq += v * v
			n++
		}
	}
	mean := sum / n
	return math.Sqrt(sq/n - mean*mean)
}

// changed is the fraction of sampled pixels that differ noticeably.
func changed(a, b image.Image) float64 {
	var diff, n float64
	bd := a.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y += 4 {
		for x := bd.Min.X; x < bd.Max.X; x += 4 {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if absDiff(r1, r2)+absDiff(g1, g2)+absDiff(b1, b2) > 3*20*257 {
				diff++
			}
			n++
		}
	}
	return diff / n
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// runningKiosk is the real shell on the demo content.
type runningKiosk struct {
	cmd    *exec.Cmd
	data   string
	log    string
	exited chan error
}

// startKiosk runs the shell with config (YAML) and extra environment on
// display d, and waits for its window and first frames.
func startKiosk(t testing.TB, d *display, config string, env ...string) *runningKiosk {
	t.Helper()
	return startKioskOn(t, d, t.TempDir(), config, env...)
}

// startKioskOn is startKiosk on a data folder prepared by the test.
func startKioskOn(t testing.TB, d *display, data, config string, env ...string) *runningKiosk {
	t.Helper()
	dir, err := binaries()
	if err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(data, "qingfeng.yaml")
	os.WriteFile(cfg, []byte(config), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, filepath.Join(dir, "qingfeng"), "run", "--config", cfg, "--data", data)
	cmd.Env = append(append([]string(nil), d.env...), env...)
	k := &runningKiosk{cmd: cmd, data: data, log: filepath.Join(d.out, t.Name()+"-kiosk.log"), exited: make(chan error, 1)}
	os.MkdirAll(filepath.Dir(k.log), 0o755)
	logf, err := os.Create(k.log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { logf.Close() })
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { k.exited <- cmd.Wait() }()
	waitFor(t, 60*time.Second, "the kiosk window", func() bool {
		select {
		case err := <-k.exited:
			t.Fatalf("the kiosk ended before its window came up (%v); the end of its log:\n%s", err, k.tail(40))
		default:
		}
		cmd := exec.Command("xdotool", "search", "--name", "清风")
		cmd.Env = d.env
		out, err := cmd.Output()
		return err == nil && strings.TrimSpace(string(out)) != ""
	})
	time.Sleep(3 * time.Second) // first frames under software GL
	return k
}

// logged reports whether the kiosk's log has a line containing all of words.
func (k *runningKiosk) logged(words ...string) bool {
	b, _ := os.ReadFile(k.log)
	for _, line := range strings.Split(string(b), "\n") {
		all := true
		for _, w := range words {
			all = all && strings.Contains(line, w)
		}
		if all {
			return true
		}
	}
	return false
}

// stop ends the kiosk as systemd would, and wants a clean exit.
func (k *runningKiosk) stop(t testing.TB) {
	t.Helper()
	k.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-k.exited:
		if err != nil {
			t.Fatalf("kiosk exit: %v", err)
		}
	case <-time.After(10 * time.Second):
		// SIGQUIT makes the Go runtime print every goroutine's stack into
		// the log: where the shutdown is stuck.
		k.cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-k.exited:
		case <-time.After(5 * time.Second):
		}
		t.Fatalf("kiosk did not stop on SIGTERM; the end of its log (%s):\n%s", k.log, k.tail(120))
	}
}

// tail is the last n lines of the kiosk's log.
func (k *runningKiosk) tail(n int) string {
	b, _ := os.ReadFile(k.log)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

func TestE2EHomeStoryBack(t *testing.T) {
	d := startXvfb(t, 1920, 1080)
	// A long slide time keeps the carousel still between screenshots.
	k := startKiosk(t, d, "screen:\n  slide: 1h\n  idle_after: 1h\n")
	data := k.data
	home := d.shot("1-home")
	if s := spread(home); s < 20 {
		t.Fatalf("home screen looks blank (spread %.1f)", s)
	}
	d.tap(960, 420) // the featured carousel: opens a story
	story := d.shot("2-story")
	if c := changed(home, story); c < 0.15 {
		t.Fatalf("tapping the carousel changed only %.0f%% of the screen", c*100)
	}
	d.tap(110, 60) // 返回, top left
	back := d.shot("3-back")
	if c := changed(story, back); c < 0.15 {
		t.Fatalf("back changed only %.0f%% of the screen", c*100)
	}
	if c := changed(home, back); c > 0.05 {
		t.Fatalf("back should show home again; %.0f%% differs", c*100)
	}

	// A resident's rating, through the real recorder and database: 我有话说
	// (fourth tile), 打个分, the 满意 face, 提交评价. Positions are those of
	// the goldens kiosk/testdata/opinions_landscape.png and rating_landscape.png.
	d.tap(1680, 960)
	d.tap(480, 500)
	rating := d.shot("4-rating")
	d.tap(320, 312)
	d.tap(832, 1040)
	thanks := d.shot("5-thanks")
	// Both screens are mostly paper: the thank-you screen changes ~8 %.
	if c := changed(rating, thanks); c < 0.03 {
		t.Fatalf("submitting a rating changed only %.1f%% of the screen", c*100)
	}

	k.stop(t)
	st, err := store.Open(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ops, err := st.Opinions(context.Background(), time.Time{})
	if err != nil || len(ops) != 1 || ops[0].Rating != content.RatingHappy {
		t.Fatalf("after the rating the database holds %+v (%v); want one 满意", ops, err)
	}
}
