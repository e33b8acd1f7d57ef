package play

import (
	"maps"
	"slices"
)

// Snapshot is the state of the pointers at one tick, as a graphics library
// reports it: the touches down now, which touches were lifted since the
// last tick, and the mouse. Libraries that poll (Ebiten) give positions
// only for pointers that are down, so a lifted finger's last position is
// remembered by the Tracker.
type Snapshot struct {
	Touches  map[int]Point // touch id → position, for every touch down now
	Released map[int]bool  // touches lifted since the last tick (not merely lost)
	// MouseDown: the left button is down now. MousePressed: it went down
	// since the last tick, even if it is already up again (a click shorter
	// than a tick).
	MouseDown, MousePressed bool
	Mouse                   Point
}

// Tracker turns snapshots into the events of an Input: a press for a
// pointer that appears, a move when it moves, a release where it was last
// seen when it is lifted, a cancel when it vanishes without being lifted.
// The mouse is pointer Mouse; touch ids are used as they come.
type Tracker struct {
	last map[int]Point // where each pointer down was last seen
}

// Next compares s with the snapshot before and returns what happened.
func (t *Tracker) Next(s Snapshot) Input {
	if t.last == nil {
		t.last = map[int]Point{}
	}
	var in Input
	add := func(k Kind, id int, at Point) {
		in.Events = append(in.Events, Event{Kind: k, ID: id, At: at})
	}
	// Touches, in id order (maps have none): lifted or lost first, so a
	// finger lifted and another put down in one tick never count as two.
	for _, id := range slices.Sorted(maps.Keys(t.last)) {
		if id == Mouse {
			continue
		}
		if _, down := s.Touches[id]; down {
			continue
		}
		at := t.last[id]
		delete(t.last, id)
		if s.Released[id] {
			add(Release, id, at)
		} else {
			add(Cancel, id, at)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(s.Touches)) {
		at := s.Touches[id]
		was, ok := t.last[id]
		t.last[id] = at
		switch {
		case !ok:
			add(Press, id, at)
		case was != at:
			add(Move, id, at)
		}
	}

	was, held := t.last[Mouse]
	switch {
	case s.MousePressed:
		if held {
			add(Release, Mouse, was)
		}
		add(Press, Mouse, s.Mouse)
		if s.MouseDown {
			t.last[Mouse] = s.Mouse
		} else {
			delete(t.last, Mouse)
			add(Release, Mouse, s.Mouse)
		}
	case held && !s.MouseDown:
		delete(t.last, Mouse)
		if s.Mouse != was {
			add(Move, Mouse, s.Mouse)
		}
		add(Release, Mouse, s.Mouse)
	case held && s.Mouse != was:
		t.last[Mouse] = s.Mouse
		add(Move, Mouse, s.Mouse)
	}
	return in
}
