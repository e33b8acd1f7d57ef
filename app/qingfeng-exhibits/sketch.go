package main

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"golang.org/x/image/vector"

	"qingfeng/exhibits/play"
)

// sketch draws smooth shapes on the CPU (golang.org/x/image/vector, which
// anti-aliases by coverage) into an image that becomes one texture. Ebiten
// anti-aliases through a new offscreen image, twice the size, for every
// shape; under Mesa's software renderer the first frame of 七味茶 spent
// ~450 ms there. A few sprites rasterised here take a few milliseconds.
type sketch struct {
	img *image.RGBA
	z   *vector.Rasterizer
}

func newSketch(w, h int) *sketch {
	return &sketch{img: image.NewRGBA(image.Rect(0, 0, max(w, 1), max(h, 1))), z: vector.NewRasterizer(max(w, 1), max(h, 1))}
}

// fill paints the path the rasterizer holds in clr, and starts a new one.
func (s *sketch) fill(clr color.Color) {
	s.z.DrawOp = draw.Over
	s.z.Draw(s.img, s.img.Bounds(), image.NewUniform(clr), image.Point{})
	b := s.img.Bounds()
	s.z.Reset(b.Dx(), b.Dy())
}

// kappa places the control points of a cubic that draws a quarter circle.
const kappa = 0.5523

func f32(v float64) float32 { return float32(v) }

// roundRect fills r with corners of radius rad.
func (s *sketch) roundRect(r play.Rect, rad float64, clr color.Color) {
	rad = math.Min(rad, math.Min(r.W, r.H)/2)
	x0, y0, x1, y1, k := r.X, r.Y, r.X+r.W, r.Y+r.H, rad*(1-kappa)
	z := s.z
	z.MoveTo(f32(x0+rad), f32(y0))
	z.LineTo(f32(x1-rad), f32(y0))
	z.CubeTo(f32(x1-k), f32(y0), f32(x1), f32(y0+k), f32(x1), f32(y0+rad))
	z.LineTo(f32(x1), f32(y1-rad))
	z.CubeTo(f32(x1), f32(y1-k), f32(x1-k), f32(y1), f32(x1-rad), f32(y1))
	z.LineTo(f32(x0+rad), f32(y1))
	z.CubeTo(f32(x0+k), f32(y1), f32(x0), f32(y1-k), f32(x0), f32(y1-rad))
	z.LineTo(f32(x0), f32(y0+rad))
	z.CubeTo(f32(x0), f32(y0+k), f32(x0+k), f32(y0), f32(x0+rad), f32(y0))
	z.ClosePath()
	s.fill(clr)
}

// ellipse fills an ellipse centred on c.
func (s *sketch) ellipse(c play.Point, rx, ry float64, clr color.Color) {
	kx, ky := rx*kappa, ry*kappa
	z := s.z
	z.MoveTo(f32(c.X+rx), f32(c.Y))
	z.CubeTo(f32(c.X+rx), f32(c.Y+ky), f32(c.X+kx), f32(c.Y+ry), f32(c.X), f32(c.Y+ry))
	z.CubeTo(f32(c.X-kx), f32(c.Y+ry), f32(c.X-rx), f32(c.Y+ky), f32(c.X-rx), f32(c.Y))
	z.CubeTo(f32(c.X-rx), f32(c.Y-ky), f32(c.X-kx), f32(c.Y-ry), f32(c.X), f32(c.Y-ry))
	z.CubeTo(f32(c.X+kx), f32(c.Y-ry), f32(c.X+rx), f32(c.Y-ky), f32(c.X+rx), f32(c.Y))
	z.ClosePath()
	s.fill(clr)
}

// bowl fills a tea bowl's body: w wide at its rim (y top), narrowing in a
// curve to a foot (y bottom).
func (s *sketch) bowl(cx, top, bottom, w float64, clr color.Color) {
	h := bottom - top
	z := s.z
	z.MoveTo(f32(cx-w/2), f32(top))
	z.CubeTo(f32(cx-w/2), f32(top+h*0.6), f32(cx-w*0.3), f32(bottom), f32(cx-w*0.22), f32(bottom))
	z.LineTo(f32(cx+w*0.22), f32(bottom))
	z.CubeTo(f32(cx+w*0.3), f32(bottom), f32(cx+w/2), f32(top+h*0.6), f32(cx+w/2), f32(top))
	z.ClosePath()
	s.fill(clr)
}

// stroke draws the polyline through pts, width w wide, with round joins
// and ends.
func (s *sketch) stroke(pts []play.Point, w float64, clr color.Color) {
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		d := b.Sub(a)
		n := math.Hypot(d.X, d.Y)
		if n == 0 {
			continue
		}
		ox, oy := -d.Y/n*w/2, d.X/n*w/2
		s.z.MoveTo(f32(a.X+ox), f32(a.Y+oy))
		s.z.LineTo(f32(b.X+ox), f32(b.Y+oy))
		s.z.LineTo(f32(b.X-ox), f32(b.Y-oy))
		s.z.LineTo(f32(a.X-ox), f32(a.Y-oy))
		s.z.ClosePath()
		s.fill(clr)
	}
	for _, p := range pts {
		s.ellipse(p, w/2, w/2, clr)
	}
}

// image is the sketch as a texture.
func (s *sketch) image() *ebiten.Image { return ebiten.NewImageFromImage(s.img) }
