// Package film is the shell's contract with the film player: Debian's mpv
// started as a child process on one file of an installed package, with
// every option that could read or open anything else turned off, placed
// over an area of the screen, steered and heard through its JSON IPC
// socket, and watched like an exhibit (a first frame in time, a crash
// said). It imports only the standard library.
package film

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Options say how to run mpv.
type Options struct {
	Binary string // "" is mpv on PATH
	// X, Y, W, H are where on the screen the film is drawn, in pixels.
	X, Y, W, H int
	// StartWithin: no first frame this long after the start and the
	// player is killed (default 15 s).
	StartWithin time.Duration
	// Grace: how long a player asked to quit has before it is killed
	// (default 2 s).
	Grace time.Duration
	// Extra are more mpv options, for tests and benchmarks (--vo=null).
	Extra []string
	Log   *slog.Logger
}

// Why a film did not end by itself.
var (
	ErrNotReady = errors.New("film: no first frame in time")
	ErrCrashed  = errors.New("film: the player failed")
	ErrStopped  = errors.New("film: stopped by the shell")
)

// Args are mpv's arguments for file: no config of the user, no scripts,
// no on-screen controller or key bindings (the shell draws the
// controls), no subtitles of its own (the shell draws those too, large),
// no other file looked for beside it, only the file protocol, hardware
// decoding where the board has a safe one, silence where there is no
// sound card.
func (o Options) Args(file, socket string) []string {
	args := []string{
		"--no-config", "--no-terminal", "--msg-level=all=error",
		"--input-ipc-server=" + socket,
		"--idle=no", "--keep-open=no", "--force-window=immediate",
		"--hwdec=auto-safe",
		"--no-osc", "--osd-level=0", "--no-input-default-bindings", "--no-input-vo-keyboard", "--no-input-cursor",
		"--cursor-autohide=always",
		"--load-scripts=no", "--no-ytdl", "--load-stats-overlay=no", "--load-osd-console=no", "--load-auto-profiles=no",
		"--sid=no", "--sub-auto=no", "--audio-file-auto=no", "--cover-art-auto=no",
		"--no-resume-playback", "--no-save-position-on-quit",
		// Only what libavformat finds in this one file: no playlist, no
		// chapters or streams pulled from other files, only file://.
		"--demuxer=lavf", "--demuxer-lavf-o=protocol_whitelist=file", "--access-references=no",
		"--no-ordered-chapters", "--no-load-unsafe-playlists",
		"--audio-fallback-to-null=yes", "--volume=80", "--volume-max=130",
		"--title=qingfeng-film", "--x11-name=qingfeng-film",
		"--no-border", "--ontop", "--no-keepaspect-window",
		fmt.Sprintf("--geometry=%dx%d+%d+%d", max(o.W, 1), max(o.H, 1), o.X, o.Y),
	}
	args = append(args, o.Extra...)
	// After "--" nothing is an option; an absolute path (Play demands
	// one) is never taken for a URL.
	return append(args, "--", file)
}

// Run is a film playing.
type Run struct {
	opt   Options
	cmd   *exec.Cmd
	dir   string
	start time.Time

	mu        sync.Mutex
	conn      net.Conn
	at        time.Duration
	length    time.Duration
	paused    bool
	drops     int // frames the video output dropped
	decDrops  int // frames the decoder dropped
	ready     chan struct{}
	done      chan struct{}
	readyOnce sync.Once
	stopOnce  sync.Once
	stopped   bool
	err       error
	readyIn   time.Duration
	stderr    *strings.Builder
}

// Play starts mpv on file.
func Play(file string, opt Options) (*Run, error) {
	if opt.Binary == "" {
		opt.Binary = "mpv"
	}
	if opt.StartWithin <= 0 {
		opt.StartWithin = 15 * time.Second
	}
	if opt.Grace <= 0 {
		opt.Grace = 2 * time.Second
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if !filepath.IsAbs(file) {
		return nil, fmt.Errorf("film: %q is not an absolute path", file)
	}
	if _, err := os.Stat(file); err != nil {
		return nil, fmt.Errorf("film: %w", err)
	}
	dir, err := os.MkdirTemp("", "qingfeng-film-")
	if err != nil {
		return nil, err
	}
	socket := filepath.Join(dir, "ipc")
	r := &Run{opt: opt, dir: dir, ready: make(chan struct{}), done: make(chan struct{}), stderr: &strings.Builder{}}
	r.cmd = exec.Command(opt.Binary, opt.Args(file, socket)...)
	// mpv's own home is the empty folder: nothing of the user's is read
	// even if --no-config were ignored by some build.
	r.cmd.Env = append(os.Environ(), "MPV_HOME="+dir, "XDG_CONFIG_HOME="+dir)
	r.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	r.cmd.Stderr = &limited{w: r.stderr, n: 4096}
	r.start = time.Now()
	if err := r.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("film: starting %s: %w", opt.Binary, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- r.cmd.Wait() }()
	go r.watch(socket, exited)
	return r, nil
}

// watch connects to the player's socket, reads its events, and ends the
// run when the player exits or misses its first frame.
func (r *Run) watch(socket string, exited chan error) {
	defer os.RemoveAll(r.dir)
	deadline := time.NewTimer(r.opt.StartWithin)
	defer deadline.Stop()
	conn := make(chan net.Conn, 1)
	go func() {
		for time.Since(r.start) < r.opt.StartWithin {
			if c, err := net.Dial("unix", socket); err == nil {
				conn <- c
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	var exitErr error
	exitedNow := false
	for !exitedNow {
		select {
		case c := <-conn:
			r.mu.Lock()
			r.conn = c
			r.mu.Unlock()
			for i, p := range []string{"time-pos", "duration", "pause", "frame-drop-count", "decoder-frame-drop-count"} {
				r.send(`{"command":["observe_property",%d,%q]}`, i+1, p)
			}
			go r.read(c)
		case <-deadline.C:
			select {
			case <-r.ready:
			default:
				r.fail(ErrNotReady)
				r.kill()
			}
		case exitErr = <-exited:
			exitedNow = true
		}
	}
	r.mu.Lock()
	if r.conn != nil {
		r.conn.Close()
	}
	switch {
	case r.err != nil:
	case r.stopped:
		r.err = nil // the shell asked: an end like any other
	case exitErr != nil:
		r.err = fmt.Errorf("%w: %v: %s", ErrCrashed, exitErr, strings.TrimSpace(r.stderr.String()))
	}
	r.mu.Unlock()
	if r.err != nil {
		r.opt.Log.Error("film: player ended", "err", r.err)
	}
	close(r.done)
}

// read takes the player's events: its first frame, where it is.
func (r *Run) read(c net.Conn) {
	sc := bufio.NewScanner(c)
	sc.Buffer(make([]byte, 4096), 64<<10)
	for sc.Scan() {
		var ev struct {
			Event string          `json:"event"`
			Name  string          `json:"name"`
			Data  json.RawMessage `json:"data"`
		}
		if json.Unmarshal(sc.Bytes(), &ev) != nil {
			continue
		}
		switch ev.Event {
		case "playback-restart":
			r.readyOnce.Do(func() {
				r.mu.Lock()
				r.readyIn = time.Since(r.start)
				r.mu.Unlock()
				close(r.ready)
			})
		case "property-change":
			var f float64
			var b bool
			r.mu.Lock()
			switch ev.Name {
			case "time-pos":
				if json.Unmarshal(ev.Data, &f) == nil {
					r.at = seconds(f)
				}
			case "duration":
				if json.Unmarshal(ev.Data, &f) == nil {
					r.length = seconds(f)
				}
			case "pause":
				if json.Unmarshal(ev.Data, &b) == nil {
					r.paused = b
				}
			case "frame-drop-count":
				if json.Unmarshal(ev.Data, &f) == nil {
					r.drops = int(f)
				}
			case "decoder-frame-drop-count":
				if json.Unmarshal(ev.Data, &f) == nil {
					r.decDrops = int(f)
				}
			}
			r.mu.Unlock()
		}
	}
}

func seconds(f float64) time.Duration {
	if f < 0 || f > 1e7 {
		return 0
	}
	return time.Duration(f * float64(time.Second))
}

// send writes one command to the player; lost if it is not connected.
func (r *Run) send(format string, args ...any) {
	r.mu.Lock()
	c := r.conn
	r.mu.Unlock()
	if c == nil {
		return
	}
	c.SetWriteDeadline(time.Now().Add(time.Second))
	fmt.Fprintf(c, format+"\n", args...)
}

func (r *Run) fail(err error) {
	r.mu.Lock()
	if r.err == nil {
		r.err = err
	}
	r.mu.Unlock()
}

func (r *Run) kill() {
	if err := syscall.Kill(-r.cmd.Process.Pid, syscall.SIGKILL); err != nil {
		r.cmd.Process.Kill()
	}
}

// Ready is closed at the film's first frame.
func (r *Run) Ready() <-chan struct{} { return r.ready }

// Done is closed when the player has exited.
func (r *Run) Done() <-chan struct{} { return r.done }

// Err is why the film did not end by itself (nil: it did, or the shell
// stopped it); valid once Done is closed.
func (r *Run) Err() error {
	<-r.done
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// Stop asks the player to quit, and kills it after the grace time.
func (r *Run) Stop() {
	r.stopOnce.Do(func() {
		r.mu.Lock()
		r.stopped = true
		r.mu.Unlock()
		r.send(`{"command":["quit"]}`)
		go func() {
			select {
			case <-r.done:
			case <-time.After(r.opt.Grace):
				r.kill()
			}
		}()
	})
}

// SetPaused pauses or resumes.
func (r *Run) SetPaused(p bool) { r.send(`{"command":["set_property","pause",%t]}`, p) }

// Seek goes to a time from the start.
func (r *Run) Seek(to time.Duration) {
	r.send(`{"command":["seek",%.3f,"absolute"]}`, max(to, 0).Seconds())
}

// Louder turns the sound up (down) by step tenths of the range.
func (r *Run) Louder(step int) { r.send(`{"command":["add","volume",%d]}`, 10*step) }

// Position is where the film is and how long it is.
func (r *Run) Position() (at, length time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.at, r.length
}

// Stats are a run's figures: how long its first frame took, frames the
// player dropped (video output and decoder).
type Stats struct {
	FirstFrame       time.Duration
	Dropped, Decoder int
}

// Stats reads the figures so far.
func (r *Run) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return Stats{FirstFrame: r.readyIn, Dropped: r.drops, Decoder: r.decDrops}
}

// limited keeps the first n bytes written to it.
type limited struct {
	w *strings.Builder
	n int
}

func (l *limited) Write(p []byte) (int, error) {
	if k := min(len(p), l.n); k > 0 {
		l.w.Write(p[:k])
		l.n -= k
	}
	return len(p), nil
}

var _ io.Writer = (*limited)(nil)
