package inbox

import "time"

// Settle decides when a package in the inbox has stopped changing. It is
// pure: events and time come in as arguments, so tests drive it without
// files or clocks. A candidate is a top-level entry of an inbox folder (a
// package folder or a .zip); every change anywhere inside it restarts its
// quiet period.
type Settle struct {
	// Quiet is how long a candidate must go without a change before it is
	// looked at.
	Quiet time.Duration
	// QuietFor, if set, gives a candidate its own quiet period (package
	// folders wait longer than zips).
	QuietFor func(candidate string) time.Duration
	last     map[string]time.Time
}

func (s *Settle) quiet(c string) time.Duration {
	if s.QuietFor != nil {
		return s.QuietFor(c)
	}
	return s.Quiet
}

// NewSettle returns a Settle that waits quiet after the last change.
func NewSettle(quiet time.Duration) *Settle {
	return &Settle{Quiet: quiet, last: map[string]time.Time{}}
}

// Touch records a change to candidate at t. Only a newer change moves the
// quiet period: seeing an older one again (a rescan that finds what an
// event already reported) changes nothing.
func (s *Settle) Touch(candidate string, t time.Time) {
	if last, ok := s.last[candidate]; !ok || t.After(last) {
		s.last[candidate] = t
	}
}

// Forget drops a candidate (it was taken, or it disappeared).
func (s *Settle) Forget(candidate string) {
	delete(s.last, candidate)
}

// Due returns the candidates that have been quiet long enough and forgets
// them; the caller decides what to do next.
func (s *Settle) Due(now time.Time) []string {
	var due []string
	for c, t := range s.last {
		if now.Sub(t) >= s.quiet(c) {
			due = append(due, c)
			delete(s.last, c)
		}
	}
	return due
}

// Next returns when the next candidate becomes due, if any is waiting.
func (s *Settle) Next() (time.Time, bool) {
	var next time.Time
	for c, t := range s.last {
		if d := t.Add(s.quiet(c)); next.IsZero() || d.Before(next) {
			next = d
		}
	}
	return next, !next.IsZero()
}

// Pending reports how many candidates are waiting.
func (s *Settle) Pending() int { return len(s.last) }
