package launch

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Defaults for Options.
const (
	DefaultStartWithin = 15 * time.Second
	DefaultHangAfter   = 6 * time.Second
	DefaultGrace       = 2 * time.Second
)

// Options say how to run the exhibits program and when to give up on it.
type Options struct {
	Binary string   // the qingfeng-exhibits executable
	Args   []string // more arguments, e.g. --windowed
	Env    []string // more environment, on top of the shell's own
	// StartWithin: no first frame this long after the start and the
	// program is killed (a window that never comes up).
	StartWithin time.Duration
	// HangAfter: no "alive" this long once it is up and the program is
	// killed (a game loop stuck in a frame).
	HangAfter time.Duration
	// Grace: how long a program asked to stop (SIGTERM) has before it is
	// killed outright.
	Grace time.Duration
	// Stderr receives the program's own log as it comes (nil: discarded;
	// the last lines are kept for a crash report either way).
	Stderr io.Writer
	Log    *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.StartWithin <= 0 {
		o.StartWithin = DefaultStartWithin
	}
	if o.HangAfter <= 0 {
		o.HangAfter = DefaultHangAfter
	}
	if o.Grace <= 0 {
		o.Grace = DefaultGrace
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return o
}

// Why an exhibit did not end by itself.
var (
	ErrNotReady = errors.New("exhibit showed no frame in time")
	ErrHung     = errors.New("exhibit stopped responding")
	ErrCrashed  = errors.New("exhibit crashed")
	ErrStopped  = errors.New("exhibit stopped by the shell")
)

// Result is how a run ended.
type Result struct {
	// Outcome is what the exhibit announced ("exited", "timed out",
	// "completed"), or "" if it ended without saying.
	Outcome string
	// Err is nil when the exhibit ended by itself, else one of ErrNotReady,
	// ErrHung, ErrCrashed (with the program's last words), ErrStopped.
	Err error
	// Ready is the time from the start to the first frame (0: never).
	Ready time.Duration
	Ran   time.Duration
}

// TimedOut reports whether the exhibit ended because nobody touched it:
// the visitor has gone, and the shell should not wait for them either.
func (r Result) TimedOut() bool { return r.Outcome == "timed out" }

// Process is a running exhibit, or one standing by for a spec.
type Process struct {
	opt   Options
	cmd   *exec.Cmd
	start time.Time
	tail  *tail
	stdin io.WriteCloser // standing by: where the spec goes

	mu   sync.Mutex
	name string // the spec's, once known

	ready    chan struct{}
	standing chan struct{}
	played   chan time.Time
	done     chan struct{}
	stopOnce sync.Once
	playOnce sync.Once
	stopReq  chan struct{}
	res      Result
}

// Start runs the exhibits program on spec and watches it. Whatever the
// program does, Done is closed eventually: when it ends, or when it has
// been killed for not starting, for hanging, or at Stop.
func Start(spec Spec, opt Options) (*Process, error) {
	if err := spec.Check(); err != nil {
		return nil, err
	}
	js, err := json.Marshal(spec)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSpec, err)
	}
	return start(spec.Name, []string{"--spec", "-"}, bytes.NewReader(js), opt)
}

// Standby runs the exhibits program with its window out of sight and warmed
// up, waiting for Play: started when a visitor opens the list of exhibits,
// it puts the one they tap on screen without the window's creation and the
// renderer's first frames (about half a second with Mesa's software
// renderer). It is watched like a started one: no "standby" in time, or no
// sign of life while waiting, and it is killed.
func Standby(opt Options) (*Process, error) {
	return start("standby", []string{"--standby"}, nil, opt)
}

func start(name string, args []string, stdin io.Reader, opt Options) (*Process, error) {
	opt = opt.withDefaults()
	cmd := exec.Command(opt.Binary, append(args, opt.Args...)...)
	cmd.Env = append(os.Environ(), opt.Env...)
	p := &Process{
		opt: opt, cmd: cmd, tail: &tail{max: 4096}, name: name,
		ready: make(chan struct{}), standing: make(chan struct{}), played: make(chan time.Time, 1),
		done: make(chan struct{}), stopReq: make(chan struct{}),
	}
	if stdin != nil {
		cmd.Stdin = stdin
	} else {
		w, err := cmd.StdinPipe()
		if err != nil {
			return nil, fmt.Errorf("exhibit %s: %w", name, err)
		}
		p.stdin = w
	}
	if opt.Stderr != nil {
		cmd.Stderr = io.MultiWriter(p.tail, opt.Stderr)
	} else {
		cmd.Stderr = p.tail
	}
	cmd.SysProcAttr = sysProcAttr()
	// After the program exits, its standard error is copied for at most
	// this long: a descendant that kept it open must not keep Wait, and so
	// Done, from returning.
	cmd.WaitDelay = opt.Grace
	// Standard output is a pipe of our own rather than StdoutPipe, so that
	// Wait can run from the start: the end of the program, not the end of
	// its output (which a descendant may hold open), ends the run.
	out, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("exhibit %s: %w", name, err)
	}
	cmd.Stdout = w
	p.start = time.Now()
	err = cmd.Start()
	w.Close() // the child has its copy
	if err != nil {
		out.Close()
		return nil, fmt.Errorf("exhibit %s: %w", name, err)
	}
	opt.Log.Info("exhibit started", "name", name, "pid", cmd.Process.Pid)
	lines := make(chan string)
	go func() {
		defer out.Close()
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-p.done:
				return
			}
		}
		close(lines)
	}()
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	go p.watch(lines, waited)
	return p, nil
}

// ErrNotStandingBy is returned by Play for a process that was not started
// by Standby, was given a spec already, or has ended.
var ErrNotStandingBy = errors.New("exhibit is not standing by")

// Play gives a process started by Standby its spec: it shows the exhibit
// and from then on is watched like one given to Start.
func (p *Process) Play(spec Spec) error {
	if err := spec.Check(); err != nil {
		return err
	}
	js, err := json.Marshal(spec)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrSpec, err)
	}
	err = ErrNotStandingBy
	p.playOnce.Do(func() {
		if p.stdin == nil {
			return
		}
		select {
		case <-p.done:
			return
		default:
		}
		err = nil
		p.mu.Lock()
		p.name = spec.Name
		p.mu.Unlock()
		p.played <- time.Now()
		// Written from a goroutine: the caller is the shell's UI thread,
		// and a pipe whose reader is slow would block it. A program that
		// cannot take its spec shows no frame and is killed for that.
		go func() {
			if _, err := p.stdin.Write(append(js, '\n')); err != nil {
				p.opt.Log.Warn("exhibit spec not delivered", "name", spec.Name, "err", err)
			}
			p.stdin.Close()
		}()
	})
	return err
}

// Name is the exhibit's name ("standby" until Play).
func (p *Process) Name() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.name
}

// Ready is closed when the exhibit has drawn its first frame.
func (p *Process) Ready() <-chan struct{} { return p.ready }

// Standing is closed when a process started by Standby is up and waiting.
func (p *Process) Standing() <-chan struct{} { return p.standing }

// Done is closed when the program has ended and Result is known.
func (p *Process) Done() <-chan struct{} { return p.done }

// Result is how the run ended; valid after Done is closed.
func (p *Process) Result() Result { <-p.done; return p.res }

// Pid is the program's process id.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// Stop asks the program to end (SIGTERM) and kills it after the grace
// time. It returns at once; wait on Done.
func (p *Process) Stop() { p.stopOnce.Do(func() { close(p.stopReq) }) }

// watch waits on the program and carries out what its Watcher decides:
// signals, the Ready and Standing announcements, the log.
func (p *Process) watch(lines <-chan string, waited <-chan error) {
	defer close(p.done)
	w := NewWatcher(p.opt, p.stdin != nil, p.start)
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	var (
		stopReq = p.stopReq
		grace   <-chan time.Time
	)
	do := func(d Decision) {
		switch d.Signal {
		case Terminate:
			_ = signalGroup(p.cmd.Process, syscall.SIGTERM)
			grace = time.After(p.opt.Grace)
		case Kill:
			_ = signalGroup(p.cmd.Process, syscall.SIGKILL)
		}
		if d.Ready {
			close(p.ready)
			p.opt.Log.Info("exhibit ready", "name", p.Name(), "after", time.Since(w.Started()).Round(time.Millisecond))
		}
		if d.Standing {
			close(p.standing)
			p.opt.Log.Info("exhibit standing by", "after", time.Since(w.Started()).Round(time.Millisecond))
		}
	}
	// The loop ends when the program has exited and its last lines are
	// read (or, if a descendant holds its output open, shortly after).
	var (
		exited  bool
		drained <-chan time.Time
	)
	for !exited || lines != nil {
		select {
		case line, ok := <-lines:
			if !ok {
				lines = nil
				continue
			}
			d := w.Line(time.Now(), line)
			if d.Other {
				p.opt.Log.Debug("exhibit said", "name", p.Name(), "line", line)
			}
			do(d)
		case werr := <-waited:
			exited, waited = true, nil
			do(w.Exited(werr))
			drained = time.After(200 * time.Millisecond)
		case <-drained:
			lines = nil // a descendant holds the output open: what it says is not the exhibit's
		case at := <-p.played:
			w.Played(at)
		case <-tick.C:
			do(w.Tick(time.Now()))
		case <-stopReq:
			stopReq = nil
			do(w.Stop())
		case <-grace:
			do(w.GraceOver())
		}
	}
	p.res = w.Result(time.Now(), p.tail.lastWords)
	if !w.Ready() {
		close(p.ready) // nobody waits for a frame that will never come
	}
	if !w.Standing() {
		close(p.standing)
	}
	switch {
	case errors.Is(p.res.Err, ErrStopped):
		// Asked for: not a failure (a standby let go, a visitor leaving).
		p.opt.Log.Info("exhibit stopped", "name", p.Name(), "ran", p.res.Ran.Round(time.Millisecond))
	case p.res.Err != nil:
		p.opt.Log.Error("exhibit failed", "name", p.Name(), "err", p.res.Err, "ran", p.res.Ran.Round(time.Millisecond))
	default:
		p.opt.Log.Info("exhibit ended", "name", p.Name(), "outcome", p.res.Outcome, "ran", p.res.Ran.Round(time.Millisecond))
	}
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, b...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(b), nil
}

// lastWords is what a crashing program said last: a Go panic's first line
// and the frames under it, or its final log lines, on one line for the log.
func (t *tail) lastWords() string {
	t.mu.Lock()
	s := string(t.buf)
	t.mu.Unlock()
	if i := strings.LastIndex(s, "panic: "); i >= 0 {
		s = s[i:]
	}
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > 6 {
		lines = lines[:6]
	}
	if len(lines) == 1 && lines[0] == "" {
		return "(no output)"
	}
	return strings.Join(lines, " | ")
}
