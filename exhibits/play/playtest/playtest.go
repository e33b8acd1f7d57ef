// Package playtest drives an exhibit's rules in tests the way the Ebiten
// program will: a fake clock advanced one tick at a time, and pointer
// events built from points. Only tests import it.
package playtest

import (
	"fmt"
	"testing"
	"time"

	"qingfeng/exhibits/play"
)

// Tick is the time between two Updates: Ebiten's default 60 ticks a second,
// rounded.
const Tick = 16 * time.Millisecond

// Start is the fake clock's first reading; any fixed moment will do.
var Start = time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)

// Exhibit is what every exhibit's rules offer the program.
type Exhibit interface {
	Update(now time.Time, in play.Input)
	Done() bool
	Outcome() play.Outcome
}

// Driver feeds an exhibit ticks and events on a fake clock.
type Driver struct {
	tb  testing.TB
	x   Exhibit
	Now time.Time
}

// New starts driving x: its first Update happens at Start, with no input.
func New(tb testing.TB, x Exhibit) *Driver {
	tb.Helper()
	d := &Driver{tb: tb, x: x, Now: Start}
	x.Update(d.Now, play.Input{})
	return d
}

// Send delivers events in the next tick.
func (d *Driver) Send(events ...play.Event) {
	d.tb.Helper()
	d.Now = d.Now.Add(Tick)
	d.x.Update(d.Now, play.Input{Events: events})
}

// Wait lets dt pass with no input, tick by tick up to the last whole tick
// and then exactly to dt, so timeouts are checked where a program would.
func (d *Driver) Wait(dt time.Duration) {
	d.tb.Helper()
	end := d.Now.Add(dt)
	for d.Now.Add(Tick).Before(end) {
		d.Now = d.Now.Add(Tick)
		d.x.Update(d.Now, play.Input{})
	}
	d.Now = end
	d.x.Update(d.Now, play.Input{})
}

// Tap presses and releases the mouse at p in one tick, as a quick finger
// does.
func (d *Driver) Tap(p play.Point) {
	d.tb.Helper()
	d.Send(Press(play.Mouse, p), Release(play.Mouse, p))
}

// Drag presses pointer id at from, moves it to to over a few ticks, and
// releases it there.
func (d *Driver) Drag(id int, from, to play.Point) {
	d.tb.Helper()
	d.Send(Press(id, from))
	const steps = 4
	for i := 1; i <= steps; i++ {
		f := float64(i) / steps
		d.Send(Move(id, play.Point{X: from.X + (to.X-from.X)*f, Y: from.Y + (to.Y-from.Y)*f}))
	}
	d.Send(Release(id, to))
}

// Press, Move, Release and Cancel build one event.
func Press(id int, at play.Point) play.Event   { return play.Event{Kind: play.Press, ID: id, At: at} }
func Move(id int, at play.Point) play.Event    { return play.Event{Kind: play.Move, ID: id, At: at} }
func Release(id int, at play.Point) play.Event { return play.Event{Kind: play.Release, ID: id, At: at} }
func Cancel(id int, at play.Point) play.Event  { return play.Event{Kind: play.Cancel, ID: id, At: at} }

// Maker builds a fresh exhibit on canvas with timing, for the shared tests.
type Maker func(tb testing.TB, canvas play.Size, timing play.Timing) Exhibit

// RunSessionTests checks what every exhibit must do alike: close after the
// idle timeout and not before, count any input as activity, and close at
// once when 返回 is tapped (and then ignore everything).
func RunSessionTests(t *testing.T, mk Maker) {
	t.Helper()
	const idle = 30 * time.Second
	for _, canvas := range []play.Size{play.Landscape, play.Portrait} {
		f := play.NewFrame(canvas)
		harmless := f.Title.Center() // the title bar does nothing when touched
		tests := []struct {
			name   string
			run    func(d *Driver)
			want   play.Outcome
			timing play.Timing
		}{
			{"running just before the idle timeout", func(d *Driver) { d.Wait(idle - time.Millisecond) }, play.Running, play.Timing{IdleAfter: idle}},
			{"timed out at the idle timeout", func(d *Driver) { d.Wait(idle) }, play.TimedOut, play.Timing{IdleAfter: idle}},
			{"a touch restarts the idle clock", func(d *Driver) {
				d.Wait(idle / 2)
				d.Tap(harmless)
				d.Wait(idle - time.Millisecond)
			}, play.Running, play.Timing{IdleAfter: idle}},
			{"timed out a full timeout after the last touch", func(d *Driver) {
				d.Wait(idle / 2)
				d.Tap(harmless)
				d.Wait(idle)
			}, play.TimedOut, play.Timing{IdleAfter: idle}},
			{"the default timeout is 90 s", func(d *Driver) { d.Wait(89 * time.Second) }, play.Running, play.Timing{}},
			{"the default timeout ends it at 90 s", func(d *Driver) { d.Wait(90 * time.Second) }, play.TimedOut, play.Timing{}},
			{"exit button", func(d *Driver) { d.Wait(time.Second); d.Tap(f.Exit.Center()) }, play.Exited, play.Timing{IdleAfter: idle}},
			{"sliding off the exit button does not exit", func(d *Driver) {
				d.Drag(1, f.Exit.Center(), harmless)
			}, play.Running, play.Timing{IdleAfter: idle}},
			{"nothing changes after exit", func(d *Driver) {
				d.Tap(f.Exit.Center())
				d.Wait(idle * 2)
				d.Tap(harmless)
			}, play.Exited, play.Timing{IdleAfter: idle}},
		}
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%gx%g/%s", canvas.W, canvas.H, tt.name), func(t *testing.T) {
				d := New(t, mk(t, canvas, tt.timing))
				tt.run(d)
				if got := d.x.Outcome(); got != tt.want {
					t.Fatalf("outcome %v, want %v", got, tt.want)
				}
				if d.x.Done() != (tt.want != play.Running) {
					t.Fatalf("Done() = %v with outcome %v", d.x.Done(), tt.want)
				}
			})
		}
	}
}
