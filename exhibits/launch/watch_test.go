package launch

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// The watcher's rules, driven by a fake clock: no process, no waiting.

var (
	t0       = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	watchOpt = Options{StartWithin: 15 * time.Second, HangAfter: 6 * time.Second, Grace: 2 * time.Second}
)

func at(d time.Duration) time.Time { return t0.Add(d) }

// step is one event for the watcher at a time after t0, and the signal it
// must answer with.
type step struct {
	at     time.Duration
	event  string // "line TEXT", "tick", "play", "stop", "grace", "exit", "crash"
	signal Signal
}

func run(tb testing.TB, w *Watcher, steps []step) {
	tb.Helper()
	for i, s := range steps {
		now := at(s.at)
		var d Decision
		switch kind, arg, _ := strings.Cut(s.event, " "); kind {
		case "line":
			d = w.Line(now, arg)
		case "tick":
			d = w.Tick(now)
		case "play":
			w.Played(now)
		case "stop":
			d = w.Stop()
		case "grace":
			d = w.GraceOver()
		case "exit":
			d = w.Exited(nil)
		case "crash":
			d = w.Exited(errors.New("exit status 2"))
		case "waitdelay":
			d = w.Exited(exec.ErrWaitDelay)
		default:
			tb.Fatalf("step %d: unknown event %q", i, s.event)
		}
		if d.Signal != s.signal {
			tb.Fatalf("step %d (%s at %v): signal %v, want %v", i, s.event, s.at, d.Signal, s.signal)
		}
	}
}

func TestWatcher(t *testing.T) {
	tests := []struct {
		name    string
		standby bool
		steps   []step
		outcome string
		err     error
		ready   time.Duration // from the (played) start; -1: never ready
		ran     time.Duration // at the last step
	}{
		{"plays and ends by itself", false, []step{
			{2 * time.Second, "line ready", NoSignal},
			{3 * time.Second, "line alive", NoSignal},
			{8 * time.Second, "tick", NoSignal},
			{9 * time.Second, "line end completed", NoSignal},
			{10 * time.Second, "exit", Kill},
		}, "completed", nil, 2 * time.Second, 10 * time.Second},
		{"no frame within StartWithin", false, []step{
			{15 * time.Second, "tick", NoSignal},
			{15*time.Second + 250*time.Millisecond, "tick", Kill},
			{16 * time.Second, "tick", NoSignal}, // killed once
			{16 * time.Second, "exit", Kill},
		}, "", ErrNotReady, -1, 16 * time.Second},
		{"alive lines keep a running game alive", false, []step{
			{time.Second, "line ready", NoSignal},
			{6 * time.Second, "line alive", NoSignal},
			{11 * time.Second, "line alive", NoSignal},
			{17 * time.Second, "tick", NoSignal},
			{17*time.Second + 250*time.Millisecond, "tick", Kill},
			{18 * time.Second, "exit", Kill},
		}, "", ErrHung, time.Second, 18 * time.Second},
		{"a program that said end has five seconds more to close", false, []step{
			{time.Second, "line ready", NoSignal},
			{2 * time.Second, "line end exited", NoSignal},
			{12 * time.Second, "tick", NoSignal},
			{13*time.Second + time.Millisecond, "tick", Kill},
			{14 * time.Second, "exit", Kill},
		}, "exited", ErrHung, time.Second, 14 * time.Second},
		{"stopped: asked first, killed after the grace", false, []step{
			{time.Second, "line ready", NoSignal},
			{3 * time.Second, "stop", Terminate},
			{3 * time.Second, "stop", NoSignal},
			{5 * time.Second, "grace", Kill},
			{5 * time.Second, "exit", Kill},
		}, "", ErrStopped, time.Second, 5 * time.Second},
		{"stopped and gone within the grace", false, []step{
			{time.Second, "line ready", NoSignal},
			{3 * time.Second, "stop", Terminate},
			{4 * time.Second, "exit", Kill},
			{5 * time.Second, "grace", NoSignal},
			{5 * time.Second, "tick", NoSignal},
		}, "", ErrStopped, time.Second, 5 * time.Second},
		{"a crash keeps its last words", false, []step{
			{time.Second, "line ready", NoSignal},
			{2 * time.Second, "crash", Kill},
		}, "", ErrCrashed, time.Second, 2 * time.Second},
		{"a descendant holding the log open is no failure", false, []step{
			{time.Second, "line ready", NoSignal},
			{2 * time.Second, "line end completed", NoSignal},
			{3 * time.Second, "waitdelay", Kill},
		}, "completed", nil, time.Second, 3 * time.Second},
		{"the first reason to kill is the one reported", false, []step{
			{16 * time.Second, "tick", Kill},
			{17 * time.Second, "stop", NoSignal},
			{17 * time.Second, "crash", Kill},
		}, "", ErrNotReady, -1, 17 * time.Second},
		{"a started program's standby line means nothing", false, []step{
			{time.Second, "line standby", NoSignal},
			{16 * time.Second, "tick", Kill},
		}, "", ErrNotReady, -1, 16 * time.Second},
		{"standing by waits for Play, alive", true, []step{
			{time.Second, "line standby", NoSignal},
			{6 * time.Second, "line alive", NoSignal},
			{60 * time.Second, "line alive", NoSignal}, // no start deadline while standing by
			{62 * time.Second, "play", NoSignal},
			{76 * time.Second, "tick", NoSignal},
			{77 * time.Second, "line ready", NoSignal},
			{78 * time.Second, "line end completed", NoSignal},
			{79 * time.Second, "exit", Kill},
		}, "completed", nil, 15 * time.Second, 17 * time.Second},
		{"played but no frame within StartWithin of the Play", true, []step{
			{time.Second, "line standby", NoSignal},
			{2 * time.Second, "line alive", NoSignal},
			{3 * time.Second, "play", NoSignal},
			{18 * time.Second, "tick", NoSignal},
			{18*time.Second + time.Millisecond, "tick", Kill},
			{19 * time.Second, "exit", Kill},
		}, "", ErrNotReady, -1, 16 * time.Second},
		{"silent while standing by is a hang", true, []step{
			{time.Second, "line standby", NoSignal},
			{7 * time.Second, "tick", NoSignal},
			{7*time.Second + time.Millisecond, "tick", Kill},
			{8 * time.Second, "exit", Kill},
		}, "", ErrHung, -1, 8 * time.Second},
		{"never stood by", true, []step{
			{15*time.Second + time.Millisecond, "tick", Kill},
			{16 * time.Second, "exit", Kill},
		}, "", ErrNotReady, -1, 16 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := NewWatcher(watchOpt, tt.standby, t0)
			run(t, w, tt.steps)
			last := at(tt.steps[len(tt.steps)-1].at)
			r := w.Result(last, func() string { return "panic: boom" })
			if r.Outcome != tt.outcome {
				t.Errorf("outcome %q, want %q", r.Outcome, tt.outcome)
			}
			if !errors.Is(r.Err, tt.err) || (tt.err == nil) != (r.Err == nil) {
				t.Errorf("err %v, want %v", r.Err, tt.err)
			}
			if errors.Is(r.Err, ErrCrashed) && !strings.Contains(r.Err.Error(), "panic: boom") {
				t.Errorf("a crash without its last words: %v", r.Err)
			}
			if tt.ready < 0 {
				if w.Ready() || r.Ready != 0 {
					t.Errorf("ready after %v, want never", r.Ready)
				}
			} else if !w.Ready() || r.Ready != tt.ready {
				t.Errorf("ready after %v (announced %v), want %v", r.Ready, w.Ready(), tt.ready)
			}
			if r.Ran != tt.ran {
				t.Errorf("ran %v, want %v", r.Ran, tt.ran)
			}
		})
	}
}

// Each announcement comes once, and only from the process it belongs to.
func TestWatcherAnnouncesOnce(t *testing.T) {
	w := NewWatcher(watchOpt, true, t0)
	if d := w.Line(at(time.Second), LineStandby); !d.Standing || d.Ready {
		t.Fatalf("standby line: %+v", d)
	}
	if d := w.Line(at(2*time.Second), LineStandby); d.Standing {
		t.Fatal("standing by announced twice")
	}
	w.Played(at(3 * time.Second))
	if d := w.Line(at(4*time.Second), LineReady); !d.Ready || d.Standing {
		t.Fatalf("ready line: %+v", d)
	}
	if d := w.Line(at(5*time.Second), LineReady); d.Ready {
		t.Fatal("ready announced twice")
	}
	if d := w.Line(at(5*time.Second), "something else"); !d.Other {
		t.Fatal("a line outside the contract is not marked for the log")
	}
	if d := w.Line(at(5*time.Second), LineAlive); d.Other || d.Ready || d.Standing || d.Signal != NoSignal {
		t.Fatalf("alive: %+v", d)
	}
}
