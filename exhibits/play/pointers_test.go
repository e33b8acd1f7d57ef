package play

import (
	"reflect"
	"testing"
)

func TestTrackerTouchAndMouse(t *testing.T) {
	p := func(x, y float64) Point { return Point{x, y} }
	touches := func(kv ...any) map[int]Point {
		m := map[int]Point{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(int)] = kv[i+1].(Point)
		}
		return m
	}
	tests := []struct {
		name  string
		snaps []Snapshot
		want  [][]Event // per snapshot
	}{
		{
			name: "a finger down, moved, lifted where it was last seen",
			snaps: []Snapshot{
				{Touches: touches(7, p(10, 10))},
				{Touches: touches(7, p(10, 10))},
				{Touches: touches(7, p(40, 10))},
				{Released: map[int]bool{7: true}},
			},
			want: [][]Event{
				{{Press, 7, p(10, 10)}},
				nil,
				{{Move, 7, p(40, 10)}},
				{{Release, 7, p(40, 10)}},
			},
		},
		{
			name: "a touch that vanishes without being lifted is cancelled",
			snaps: []Snapshot{
				{Touches: touches(1, p(5, 5))},
				{},
			},
			want: [][]Event{{{Press, 1, p(5, 5)}}, {{Cancel, 1, p(5, 5)}}},
		},
		{
			name: "two fingers: ends before starts, in id order",
			snaps: []Snapshot{
				{Touches: touches(3, p(1, 1), 2, p(2, 2))},
				{Touches: touches(3, p(1, 1), 4, p(9, 9)), Released: map[int]bool{2: true}},
			},
			want: [][]Event{
				{{Press, 2, p(2, 2)}, {Press, 3, p(1, 1)}},
				{{Release, 2, p(2, 2)}, {Press, 4, p(9, 9)}},
			},
		},
		{
			name: "a mouse drag",
			snaps: []Snapshot{
				{MousePressed: true, MouseDown: true, Mouse: p(100, 100)},
				{MouseDown: true, Mouse: p(150, 100)},
				{MouseDown: true, Mouse: p(150, 100)},
				{Mouse: p(160, 120)},
				{Mouse: p(300, 300)}, // hovering: nothing
			},
			want: [][]Event{
				{{Press, Mouse, p(100, 100)}},
				{{Move, Mouse, p(150, 100)}},
				nil,
				{{Move, Mouse, p(160, 120)}, {Release, Mouse, p(160, 120)}},
				nil,
			},
		},
		{
			name: "a click shorter than a tick is still a press and a release",
			snaps: []Snapshot{
				{MousePressed: true, Mouse: p(50, 60)},
			},
			want: [][]Event{{{Press, Mouse, p(50, 60)}, {Release, Mouse, p(50, 60)}}},
		},
		{
			name: "a press whose release was missed is released first",
			snaps: []Snapshot{
				{MousePressed: true, MouseDown: true, Mouse: p(1, 1)},
				{MousePressed: true, MouseDown: true, Mouse: p(5, 5)},
			},
			want: [][]Event{
				{{Press, Mouse, p(1, 1)}},
				{{Release, Mouse, p(1, 1)}, {Press, Mouse, p(5, 5)}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tr Tracker
			for i, s := range tt.snaps {
				got := tr.Next(s).Events
				if !reflect.DeepEqual(got, tt.want[i]) {
					t.Fatalf("snapshot %d: got %v, want %v", i, got, tt.want[i])
				}
			}
		})
	}
}

// A tap made of tracked events is a tap to the rules.
func TestTrackerFeedsTaps(t *testing.T) {
	var tr Tracker
	var taps Taps
	n := 0
	for _, s := range []Snapshot{
		{Touches: map[int]Point{0: {200, 200}}},
		{Touches: map[int]Point{0: {205, 203}}},
		{Released: map[int]bool{0: true}},
		{MousePressed: true, Mouse: Point{400, 400}},
	} {
		for _, e := range tr.Next(s).Events {
			if _, ok := taps.Observe(e); ok {
				n++
			}
		}
	}
	if n != 2 {
		t.Fatalf("%d taps, want 2 (a finger, a quick click)", n)
	}
}
