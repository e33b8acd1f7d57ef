package launch

import (
	"log/slog"
	"sync"
)

// Program is what Shelf needs of an exhibits program: *Process, or a fake
// in tests.
type Program interface {
	Standing() <-chan struct{}
	Done() <-chan struct{}
	Play(Spec) error
	Stop()
}

// Shelf keeps at most one program standing by (window made and warmed,
// out of sight) while the exhibits list is on screen, so that the exhibit
// a visitor taps is on screen in a fraction of the time a fresh start
// takes; Play hands the spec to it, or starts a program afresh.
//
// Its rules only decide: the programs come from Standby and Start.
type Shelf[P Program] struct {
	// Standby starts a program standing by (launch.Standby).
	Standby func() (P, error)
	// Start starts a program playing spec (launch.Start).
	Start func(spec Spec) (P, error)
	Log   *slog.Logger

	mu      sync.Mutex
	standby P
	has     bool
}

func (s *Shelf[P]) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

// Prepare starts a program standing by (on), unless one is up or coming,
// or lets it go (off). A program that cannot be started is logged: the
// exhibits then start afresh, more slowly.
func (s *Shelf[P]) Prepare(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !on {
		if s.has {
			s.standby.Stop()
			s.drop()
		}
		return
	}
	if s.has {
		select {
		case <-s.standby.Done():
		default:
			return // one is already up or coming
		}
	}
	p, err := s.Standby()
	if err != nil {
		s.log().Warn("no exhibit standing by", "err", err)
		return
	}
	s.standby, s.has = p, true
}

func (s *Shelf[P]) drop() {
	var none P
	s.standby, s.has = none, false
}

// take hands over the program standing by, if one is up or coming.
func (s *Shelf[P]) take() (P, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.standby, s.has
	s.drop()
	if !ok {
		return p, false
	}
	select {
	case <-p.Standing():
		select {
		case <-p.Done():
			return p, false
		default:
			return p, true
		}
	default:
		// Still coming up: a fresh start would not be quicker, and two
		// windows coming up at once would be slower.
		return p, true
	}
}

// Play shows spec: through the program standing by if there is one and it
// takes the spec, else (that one stopped) in a program started afresh.
func (s *Shelf[P]) Play(spec Spec) (P, error) {
	if p, ok := s.take(); ok {
		err := p.Play(spec)
		if err == nil {
			return p, nil
		}
		s.log().Warn("the exhibit standing by could not take it; starting afresh", "err", err)
		p.Stop()
	}
	return s.Start(spec)
}
