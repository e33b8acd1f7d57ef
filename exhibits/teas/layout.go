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
	l.hint, l.count, body = play.HintAndCount(f, body, 300*u)
	_, body = body.Top(gap)
	// The footnote is a sentence of fifty-odd characters: one line across
	// a landscape screen, two on a narrower one.
	footH := 48 * u
	if body.W < 1700*u {
		footH = 96 * u
	}
	body, l.footnote = body.Bottom(footH)
	body, _ = body.Bottom(gap / 2)
	l.finale = play.Rect{X: body.X + body.W*0.1, Y: body.Y + body.H*0.3, W: body.W * 0.8, H: body.H * 0.4}

	if f.Canvas.Compact() {
		// A short or narrow screen: the cups in narrow columns, each
		// beside a column of wide cards, two such pairs side by side on a
		// landscape screen, so a saying has lines long enough to be read
		// at the design's text size.
		l.nameH = 44 * u
		cols := 1
		if !f.Canvas.IsPortrait() {
			cols = 2
		}
		rows := (n + cols - 1) / cols
		for j, pair := range body.Grid(1, cols, gap) {
			cupCol, rest := pair.Left(130 * u)
			_, cardCol := rest.Left(gap)
			k := min(rows, n-j*rows)
			homes, cards := cupCol.Grid(rows, 1, gap)[:k], cardCol.Grid(rows, 1, gap)[:k]
			l.homes = append(l.homes, homes...)
			l.cards = append(l.cards, cards...)
			for _, c := range cards {
				seat, text := c.Left(cupCol.W)
				l.seats = append(l.seats, seat)
				l.sayings = append(l.sayings, text.Inset(gap/2))
			}
		}
		return l
	}
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
