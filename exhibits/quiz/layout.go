package quiz

import "qingfeng/exhibits/play"

// layout is where each part of the quiz goes on the canvas. It depends on
// the number of choices of the question shown, so it is worked out afresh
// rather than kept.
type layout struct {
	exit     play.Rect
	progress play.Rect
	question play.Rect
	choices  []play.Rect
	feedback play.Rect
	explain  play.Rect
	next     play.Rect
	score    play.Rect
	message  play.Rect
}

func (x *Exhibit) layout() layout {
	f := x.frame
	u, gap := f.Unit, f.Gap
	l := layout{exit: f.Exit}

	// The score screen: the score large in the upper middle, the verdict
	// under it.
	_, mid := f.Body.Top(f.Body.H * 0.2)
	l.score, mid = mid.Top(200 * u)
	_, mid = mid.Top(gap)
	l.message, _ = mid.Top(200 * u)

	n := 0
	if x.phase != Scored {
		n = len(x.question().Choices)
	}
	// The parts' heights at the design size, and what each can do with on
	// a smaller canvas (play.Squeeze): a 720p panel keeps the design's
	// text and touch sizes, with less air.
	body := f.Body
	if f.Canvas.IsPortrait() {
		// One choice per row: on an upright screen a full-width row is
		// the easiest target for a short visitor's finger.
		fixed := gap/2 + gap + gap + gap + play.ButtonTallU*u
		avail := body.H - fixed
		want := []float64{56 * u, 300 * u, min(float64(n), 6) * 136 * u, 80 * u, 0}
		want[4] = max(avail-(want[0]+want[1]+want[2]+want[3]), 150*u)
		least := []float64{44 * u, 170 * u, float64(n)*96*u + float64(max(n-1, 0))*gap, 56 * u, 150 * u}
		h := play.Squeeze(avail, want, least)
		l.progress, body = body.Top(h[0])
		_, body = body.Top(gap / 2)
		l.question, body = body.Top(h[1])
		_, body = body.Top(gap)
		var choices, bottom play.Rect
		choices, body = body.Top(h[2])
		l.choices = choices.Grid(n, 1, gap)
		_, bottom = body.Top(gap)
		l.feedback, bottom = bottom.Top(h[3])
		bottom, next := bottom.Bottom(play.ButtonTallU * u)
		l.explain, _ = bottom.Bottom(gap)
		l.next = play.Rect{X: next.X + (next.W-420*u)/2, Y: next.Y, W: 420 * u, H: next.H}
		return l
	}
	cols := 2
	if f.Canvas.Compact() && n > 4 {
		// Three rows would not leave a finger's height on a short
		// screen: three columns instead.
		cols = 3
	}
	rows := (n + cols - 1) / cols
	fixed := gap/2 + gap + gap
	avail := body.H - fixed
	want := []float64{56 * u, 170 * u, 0, 220 * u}
	least := []float64{44 * u, 112 * u, float64(rows)*96*u + float64(max(rows-1, 0))*gap, 164 * u}
	want[2] = max(avail-(want[0]+want[1]+want[3]), least[2])
	h := play.Squeeze(avail, want, least)
	l.progress, body = body.Top(h[0])
	_, body = body.Top(gap / 2)
	l.question, body = body.Top(h[1])
	_, body = body.Top(gap)
	body, bottom := body.Bottom(h[3])
	choices, _ := body.Bottom(gap)
	l.choices = choices.Grid(rows, cols, gap)[:n]
	text, next := bottom.Right(360 * u)
	text, _ = text.Right(gap)
	fb := 72 * u
	if h[3] < 220*u {
		fb = 56 * u
	}
	l.feedback, l.explain = text.Top(fb)
	_, l.next = next.Bottom(play.ButtonTallU * u)
	return l
}
