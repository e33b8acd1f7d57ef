package play

import "time"

// Anim is a short feedback animation: it starts at a moment and runs for a
// fixed time. The rules keep it so the drawer gets a plain 0..1 number and
// needs no clock of its own.
type Anim struct {
	Start time.Time
	For   time.Duration
}

// StartAnim starts an animation of length d at now.
func StartAnim(now time.Time, d time.Duration) Anim { return Anim{Start: now, For: d} }

// Progress is 0 at the start, rising linearly to 1 at the end and staying
// there. An animation that never started is complete, so a drawer that
// eases on Progress draws the resting state.
func (a Anim) Progress(now time.Time) float64 {
	if a.Start.IsZero() || a.For <= 0 {
		return 1
	}
	p := float64(now.Sub(a.Start)) / float64(a.For)
	return min(max(p, 0), 1)
}

// Running reports whether the animation has started and not yet ended.
func (a Anim) Running(now time.Time) bool {
	return !a.Start.IsZero() && now.Before(a.Start.Add(a.For))
}

// Caption is a line of guidance that a passing message may replace for a
// while ("再想想" after a wrong move) before the standing hint returns.
type Caption struct {
	Hint  string
	said  string
	until time.Time
}

// Say shows s instead of the hint until d has passed.
func (c *Caption) Say(now time.Time, s string, d time.Duration) {
	c.said, c.until = s, now.Add(d)
}

// Text is what to show at now.
func (c *Caption) Text(now time.Time) string {
	if c.said != "" && now.Before(c.until) {
		return c.said
	}
	return c.Hint
}
