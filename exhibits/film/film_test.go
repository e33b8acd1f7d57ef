package film

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

const demoFilm = "../../assets/demo/视频/清风萧山.mp4"

func needMPV(tb testing.TB) {
	tb.Helper()
	if _, err := os.Stat("/usr/bin/mpv"); err != nil {
		tb.Fatalf("mpv is not installed: run build/deps.sh test (%v)", err)
	}
}

// The arguments shut every door: no config, no scripts, no network, no
// other file, our own subtitles and controls; and the file comes after
// "--" whatever its name.
func TestArgs(t *testing.T) {
	args := Options{X: 0, Y: 76, W: 1920, H: 820}.Args("/media/ab/-rf --help", "/tmp/s")
	for _, want := range []string{"--no-config", "--load-scripts=no", "--no-ytdl", "--no-osc", "--sid=no",
		"--demuxer-lavf-o=protocol_whitelist=file", "--access-references=no", "--hwdec=auto-safe",
		"--audio-fallback-to-null=yes", "--geometry=1920x820+0+76", "--no-input-default-bindings"} {
		if !slices.Contains(args, want) {
			t.Errorf("no %s in %v", want, args)
		}
	}
	if n := len(args); args[n-2] != "--" || args[n-1] != "/media/ab/-rf --help" {
		t.Errorf("file not after --: %v", args[n-2:])
	}
}

// The demo film plays to its end with no display and no sound card: its
// first frame is reported, its position moves, and it ends by itself.
func TestPlayDemoToTheEnd(t *testing.T) {
	needMPV(t)
	abs, _ := filepath.Abs(demoFilm)
	r, err := Play(abs, Options{W: 320, H: 180, Extra: []string{"--vo=null", "--ao=null"}})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-r.Ready():
	case <-time.After(20 * time.Second):
		t.Fatal("no first frame")
	}
	select {
	case <-r.Done():
	case <-time.After(30 * time.Second):
		r.Stop()
		t.Fatal("the film did not end")
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if at, length := r.Position(); length < 5*time.Second || at < 4*time.Second {
		t.Errorf("position %v of %v at the end", at, length)
	}
}

// Stop ends a playing film as the shell asked: no error.
func TestStop(t *testing.T) {
	needMPV(t)
	abs, _ := filepath.Abs(demoFilm)
	r, err := Play(abs, Options{Extra: []string{"--vo=null", "--ao=null", "--loop-file=inf"}})
	if err != nil {
		t.Fatal(err)
	}
	<-r.Ready()
	r.SetPaused(true)
	r.Seek(3 * time.Second)
	r.Stop()
	select {
	case <-r.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("still running after Stop")
	}
	if err := r.Err(); err != nil {
		t.Errorf("stopped: %v", err)
	}
}

// A file mpv cannot play ends the run with ErrCrashed or ErrNotReady,
// never hangs.
func TestBrokenFilm(t *testing.T) {
	needMPV(t)
	p := filepath.Join(t.TempDir(), "broken")
	if err := os.WriteFile(p, []byte(strings.Repeat("not a film ", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Play(p, Options{StartWithin: 10 * time.Second, Extra: []string{"--vo=null", "--ao=null"}})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-r.Done():
	case <-time.After(20 * time.Second):
		t.Fatal("a broken film hangs")
	}
	if err := r.Err(); !errors.Is(err, ErrCrashed) && !errors.Is(err, ErrNotReady) {
		t.Errorf("err %v", err)
	}
	if _, err := Play("relative.mp4", Options{}); err == nil {
		t.Error("a relative path was played")
	}
}

// Without a sound card (no /dev/snd here, no ALSA device) a film plays in
// silence to its end: the picture is what a visitor came for.
func TestPlayWithoutSoundCard(t *testing.T) {
	needMPV(t)
	if _, err := os.Stat("/dev/snd"); err == nil {
		t.Log("this machine has a sound device: the test shows only that a film plays")
	}
	abs, _ := filepath.Abs(demoFilm)
	r, err := Play(abs, Options{Extra: []string{"--vo=null"}}) // the audio output as the kiosk has it
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-r.Done():
	case <-time.After(40 * time.Second):
		r.Stop()
		t.Fatal("the film did not end")
	}
	if err := r.Err(); err != nil {
		t.Fatalf("no sound card failed the film: %v", err)
	}
	if at, _ := r.Position(); at < 9*time.Second {
		t.Errorf("ended at %v of a 10 s film", at)
	}
}
