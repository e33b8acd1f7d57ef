package main

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"qingfeng/exhibits/play"
)

// The end banner of the drag exhibits (七味茶, 剪纸拼图): it moves while it
// comes in, then belongs to the still layer, drawn smooth once.

func finaleKey(still, moving *strings.Builder, finished bool, a float64) {
	switch {
	case finished && a >= 1:
		fmt.Fprint(still, "finished")
	case finished:
		fmt.Fprint(moving, math.Round(a*100))
	}
}

// finale draws the banner in the layer asked for (still or moving), if it
// belongs there now.
func finale(p *painter, dst *ebiten.Image, finished bool, t play.Text, a float64, still bool) {
	if finished && (a >= 1) == still {
		banner(p, dst, t, a)
	}
}

func finaleBounds(b []play.Rect, finished bool, t play.Text, a float64) []play.Rect {
	if finished && a < 1 {
		// It rises from a little below its place.
		r := t.Rect.Inset(-t.Size * 0.3)
		r.H += t.Rect.H * 0.6
		b = append(b, r)
	}
	return b
}

// banner shows a finished exhibit's word over the board: a red band
// sliding in and fading up as a goes 0→1.
func banner(p *painter, dst *ebiten.Image, t play.Text, a float64) {
	e := ease(a)
	band := t.Rect
	band.Y += (1 - e) * t.Rect.H * 0.6
	clr := colRed
	clr.A = uint8(235 * math.Min(1, a*2))
	p.round(dst, band, band.H/5, clr)
	t.Rect = band
	p.textAt(dst, t, colWhite, alignCenter, true, 0, 0, math.Min(1, a*2))
}

// benchID is the benchmark visitor's touch id, apart from real ones.
const benchID = 1 << 20

// benchFinger is the benchmark's visitor for the drag exhibits: it presses
// on what grab finds, then circles the middle of the canvas once every
// three seconds, never letting go: a thing in a finger is these exhibits'
// busiest picture.
type benchFinger struct {
	grabbed bool
	t0      time.Time
}

func (f *benchFinger) drive(now time.Time, canvas play.Size, grab func() (play.Point, bool)) play.Input {
	if f.t0.IsZero() {
		f.t0 = now
	}
	if !f.grabbed {
		at, ok := grab()
		if !ok {
			return play.Input{}
		}
		f.grabbed = true
		return play.Input{Events: []play.Event{{Kind: play.Press, ID: benchID, At: at}}}
	}
	a := 2 * math.Pi * now.Sub(f.t0).Seconds() / 3
	r := math.Min(canvas.W, canvas.H) * 0.25
	at := play.Point{X: canvas.W/2 + r*math.Cos(a), Y: canvas.H/2 + r*math.Sin(a)}
	return play.Input{Events: []play.Event{{Kind: play.Move, ID: benchID, At: at}}}
}
