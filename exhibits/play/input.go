package play

// Kind says what happened to a pointer.
type Kind int

const (
	// Press: a finger touched down or the mouse button went down.
	Press Kind = iota + 1
	// Move: a pointer that is down moved.
	Move
	// Release: the pointer lifted where it was last reported.
	Release
	// Cancel: the pointer is gone without a deliberate release (the window
	// lost focus, the touch was taken by the system). Nothing is dropped or
	// tapped: a drag is abandoned where it stands.
	Cancel
)

func (k Kind) String() string {
	switch k {
	case Press:
		return "press"
	case Move:
		return "move"
	case Release:
		return "release"
	case Cancel:
		return "cancel"
	}
	return "unknown"
}

// Mouse is the pointer id to give the mouse. Touch ids from the platform
// are used as they come; they only need to differ among pointers down at
// the same time, and touch ids are never negative.
const Mouse = -1

// Event is one thing a pointer did, in canvas coordinates.
type Event struct {
	Kind Kind
	ID   int // which pointer: a touch id, or Mouse
	At   Point
}

// Input is what happened since the previous tick, oldest first. Several
// pointers may be down at once: two visitors, or one with two fingers.
type Input struct {
	Events []Event
}

// Active reports whether the visitor did anything this tick; any event
// counts, so a slow drag keeps an exhibit awake.
func (in Input) Active() bool { return len(in.Events) > 0 }

// DefaultTapSlop is how far, in canvas units, a finger may wander between
// press and release and still count as a tap: fingers wobble, and a
// 1080-unit canvas on a hall screen makes 30 units a few millimetres.
const DefaultTapSlop = 30

// Taps recognises taps: a press and a release of the same pointer that
// stayed within Slop of where it went down the whole time. A finger that
// strays and comes back is a drag, not a tap, so sliding across a button
// never presses it.
type Taps struct {
	Slop float64 // zero: DefaultTapSlop
	down map[int]tapTrack
}

type tapTrack struct {
	start   Point
	strayed bool
}

// Observe follows e and reports whether it completes a tap, and where the
// pointer went down (the point to hit-test, so a button is pressed by where
// the finger landed).
func (t *Taps) Observe(e Event) (at Point, tap bool) {
	if t.down == nil {
		t.down = map[int]tapTrack{}
	}
	slop := t.Slop
	if slop <= 0 {
		slop = DefaultTapSlop
	}
	switch e.Kind {
	case Press:
		t.down[e.ID] = tapTrack{start: e.At}
	case Move:
		if tr, ok := t.down[e.ID]; ok && e.At.Dist(tr.start) > slop {
			tr.strayed = true
			t.down[e.ID] = tr
		}
	case Release:
		tr, ok := t.down[e.ID]
		delete(t.down, e.ID)
		if ok && !tr.strayed && e.At.Dist(tr.start) <= slop {
			return tr.start, true
		}
	case Cancel:
		delete(t.down, e.ID)
	}
	return Point{}, false
}
