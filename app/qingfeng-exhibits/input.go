package main

import (
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"qingfeng/exhibits/play"
)

// pointers turns Ebiten's touches and mouse into the rules' events. Layout
// returns the screen's own size, so positions are already canvas units.
type pointers struct {
	last  map[int]play.Point // where each pointer down was last seen
	ids   []ebiten.TouchID
	fresh []ebiten.TouchID
}

func (p *pointers) read() play.Input {
	if p.last == nil {
		p.last = map[int]play.Point{}
	}
	var in play.Input
	add := func(k play.Kind, id int, at play.Point) {
		in.Events = append(in.Events, play.Event{Kind: k, ID: id, At: at})
	}

	// Touches. Ebiten forgets a lifted finger's position, so its release
	// is sent where it was last seen; a touch that vanished without being
	// released (taken by the system) is cancelled.
	p.fresh = inpututil.AppendJustPressedTouchIDs(p.fresh[:0])
	for _, id := range p.fresh {
		x, y := ebiten.TouchPosition(id)
		at := play.Point{X: float64(x), Y: float64(y)}
		p.last[int(id)] = at
		add(play.Press, int(id), at)
	}
	p.ids = ebiten.AppendTouchIDs(p.ids[:0])
	down := map[int]bool{}
	for _, id := range p.ids {
		down[int(id)] = true
		x, y := ebiten.TouchPosition(id)
		at := play.Point{X: float64(x), Y: float64(y)}
		if was, ok := p.last[int(id)]; ok && was != at {
			p.last[int(id)] = at
			add(play.Move, int(id), at)
		}
	}
	for id, at := range p.last {
		if id == play.Mouse || down[id] {
			continue
		}
		kind := play.Cancel
		if inpututil.IsTouchJustReleased(ebiten.TouchID(id)) {
			kind = play.Release
		}
		delete(p.last, id)
		add(kind, id, at)
	}

	// The mouse (and, on X11, a touch screen's emulated pointer).
	x, y := ebiten.CursorPosition()
	at := play.Point{X: float64(x), Y: float64(y)}
	was, held := p.last[play.Mouse]
	switch {
	case inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft):
		if held {
			add(play.Release, play.Mouse, was)
		}
		p.last[play.Mouse] = at
		add(play.Press, play.Mouse, at)
		if !ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft) {
			// Pressed and released within one tick: a quick tap.
			delete(p.last, play.Mouse)
			add(play.Release, play.Mouse, at)
		}
	case held && !ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft):
		delete(p.last, play.Mouse)
		if at != was {
			add(play.Move, play.Mouse, at)
		}
		add(play.Release, play.Mouse, at)
	case held && at != was:
		p.last[play.Mouse] = at
		add(play.Move, play.Mouse, at)
	}
	return in
}
