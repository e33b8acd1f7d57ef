package teas

import "qingfeng/exhibits/play"

// layout is where everything goes; it never changes during a run.
type layout struct {
	exit     play.Rect
	hint     play.Rect
	count    play.Rect
	footnote play.Rect
	finale   play.Rect
	homes    []play.Rect // cup i's place at rest, by pair
	cards    []play.Rect // by slot
	seats    []play.Rect // by slot: where a matched cup sits, the size of a cup
	sayings  []play.Rect // by slot: the saying's text box
	nameH    float64     // the strip at a cup's foot for the tea's name
}

// newLayout puts the cups in a row over a row of tall cards on a landscape
// screen, and in a column beside a column of wide cards on a portrait one,
// so a cup always travels across to the cards, never along them.
func newLayout(f play.Frame, n int) layout {
	u, gap := f.Unit, f.Gap
	l := layout{exit: f.Exit, nameH: 64 * u}
	body := f.Body
	top, body := body.Top(64 * u)
	l.hint, l.count = top.Right(300 * u)
	_, body = body.Top(gap)
	body, l.footnote = body.Bottom(48 * u)
	body, _ = body.Bottom(gap / 2)
	l.finale = play.Rect{X: body.X + body.W*0.1, Y: body.Y + body.H*0.3, W: body.W * 0.8, H: body.H * 0.4}

	if f.Canvas.IsPortrait() {
		cupCol, rest := body.Left(240 * u)
		_, cardCol := rest.Left(32 * u)
		l.homes = cupCol.Grid(n, 1, gap)
		l.cards = cardCol.Grid(n, 1, gap)
		for _, c := range l.cards {
			seat, text := c.Left(cupCol.W)
			l.seats = append(l.seats, seat)
			l.sayings = append(l.sayings, text.Inset(gap/2))
		}
		return l
	}
	cupRow, rest := body.Top(230 * u)
	_, cardRow := rest.Top(32 * u)
	l.homes = cupRow.Grid(1, n, gap)
	l.cards = cardRow.Grid(1, n, gap)
	for _, c := range l.cards {
		seat, text := c.Top(cupRow.H)
		l.seats = append(l.seats, seat)
		l.sayings = append(l.sayings, text.Inset(gap/2))
	}
	return l
}
