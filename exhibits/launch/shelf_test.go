package launch

import (
	"errors"
	"strings"
	"testing"
)

// fakeProgram is a program that is as far along as the test says.
type fakeProgram struct {
	id       string
	standing chan struct{}
	done     chan struct{}
	refuse   error // what Play answers
	played   string
	stopped  bool
}

func newFake(id string) *fakeProgram {
	return &fakeProgram{id: id, standing: make(chan struct{}), done: make(chan struct{})}
}

func (f *fakeProgram) Standing() <-chan struct{} { return f.standing }
func (f *fakeProgram) Done() <-chan struct{}     { return f.done }
func (f *fakeProgram) Stop()                     { f.stopped = true }
func (f *fakeProgram) Play(s Spec) error {
	if f.refuse != nil {
		return f.refuse
	}
	f.played = s.Name
	return nil
}

// shelfRig counts what the shelf starts; the next standby program is
// prepared by the test through before.
type shelfRig struct {
	shelf   Shelf[*fakeProgram]
	started []string // "standby N" or "start NAME"
	all     []*fakeProgram
	failing error // every start fails with it
	before  func(p *fakeProgram)
}

func newRig() *shelfRig {
	r := &shelfRig{}
	r.shelf.Standby = func() (*fakeProgram, error) {
		if r.failing != nil {
			return nil, r.failing
		}
		p := newFake("standby")
		if r.before != nil {
			r.before(p)
		}
		r.started = append(r.started, "standby")
		r.all = append(r.all, p)
		return p, nil
	}
	r.shelf.Start = func(s Spec) (*fakeProgram, error) {
		if r.failing != nil {
			return nil, r.failing
		}
		p := newFake("fresh")
		p.played = s.Name
		r.started = append(r.started, "start "+s.Name)
		r.all = append(r.all, p)
		return p, nil
	}
	return r
}

func TestShelf(t *testing.T) {
	spec := Spec{Name: "quiz/p/q", Kind: Quiz}
	standing := func(p *fakeProgram) { close(p.standing) }
	for _, tc := range []struct {
		name    string
		before  func(p *fakeProgram) // what each standby program is like
		steps   func(r *shelfRig) (*fakeProgram, error)
		started string // what the shelf started, in order
		from    string // which program plays: "standby", "fresh" or "" (none)
		stopped int    // how many programs were stopped
	}{
		{
			name:    "no standby: a fresh start",
			steps:   func(r *shelfRig) (*fakeProgram, error) { return r.shelf.Play(spec) },
			started: "start quiz/p/q", from: "fresh",
		},
		{
			name:   "the program standing by takes the spec",
			before: standing,
			steps: func(r *shelfRig) (*fakeProgram, error) {
				r.shelf.Prepare(true)
				return r.shelf.Play(spec)
			},
			started: "standby", from: "standby",
		},
		{
			name: "a program still coming up is waited for, not doubled",
			steps: func(r *shelfRig) (*fakeProgram, error) {
				r.shelf.Prepare(true)
				r.shelf.Prepare(true)
				return r.shelf.Play(spec)
			},
			started: "standby", from: "standby",
		},
		{
			name:   "one standing by is kept, not started again",
			before: standing,
			steps: func(r *shelfRig) (*fakeProgram, error) {
				r.shelf.Prepare(true)
				r.shelf.Prepare(true)
				return nil, nil
			},
			started: "standby",
		},
		{
			name:   "a standby that died is replaced",
			before: func(p *fakeProgram) { close(p.done) },
			steps: func(r *shelfRig) (*fakeProgram, error) {
				r.shelf.Prepare(true)
				r.shelf.Prepare(true)
				return nil, nil
			},
			started: "standby standby",
		},
		{
			name:   "a standby that died after standing is not used",
			before: func(p *fakeProgram) { close(p.standing); close(p.done) },
			steps: func(r *shelfRig) (*fakeProgram, error) {
				r.shelf.Prepare(true)
				return r.shelf.Play(spec)
			},
			started: "standby start quiz/p/q", from: "fresh",
		},
		{
			name:   "a standby refusing the spec is stopped and a fresh one starts",
			before: func(p *fakeProgram) { close(p.standing); p.refuse = ErrNotStandingBy },
			steps: func(r *shelfRig) (*fakeProgram, error) {
				r.shelf.Prepare(true)
				return r.shelf.Play(spec)
			},
			started: "standby start quiz/p/q", from: "fresh", stopped: 1,
		},
		{
			name:   "leaving the list stops the standby",
			before: standing,
			steps: func(r *shelfRig) (*fakeProgram, error) {
				r.shelf.Prepare(true)
				r.shelf.Prepare(false)
				r.shelf.Prepare(false)
				return r.shelf.Play(spec)
			},
			started: "standby start quiz/p/q", from: "fresh", stopped: 1,
		},
		{
			name:   "a standby is played once: the next exhibit needs another",
			before: standing,
			steps: func(r *shelfRig) (*fakeProgram, error) {
				r.shelf.Prepare(true)
				if _, err := r.shelf.Play(Spec{Name: "teas/p/t"}); err != nil {
					return nil, err
				}
				r.shelf.Prepare(true)
				return r.shelf.Play(spec)
			},
			started: "standby standby", from: "standby",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig()
			r.before = tc.before
			p, err := tc.steps(r)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(r.started, " "); got != tc.started {
				t.Errorf("started %q, want %q", got, tc.started)
			}
			from := ""
			if p != nil {
				from = p.id
				if p.played != spec.Name {
					t.Errorf("the program plays %q, want %q", p.played, spec.Name)
				}
			}
			if from != tc.from {
				t.Errorf("played by %q, want %q", from, tc.from)
			}
			stopped := 0
			for _, q := range r.all {
				if q.stopped {
					stopped++
				}
			}
			if stopped != tc.stopped {
				t.Errorf("%d programs stopped, want %d", stopped, tc.stopped)
			}
		})
	}
}

// A program that cannot be started is no standby, and says why on Play.
func TestShelfStartFails(t *testing.T) {
	r := newRig()
	r.failing = errors.New("no exhibits program")
	r.shelf.Prepare(true)
	if len(r.started) != 0 {
		t.Fatalf("started %q", r.started)
	}
	if _, err := r.shelf.Play(Spec{Name: "quiz/p/q"}); !errors.Is(err, r.failing) {
		t.Fatalf("Play: %v, want %v", err, r.failing)
	}
	r.failing = nil
	if p, err := r.shelf.Play(Spec{Name: "quiz/p/q"}); err != nil || p.id != "fresh" {
		t.Fatalf("Play after the program is back: %v, %v", p, err)
	}
}
