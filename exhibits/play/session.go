package play

import "time"

// Default session timings. The idle timeout matches the shell's own, so a
// visitor who walks away from an exhibit is treated the same as one who
// walks away from the shell.
const (
	DefaultIdleAfter = 90 * time.Second
	DefaultEndHold   = 20 * time.Second
)

// Timing says when an exhibit ends by itself. Zero fields take the defaults.
type Timing struct {
	// IdleAfter: no input this long and the exhibit gives up, so the shell
	// can return to its attract loop.
	IdleAfter time.Duration
	// EndHold: how long the end screen (score, finished picture) stays
	// before the exhibit closes itself.
	EndHold time.Duration
}

func (t Timing) withDefaults() Timing {
	if t.IdleAfter <= 0 {
		t.IdleAfter = DefaultIdleAfter
	}
	if t.EndHold <= 0 {
		t.EndHold = DefaultEndHold
	}
	return t
}

// Outcome is how an exhibit ended, or that it has not.
type Outcome int

const (
	Running   Outcome = iota
	Exited            // the visitor tapped 返回
	TimedOut          // nobody touched the screen for IdleAfter
	Completed         // the visitor finished and the end screen was shown for EndHold
)

func (o Outcome) String() string {
	switch o {
	case Running:
		return "running"
	case Exited:
		return "exited"
	case TimedOut:
		return "timed out"
	case Completed:
		return "completed"
	}
	return "unknown"
}

// Session is the clock every exhibit runs on: when it started, when it was
// last touched, whether it has been finished, and how it ended. The zero
// value is not ready; use NewSession.
type Session struct {
	timing     Timing
	started    time.Time
	lastInput  time.Time
	finishedAt time.Time
	outcome    Outcome
}

// NewSession returns a session with t's timings (zero fields: defaults).
func NewSession(t Timing) Session {
	return Session{timing: t.withDefaults()}
}

// Timing returns the timings in force, defaults filled in.
func (s *Session) Timing() Timing { return s.timing }

// Tick is called once at the end of every Update: the first tick starts the
// session (the exhibit appears on screen then, not when it was built), any
// input postpones the idle timeout, and the end conditions are checked.
// Once the session has ended nothing changes it.
func (s *Session) Tick(now time.Time, in Input) {
	if s.outcome != Running {
		return
	}
	if s.started.IsZero() {
		s.started, s.lastInput = now, now
	}
	if in.Active() {
		s.lastInput = now
	}
	switch {
	case !s.finishedAt.IsZero():
		// A finished visitor reading the score is not idle; the end
		// screen alone decides when to close.
		if now.Sub(s.finishedAt) >= s.timing.EndHold {
			s.outcome = Completed
		}
	case now.Sub(s.lastInput) >= s.timing.IdleAfter:
		s.outcome = TimedOut
	}
}

// Exit ends the session at the visitor's request.
func (s *Session) Exit() {
	if s.outcome == Running {
		s.outcome = Exited
	}
}

// Finish records that the visitor reached the end; the end screen then
// shows for EndHold. Finishing twice keeps the first moment.
func (s *Session) Finish(now time.Time) {
	if s.finishedAt.IsZero() {
		s.finishedAt = now
	}
}

// Started is the time of the first tick (zero before it).
func (s *Session) Started() time.Time { return s.started }

// Finished reports whether the visitor reached the end, and when.
func (s *Session) Finished() (time.Time, bool) { return s.finishedAt, !s.finishedAt.IsZero() }

// Outcome is how the session ended, or Running.
func (s *Session) Outcome() Outcome { return s.outcome }

// Done reports whether the exhibit should close.
func (s *Session) Done() bool { return s.outcome != Running }
