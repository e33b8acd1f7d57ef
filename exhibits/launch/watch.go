package launch

import (
	"errors"
	"fmt"
	"os/exec"
	"time"
)

// Signal is what the watcher asks to be done to the program's process
// group.
type Signal int

const (
	NoSignal Signal = iota
	// Terminate: SIGTERM, asking it to close; call GraceOver after the
	// grace time.
	Terminate
	// Kill: SIGKILL.
	Kill
)

// Decision is what the watcher makes of one event.
type Decision struct {
	Signal Signal
	// Ready: the first frame has come, announce it (once).
	Ready bool
	// Standing: the program stands by, announce it (once).
	Standing bool
	// Other: the line is not one of the contract's; the caller may log it.
	Other bool
}

// Watcher is the state of one exhibits program as its watcher sees it:
// started, standing by, given its spec, ready, ended, asked to stop. It is
// pure: the lines the program writes, the ticks of a clock and its exit
// come in as calls with the time; what to do (a signal, an announcement)
// comes out. Process.watch does the waiting, the signalling and the
// logging.
type Watcher struct {
	opt     Options // with defaults
	standby bool    // started by Standby: it may stand by and be played
	start   time.Time
	// lastSign is the last line's time: silence for HangAfter after it
	// (while no line is awaited) is a hang.
	lastSign time.Time
	// due is when the next awaited line (standby, or ready after a start
	// or a Play) must have come; zero while none is awaited.
	due      time.Time
	ready    bool
	standing bool
	played   bool
	ended    bool // it said "end": it is closing
	exited   bool
	waitErr  error
	killErr  error // why it was signalled, first reason only
	res      Result
}

// NewWatcher watches a program started at start with opt (its defaults
// filled in); standby is set for one started by Standby.
func NewWatcher(opt Options, standby bool, start time.Time) *Watcher {
	opt = opt.withDefaults()
	return &Watcher{opt: opt, standby: standby, start: start, lastSign: start, due: start.Add(opt.StartWithin)}
}

// Started is when the run began: the start, or the Play of a program that
// stood by.
func (w *Watcher) Started() time.Time { return w.start }

// Ready reports whether the first frame has been announced.
func (w *Watcher) Ready() bool { return w.ready }

// Standing reports whether standing by has been announced.
func (w *Watcher) Standing() bool { return w.standing }

// Line is a line the program wrote at now.
func (w *Watcher) Line(now time.Time, line string) Decision {
	w.lastSign = now
	var d Decision
	switch word, arg := parseLine(line); word {
	case LineReady:
		if !w.ready {
			w.ready, w.due = true, time.Time{}
			w.res.Ready = now.Sub(w.start)
			d.Ready = true
		}
	case LineStandby:
		if !w.standing && w.standby {
			w.standing = true
			if !w.ready && !w.played {
				w.due = time.Time{}
			}
			d.Standing = true
		}
	case LineEnd:
		w.res.Outcome, w.ended = arg, true
	case LineAlive:
	default:
		d.Other = true
	}
	return d
}

// Played is the spec given at at to a program standing by: the time to
// its first frame is counted from here.
func (w *Watcher) Played(at time.Time) {
	w.played = true
	w.start, w.due, w.lastSign = at, at.Add(w.opt.StartWithin), at
}

// Tick is the clock at now: a program that showed no frame in time, or
// went silent, is killed.
func (w *Watcher) Tick(now time.Time) Decision {
	switch {
	case w.exited:
	case !w.due.IsZero() && now.After(w.due):
		return w.kill(ErrNotReady)
	case w.due.IsZero() && now.Sub(w.lastSign) > w.opt.HangAfter+closing(w.ended):
		return w.kill(ErrHung)
	}
	return Decision{}
}

// Stop is the shell asking the program to end.
func (w *Watcher) Stop() Decision { return w.kill(ErrStopped) }

// GraceOver is the grace time after a Terminate having passed.
func (w *Watcher) GraceOver() Decision {
	if w.exited {
		return Decision{}
	}
	return Decision{Signal: Kill}
}

// Exited is the program having ended, with what Wait said. Whatever it
// started goes with it.
func (w *Watcher) Exited(err error) Decision {
	w.exited, w.waitErr = true, err
	return Decision{Signal: Kill}
}

// kill records why the program is signalled; only the first reason counts
// and only the first time signals.
func (w *Watcher) kill(err error) Decision {
	if w.killErr != nil {
		return Decision{}
	}
	w.killErr = err
	if err == ErrStopped {
		return Decision{Signal: Terminate}
	}
	return Decision{Signal: Kill}
}

// Result is how the run ended, at now (after Exited). lastWords gives a
// crashing program's last words; it is called only for a crash.
func (w *Watcher) Result(now time.Time, lastWords func() string) Result {
	r := w.res
	r.Ran = now.Sub(w.start)
	switch {
	case w.killErr != nil:
		r.Err = w.killErr
	case errors.Is(w.waitErr, exec.ErrWaitDelay):
		// It exited cleanly; something it started kept its log open.
	case w.waitErr != nil:
		r.Err = fmt.Errorf("%w: %v: %s", ErrCrashed, w.waitErr, lastWords())
	}
	return r
}

// closing is the extra time a program that has said "end" gets to close
// its window and exit before it counts as hung.
func closing(ended bool) time.Duration {
	if ended {
		return 5 * time.Second
	}
	return 0
}
