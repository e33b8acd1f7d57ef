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
	body := f.Body
	l.progress, body = body.Top(56 * u)
	_, body = body.Top(gap / 2)
	if f.Canvas.IsPortrait() {
		// One choice per row: on an upright screen a full-width row is
		// the easiest target for a short visitor's finger.
		l.question, body = body.Top(300 * u)
		_, body = body.Top(gap)
		var choices, bottom play.Rect
		choices, body = body.Top(min(float64(n), 6) * 136 * u)
		l.choices = choices.Grid(n, 1, gap)
		_, bottom = body.Top(gap)
		l.feedback, bottom = bottom.Top(80 * u)
		bottom, next := bottom.Bottom(play.ButtonTallU * u)
		l.explain, _ = bottom.Bottom(gap)
		l.next = play.Rect{X: next.X + (next.W-420*u)/2, Y: next.Y, W: 420 * u, H: next.H}
		return l
	}
	l.question, body = body.Top(170 * u)
	_, body = body.Top(gap)
	body, bottom := body.Bottom(220 * u)
	choices, _ := body.Bottom(gap)
	rows := (n + 1) / 2
	l.choices = choices.Grid(rows, 2, gap)[:n]
	text, next := bottom.Right(360 * u)
	text, _ = text.Right(gap)
	l.feedback, l.explain = text.Top(72 * u)
	_, l.next = next.Bottom(play.ButtonTallU * u)
	return l
}
