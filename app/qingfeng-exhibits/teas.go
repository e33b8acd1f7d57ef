package main

import (
	"fmt"
	"image/color"
	"math"
	"strings"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"qingfeng/exhibits/play"
	"qingfeng/exhibits/teas"
)

var (
	colCeladon     = color.NRGBA{0x8F, 0xB5, 0x9A, 0xFF}
	colCeladonDeep = color.NRGBA{0x5E, 0x8C, 0x6E, 0xFF}
	colSteam       = color.NRGBA{0xB8, 0xAE, 0x98, 0xFF}
	// A colour for each tea in the cup, by pair.
	teaColours = []color.NRGBA{
		{0xD9, 0xA4, 0x41, 0xFF}, {0xA9, 0xC4, 0x6C, 0xFF}, {0xE2, 0xA0, 0xA8, 0xFF}, {0xE8, 0xC5, 0x47, 0xFF},
		{0x7F, 0xB0, 0x69, 0xFF}, {0xC9, 0x8B, 0x5B, 0xFF}, {0xC8, 0xD9, 0x9A, 0xFF}, {0xB5, 0x83, 0x5A, 0xFF},
	}
	colGlowRight = color.NRGBA{0x2E, 0x6B, 0x3F, 0xFF}
	colGlowWrong = color.NRGBA{0xB7, 0x1C, 0x1C, 0xFF}
)

// teasScene draws 七味茶: cards and cups at rest are still; a cup in a
// finger, one sliding home and a card's flash move.
type teasScene struct {
	*teas.Exhibit // the rules: Done and Outcome come from them
	p             *painter
	v             teas.View
	matched       int
	snd           sound
	finger        benchFinger
	canvas        play.Size
	sprites       map[spriteKey]*ebiten.Image
}

func newTeasScene(x *teas.Exhibit, p *painter, canvas play.Size) *teasScene {
	return &teasScene{Exhibit: x, p: p, v: x.View(), canvas: canvas}
}

func (s *teasScene) Update(now time.Time, in play.Input) {
	s.Exhibit.Update(now, in)
	v := s.Exhibit.View()
	s.snd = -1
	switch {
	case v.Finished && !s.v.Finished:
		s.snd = soundFinish
	case v.Matched > s.v.Matched:
		s.snd = soundRight
	default:
		// A wrong flash that has just begun (or begun again).
		for i, c := range v.Cards {
			if c.Flash != teas.WrongFlash || i >= len(s.v.Cards) {
				continue
			}
			if was := s.v.Cards[i]; was.Flash != teas.WrongFlash || c.Anim < was.Anim {
				s.snd = soundWrong
			}
		}
	}
	s.v = v
}

func (s *teasScene) sound() sound { return s.snd }

// atRest: a cup waiting at home, or seated and settled, belongs to the
// still layer.
func atRest(c teas.Cup) bool {
	return c.State == teas.Waiting || (c.State == teas.Seated && c.Anim >= 1)
}

func (s *teasScene) view() (string, string) {
	v := s.v
	var still, moving strings.Builder
	fmt.Fprint(&still, v.Hint.Str, v.Count.Str)
	for _, c := range v.Cards {
		fmt.Fprint(&still, c.Matched)
		if c.Flash != teas.NoFlash {
			fmt.Fprint(&moving, c.Index, c.Flash, math.Round(c.Anim*100))
		}
	}
	for _, c := range v.Cups {
		if atRest(c) {
			fmt.Fprint(&still, c.Index, c.State, c.Rect)
		} else {
			fmt.Fprint(&moving, c.Index, c.State, c.Rect, math.Round(c.Anim*100))
		}
	}
	finaleKey(&still, &moving, v.Finished, v.FinishAnim)
	return still.String(), moving.String()
}

func (s *teasScene) drawStill(dst *ebiten.Image) {
	v, p := s.v, s.p
	p.frameBar(dst, v.Title, v.Exit)
	p.text(dst, v.Hint, colInk, alignLeft, false)
	p.text(dst, v.Count, colGold, alignRight, true)
	p.text(dst, v.Footnote, colGrey, alignLeft, false)
	u := v.Title.Size / play.FontTitle
	for _, c := range v.Cards {
		face := colCard
		if c.Matched {
			face = colRightPale
		}
		p.round(dst, c.Rect, 24*u, face)
		if !c.Matched {
			p.round(dst, c.Seat.Inset(12*u), 20*u, colTan)
		}
		p.text(dst, c.Saying, colInk, alignCenter, false)
	}
	for _, c := range v.Cups {
		if atRest(c) {
			s.cup(dst, c, u, false)
		}
	}
	finale(p, dst, v.Finished, v.Finale, v.FinishAnim, true)
}

func (s *teasScene) drawMoving(dst *ebiten.Image) {
	v, p := s.v, s.p
	u := v.Title.Size / play.FontTitle
	for _, c := range v.Cards {
		glow := colGlowRight
		if c.Flash == teas.WrongFlash {
			glow = colGlowWrong
		}
		if c.Flash != teas.NoFlash {
			glow.A = uint8(90 * (1 - c.Anim))
			p.round(dst, c.Rect, 24*u, glow)
		}
	}
	for _, c := range v.Cups {
		if !atRest(c) {
			s.cup(dst, c, u, c.State == teas.Held)
		}
	}
	finale(p, dst, v.Finished, v.Finale, v.FinishAnim, false)
}

func (s *teasScene) movingBounds() []play.Rect {
	v := s.v
	u := v.Title.Size / play.FontTitle
	var b []play.Rect
	for _, c := range v.Cards {
		if c.Flash != teas.NoFlash {
			b = append(b, c.Rect.Inset(-2*u))
		}
	}
	for _, c := range v.Cups {
		if !atRest(c) {
			b = append(b, c.Rect.Inset(-24*u)) // shadow and shake
		}
	}
	return finaleBounds(b, v.Finished, v.Finale, v.FinishAnim)
}

// cup draws a tea: a sprite of the bowl in its tea's colour, drawn once
// into an image of the cup's size, so that a cup in a finger costs one
// small copy a frame, and the tea's name over it.
func (s *teasScene) cup(dst *ebiten.Image, c teas.Cup, u float64, lifted bool) {
	r := c.Rect
	if c.Wrong {
		// A rejected cup shakes its head on the way home.
		r.X += math.Sin(c.Anim*math.Pi*8) * (1 - c.Anim) * 16 * u
	}
	img := s.sprite(c, u, c.State != teas.Seated)
	op := &ebiten.DrawImageOptions{}
	if lifted {
		op.GeoM.Translate(r.X+10*u, r.Y+14*u)
		op.ColorScale.Scale(0, 0, 0, 0.2)
		dst.DrawImage(img, op)
		op = &ebiten.DrawImageOptions{}
	}
	op.GeoM.Translate(r.X, r.Y)
	if c.Wrong {
		op.ColorScale.Scale(1, 0.75, 0.75, 1)
	}
	dst.DrawImage(img, op)
	// The name goes on the destination, not into the sprite: drawing text
	// into seven small images cost ~280 ms of the first frame.
	name, ink := c.Name, colInk
	name.Rect.X += r.X - c.Rect.X
	if c.Wrong {
		ink = colRed
	}
	s.p.text(dst, name, ink, alignCenter, true)
}

type spriteKey struct {
	index int
	card  bool
}

func (s *teasScene) sprite(c teas.Cup, u float64, card bool) *ebiten.Image {
	k := spriteKey{c.Index, card}
	if img, ok := s.sprites[k]; ok {
		return img
	}
	at := func(r play.Rect) play.Rect { r.X -= c.Rect.X; r.Y -= c.Rect.Y; return r }
	sk := newSketch(int(math.Ceil(c.Rect.W)), int(math.Ceil(c.Rect.H)))
	if card {
		sk.roundRect(at(c.Rect), 22*u, colCard)
	}
	drawBowl(sk, at(c.Icon), teaColours[c.Index%len(teaColours)])
	img := sk.image()
	if s.sprites == nil {
		s.sprites = map[spriteKey]*ebiten.Image{}
	}
	s.sprites[k] = img
	return img
}

// drawBowl draws a celadon tea bowl on a saucer filling box r, with tea of
// colour tea and a wisp of steam.
func drawBowl(sk *sketch, r play.Rect, tea color.NRGBA) {
	w := math.Min(r.W, r.H*1.3) * 0.82
	cx := r.X + r.W/2
	top, bottom := r.Y+r.H*0.34, r.Y+r.H*0.86
	sk.ellipse(play.Point{X: cx, Y: bottom + r.H*0.02}, w*0.5, r.H*0.07, colCeladonDeep)
	sk.bowl(cx, top, bottom, w, colCeladon)
	sk.ellipse(play.Point{X: cx, Y: top}, w/2, r.H*0.08, colCeladonDeep)
	sk.ellipse(play.Point{X: cx, Y: top + r.H*0.01}, w/2*0.9, r.H*0.06, tea)
	for i, dx := range []float64{-w * 0.14, w * 0.1} {
		x := cx + dx
		y0, y1 := r.Y+r.H*0.06+float64(i)*r.H*0.03, top-r.H*0.1
		sk.stroke([]play.Point{{X: x, Y: y1}, {X: x - w*0.05, Y: (y0 + y1) / 2}, {X: x, Y: y0}}, math.Max(r.H*0.025, 2), colSteam)
	}
}

// drive holds the first cup still waiting and circles it over the board,
// never letting go: a cup in a finger is this exhibit's busiest picture.
func (s *teasScene) drive(now time.Time) play.Input {
	return s.finger.drive(now, s.canvas, func() (play.Point, bool) {
		for _, c := range s.v.Cups {
			if c.State == teas.Waiting {
				return c.Rect.Center(), true
			}
		}
		return play.Point{}, false
	})
}
