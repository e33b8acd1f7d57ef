// Command demoart draws the pictures of the demo content package
// (assets/demo/media): paper-cut (剪纸) borders and rosettes, plum blossoms,
// tea things, a seal, village houses, a persimmon tree, bamboo and the like.
//
// Regenerate the committed art from the module root with
//
//	go run ./build/demoart -out assets/demo/media
//
// The output is deterministic: no clock, a fixed-seed PCG generator per
// picture, and a rasterizer that works in integer fixed point, so the same
// toolchain writes the same bytes every run (main_test.go checks this against
// the committed files). Pictures hold no text, because no font is available
// here and the kiosk shows titles itself. Flat colours keep each PNG small.
package main

import (
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"

	"qingfeng/content/durable"
)

func main() {
	out := flag.String("out", "assets/demo/media", "folder to write the PNG files into")
	flag.Parse()
	if err := writeAll(*out); err != nil {
		fmt.Fprintln(os.Stderr, "demoart:", err)
		os.Exit(1)
	}
}

// artwork is one picture of the demo package.
type artwork struct {
	name string // file name under media/
	w, h int
	draw func(c *canvas, rng *rand.Rand)
}

const (
	coverW, coverH   = 1280, 720
	inlineW, inlineH = 960, 540
)

var artworks = []artwork{
	{"teahouse.png", coverW, coverH, drawTeahouse},
	{"seven-teas.png", inlineW, inlineH, drawSevenTeas},
	{"qingmei.png", coverW, coverH, drawQingmei},
	{"four-gentlemen.png", inlineW, inlineH, drawFourGentlemen},
	{"persimmon-village.png", coverW, coverH, drawPersimmonVillage},
	{"square-persimmons.png", inlineW, inlineH, drawSquarePersimmons},
	{"smart-seal.png", coverW, coverH, drawSmartSeal},
	{"seal-loop.png", inlineW, inlineH, drawSealLoop},
	{"clear-wind-watch.png", coverW, coverH, drawClearWindWatch},
	{"school.png", coverW, coverH, drawSchool},
	{"hospital.png", coverW, coverH, drawHospital},
	{"canteen.png", coverW, coverH, drawCanteen},
	{"village-voice.png", coverW, coverH, drawVillageVoice},
	{"papercut-fans.png", coverW, coverH, drawPapercutFans},
}

// writeAll renders every artwork into dir. Each file is written to a temporary
// name and renamed, so a reader never sees half a picture.
func writeAll(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, a := range artworks {
		data, err := render(a)
		if err != nil {
			return fmt.Errorf("%s: %w", a.name, err)
		}
		if err := durable.WriteFile(filepath.Join(dir, a.name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// render draws one artwork and encodes it as PNG.
func render(a artwork) ([]byte, error) {
	c := newCanvas(a.w, a.h)
	// Seed from the name so adding or reordering pictures changes no other.
	var seed uint64
	for _, b := range []byte(a.name) {
		seed = seed*131 + uint64(b)
	}
	a.draw(c, rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)))
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, c.img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ---------------------------------------------------------------------------
// Colours. A small palette keeps the pictures calm and the files small.

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{r, g, b, 255} }

func withAlpha(c color.RGBA, a uint8) color.RGBA { c.A = a; return c }

var (
	cream     = rgb(0xF7, 0xEE, 0xDC)
	paper     = rgb(0xFC, 0xF7, 0xEC)
	moon      = rgb(0xF1, 0xE2, 0xC6)
	red       = rgb(0xC0, 0x2A, 0x2E)
	deepRed   = rgb(0x8E, 0x1C, 0x22)
	ink       = rgb(0x3A, 0x30, 0x2E)
	green     = rgb(0x4F, 0x85, 0x4A)
	darkGreen = rgb(0x2F, 0x5E, 0x35)
	leafGreen = rgb(0x7F, 0xAE, 0x62)
	plumGreen = rgb(0xA3, 0xC6, 0x5B)
	teal      = rgb(0x2F, 0x7A, 0x78)
	paleTeal  = rgb(0xCF, 0xE3, 0xDC)
	gold      = rgb(0xDB, 0xA3, 0x3B)
	paleGold  = rgb(0xEE, 0xCF, 0x7E)
	orange    = rgb(0xE8, 0x76, 0x22)
	lightOrg  = rgb(0xF4, 0xA5, 0x5A)
	pink      = rgb(0xEE, 0x9A, 0x9A)
	palePink  = rgb(0xF8, 0xCF, 0xCC)
	wall      = rgb(0xFD, 0xFA, 0xF3)
	roof      = rgb(0x4E, 0x52, 0x5E)
	stone     = rgb(0xB9, 0xB4, 0xAA)
	brown     = rgb(0x7A, 0x52, 0x3C)
	wood      = rgb(0xA8, 0x6B, 0x43)
	hill      = rgb(0xD5, 0xDF, 0xC4)
	hill2     = rgb(0xBF, 0xD1, 0xAE)
)

// ---------------------------------------------------------------------------
// Geometry. Shapes are built in float64 pixels and rounded once to integer
// fixed point before filling, which keeps the output byte-stable.

type pt struct{ x, y float64 }

// path is a set of closed contours filled as their union.
type path struct{ contours [][]pt }

func (p *path) add(qs ...*path) *path {
	for _, q := range qs {
		p.contours = append(p.contours, q.contours...)
	}
	return p
}

func (p *path) poly(pts ...pt) *path {
	p.contours = append(p.contours, slices.Clone(pts))
	return p
}

func union(ps ...*path) *path { return new(path).add(ps...) }

func poly(pts ...pt) *path { return new(path).poly(pts...) }

// affine maps (x, y) to (a*x + c*y + e, b*x + d*y + f).
type affine struct{ a, b, c, d, e, f float64 }

func identity() affine { return affine{1, 0, 0, 1, 0, 0} }

func translate(dx, dy float64) affine { return affine{1, 0, 0, 1, dx, dy} }

func rotateAbout(cx, cy, theta float64) affine {
	s, c := math.Sincos(theta)
	return affine{c, s, -s, c, cx - c*cx + s*cy, cy - s*cx - c*cy}
}

func mirrorX(cx float64) affine { return affine{-1, 0, 0, 1, 2 * cx, 0} }

func mirrorY(cy float64) affine { return affine{1, 0, 0, -1, 0, 2 * cy} }

// then returns the map that applies m first, then n.
func (m affine) then(n affine) affine {
	return affine{
		a: n.a*m.a + n.c*m.b,
		b: n.b*m.a + n.d*m.b,
		c: n.a*m.c + n.c*m.d,
		d: n.b*m.c + n.d*m.d,
		e: n.a*m.e + n.c*m.f + n.e,
		f: n.b*m.e + n.d*m.f + n.f,
	}
}

func (m affine) apply(q pt) pt {
	return pt{m.a*q.x + m.c*q.y + m.e, m.b*q.x + m.d*q.y + m.f}
}

func (p *path) xf(m affine) *path {
	r := &path{contours: make([][]pt, len(p.contours))}
	for i, ct := range p.contours {
		r.contours[i] = make([]pt, len(ct))
		for j, q := range ct {
			r.contours[i][j] = m.apply(q)
		}
	}
	return r
}

// mirrored returns p together with its reflection about the vertical line x=cx:
// the fold of a paper cut.
func mirrored(p *path, cx float64) *path { return union(p, p.xf(mirrorX(cx))) }

// rotations returns n copies of p turned evenly about (cx, cy).
func rotations(p *path, cx, cy float64, n int) *path {
	r := new(path)
	for i := range n {
		r.add(p.xf(rotateAbout(cx, cy, 2*math.Pi*float64(i)/float64(n))))
	}
	return r
}

func segmentsFor(length float64) int {
	return max(12, min(256, int(length/3)))
}

func arcPts(cx, cy, r, a0, a1 float64) []pt {
	n := segmentsFor(math.Abs(a1-a0) * r)
	pts := make([]pt, n+1)
	for i := range n + 1 {
		a := a0 + (a1-a0)*float64(i)/float64(n)
		s, c := math.Sincos(a)
		pts[i] = pt{cx + r*c, cy + r*s}
	}
	return pts
}

func quadPts(a, c, b pt) []pt {
	n := segmentsFor(math.Hypot(c.x-a.x, c.y-a.y) + math.Hypot(b.x-c.x, b.y-c.y))
	pts := make([]pt, n+1)
	for i := range n + 1 {
		t := float64(i) / float64(n)
		u := 1 - t
		pts[i] = pt{u*u*a.x + 2*u*t*c.x + t*t*b.x, u*u*a.y + 2*u*t*c.y + t*t*b.y}
	}
	return pts
}

func cubicPts(a, c1, c2, b pt) []pt {
	n := segmentsFor(math.Hypot(c1.x-a.x, c1.y-a.y) + math.Hypot(c2.x-c1.x, c2.y-c1.y) + math.Hypot(b.x-c2.x, b.y-c2.y))
	pts := make([]pt, n+1)
	for i := range n + 1 {
		t := float64(i) / float64(n)
		u := 1 - t
		w0, w1, w2, w3 := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
		pts[i] = pt{w0*a.x + w1*c1.x + w2*c2.x + w3*b.x, w0*a.y + w1*c1.y + w2*c2.y + w3*b.y}
	}
	return pts
}

func circle(cx, cy, r float64) *path {
	pts := arcPts(cx, cy, r, 0, 2*math.Pi)
	return poly(pts[:len(pts)-1]...)
}

func ellipse(cx, cy, rx, ry, rot float64) *path {
	n := segmentsFor(2 * math.Pi * max(rx, ry))
	pts := make([]pt, n)
	for i := range n {
		s, c := math.Sincos(2 * math.Pi * float64(i) / float64(n))
		pts[i] = pt{c, s}
	}
	m := affine{rx, 0, 0, ry, 0, 0}.then(rotateAbout(0, 0, rot)).then(translate(cx, cy))
	for i := range pts {
		pts[i] = m.apply(pts[i])
	}
	return poly(pts...)
}

func rect(x, y, w, h float64) *path {
	return poly(pt{x, y}, pt{x + w, y}, pt{x + w, y + h}, pt{x, y + h})
}

func roundRect(x, y, w, h, r float64) *path {
	r = min(r, w/2, h/2)
	var pts []pt
	pts = append(pts, arcPts(x+w-r, y+r, r, -math.Pi/2, 0)...)
	pts = append(pts, arcPts(x+w-r, y+h-r, r, 0, math.Pi/2)...)
	pts = append(pts, arcPts(x+r, y+h-r, r, math.Pi/2, math.Pi)...)
	pts = append(pts, arcPts(x+r, y+r, r, math.Pi, 1.5*math.Pi)...)
	return poly(pts...)
}

func diamond(cx, cy, r float64) *path {
	return poly(pt{cx, cy - r}, pt{cx + r, cy}, pt{cx, cy + r}, pt{cx - r, cy})
}

// ring is an annulus drawn as one contour (out along the outer circle, back
// along the inner one) with a hairline slit, so it fills as a ring.
func ring(cx, cy, r0, r1 float64) *path {
	outer := arcPts(cx, cy, r1, 0, 2*math.Pi)
	inner := arcPts(cx, cy, r0, 2*math.Pi, 0)
	return poly(append(outer, inner...)...)
}

// blossom is a five-petalled plum flower of radius r.
func blossom(cx, cy, r, rot float64) *path {
	p := circle(cx, cy, r*0.45)
	for i := range 5 {
		a := rot + 2*math.Pi*float64(i)/5 - math.Pi/2
		s, c := math.Sincos(a)
		p.add(circle(cx+c*r*0.55, cy+s*r*0.55, r*0.45))
	}
	return p
}

// petal is a teardrop from its base (x, y) pointing along ang.
func petal(x, y, ang, length, width float64) *path {
	w := width / 2
	var pts []pt
	pts = append(pts, cubicPts(pt{0, 0}, pt{length * 0.15, w * 1.3}, pt{length * 0.85, w * 1.1}, pt{length, 0})...)
	back := cubicPts(pt{length, 0}, pt{length * 0.85, -w * 1.1}, pt{length * 0.15, -w * 1.3}, pt{0, 0})
	pts = append(pts, back[1:len(back)-1]...)
	return poly(pts...).xf(rotateAbout(0, 0, ang).then(translate(x, y)))
}

// leaf is a lens pointed at both ends, from (x, y) along ang.
func leaf(x, y, ang, length, width float64) *path {
	var pts []pt
	pts = append(pts, quadPts(pt{0, 0}, pt{length / 2, width}, pt{length, 0})...)
	back := quadPts(pt{length, 0}, pt{length / 2, -width}, pt{0, 0})
	pts = append(pts, back[1:len(back)-1]...)
	return poly(pts...).xf(rotateAbout(0, 0, ang).then(translate(x, y)))
}

// stroke thickens a polyline, its width going from w0 to w1, with round
// joins and ends: a brush stroke for branches, steam and stems.
func stroke(pts []pt, w0, w1 float64) *path {
	p := new(path)
	if len(pts) == 0 {
		return p
	}
	cum := make([]float64, len(pts))
	for i := 1; i < len(pts); i++ {
		cum[i] = cum[i-1] + math.Hypot(pts[i].x-pts[i-1].x, pts[i].y-pts[i-1].y)
	}
	total := cum[len(cum)-1]
	width := func(i int) float64 {
		if total == 0 {
			return w0
		}
		return w0 + (w1-w0)*cum[i]/total
	}
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		l := math.Hypot(b.x-a.x, b.y-a.y)
		if l == 0 {
			continue
		}
		nx, ny := -(b.y-a.y)/l, (b.x-a.x)/l
		wa, wb := width(i)/2, width(i+1)/2
		p.poly(pt{a.x + nx*wa, a.y + ny*wa}, pt{b.x + nx*wb, b.y + ny*wb}, pt{b.x - nx*wb, b.y - ny*wb}, pt{a.x - nx*wa, a.y - ny*wa})
	}
	step := max(1, len(pts)/24)
	for i := 0; i < len(pts); i += step {
		p.add(circle(pts[i].x, pts[i].y, width(i)/2))
	}
	last := len(pts) - 1
	p.add(circle(pts[last].x, pts[last].y, width(last)/2))
	return p
}

func line(a, b pt, w float64) *path { return stroke([]pt{a, b}, w, w) }

// ---------------------------------------------------------------------------
// Rasterizer: nonzero scanline fill with sub×sub samples per pixel, in
// integer fixed point (unit per pixel) so no floating-point rounding reaches
// the pixels.

const (
	sub  = 4
	unit = 64
)

type canvas struct {
	img  *image.RGBA
	w, h int
	clip image.Rectangle
	cov  []uint8
	xs   []crossing
}

type crossing struct {
	x   int64
	dir int
}

type edge struct {
	x0, y0, x1, y1 int64
	dir            int
}

func newCanvas(w, h int) *canvas {
	c := &canvas{img: image.NewRGBA(image.Rect(0, 0, w, h)), w: w, h: h, cov: make([]uint8, w)}
	c.clip = c.img.Bounds()
	return c
}

func (c *canvas) clipTo(r image.Rectangle) { c.clip = r.Intersect(c.img.Bounds()) }

func (c *canvas) unclip() { c.clip = c.img.Bounds() }

func fixed(v float64) int64 { return int64(math.Round(v * unit)) }

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func ceilDiv(a, b int64) int64 { return -floorDiv(-a, b) }

func signedArea(ct []pt) float64 {
	var s float64
	for i := range ct {
		a, b := ct[i], ct[(i+1)%len(ct)]
		s += a.x*b.y - b.x*a.y
	}
	return s
}

// fill paints the union of p's contours in col; col.A is the opacity.
func (c *canvas) fill(col color.RGBA, p *path) {
	var edges []edge
	minY, maxY := int64(math.MaxInt64), int64(math.MinInt64)
	for _, ct := range p.contours {
		if len(ct) < 3 {
			continue
		}
		// Every contour is turned the same way, so overlaps add up and the
		// nonzero rule fills their union.
		rev := signedArea(ct) < 0
		for i := range ct {
			a, b := ct[i], ct[(i+1)%len(ct)]
			if rev {
				a, b = b, a
			}
			e := edge{fixed(a.x), fixed(a.y), fixed(b.x), fixed(b.y), 1}
			if e.y0 == e.y1 {
				continue
			}
			if e.y1 < e.y0 {
				e = edge{e.x1, e.y1, e.x0, e.y0, -1}
			}
			edges = append(edges, e)
			minY, maxY = min(minY, e.y0), max(maxY, e.y1)
		}
	}
	if len(edges) == 0 {
		return
	}
	py0 := max(int64(c.clip.Min.Y), floorDiv(minY, unit))
	py1 := min(int64(c.clip.Max.Y)-1, floorDiv(maxY, unit))
	for py := py0; py <= py1; py++ {
		clear(c.cov)
		hit := false
		for j := range int64(sub) {
			ys := py*unit + (2*j+1)*unit/(2*sub)
			c.xs = c.xs[:0]
			for _, e := range edges {
				if ys < e.y0 || ys >= e.y1 {
					continue
				}
				c.xs = append(c.xs, crossing{e.x0 + (ys-e.y0)*(e.x1-e.x0)/(e.y1-e.y0), e.dir})
			}
			slices.SortFunc(c.xs, func(a, b crossing) int {
				return cmp.Or(cmp.Compare(a.x, b.x), cmp.Compare(a.dir, b.dir))
			})
			wind := 0
			var start int64
			for _, x := range c.xs {
				prev := wind
				wind += x.dir
				switch {
				case prev == 0 && wind != 0:
					start = x.x
				case prev != 0 && wind == 0:
					if c.span(start, x.x) {
						hit = true
					}
				}
			}
		}
		if hit {
			c.composite(int(py), col)
		}
	}
}

// span adds the samples of one sample row lying in [xa, xb) to the coverage.
func (c *canvas) span(xa, xb int64) bool {
	const half, step = unit / (2 * sub), unit / sub
	k0 := max(ceilDiv(xa-half, step), int64(c.clip.Min.X)*sub)
	k1 := min(ceilDiv(xb-half, step), int64(c.clip.Max.X)*sub)
	for k := k0; k < k1; k++ {
		c.cov[k/sub]++
	}
	return k1 > k0
}

func (c *canvas) composite(y int, col color.RGBA) {
	const full = sub * sub * 255
	row := c.img.Pix[y*c.img.Stride:]
	for x := c.clip.Min.X; x < c.clip.Max.X; x++ {
		cv := c.cov[x]
		if cv == 0 {
			continue
		}
		a := uint32(cv) * uint32(col.A)
		px := row[4*x : 4*x+4]
		px[0] = uint8((uint32(col.R)*a + uint32(px[0])*(full-a) + full/2) / full)
		px[1] = uint8((uint32(col.G)*a + uint32(px[1])*(full-a) + full/2) / full)
		px[2] = uint8((uint32(col.B)*a + uint32(px[2])*(full-a) + full/2) / full)
		px[3] = 255
	}
}

func (c *canvas) background(col color.RGBA) {
	c.fill(col, rect(0, 0, float64(c.w), float64(c.h)))
}

// ---------------------------------------------------------------------------
// Shared motifs.

// frame draws the red paper-cut border of a cover and restricts later drawing
// to its inside; finishFrame adds the corner ornaments on top.
func frame(c *canvas, inside color.RGBA) {
	w, h := float64(c.w), float64(c.h)
	c.background(cream)
	c.fill(red, roundRect(12, 12, w-24, h-24, 22))
	c.fill(cream, roundRect(30, 30, w-60, h-60, 12))
	cuts := new(path)
	for x := 64.0; x <= w-64; x += 30 {
		cuts.add(diamond(x, 21, 5), diamond(x, h-21, 5))
	}
	for y := 64.0; y <= h-64; y += 30 {
		cuts.add(diamond(21, y, 5), diamond(w-21, y, 5))
	}
	c.fill(cream, cuts)
	c.fill(red, roundRect(38, 38, w-76, h-76, 8))
	c.fill(inside, roundRect(42, 42, w-84, h-84, 6))
	c.clipTo(image.Rect(43, 43, c.w-43, c.h-43))
}

func finishFrame(c *canvas) {
	w, h := float64(c.w), float64(c.h)
	c.clipTo(image.Rect(42, 42, c.w-42, c.h-42))
	corners := []pt{{42, 42}, {w - 42, 42}, {42, h - 42}, {w - 42, h - 42}}
	for _, q := range corners {
		c.fill(red, circle(q.x, q.y, 50))
		dx, dy := 1.0, 1.0
		if q.x > w/2 {
			dx = -1
		}
		if q.y > h/2 {
			dy = -1
		}
		c.fill(cream, blossom(q.x+dx*22, q.y+dy*22, 15, 0))
		c.fill(red, circle(q.x+dx*22, q.y+dy*22, 3.5))
		c.fill(cream, ring(q.x, q.y, 41, 44))
	}
	c.unclip()
}

// rosette is a round paper-cut window flower (窗花) with folds-fold symmetry.
func rosette(c *canvas, cx, cy, r float64, fg, bg color.RGBA, folds int) {
	edgeBumps := new(path).add(circle(cx, cy, r*0.86))
	for i := range folds * 2 {
		a := 2 * math.Pi * float64(i) / float64(folds*2)
		s, co := math.Sincos(a)
		edgeBumps.add(circle(cx+co*r*0.86, cy+s*r*0.86, r*0.15))
	}
	c.fill(fg, edgeBumps)
	// Sawtooth (锯齿纹) round the rim, the mark of scissors work.
	teeth := new(path)
	n := folds * 8
	for i := range n {
		a0 := 2 * math.Pi * float64(i) / float64(n)
		a1 := 2 * math.Pi * (float64(i) + 0.5) / float64(n)
		a2 := 2 * math.Pi * (float64(i) + 1) / float64(n)
		p0 := pt{cx + math.Cos(a0)*r*0.70, cy + math.Sin(a0)*r*0.70}
		p1 := pt{cx + math.Cos(a1)*r*0.76, cy + math.Sin(a1)*r*0.76}
		p2 := pt{cx + math.Cos(a2)*r*0.70, cy + math.Sin(a2)*r*0.70}
		teeth.poly(p0, p1, p2)
	}
	c.fill(bg, teeth)
	c.fill(bg, ring(cx, cy, r*0.665, r*0.70))
	// Teardrops between the bumps.
	drop := petal(cx, cy-r*0.30, -math.Pi/2, r*0.33, r*0.15)
	c.fill(bg, rotations(drop, cx, cy, folds))
	// Crescents (月牙纹) between the teardrops.
	for i := range folds {
		a := 2*math.Pi*(float64(i)+0.5)/float64(folds) - math.Pi/2
		s, co := math.Sincos(a)
		mx, my := cx+co*r*0.47, cy+s*r*0.47
		c.fill(bg, circle(mx, my, r*0.09))
		c.fill(fg, circle(mx+co*r*0.04, my+s*r*0.04, r*0.085))
	}
	c.fill(bg, circle(cx, cy, r*0.25))
	c.fill(fg, blossom(cx, cy, r*0.21, 0))
	c.fill(bg, circle(cx, cy, r*0.05))
	dots := new(path)
	for i := range 5 {
		a := 2*math.Pi*float64(i)/5 - math.Pi/2 + math.Pi/5
		dots.add(circle(cx+math.Cos(a)*r*0.10, cy+math.Sin(a)*r*0.10, r*0.018))
	}
	c.fill(bg, dots)
}

// flower draws a plum blossom with a pale heart and stamens.
func flower(c *canvas, cx, cy, r, rot float64, petals, heart color.RGBA) {
	c.fill(petals, blossom(cx, cy, r, rot))
	c.fill(heart, circle(cx, cy, r*0.28))
	dots := new(path)
	for i := range 6 {
		a := rot + 2*math.Pi*float64(i)/6
		dots.add(circle(cx+math.Cos(a)*r*0.42, cy+math.Sin(a)*r*0.42, r*0.06))
	}
	c.fill(heart, dots)
}

// branch draws a tapering ink branch along a cubic curve and returns its
// points so blossoms can sit on it.
func branch(c *canvas, col color.RGBA, a, c1, c2, b pt, w0, w1 float64) []pt {
	pts := cubicPts(a, c1, c2, b)
	c.fill(col, stroke(pts, w0, w1))
	return pts
}

// bamboo draws one stalk from the bottom up with its nodes.
func bamboo(c *canvas, x, yTop, yBottom, w float64, col, node color.RGBA, lean float64) {
	top := pt{x + lean, yTop}
	c.fill(col, stroke([]pt{{x, yBottom}, top}, w, w*0.8))
	for y := yBottom - 70; y > yTop+20; y -= 75 {
		t := (yBottom - y) / (yBottom - yTop)
		cx := x + lean*t
		ww := w * (1 - 0.2*t)
		c.fill(node, roundRect(cx-ww/2-2, y-3, ww+4, 6, 3))
	}
}

func bambooLeaves(c *canvas, x, y float64, col color.RGBA, dir float64, rng *rand.Rand) {
	for i := range 4 {
		a := dir + (float64(i)-1.5)*0.38 + (rng.Float64()-0.5)*0.15
		c.fill(col, leaf(x, y, a, 70+rng.Float64()*25, 11))
	}
}

// house draws a whitewashed Jiangnan house (粉墙黛瓦) with stepped gable walls.
func house(c *canvas, x, base, w, h float64, door color.RGBA) {
	c.fill(wall, rect(x, base-h, w, h))
	c.fill(roof, poly(pt{x - 12, base - h + 4}, pt{x + w + 12, base - h + 4}, pt{x + w - 18, base - h - h*0.32}, pt{x + 18, base - h - h*0.32}))
	// Horse-head walls (马头墙) at both ends.
	gw := w * 0.14
	for _, gx := range []float64{x - 4, x + w + 4 - gw} {
		c.fill(wall, rect(gx, base-h-h*0.42, gw, h*0.42+2))
		c.fill(roof, poly(pt{gx - 7, base - h - h*0.42}, pt{gx + gw + 7, base - h - h*0.42}, pt{gx + gw + 2, base - h - h*0.42 - 9}, pt{gx - 2, base - h - h*0.42 - 9}))
	}
	c.fill(door, roundRect(x+w/2-w*0.09, base-h*0.48, w*0.18, h*0.48, 4))
	for _, wx := range []float64{x + w*0.16, x + w*0.70} {
		c.fill(roof, rect(wx, base-h*0.72, w*0.14, h*0.22))
		c.fill(wall, rect(wx+w*0.065, base-h*0.72, w*0.01+1, h*0.22))
	}
	c.fill(stone, rect(x-6, base-5, w+12, 5))
}

// tree draws a round-crowned tree.
func tree(c *canvas, x, base, r float64, rng *rand.Rand) {
	c.fill(brown, poly(pt{x - r*0.12, base}, pt{x + r*0.12, base}, pt{x + r*0.06, base - r*1.3}, pt{x - r*0.06, base - r*1.3}))
	crown := new(path)
	for range 9 {
		a := rng.Float64() * 2 * math.Pi
		d := rng.Float64() * r * 0.45
		crown.add(circle(x+math.Cos(a)*d, base-r*1.55+math.Sin(a)*d*0.7, r*(0.45+rng.Float64()*0.15)))
	}
	c.fill(green, crown)
	c.fill(withAlpha(leafGreen, 160), circle(x-r*0.25, base-r*1.75, r*0.32))
}

func hills(c *canvas, y float64, col color.RGBA, amp float64, phase float64) {
	w := float64(c.w)
	var pts []pt
	for i := 0; i <= 64; i++ {
		x := w * float64(i) / 64
		pts = append(pts, pt{x, y - amp*(0.6+0.4*math.Sin(x/170+phase))*math.Abs(math.Sin(x/260+phase*0.7))})
	}
	pts = append(pts, pt{w, float64(c.h)}, pt{0, float64(c.h)})
	c.fill(col, poly(pts...))
}

// steam draws a rising wisp.
func steam(c *canvas, x, y, height float64, col color.RGBA) {
	var pts []pt
	for i := 0; i <= 40; i++ {
		t := float64(i) / 40
		pts = append(pts, pt{x + 9*math.Sin(t*2*math.Pi*1.3), y - t*height})
	}
	c.fill(col, stroke(pts, 7, 3))
}

// cup draws a tea cup sitting on its saucer at (cx, base), tea of colour tea.
func cup(c *canvas, cx, base, w float64, body, tea color.RGBA) {
	h := w * 0.62
	c.fill(deepRed, ellipse(cx, base, w*0.62, w*0.11, 0))
	top := base - h
	var pts []pt
	pts = append(pts, pt{cx - w/2, top})
	pts = append(pts, cubicPts(pt{cx - w/2, top}, pt{cx - w/2, top + h*0.8}, pt{cx - w*0.25, base - 4}, pt{cx, base - 4})...)
	pts = append(pts, cubicPts(pt{cx, base - 4}, pt{cx + w*0.25, base - 4}, pt{cx + w/2, top + h*0.8}, pt{cx + w/2, top})...)
	c.fill(body, poly(pts...))
	c.fill(body, ellipse(cx, top, w/2, w*0.12, 0))
	c.fill(tea, ellipse(cx, top+1, w/2-6, w*0.12-5, 0))
	c.fill(cream, blossom(cx, top+h*0.5, w*0.14, 0))
	c.fill(body, circle(cx, top+h*0.5, w*0.03))
}

// ---------------------------------------------------------------------------
// The pictures.

func drawTeahouse(c *canvas, rng *rand.Rand) {
	frame(c, paper)
	c.fill(moon, circle(560, 330, 250))
	// Plum branch from the top left.
	pts := branch(c, ink, pt{30, 120}, pt{160, 90}, pt{250, 160}, pt{390, 130}, 18, 4)
	branch(c, ink, pts[len(pts)/3], pt{190, 180}, pt{210, 230}, pt{240, 250}, 8, 3)
	for i, q := range []pt{{150, 112}, {300, 148}, {380, 124}, {232, 240}, {205, 150}} {
		flower(c, q.x, q.y, 22-float64(i%3)*3, float64(i), red, paper)
	}
	// Bamboo on the right.
	bamboo(c, 1110, 60, 700, 26, green, darkGreen, -10)
	bamboo(c, 1170, 120, 700, 20, leafGreen, green, 8)
	bambooLeaves(c, 1104, 230, green, math.Pi*0.85, rng)
	bambooLeaves(c, 1160, 330, leafGreen, math.Pi*0.15, rng)
	bambooLeaves(c, 1100, 470, green, math.Pi*0.9, rng)
	// Table.
	c.fill(wood, roundRect(120, 590, 1000, 26, 8))
	c.fill(brown, rect(150, 616, 940, 12))
	// Teapot.
	c.fill(red, stroke(arcPts(330, 440, 78, math.Pi*0.55, math.Pi*1.45), 26, 26))
	c.fill(red, stroke(quadPts(pt{620, 470}, pt{720, 470}, pt{770, 330}), 54, 22))
	c.fill(red, ellipse(480, 470, 175, 120, 0))
	c.fill(deepRed, ellipse(480, 362, 95, 22, 0))
	c.fill(red, poly(arcPts(480, 360, 74, math.Pi, 2*math.Pi)...))
	c.fill(deepRed, circle(480, 282, 18))
	c.fill(cream, ring(480, 470, 96, 104))
	c.fill(cream, blossom(480, 470, 62, 0))
	c.fill(red, blossom(480, 470, 28, math.Pi/5))
	c.fill(cream, circle(480, 470, 7))
	c.fill(deepRed, ellipse(480, 588, 120, 10, 0))
	// Cups and steam.
	cup(c, 800, 585, 120, red, gold)
	cup(c, 960, 585, 120, red, plumGreen)
	steam(c, 785, 500, 90, withAlpha(red, 70))
	steam(c, 815, 505, 70, withAlpha(red, 50))
	steam(c, 950, 500, 95, withAlpha(red, 70))
	steam(c, 775, 300, 70, withAlpha(red, 60))
	finishFrame(c)
}

// Tea colours of the seven teas (七味茶), in the order of the story.
var sevenTeas = []color.RGBA{
	rgb(0xE9, 0xC4, 0x4A), // 金银花茶
	rgb(0xB7, 0xCB, 0x86), // 莲心茶
	rgb(0xF1, 0xA9, 0xA6), // 荷花茶
	rgb(0xF0, 0xD7, 0x6E), // 菊花茶
	rgb(0x86, 0xB5, 0x6A), // 竹叶茶
	rgb(0xC8, 0xD9, 0x6A), // 青梅茶
	rgb(0xD8, 0xB0, 0x6A), // 清茶
}

func drawSevenTeas(c *canvas, rng *rand.Rand) {
	c.background(paper)
	c.fill(red, rect(0, 0, float64(c.w), 14))
	c.fill(red, rect(0, float64(c.h)-14, float64(c.w), 14))
	// Runner with cut diamonds.
	c.fill(red, roundRect(40, 380, 880, 60, 10))
	cuts := new(path)
	for x := 70.0; x < 900; x += 40 {
		cuts.add(diamond(x, 410, 10))
	}
	c.fill(cream, cuts)
	for i, tea := range sevenTeas {
		x := 120 + float64(i)*120
		base := 372.0 - 30*math.Sin(math.Pi*float64(i)/6)
		cup(c, x, base, 92, red, tea)
		steam(c, x-8, base-72, 60+rng.Float64()*20, withAlpha(red, 60))
		flower(c, x, base-200, 30, float64(i)*0.4, tea, red)
	}
	c.fill(deepRed, rect(0, 470, float64(c.w), 70))
	c.fill(red, rect(0, 470, float64(c.w), 8))
}

func drawQingmei(c *canvas, rng *rand.Rand) {
	frame(c, paper)
	c.fill(moon, circle(900, 250, 170))
	hills(c, 600, hill, 90, 0.3)
	hills(c, 650, hill2, 60, 1.7)
	main := branch(c, ink, pt{80, 690}, pt{300, 520}, pt{420, 330}, pt{760, 190}, 34, 6)
	b1 := branch(c, ink, main[len(main)/2], pt{520, 420}, pt{640, 420}, pt{780, 470}, 16, 4)
	b2 := branch(c, ink, main[len(main)*3/4], pt{560, 190}, pt{540, 130}, pt{500, 90}, 12, 3)
	b3 := branch(c, ink, main[len(main)/4], pt{150, 480}, pt{140, 400}, pt{190, 330}, 14, 4)
	onBranch := func(pts []pt, from, to float64, n int) []pt {
		var r []pt
		for i := range n {
			t := from + (to-from)*float64(i)/float64(max(1, n-1))
			q := pts[int(t*float64(len(pts)-1))]
			r = append(r, pt{q.x + (rng.Float64()-0.5)*40, q.y + (rng.Float64()-0.5)*40})
		}
		return r
	}
	// Green plums (青梅) hang below the twigs, blossoms sit on them.
	for _, q := range append(onBranch(b1, 0.3, 0.9, 3), onBranch(main, 0.5, 0.8, 2)...) {
		c.fill(darkGreen, line(pt{q.x, q.y - 10}, pt{q.x, q.y + 18}, 4))
		c.fill(plumGreen, circle(q.x, q.y+40, 26))
		c.fill(withAlpha(paper, 120), ellipse(q.x-9, q.y+31, 7, 10, -0.5))
		c.fill(green, leaf(q.x, q.y+12, -0.6, 44, 12))
	}
	for _, set := range [][]pt{onBranch(main, 0.35, 1, 6), onBranch(b2, 0.2, 1, 3), onBranch(b3, 0.3, 1, 3), onBranch(b1, 0.1, 1, 3)} {
		for _, q := range set {
			flower(c, q.x, q.y, 22+rng.Float64()*10, rng.Float64()*2, red, paper)
		}
	}
	for range 8 {
		q := main[rng.IntN(len(main))]
		c.fill(deepRed, circle(q.x+(rng.Float64()-0.5)*50, q.y+(rng.Float64()-0.5)*50, 7))
	}
	// Falling petals.
	for range 7 {
		x, y := 820+rng.Float64()*300, 380+rng.Float64()*230
		c.fill(withAlpha(red, 200), petal(x, y, rng.Float64()*6, 20, 14))
	}
	finishFrame(c)
}

func drawFourGentlemen(c *canvas, rng *rand.Rand) {
	c.background(paper)
	const pw, ph, top = 200.0, 440.0, 50.0
	for i := range 4 {
		x := 40 + float64(i)*(pw+20)
		cx := x + pw/2
		c.fill(red, roundRect(x, top, pw, ph, 14))
		c.fill(cream, roundRect(x+8, top+8, pw-16, ph-16, 9))
		c.clipTo(image.Rect(int(x)+9, int(top)+9, int(x+pw)-9, int(top+ph)-9))
		switch i {
		case 0: // 梅
			pts := branch(c, ink, pt{x + 20, top + ph}, pt{x + 40, top + 300}, pt{x + 160, top + 260}, pt{x + 150, top + 90}, 16, 4)
			for j, q := range []pt{pts[len(pts)/3], pts[len(pts)/2], pts[len(pts)*3/4], pts[len(pts)-1]} {
				flower(c, q.x+float64(j%2)*20-10, q.y, 20, float64(j), red, paper)
			}
		case 1: // 兰
			for j := range 6 {
				s := float64(j) - 2.5
				pts := quadPts(pt{cx + s*6, top + ph - 40}, pt{cx + s*40, top + 250 - math.Abs(s)*20}, pt{cx + s*55, top + 120 + math.Abs(s)*40})
				c.fill(green, stroke(pts, 9, 2))
			}
			for j := range 3 {
				fx, fy := cx-30+float64(j)*30, top+170+float64(j%2)*40
				for k := range 5 {
					c.fill(red, petal(fx, fy, -math.Pi/2+(float64(k)-2)*0.5, 26, 12))
				}
				c.fill(gold, circle(fx, fy, 4))
			}
			c.fill(deepRed, ellipse(cx, top+ph-30, 50, 14, 0))
		case 2: // 竹
			bamboo(c, cx-30, top+40, top+ph, 20, green, darkGreen, 8)
			bamboo(c, cx+35, top+100, top+ph, 14, leafGreen, green, -10)
			bambooLeaves(c, cx-25, top+150, green, math.Pi*0.15, rng)
			bambooLeaves(c, cx+30, top+240, darkGreen, math.Pi*0.85, rng)
			bambooLeaves(c, cx-20, top+330, leafGreen, math.Pi*0.2, rng)
		case 3: // 菊
			c.fill(green, stroke(quadPts(pt{cx, top + ph}, pt{cx - 30, top + 300}, pt{cx, top + 170}), 7, 5))
			c.fill(green, leaf(cx-14, top+320, math.Pi*1.1, 50, 18))
			c.fill(green, leaf(cx-8, top+260, -0.2, 50, 18))
			for k := range 22 {
				a := 2 * math.Pi * float64(k) / 22
				c.fill(gold, petal(cx, top+160, a, 62, 12))
			}
			for k := range 14 {
				a := 2*math.Pi*float64(k)/14 + 0.2
				c.fill(paleGold, petal(cx, top+160, a, 38, 10))
			}
			c.fill(orange, circle(cx, top+160, 12))
		}
		c.unclip()
	}
}

// persimmon draws a square-topped persimmon (方顶柿).
func persimmon(c *canvas, cx, cy, r float64) {
	c.fill(orange, roundRect(cx-r, cy-r*0.85, 2*r, 1.8*r, r*0.6))
	c.fill(lightOrg, ellipse(cx-r*0.4, cy-r*0.25, r*0.18, r*0.3, 0.3))
	for k := range 4 {
		a := -math.Pi/2 + float64(k)*math.Pi/2 + math.Pi/4
		c.fill(darkGreen, leaf(cx, cy-r*0.8, a, r*0.55, r*0.22))
	}
	c.fill(brown, rect(cx-r*0.06, cy-r*1.05, r*0.12, r*0.3))
}

func drawPersimmonVillage(c *canvas, rng *rand.Rand) {
	frame(c, paleTeal)
	c.fill(withAlpha(paper, 200), circle(1050, 170, 70))
	hills(c, 430, hill2, 70, 2.2)
	// Golden rice fields (金色稻田).
	c.fill(paleGold, rect(0, 470, float64(c.w), 260))
	for i := range 6 {
		y := 500 + float64(i)*38
		c.fill(gold, poly(pt{0, y}, pt{float64(c.w), y - 20}, pt{float64(c.w), y - 6}, pt{0, y + 14}))
	}
	house(c, 620, 480, 190, 110, deepRed)
	house(c, 840, 470, 150, 90, deepRed)
	house(c, 1010, 478, 170, 100, deepRed)
	// The little train across the fields.
	c.fill(stone, rect(43, 630, float64(c.w), 6))
	for i := range 4 {
		x := 560 + float64(i)*130
		col := paper
		if i == 0 {
			col = red
		}
		c.fill(col, roundRect(x, 572, 120, 56, 12))
		if i == 0 {
			c.fill(deepRed, rect(x+80, 552, 18, 22))
		} else {
			for k := range 3 {
				c.fill(teal, roundRect(x+14+float64(k)*34, 584, 24, 20, 4))
			}
			c.fill(red, rect(x, 612, 120, 6))
		}
		c.fill(ink, circle(x+30, 630, 11))
		c.fill(ink, circle(x+90, 630, 11))
	}
	// Old persimmon tree.
	trunk := cubicPts(pt{300, 690}, pt{320, 560}, pt{270, 460}, pt{300, 300})
	c.fill(brown, stroke(trunk, 60, 24))
	branches := [][4]pt{
		{{300, 420}, {220, 380}, {160, 330}, {110, 260}},
		{{300, 380}, {380, 330}, {440, 300}, {500, 230}},
		{{300, 320}, {260, 240}, {240, 190}, {250, 120}},
		{{300, 330}, {340, 250}, {380, 200}, {400, 130}},
	}
	var tips []pt
	for _, b := range branches {
		pts := cubicPts(b[0], b[1], b[2], b[3])
		c.fill(brown, stroke(pts, 20, 6))
		tips = append(tips, pts[len(pts)/2], pts[len(pts)-1])
	}
	canopy := new(path)
	for _, q := range tips {
		canopy.add(circle(q.x, q.y, 70))
	}
	canopy.add(circle(300, 250, 120))
	c.fill(withAlpha(green, 200), canopy)
	leaves := new(path)
	for range 90 {
		q := tips[rng.IntN(len(tips))]
		x, y := q.x+(rng.Float64()-0.5)*150, q.y+(rng.Float64()-0.5)*110
		leaves.add(leaf(x, y, rng.Float64()*2*math.Pi, 40, 14))
	}
	c.fill(leafGreen, leaves)
	for range 16 {
		q := tips[rng.IntN(len(tips))]
		persimmon(c, q.x+(rng.Float64()-0.5)*130, q.y+(rng.Float64()-0.5)*100, 19+rng.Float64()*6)
	}
	finishFrame(c)
}

func drawSquarePersimmons(c *canvas, rng *rand.Rand) {
	c.background(cream)
	c.fill(moon, circle(480, 300, 230))
	rosette(c, 850, 430, 95, red, cream, 8)
	rosette(c, 105, 440, 70, red, cream, 6)
	pts := branch(c, brown, pt{-20, 90}, pt{250, 40}, pt{520, 130}, pt{980, 70}, 30, 10)
	for _, k := range []int{len(pts) / 6, len(pts) * 2 / 5, len(pts) * 3 / 5, len(pts) * 5 / 6} {
		q := pts[k]
		c.fill(green, leaf(q.x, q.y, -0.9+rng.Float64()*0.3, 110, 34))
		c.fill(darkGreen, leaf(q.x, q.y, 2.4+rng.Float64()*0.3, 95, 30))
	}
	for i, k := range []int{len(pts) * 3 / 10, len(pts) / 2, len(pts) * 7 / 10} {
		q := pts[k]
		drop := 170 + float64(i%2)*70
		c.fill(brown, line(q, pt{q.x, q.y + drop - 80}, 7))
		persimmon(c, q.x, q.y+drop, 80)
	}
	c.fill(red, rect(0, float64(c.h)-18, float64(c.w), 18))
}

// sealFace draws a square seal impression: a cut border, a ring and a
// blossom, with no characters (the pictures carry no text).
func sealFace(c *canvas, cx, cy, s float64, fg, bg color.RGBA) {
	c.fill(fg, roundRect(cx-s/2, cy-s/2, s, s, s*0.06))
	c.fill(bg, roundRect(cx-s*0.42, cy-s*0.42, s*0.84, s*0.84, s*0.03))
	c.fill(fg, roundRect(cx-s*0.39, cy-s*0.39, s*0.78, s*0.78, s*0.02))
	corners := new(path)
	for _, d := range []pt{{-1, -1}, {1, -1}, {-1, 1}, {1, 1}} {
		corners.add(diamond(cx+d.x*s*0.29, cy+d.y*s*0.29, s*0.05))
	}
	c.fill(bg, corners)
	c.fill(bg, ring(cx, cy, s*0.25, s*0.28))
	c.fill(bg, blossom(cx, cy, s*0.19, 0))
	c.fill(fg, circle(cx, cy, s*0.045))
}

func drawSmartSeal(c *canvas, rng *rand.Rand) {
	frame(c, paper)
	c.fill(moon, circle(640, 380, 270))
	// A document on the left, already stamped.
	doc := affine{1, 0, 0, 1, 0, 0}.then(rotateAbout(300, 400, -0.08))
	c.fill(withAlpha(stone, 120), rect(200, 208, 250, 330).xf(doc))
	c.fill(wall, rect(190, 196, 250, 330).xf(doc))
	for i := range 7 {
		w := 180.0
		if i == 6 {
			w = 110
		}
		c.fill(stone, rect(222, 240+float64(i)*28, w, 8).xf(doc))
	}
	c.fill(withAlpha(red, 220), ring(360, 470, 38, 46).xf(doc))
	c.fill(withAlpha(red, 220), blossom(360, 470, 24, 0).xf(doc))
	// The seal in its electronic sleeve (电子套筒).
	c.fill(withAlpha(teal, 60), roundRect(530, 150, 220, 380, 30))
	c.fill(teal, roundRect(530, 150, 220, 12, 6))
	c.fill(teal, roundRect(530, 518, 220, 12, 6))
	c.fill(teal, rect(530, 150, 10, 380))
	c.fill(teal, rect(740, 150, 10, 380))
	c.fill(deepRed, ellipse(640, 205, 46, 50, 0))
	c.fill(red, poly(pt{600, 240}, pt{680, 240}, pt{700, 330}, pt{580, 330}))
	c.fill(red, roundRect(570, 330, 140, 160, 10))
	c.fill(cream, rect(570, 360, 140, 8))
	c.fill(cream, rect(570, 460, 140, 8))
	c.fill(cream, blossom(640, 412, 26, 0))
	c.fill(rgb(0x5C, 0xC2, 0x6A), circle(715, 180, 9))
	// Lock on the sleeve.
	c.fill(teal, stroke(arcPts(640, 560, 22, math.Pi, 2*math.Pi), 8, 8))
	c.fill(teal, roundRect(610, 558, 60, 46, 8))
	c.fill(paper, circle(640, 576, 6))
	c.fill(paper, rect(637, 578, 6, 14))
	// The impression on the right.
	sealFace(c, 950, 380, 230, red, paper)
	for range 5 {
		x, y := 820+rng.Float64()*260, 230+rng.Float64()*300
		if math.Abs(x-950) < 125 && math.Abs(y-380) < 125 {
			continue
		}
		c.fill(withAlpha(red, 120), circle(x, y, 3+rng.Float64()*3))
	}
	finishFrame(c)
}

// arrowArc draws a curved arrow along a circle from a0 to a1.
func arrowArc(c *canvas, cx, cy, r, a0, a1 float64, col color.RGBA) {
	pts := arcPts(cx, cy, r, a0, a1)
	c.fill(col, stroke(pts, 10, 10))
	tip := pts[len(pts)-1]
	dir := a1 + math.Pi/2
	if a1 < a0 {
		dir = a1 - math.Pi/2
	}
	s, co := math.Sincos(dir)
	nx, ny := -s, co
	c.fill(col, poly(pt{tip.x + co*24, tip.y + s*24}, pt{tip.x + nx*18, tip.y + ny*18}, pt{tip.x - nx*18, tip.y - ny*18}))
}

func drawSealLoop(c *canvas, _ *rand.Rand) {
	c.background(paper)
	const cx, cy, R = 480.0, 270.0, 175.0
	c.fill(moon, circle(cx, cy, 230))
	centres := []pt{{cx, cy - R}, {cx + R, cy}, {cx, cy + R}, {cx - R, cy}}
	for i := range 4 {
		a0 := -math.Pi/2 + float64(i)*math.Pi/2 + 0.42
		a1 := a0 + math.Pi/2 - 0.84
		arrowArc(c, cx, cy, R, a0, a1, red)
	}
	for i, q := range centres {
		c.fill(red, circle(q.x, q.y, 72))
		c.fill(paper, circle(q.x, q.y, 60))
		switch i {
		case 0: // 审: a magnifying glass
			c.fill(teal, ring(q.x-8, q.y-8, 20, 30))
			c.fill(teal, line(pt{q.x + 12, q.y + 12}, pt{q.x + 34, q.y + 34}, 12))
		case 1: // 用: a seal
			c.fill(red, circle(q.x, q.y-28, 12))
			c.fill(red, poly(pt{q.x - 10, q.y - 18}, pt{q.x + 10, q.y - 18}, pt{q.x + 16, q.y + 4}, pt{q.x - 16, q.y + 4}))
			c.fill(red, roundRect(q.x-28, q.y+4, 56, 26, 4))
			c.fill(deepRed, rect(q.x-34, q.y+36, 68, 6))
		case 2: // 管: a lock
			c.fill(teal, stroke(arcPts(q.x, q.y-8, 18, math.Pi, 2*math.Pi), 9, 9))
			c.fill(teal, roundRect(q.x-30, q.y-10, 60, 44, 8))
			c.fill(paper, circle(q.x, q.y+6, 6))
			c.fill(paper, rect(q.x-3, q.y+8, 6, 14))
		case 3: // 督: an eye
			eye := union(poly(append(arcPts(q.x, q.y+30, 52, -math.Pi*0.8, -math.Pi*0.2), arcPts(q.x, q.y-30, 52, math.Pi*0.2, math.Pi*0.8)...)...))
			c.fill(teal, eye)
			c.fill(paper, circle(q.x, q.y, 15))
			c.fill(teal, circle(q.x, q.y, 8))
		}
	}
	rosette(c, cx, cy, 80, red, paper, 8)
}

func drawClearWindWatch(c *canvas, rng *rand.Rand) {
	frame(c, paleTeal)
	// Breeze (清风) bands across the sky.
	for i := range 3 {
		var pts []pt
		y0 := 120 + float64(i)*55
		for k := 0; k <= 60; k++ {
			x := 60 + float64(k)*19
			pts = append(pts, pt{x, y0 + 18*math.Sin(float64(k)/6+float64(i))})
		}
		c.fill(withAlpha(paper, 200), stroke(pts, 10, 3))
	}
	// A row of buildings.
	type bldg struct{ x, w, h float64 }
	for _, b := range []bldg{{80, 150, 260}, {250, 120, 340}, {390, 170, 220}, {860, 140, 300}, {1020, 200, 240}} {
		base := 620.0
		c.fill(rgb(0xE4, 0xE0, 0xD6), rect(b.x, base-b.h, b.w, b.h))
		c.fill(stone, rect(b.x, base-b.h, b.w, 10))
		for y := base - b.h + 30; y < base-40; y += 44 {
			for x := b.x + 18; x < b.x+b.w-30; x += 38 {
				col := rgb(0x9F, 0xBF, 0xC4)
				if rng.IntN(5) == 0 {
					col = paleGold
				}
				c.fill(col, rect(x, y, 22, 26))
			}
		}
	}
	// State-owned housing (清风居): a house with a key.
	house(c, 560, 620, 250, 170, teal)
	c.fill(gold, ring(685, 560, 12, 20))
	// Police data watch (清风警): a shield with a tick.
	shield := new(path).poly(append(append([]pt{{560, 210}, {640, 180}, {720, 210}}, cubicPts(pt{720, 210}, pt{720, 300}, pt{690, 350}, pt{640, 380})[1:]...), cubicPts(pt{640, 380}, pt{590, 350}, pt{560, 300}, pt{560, 210})[1:]...)...)
	c.fill(teal, shield)
	c.fill(paper, stroke([]pt{{600, 280}, {630, 312}, {688, 244}}, 16, 16))
	// Data network: nodes joined by lines.
	nodes := []pt{{180, 170}, {330, 120}, {470, 190}, {810, 150}, {960, 110}, {1100, 180}, {400, 300}, {900, 270}}
	links := [][2]int{{0, 1}, {1, 2}, {2, 6}, {3, 4}, {4, 5}, {5, 7}, {3, 7}, {0, 6}}
	for _, l := range links {
		c.fill(withAlpha(teal, 160), line(nodes[l[0]], nodes[l[1]], 4))
	}
	for _, l := range [][2]pt{{nodes[2], {560, 240}}, {nodes[3], {720, 240}}} {
		c.fill(withAlpha(teal, 160), line(l[0], l[1], 4))
	}
	for _, n := range nodes {
		c.fill(paper, circle(n.x, n.y, 15))
		c.fill(red, circle(n.x, n.y, 9))
	}
	c.fill(green, rect(43, 620, float64(c.w), 60))
	c.fill(leafGreen, rect(43, 620, float64(c.w), 10))
	finishFrame(c)
}

func drawSchool(c *canvas, rng *rand.Rand) {
	frame(c, paper)
	c.fill(moon, circle(640, 300, 260))
	bamboo(c, 120, 80, 700, 24, green, darkGreen, 12)
	bamboo(c, 175, 160, 700, 18, leafGreen, green, -6)
	bambooLeaves(c, 126, 240, green, -math.Pi*0.1, rng)
	bambooLeaves(c, 170, 380, leafGreen, math.Pi*0.1, rng)
	bamboo(c, 1160, 90, 700, 24, green, darkGreen, -12)
	bambooLeaves(c, 1154, 260, green, math.Pi*1.1, rng)
	bambooLeaves(c, 1156, 420, green, math.Pi*0.9, rng)
	// School building.
	c.fill(wall, rect(340, 260, 600, 290))
	c.fill(red, poly(pt{310, 270}, pt{970, 270}, pt{900, 200}, pt{380, 200}))
	c.fill(red, poly(pt{560, 205}, pt{720, 205}, pt{640, 130}))
	c.fill(paper, circle(640, 178, 24))
	c.fill(red, line(pt{640, 178}, pt{640, 164}, 4))
	c.fill(red, line(pt{640, 178}, pt{651, 184}, 4))
	for row := range 2 {
		for col := range 6 {
			x := 370 + float64(col)*95
			if col == 3 || col == 2 {
				x += 0
			}
			y := 290 + float64(row)*110
			if row == 1 && (col == 2 || col == 3) {
				continue
			}
			c.fill(rgb(0x9F, 0xBF, 0xC4), rect(x, y, 60, 70))
			c.fill(wall, rect(x+28, y, 4, 70))
		}
	}
	c.fill(deepRed, roundRect(590, 410, 100, 140, 6))
	c.fill(stone, rect(320, 548, 640, 10))
	// Open book.
	c.fill(deepRed, poly(pt{430, 640}, pt{640, 664}, pt{850, 640}, pt{850, 660}, pt{640, 684}, pt{430, 660}))
	left := append(cubicPts(pt{640, 650}, pt{580, 590}, pt{500, 590}, pt{440, 610}), pt{440, 640}, pt{640, 664})
	right := append(cubicPts(pt{640, 650}, pt{700, 590}, pt{780, 590}, pt{840, 610}), pt{840, 640}, pt{640, 664})
	c.fill(wall, poly(left...))
	c.fill(wall, poly(right...))
	for i := range 4 {
		y := 616 + float64(i)*10
		c.fill(stone, line(pt{470, y}, pt{610, y + 8}, 3))
		c.fill(stone, line(pt{670, y + 8}, pt{810, y}, 3))
	}
	finishFrame(c)
}

// lotus draws a lotus flower (荷花) rising from the water.
func lotus(c *canvas, cx, cy, s float64) {
	c.fill(green, stroke([]pt{{cx, cy}, {cx + 4, cy + s*2}}, 6, 6))
	for _, a := range []float64{-2.2, -0.94} {
		c.fill(pink, petal(cx, cy, a, s*1.05, s*0.6))
	}
	for _, a := range []float64{-1.9, -1.24} {
		c.fill(palePink, petal(cx, cy, a, s*1.2, s*0.65))
	}
	c.fill(pink, petal(cx, cy, -math.Pi/2, s*1.25, s*0.6))
	c.fill(withAlpha(red, 90), line(pt{cx, cy - s*0.2}, pt{cx, cy - s*1.05}, 3))
}

func drawHospital(c *canvas, _ *rand.Rand) {
	frame(c, paleTeal)
	c.fill(withAlpha(paper, 220), circle(1040, 160, 60))
	c.fill(wall, rect(300, 200, 680, 330))
	c.fill(teal, rect(300, 190, 680, 20))
	c.fill(wall, roundRect(560, 110, 160, 100, 10))
	c.fill(teal, roundRect(560, 110, 160, 14, 6))
	c.fill(paper, circle(640, 160, 36))
	c.fill(teal, rect(628, 134, 24, 52))
	c.fill(teal, rect(614, 148, 52, 24))
	for row := range 3 {
		for col := range 7 {
			if row == 2 && (col == 3) {
				continue
			}
			x := 330 + float64(col)*92
			y := 240 + float64(row)*90
			c.fill(rgb(0x9F, 0xBF, 0xC4), rect(x, y, 56, 56))
		}
	}
	c.fill(teal, roundRect(600, 420, 80, 110, 6))
	c.fill(paleTeal, rect(638, 420, 4, 110))
	// Lotus pond.
	c.fill(rgb(0xA9, 0xCF, 0xC8), rect(43, 530, float64(c.w), 150))
	for i := range 5 {
		y := 560 + float64(i)*24
		c.fill(withAlpha(paper, 110), line(pt{60 + float64(i*37%200), y}, pt{300 + float64(i*53%300), y}, 3))
		c.fill(withAlpha(paper, 110), line(pt{800 + float64(i*41%200), y + 8}, pt{1100 - float64(i*29%150), y + 8}, 3))
	}
	for _, q := range []pt{{150, 600}, {330, 640}, {950, 620}, {1130, 590}, {760, 660}} {
		c.fill(green, ellipse(q.x, q.y, 80, 26, 0))
		c.fill(darkGreen, line(pt{q.x, q.y}, pt{q.x + 40, q.y - 10}, 3))
	}
	lotus(c, 230, 520, 60)
	lotus(c, 1040, 540, 52)
	lotus(c, 460, 560, 40)
	finishFrame(c)
}

func bowl(c *canvas, cx, base, w float64, body color.RGBA, food color.RGBA, rice bool) {
	if rice {
		c.fill(stone, ellipse(cx, base-w*0.42, w*0.42+3, w*0.2+3, 0))
		c.fill(food, ellipse(cx, base-w*0.42, w*0.42, w*0.2, 0))
	} else {
		c.fill(food, ellipse(cx, base-w*0.42, w*0.44, w*0.12, 0))
		for k := range 4 {
			c.fill(green, leaf(cx-w*0.28+float64(k)*w*0.16, base-w*0.45, -0.5+float64(k)*0.3, w*0.2, w*0.06))
		}
	}
	var pts []pt
	pts = append(pts, pt{cx - w/2, base - w*0.4})
	pts = append(pts, cubicPts(pt{cx - w/2, base - w*0.4}, pt{cx - w/2, base - w*0.05}, pt{cx - w*0.2, base}, pt{cx, base})...)
	pts = append(pts, cubicPts(pt{cx, base}, pt{cx + w*0.2, base}, pt{cx + w/2, base - w*0.05}, pt{cx + w/2, base - w*0.4})...)
	c.fill(body, poly(pts...))
	c.fill(paper, rect(cx-w*0.42, base-w*0.3, w*0.84, w*0.04))
	c.fill(paper, blossom(cx, base-w*0.18, w*0.06, 0))
}

func drawCanteen(c *canvas, _ *rand.Rand) {
	frame(c, paper)
	// The sun (阳光) and its rays.
	c.fill(paleGold, circle(640, 170, 150))
	rays := new(path)
	for i := range 16 {
		a := 2 * math.Pi * float64(i) / 16
		rays.add(petal(640+math.Cos(a)*92, 170+math.Sin(a)*92, a, 40, 20))
	}
	c.fill(gold, rays)
	c.fill(gold, circle(640, 170, 80))
	c.fill(orange, circle(640, 170, 60))
	c.fill(paleGold, blossom(640, 170, 34, 0))
	c.fill(orange, circle(640, 170, 8))
	// Table and dishes.
	c.fill(wood, roundRect(90, 470, 1100, 30, 8))
	c.fill(brown, rect(120, 500, 1040, 14))
	c.fill(red, rect(330, 470, 620, 30))
	cuts := new(path)
	for x := 350.0; x < 940; x += 28 {
		cuts.add(diamond(x, 485, 7))
	}
	c.fill(cream, cuts)
	bowl(c, 300, 470, 170, red, wall, true)
	bowl(c, 520, 470, 190, teal, rgb(0xE8, 0xC9, 0x7A), false)
	bowl(c, 760, 470, 190, red, rgb(0xF0, 0xB0, 0x70), false)
	bowl(c, 980, 470, 170, red, wall, true)
	for _, x := range []float64{290, 970} {
		steam(c, x-20, 370, 80, withAlpha(red, 60))
		steam(c, x+18, 375, 70, withAlpha(red, 50))
	}
	// Chopsticks.
	c.fill(brown, line(pt{1030, 470}, pt{1130, 400}, 7))
	c.fill(brown, line(pt{1045, 472}, pt{1150, 412}, 7))
	// Vegetables on a board below.
	c.fill(wood, roundRect(360, 560, 560, 90, 14))
	for i := range 6 {
		x := 420 + float64(i)*88
		switch i % 3 {
		case 0:
			c.fill(green, leaf(x-30, 610, -0.2, 70, 22))
			c.fill(leafGreen, leaf(x-26, 606, -0.5, 60, 16))
		case 1:
			persimmon(c, x, 610, 22)
		case 2:
			c.fill(red, circle(x, 606, 22))
			c.fill(withAlpha(paper, 120), circle(x-7, 598, 6))
			c.fill(darkGreen, leaf(x, 586, -1.2, 16, 6))
		}
	}
	finishFrame(c)
}

// bubble draws a speech bubble with its tail towards (tx, ty).
func bubble(c *canvas, x, y, w, h, tx, ty float64, col color.RGBA) {
	c.fill(col, roundRect(x, y, w, h, h*0.35))
	c.fill(col, poly(pt{x + w*0.3, y + h - 4}, pt{x + w*0.5, y + h - 4}, pt{tx, ty}))
}

func heart(cx, cy, s float64) *path {
	var pts []pt
	for i := range 120 {
		t := 2 * math.Pi * float64(i) / 120
		x := 16 * math.Pow(math.Sin(t), 3)
		y := 13*math.Cos(t) - 5*math.Cos(2*t) - 2*math.Cos(3*t) - math.Cos(4*t)
		pts = append(pts, pt{cx + x*s/16, cy - y*s/16})
	}
	return poly(pts...)
}

func drawVillageVoice(c *canvas, rng *rand.Rand) {
	frame(c, paleTeal)
	hills(c, 440, hill2, 80, 0.9)
	c.fill(rgb(0xC9, 0xDB, 0xA8), rect(43, 520, float64(c.w), 170))
	c.fill(stone, poly(pt{560, 690}, pt{720, 690}, pt{660, 520}, pt{620, 520}))
	house(c, 150, 530, 200, 120, deepRed)
	house(c, 390, 520, 160, 100, deepRed)
	house(c, 760, 520, 170, 105, deepRed)
	house(c, 980, 532, 200, 125, deepRed)
	tree(c, 600, 520, 60, rng)
	// Villagers' voices: bubbles with dots, a heart and a tick.
	bubble(c, 170, 170, 200, 110, 250, 350, wall)
	dots := new(path)
	for i := range 3 {
		dots.add(circle(225+float64(i)*45, 225, 12))
	}
	c.fill(teal, dots)
	bubble(c, 540, 110, 200, 120, 600, 300, wall)
	c.fill(red, heart(640, 172, 44))
	bubble(c, 900, 170, 200, 110, 1020, 350, wall)
	c.fill(green, stroke([]pt{{960, 222}, {990, 252}, {1045, 196}}, 16, 16))
	// Public-good points (公益积分): little gold stars.
	for _, q := range []pt{{110, 110}, {420, 90}, {470, 170}, {800, 100}, {850, 180}, {1160, 110}, {1180, 260}, {90, 300}} {
		x, y := q.x, q.y
		var pts []pt
		for k := range 10 {
			r := 16.0
			if k%2 == 1 {
				r = 7
			}
			a := -math.Pi/2 + float64(k)*math.Pi/5
			pts = append(pts, pt{x + math.Cos(a)*r, y + math.Sin(a)*r})
		}
		c.fill(gold, poly(pts...))
	}
	finishFrame(c)
}

// fan draws a folding fan (扇面) with a plum spray painted on it.
func fan(c *canvas, cx, cy, r0, r1, a0, a1 float64, rng *rand.Rand) {
	for i := range 15 {
		a := a0 + (a1-a0)*float64(i)/14
		c.fill(brown, line(pt{cx, cy}, pt{cx + math.Cos(a)*r1*0.98, cy + math.Sin(a)*r1*0.98}, 5))
	}
	leaf := append(arcPts(cx, cy, r1, a0, a1), arcPts(cx, cy, r0, a1, a0)...)
	c.fill(red, poly(leaf...))
	inner := append(arcPts(cx, cy, r1-10, a0+0.03, a1-0.03), arcPts(cx, cy, r0+10, a1-0.04, a0+0.04)...)
	c.fill(paper, poly(inner...))
	mid := (a0 + a1) / 2
	s, co := math.Sincos(mid)
	px, py := cx+co*(r0+r1)/2, cy+s*(r0+r1)/2
	pts := cubicPts(pt{px - 110, py + 30}, pt{px - 50, py - 10}, pt{px, py + 40}, pt{px + 100, py - 40})
	c.fill(ink, stroke(pts, 9, 2))
	for _, t := range []float64{0.3, 0.55, 0.8, 1} {
		q := pts[int(t*float64(len(pts)-1))]
		flower(c, q.x, q.y-4, 13+rng.Float64()*4, rng.Float64(), red, paper)
	}
	c.fill(brown, circle(cx, cy, 9))
}

func drawPapercutFans(c *canvas, rng *rand.Rand) {
	frame(c, cream)
	fan(c, 250, 560, 90, 250, -math.Pi*0.82, -math.Pi*0.18, rng)
	fan(c, 1030, 560, 90, 250, -math.Pi*0.82, -math.Pi*0.18, rng)
	rosette(c, 640, 340, 230, red, cream, 8)
	for _, q := range []pt{{150, 150}, {1130, 150}} {
		rosette(c, q.x, q.y, 60, red, cream, 6)
	}
	for _, q := range []pt{{640, 640}, {420, 130}, {860, 130}} {
		flower(c, q.x, q.y, 20, 0, red, cream)
	}
	finishFrame(c)
}
