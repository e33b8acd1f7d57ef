package main

import (
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"qingfeng/exhibits/play"
)

// pointers reads Ebiten's touches and mouse into the rules' events; the
// bookkeeping (what is new, moved, lifted, lost) is play.Tracker's, tested
// headless. Layout returns the screen's own size, so positions are already
// canvas units.
type pointers struct {
	tr  play.Tracker
	ids []ebiten.TouchID
}

func (p *pointers) read() play.Input {
	var s play.Snapshot
	p.ids = ebiten.AppendTouchIDs(p.ids[:0])
	if len(p.ids) > 0 {
		s.Touches = make(map[int]play.Point, len(p.ids))
		for _, id := range p.ids {
			x, y := ebiten.TouchPosition(id)
			s.Touches[int(id)] = play.Point{X: float64(x), Y: float64(y)}
		}
	}
	p.ids = inpututil.AppendJustReleasedTouchIDs(p.ids[:0])
	if len(p.ids) > 0 {
		s.Released = make(map[int]bool, len(p.ids))
		for _, id := range p.ids {
			s.Released[int(id)] = true
		}
	}
	// The mouse, and on X11 a touch screen's emulated pointer. GLFW's
	// sticky buttons report a click shorter than a tick as just pressed.
	x, y := ebiten.CursorPosition()
	s.Mouse = play.Point{X: float64(x), Y: float64(y)}
	s.MouseDown = ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft)
	s.MousePressed = inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft)
	return p.tr.Next(s)
}
