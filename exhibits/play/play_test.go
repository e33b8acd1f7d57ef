package play

import (
	"fmt"
	"math"
	"testing"
	"time"
)

func TestTaps(t *testing.T) {
	p := func(x, y float64) Point { return Point{x, y} }
	tests := []struct {
		name   string
		events []Event
		want   []bool // tap reported after each event
	}{
		{"press and release in place", []Event{{Press, 1, p(100, 100)}, {Release, 1, p(100, 100)}}, []bool{false, true}},
		{"a small wobble is still a tap", []Event{{Press, 1, p(100, 100)}, {Move, 1, p(110, 115)}, {Release, 1, p(120, 100)}}, []bool{false, false, true}},
		{"released too far away", []Event{{Press, 1, p(100, 100)}, {Release, 1, p(200, 100)}}, []bool{false, false}},
		{"strayed and came back", []Event{{Press, 1, p(100, 100)}, {Move, 1, p(300, 100)}, {Release, 1, p(100, 100)}}, []bool{false, false, false}},
		{"cancelled", []Event{{Press, 1, p(100, 100)}, {Cancel, 1, p(100, 100)}, {Release, 1, p(100, 100)}}, []bool{false, false, false}},
		{"release without press", []Event{{Release, 3, p(100, 100)}}, []bool{false}},
		{"two fingers tap independently", []Event{
			{Press, 1, p(100, 100)}, {Press, 2, p(500, 500)}, {Move, 2, p(900, 500)},
			{Release, 1, p(101, 101)}, {Release, 2, p(900, 500)},
		}, []bool{false, false, false, true, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var taps Taps
			for i, e := range tt.events {
				at, tap := taps.Observe(e)
				if tap != tt.want[i] {
					t.Fatalf("event %d (%v): tap = %v, want %v", i, e.Kind, tap, tt.want[i])
				}
				if tap && at.Dist(e.At) > DefaultTapSlop {
					t.Fatalf("tap reported at %v, far from %v", at, e.At)
				}
			}
		})
	}
}

func TestSessionEnds(t *testing.T) {
	t0 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	touch := Input{Events: []Event{{Kind: Press, ID: 1}}}
	type step struct {
		at     time.Duration // since t0
		input  bool
		exit   bool
		finish bool
		want   Outcome
	}
	tests := []struct {
		name   string
		timing Timing
		steps  []step
	}{
		{"idle just before the default timeout", Timing{}, []step{{at: 0, want: Running}, {at: 89 * time.Second, want: Running}}},
		{"idle at the default timeout", Timing{}, []step{{at: 0, want: Running}, {at: 90 * time.Second, want: TimedOut}}},
		{"input postpones the timeout", Timing{}, []step{
			{at: 0, want: Running}, {at: 60 * time.Second, input: true, want: Running},
			{at: 149 * time.Second, want: Running}, {at: 150 * time.Second, want: TimedOut},
		}},
		{"the clock starts at the first tick", Timing{IdleAfter: time.Minute}, []step{{at: time.Hour, want: Running}, {at: time.Hour + 59*time.Second, want: Running}, {at: time.Hour + time.Minute, want: TimedOut}}},
		{"exit", Timing{}, []step{{at: 0, want: Running}, {at: time.Second, exit: true, want: Exited}, {at: time.Hour, input: true, want: Exited}}},
		{"the end screen holds then completes", Timing{}, []step{
			{at: 0, want: Running}, {at: 10 * time.Second, finish: true, want: Running},
			{at: 29 * time.Second, want: Running}, {at: 30 * time.Second, want: Completed},
		}},
		{"a long end screen is not cut short by idleness", Timing{IdleAfter: 10 * time.Second, EndHold: 30 * time.Second}, []step{
			{at: 0, finish: true, want: Running}, {at: 20 * time.Second, want: Running}, {at: 30 * time.Second, want: Completed},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSession(tt.timing)
			for i, st := range tt.steps {
				now := t0.Add(st.at)
				if st.exit {
					s.Exit()
				}
				if st.finish {
					s.Finish(now)
				}
				in := Input{}
				if st.input {
					in = touch
				}
				s.Tick(now, in)
				if got := s.Outcome(); got != st.want {
					t.Fatalf("step %d at %v: outcome %v, want %v", i, st.at, got, st.want)
				}
				if s.Done() != (st.want != Running) {
					t.Fatalf("step %d: Done() = %v with outcome %v", i, s.Done(), st.want)
				}
			}
		})
	}
}

func TestAnimProgress(t *testing.T) {
	t0 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	a := StartAnim(t0, 600*time.Millisecond)
	for _, tt := range []struct {
		after time.Duration
		want  float64
	}{{-time.Second, 0}, {0, 0}, {300 * time.Millisecond, 0.5}, {600 * time.Millisecond, 1}, {time.Hour, 1}} {
		if got := a.Progress(t0.Add(tt.after)); got != tt.want {
			t.Errorf("progress after %v = %v, want %v", tt.after, got, tt.want)
		}
	}
	if (Anim{}).Progress(t0) != 1 || (Anim{}).Running(t0) {
		t.Error("an animation that never started should rest at 1")
	}
}

func TestFrameFitsEveryCanvas(t *testing.T) {
	for _, c := range []Size{Landscape, Portrait, {W: 1280, H: 720}, {W: 1280, H: 800}, {W: 800, H: 1280}} {
		f := NewFrame(c)
		screen := Rect{0, 0, c.W, c.H}
		for name, r := range map[string]Rect{"title": f.Title, "exit": f.Exit, "body": f.Body} {
			if r.Empty() || !r.Inside(screen) {
				t.Errorf("%v: %s %v is empty or off screen", c, name, r)
			}
		}
		if f.Exit.Overlaps(f.Title) || f.Exit.Overlaps(f.Body) || f.Title.Overlaps(f.Body) {
			t.Errorf("%v: the frame's parts overlap", c)
		}
	}
}

func TestRectFitKeepsAspect(t *testing.T) {
	r, k := Rect{0, 0, 1000, 500}.Fit(Size{W: 400, H: 300})
	if k != 500.0/300 || r.H != 500 || r.X != (1000-r.W)/2 {
		t.Fatalf("Fit = %v, %v", r, k)
	}
}

func TestSqueeze(t *testing.T) {
	tests := []struct {
		name        string
		avail       float64
		want, least []float64
		out         []float64
	}{
		{"room for all", 300, []float64{100, 100}, []float64{50, 80}, []float64{100, 100}},
		{"each gives the same share of its spare", 165, []float64{100, 100}, []float64{50, 80}, []float64{75, 90}},
		{"half the spare", 160, []float64{100, 100}, []float64{40, 80}, []float64{70, 90}},
		{"below the minimums", 10, []float64{100, 100}, []float64{50, 80}, []float64{50, 80}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Squeeze(tt.avail, tt.want, tt.least)
			for i := range got {
				if math.Abs(got[i]-tt.out[i]) > 1e-9 {
					t.Fatalf("Squeeze(%v, %v, %v) = %v, want %v", tt.avail, tt.want, tt.least, got, tt.out)
				}
			}
		})
	}
}

func TestScale(t *testing.T) {
	tests := []struct {
		size    Size
		unit    float64
		compact bool
	}{
		{Landscape, 1, false},
		{Size{W: 1280, H: 720}, 1, true},
		{Size{W: 1280, H: 720, Scale: 1}, 1, true},
		{Size{W: 3840, H: 2160, Scale: 2}, 2, false},
		{Size{W: 3840, H: 2160, Scale: 1}, 1, false},
		{Size{W: 1920, H: 1080, Scale: 2}, 2, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.size), func(t *testing.T) {
			if u := tt.size.Unit(); u != tt.unit {
				t.Errorf("Unit = %v, want %v", u, tt.unit)
			}
			if c := tt.size.Compact(); c != tt.compact {
				t.Errorf("Compact = %v, want %v", c, tt.compact)
			}
		})
	}
}
