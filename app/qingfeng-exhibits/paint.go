package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"golang.org/x/text/language"

	"qingfeng/assets"
	"qingfeng/exhibits/play"
)

// The shell's colours (kiosk/theme), so an exhibit looks like part of it.
var (
	colPaper    = color.NRGBA{0xFA, 0xF6, 0xEC, 0xFF}
	colInk      = color.NRGBA{0x22, 0x22, 0x22, 0xFF}
	colRed      = color.NRGBA{0xB7, 0x1C, 0x1C, 0xFF}
	colGold     = color.NRGBA{0x8C, 0x6A, 0x1C, 0xFF}
	colPaleGold = color.NRGBA{0xE9, 0xDC, 0xB4, 0xFF}
	colGreen    = color.NRGBA{0x2E, 0x6B, 0x3F, 0xFF}
	colWhite    = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	colGrey     = color.NRGBA{0x5F, 0x5A, 0x52, 0xFF}
	colTan      = color.NRGBA{0xEC, 0xE2, 0xCB, 0xFF}
	colLine     = color.NRGBA{0xD6, 0xCB, 0xB4, 0xFF}
	colCard     = color.NRGBA{0xFF, 0xFD, 0xF7, 0xFF}
	colShade    = color.NRGBA{0x00, 0x00, 0x00, 0x33}
)

// chinese tells the shaper which forms to prefer where Han characters are
// shared across languages.
var chinese = language.SimplifiedChinese

// painter draws the rules' rectangles and texts. It keeps the faces and the
// wrapped lines of every text it has laid out, so a frame that shows what
// the last one showed costs no layout.
type painter struct {
	regular, bold *text.GoTextFaceSource
	faces         map[faceKey]*text.GoTextFace
	laid          map[layKey]laidText
	white         *ebiten.Image
	// rounds are white rounded boxes by size, and marks white ticks and
	// crosses, drawn once (sketch.go) and copied in any colour.
	rounds map[roundKey]*ebiten.Image
	marks  map[string]*ebiten.Image
}

type faceKey struct {
	size float64
	bold bool
}

type layKey struct {
	str  string
	size float64
	w, h float64
	bold bool
}

type laidText struct {
	text    string // lines joined by "\n"
	size    float64
	spacing float64
	lines   int
}

func newPainter() (*painter, error) {
	reg, err := text.NewGoTextFaceSource(bytes.NewReader(assets.FontRegular()))
	if err != nil {
		return nil, fmt.Errorf("font: %w", err)
	}
	bold, err := text.NewGoTextFaceSource(bytes.NewReader(assets.FontBold()))
	if err != nil {
		return nil, fmt.Errorf("font: %w", err)
	}
	white := ebiten.NewImage(3, 3)
	white.Fill(color.White)
	return &painter{
		regular: reg, bold: bold,
		faces:  map[faceKey]*text.GoTextFace{},
		laid:   map[layKey]laidText{},
		rounds: map[roundKey]*ebiten.Image{},
		marks:  map[string]*ebiten.Image{},
		white:  white.SubImage(image.Rect(1, 1, 2, 2)).(*ebiten.Image),
	}, nil
}

func (p *painter) face(size float64, bold bool) *text.GoTextFace {
	size = math.Round(size*2) / 2 // few sizes, so few glyph caches
	k := faceKey{size, bold}
	if f, ok := p.faces[k]; ok {
		return f
	}
	src := p.regular
	if bold {
		src = p.bold
	}
	f := &text.GoTextFace{Source: src, Size: size, Language: chinese}
	p.faces[k] = f
	return f
}

// Align says where a text sits in its box.
type align int

const (
	alignLeft   align = iota // left, vertically centred
	alignCenter              // centred both ways
	alignRight
	alignTopLeft // left, from the top: paragraphs
)

// lay wraps t to its box, shrinking the size (play.Lay: to 60% at most)
// until the lines fit the height: content texts are of any length.
func (p *painter) lay(t play.Text, bold bool) laidText {
	k := layKey{t.Str, t.Size, t.Rect.W, t.Rect.H, bold}
	if l, ok := p.laid[k]; ok {
		return l
	}
	ld := play.Lay(t, func(size float64, r rune) float64 { return text.Advance(string(r), p.face(size, bold)) })
	l := laidText{text: strings.Join(ld.Lines, "\n"), size: ld.Size, spacing: ld.Size * play.LineSpacing, lines: len(ld.Lines)}
	if len(p.laid) > 512 {
		clear(p.laid)
	}
	p.laid[k] = l
	return l
}

// text draws t in clr.
func (p *painter) text(dst *ebiten.Image, t play.Text, clr color.Color, a align, bold bool) {
	p.textAt(dst, t, clr, a, bold, 0, 0, 1)
}

// textAt draws t moved by (dx, dy) and faded to alpha: for entrances.
func (p *painter) textAt(dst *ebiten.Image, t play.Text, clr color.Color, a align, bold bool, dx, dy, alpha float64) {
	if !t.Visible() || alpha <= 0 {
		return
	}
	l := p.lay(t, bold)
	op := &text.DrawOptions{}
	op.LineSpacing = l.spacing
	x, y := t.Rect.X, t.Rect.Y+t.Rect.H/2
	op.SecondaryAlign = text.AlignCenter
	switch a {
	case alignCenter:
		x += t.Rect.W / 2
		op.PrimaryAlign = text.AlignCenter
	case alignRight:
		x += t.Rect.W
		op.PrimaryAlign = text.AlignEnd
	case alignTopLeft:
		y = t.Rect.Y
		op.SecondaryAlign = text.AlignStart
	}
	op.GeoM.Translate(x+dx, y+dy)
	op.ColorScale.ScaleWithColor(clr)
	op.ColorScale.ScaleAlpha(float32(alpha))
	text.Draw(dst, l.text, p.face(l.size, bold), op)
}

// rect fills r.
func (p *painter) rect(dst *ebiten.Image, r play.Rect, clr color.Color) {
	if r.Empty() {
		return
	}
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Scale(r.W, r.H)
	op.GeoM.Translate(r.X, r.Y)
	op.ColorScale.ScaleWithColor(clr)
	dst.DrawImage(p.white, op)
}

// round fills r with rounded corners of radius rad. The shape is drawn
// once per size, white and smooth, into a sprite of its own, and then only
// copied in clr: boxes come in few sizes, and a copy is the cheapest thing
// a software renderer draws.
func (p *painter) round(dst *ebiten.Image, r play.Rect, rad float64, clr color.Color) {
	w, h := int(math.Round(r.W)), int(math.Round(r.H))
	if w < 1 || h < 1 {
		return
	}
	k := roundKey{w, h, int(math.Round(math.Min(rad, math.Min(r.W, r.H)/2)))}
	img, ok := p.rounds[k]
	if !ok {
		if len(p.rounds) >= 64 {
			for _, old := range p.rounds {
				old.Deallocate()
			}
			clear(p.rounds)
		}
		sk := newSketch(w, h)
		sk.roundRect(play.Rect{W: float64(w), H: float64(h)}, float64(k.rad), color.White)
		img = sk.image()
		p.rounds[k] = img
	}
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(math.Round(r.X), math.Round(r.Y))
	op.ColorScale.ScaleWithColor(clr)
	dst.DrawImage(img, op)
}

type roundKey struct{ w, h, rad int }

// circle fills a disc (a fully rounded square sprite).
func (p *painter) circle(dst *ebiten.Image, c play.Point, rad float64, clr color.Color) {
	p.round(dst, play.Rect{X: c.X - rad, Y: c.Y - rad, W: 2 * rad, H: 2 * rad}, rad, clr)
}

// button draws a tappable text on a filled rounded box.
func (p *painter) button(dst *ebiten.Image, t play.Text, face, ink color.Color) {
	if !t.Visible() {
		return
	}
	p.round(dst, t.Rect, t.Rect.H/4, face)
	p.text(dst, t, ink, alignCenter, true)
}

// frameBar draws what every exhibit shares: the title and the 返回 button.
func (p *painter) frameBar(dst *ebiten.Image, title, exit play.Text) {
	p.text(dst, title, colRed, alignLeft, true)
	p.button(dst, exit, colTan, colInk)
}

// ease is a smooth 0..1 → 0..1 (ease out cubic): entrances that slow down
// as they arrive.
func ease(t float64) float64 { return 1 - math.Pow(1-t, 3) }

// mark strokes the polyline pts, given in 0..1 of box, in clr: a tick or a
// cross. Like the boxes, each shape is drawn once, white, and copied.
func (p *painter) mark(dst *ebiten.Image, box play.Rect, clr color.Color, pts []play.Point) {
	w, h := int(math.Round(box.W)), int(math.Round(box.H))
	if w < 1 || h < 1 {
		return
	}
	k := fmt.Sprint(w, h, pts)
	img, ok := p.marks[k]
	if !ok {
		line := math.Max(float64(min(w, h))/6, 3)
		// Room for the pen's width around the shape.
		pad := int(math.Ceil(line))
		sk := newSketch(w+2*pad, h+2*pad)
		at := make([]play.Point, len(pts))
		for i, q := range pts {
			at[i] = play.Point{X: float64(pad) + q.X*float64(w), Y: float64(pad) + q.Y*float64(h)}
		}
		sk.stroke(at, line, color.White)
		img = sk.image()
		p.marks[k] = img
	}
	pad := float64(img.Bounds().Dx()-w) / 2
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(math.Round(box.X-pad), math.Round(box.Y-pad))
	op.ColorScale.ScaleWithColor(clr)
	dst.DrawImage(img, op)
}
