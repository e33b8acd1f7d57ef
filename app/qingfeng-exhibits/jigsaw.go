package main

import (
	"fmt"
	"image"
	"math"
	"strings"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"qingfeng/exhibits/jigsaw"
	"qingfeng/exhibits/play"
)

// jigsawScene draws 剪纸拼图: the board, its faint guide picture and the
// pieces at rest are still; the pieces in fingers and one settling home
// move.
type jigsawScene struct {
	*jigsaw.Exhibit // the rules: Done and Outcome come from them
	p               *painter
	v               jigsaw.View
	pic             *ebiten.Image
	snd             sound
	canvas          play.Size
	finger          benchFinger
}

func newJigsawScene(x *jigsaw.Exhibit, img image.Image, p *painter, canvas play.Size) *jigsawScene {
	return &jigsawScene{Exhibit: x, p: p, v: x.View(), pic: ebiten.NewImageFromImage(img), canvas: canvas}
}

func (s *jigsawScene) Update(now time.Time, in play.Input) {
	s.Exhibit.Update(now, in)
	v := s.Exhibit.View()
	s.snd = -1
	switch {
	case v.Finished && !s.v.Finished:
		s.snd = soundFinish
	case v.Placed > s.v.Placed:
		s.snd = soundSnap
	}
	s.v = v
}

func (s *jigsawScene) sound() sound { return s.snd }

func pieceAtRest(pc jigsaw.Piece) bool {
	return pc.State == jigsaw.Loose || (pc.State == jigsaw.Placed && pc.Anim >= 1)
}

func (s *jigsawScene) view() (string, string) {
	v := s.v
	var still, moving strings.Builder
	fmt.Fprint(&still, v.Hint.Str, v.Count.Str)
	for _, pc := range v.Pieces {
		if pieceAtRest(pc) {
			fmt.Fprint(&still, pc.Index, pc.State, pc.Rect)
		} else {
			fmt.Fprint(&moving, pc.Index, pc.State, pc.Rect, math.Round(pc.Anim*100))
		}
	}
	finaleKey(&still, &moving, v.Finished, v.FinishAnim)
	return still.String(), moving.String()
}

func (s *jigsawScene) drawStill(dst *ebiten.Image) {
	v, p := s.v, s.p
	u := v.Title.Size / play.FontTitle
	p.frameBar(dst, v.Title, v.Exit)
	p.text(dst, v.Hint, colInk, alignLeft, false)
	p.text(dst, v.Count, colGold, alignRight, true)
	p.round(dst, v.Tray, 24*u, colTan)
	// The board: a white sheet with the picture showing faintly, so a
	// visitor sees where things go, and the cuts between the pieces.
	p.rect(dst, v.Board, colWhite)
	op := &ebiten.DrawImageOptions{Filter: ebiten.FilterLinear}
	op.GeoM.Scale(v.Scale, v.Scale)
	op.GeoM.Translate(v.Board.X, v.Board.Y)
	op.ColorScale.ScaleAlpha(0.18)
	dst.DrawImage(s.pic, op)
	for _, pc := range v.Pieces {
		h := pc.Home
		p.rect(dst, play.Rect{X: h.X, Y: h.Y, W: h.W, H: math.Max(u, 1)}, colLine)
		p.rect(dst, play.Rect{X: h.X, Y: h.Y, W: math.Max(u, 1), H: h.H}, colLine)
	}
	for _, pc := range v.Pieces {
		if pieceAtRest(pc) {
			s.piece(dst, pc, u, false)
		}
	}
	finale(p, dst, v.Finished, v.Finale, v.FinishAnim, true)
}

func (s *jigsawScene) drawMoving(dst *ebiten.Image) {
	v := s.v
	u := v.Title.Size / play.FontTitle
	for _, pc := range v.Pieces {
		if !pieceAtRest(pc) {
			s.piece(dst, pc, u, pc.State == jigsaw.Held)
		}
	}
	finale(s.p, dst, v.Finished, v.Finale, v.FinishAnim, false)
}

func (s *jigsawScene) movingBounds() []play.Rect {
	v := s.v
	u := v.Title.Size / play.FontTitle
	var b []play.Rect
	for _, pc := range v.Pieces {
		if !pieceAtRest(pc) {
			b = append(b, pc.Rect.Inset(-20*u)) // white edge and shadow
		}
	}
	return finaleBounds(b, v.Finished, v.Finale, v.FinishAnim)
}

// piece draws one piece of the picture where it is: a loose one on a white
// edge (a paper cut lifted off the table), a placed one flush with the
// board, flashing as it settles.
func (s *jigsawScene) piece(dst *ebiten.Image, pc jigsaw.Piece, u float64, lifted bool) {
	p, r := s.p, pc.Rect
	if pc.State != jigsaw.Placed {
		if lifted {
			p.rect(dst, play.Rect{X: r.X + 12*u, Y: r.Y + 16*u, W: r.W, H: r.H}, colShade)
		}
		p.rect(dst, r.Inset(-4*u), colWhite)
	}
	sub := s.pic.SubImage(pc.Src).(*ebiten.Image)
	op := &ebiten.DrawImageOptions{Filter: ebiten.FilterLinear}
	op.GeoM.Scale(r.W/float64(pc.Src.Dx()), r.H/float64(pc.Src.Dy()))
	op.GeoM.Translate(r.X, r.Y)
	dst.DrawImage(sub, op)
	if pc.State == jigsaw.Placed && pc.Anim < 1 {
		flash := colWhite
		flash.A = uint8(160 * (1 - pc.Anim))
		p.rect(dst, r, flash)
	}
}

// drive holds the first loose piece and circles it, never letting go.
func (s *jigsawScene) drive(now time.Time) play.Input {
	return s.finger.drive(now, s.canvas, func() (play.Point, bool) {
		for _, pc := range s.v.Pieces {
			if pc.State == jigsaw.Loose {
				return pc.Rect.Center(), true
			}
		}
		return play.Point{}, false
	})
}
