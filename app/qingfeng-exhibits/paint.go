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
	"github.com/hajimehoshi/ebiten/v2/vector"
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
	path          vector.Path
	// aa smooths edges. Ebiten anti-aliases through an offscreen image
	// the size of the destination: cheap into a small sprite or once into
	// the still layer, ruinous on the screen every frame, so the moving
	// layer is drawn without it.
	aa     bool
	rounds map[roundKey]*ebiten.Image
	vs     []ebiten.Vertex
	is     []uint16
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

// lay wraps t to its box, shrinking the size (to 60% at most) until the
// lines fit the height: content texts are of any length.
func (p *painter) lay(t play.Text, bold bool) laidText {
	k := layKey{t.Str, t.Size, t.Rect.W, t.Rect.H, bold}
	if l, ok := p.laid[k]; ok {
		return l
	}
	var l laidText
	for scale := 1.0; ; scale -= 0.1 {
		size := t.Size * scale
		f := p.face(size, bold)
		lines := play.WrapLines(t.Str, t.Rect.W, func(r rune) float64 { return text.Advance(string(r), f) })
		l = laidText{text: strings.Join(lines, "\n"), size: size, spacing: size * 1.45, lines: len(lines)}
		if float64(len(lines))*l.spacing <= t.Rect.H+size*0.45 || scale <= 0.65 {
			break
		}
	}
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
	vector.DrawFilledRect(dst, float32(r.X), float32(r.Y), float32(r.W), float32(r.H), clr, false)
}

// round fills r with rounded corners of radius rad. The shape is drawn
// once per size, white and anti-aliased, into a sprite of its own, and
// then only copied in clr: boxes come in few sizes, and a copy is the
// cheapest thing a software renderer draws.
func (p *painter) round(dst *ebiten.Image, r play.Rect, rad float64, clr color.Color) {
	if r.Empty() {
		return
	}
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
		img = ebiten.NewImage(w, h)
		x0, y0, x1, y1 := float32(0), float32(0), float32(w), float32(h)
		rr := float32(k.rad)
		p.path = vector.Path{}
		p.path.MoveTo(x0+rr, y0)
		p.path.LineTo(x1-rr, y0)
		p.path.ArcTo(x1, y0, x1, y0+rr, rr)
		p.path.LineTo(x1, y1-rr)
		p.path.ArcTo(x1, y1, x1-rr, y1, rr)
		p.path.LineTo(x0+rr, y1)
		p.path.ArcTo(x0, y1, x0, y1-rr, rr)
		p.path.LineTo(x0, y0+rr)
		p.path.ArcTo(x0, y0, x0+rr, y0, rr)
		p.path.Close()
		aa := p.aa
		p.aa = true
		p.fillPath(img, color.White)
		p.aa = aa
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

// line strokes a segment.
func (p *painter) line(dst *ebiten.Image, a, b play.Point, w float64, clr color.Color) {
	vector.StrokeLine(dst, float32(a.X), float32(a.Y), float32(b.X), float32(b.Y), float32(w), clr, p.aa)
}

func (p *painter) fillPath(dst *ebiten.Image, clr color.Color) {
	p.vs, p.is = p.path.AppendVerticesAndIndicesForFilling(p.vs[:0], p.is[:0])
	r, g, b, a := clr.RGBA()
	for i := range p.vs {
		p.vs[i].SrcX, p.vs[i].SrcY = 1, 1
		p.vs[i].ColorR = float32(r) / 0xffff
		p.vs[i].ColorG = float32(g) / 0xffff
		p.vs[i].ColorB = float32(b) / 0xffff
		p.vs[i].ColorA = float32(a) / 0xffff
	}
	// A rounded rectangle is convex: every triangle of the fan is inside,
	// so no stencil pass is needed (FillRuleFillAll, the default).
	dst.DrawTriangles(p.vs, p.is, p.white, &ebiten.DrawTrianglesOptions{AntiAlias: p.aa})
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

// ellipse fills an ellipse centred on c.
func (p *painter) ellipse(dst *ebiten.Image, c play.Point, rx, ry float64, clr color.Color) {
	p.path = vector.Path{}
	const n = 40
	for i := range n {
		a := 2 * math.Pi * float64(i) / n
		x, y := float32(c.X+rx*math.Cos(a)), float32(c.Y+ry*math.Sin(a))
		if i == 0 {
			p.path.MoveTo(x, y)
		} else {
			p.path.LineTo(x, y)
		}
	}
	p.path.Close()
	p.fillPath(dst, clr)
}

// bowl fills a tea bowl's body: w wide at its rim (y top), narrowing in a
// curve to a foot half as wide (y bottom).
func (p *painter) bowl(dst *ebiten.Image, cx, top, bottom, w float64, clr color.Color) {
	p.path = vector.Path{}
	h := bottom - top
	f := func(v float64) float32 { return float32(v) }
	p.path.MoveTo(f(cx-w/2), f(top))
	p.path.CubicTo(f(cx-w/2), f(top+h*0.6), f(cx-w*0.3), f(bottom), f(cx-w*0.22), f(bottom))
	p.path.LineTo(f(cx+w*0.22), f(bottom))
	p.path.CubicTo(f(cx+w*0.3), f(bottom), f(cx+w/2), f(top+h*0.6), f(cx+w/2), f(top))
	p.path.Close()
	p.fillPath(dst, clr)
}
