// Command soakchart draws the soak test's CSV (build/soak.sh) as a PNG: RSS
// and Go heap in MiB, and goroutines, by minute, one panel each with its own
// scale, the windows compared shaded and the drift between the
// first (after start-up) and the last ten minutes above each.
//
//	go run ./build/soakchart -in docs/soak/soak.csv -out docs/soak/soak.png
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"strconv"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"qingfeng/assets"
)

func main() {
	in := flag.String("in", "soak.csv", "the soak CSV: minute,rss_mb,heap_mb,goroutines")
	out := flag.String("out", "soak.png", "the chart to write")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "soakchart:", err)
		os.Exit(1)
	}
}

type series struct {
	name string
	clr  color.NRGBA
	v    []float64
}

func run(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return err
	}
	if len(recs) < 3 {
		return fmt.Errorf("%s: too few rows", in)
	}
	ss := []series{
		{name: "RSS (MiB)", clr: color.NRGBA{0xB7, 0x1C, 0x1C, 0xFF}},
		{name: "Go heap (MiB)", clr: color.NRGBA{0x2E, 0x6B, 0x3F, 0xFF}},
		{name: "goroutines", clr: color.NRGBA{0x3A, 0x5F, 0x8C, 0xFF}},
	}
	for _, r := range recs[1:] {
		for i := range ss {
			v, err := strconv.ParseFloat(r[i+1], 64)
			if err != nil {
				return fmt.Errorf("%s: %v", in, err)
			}
			ss[i].v = append(ss[i].v, v)
		}
	}
	n := len(ss[0].v)
	const w, left, right, top, panelH, gap = 1400, 110, 40, 100, 150, 50
	h := top + len(ss)*(panelH+gap) + 30
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.NRGBA{0xFA, 0xF6, 0xEC, 0xFF}), image.Point{}, draw.Src)
	face := newFace(20)
	small := newFace(15)
	say := func(f font.Face, s string, x, y int, c color.Color) {
		(&font.Drawer{Dst: img, Src: image.NewUniform(c), Face: f, Dot: fixed.P(x, y)}).DrawString(s)
	}
	width := func(f font.Face, s string) int { return font.MeasureString(f, s).Ceil() }
	ink := color.NRGBA{0x22, 0x22, 0x22, 0xFF}
	grey := color.NRGBA{0x88, 0x88, 0x88, 0xFF}
	grid := color.NRGBA{0xE2, 0xDC, 0xCE, 0xFF}
	shade := color.NRGBA{0xEE, 0xE6, 0xD4, 0xFF}
	fill := func(r image.Rectangle, c color.Color) {
		draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
	}

	say(face, fmt.Sprintf("soak: %d minutes, one sample a minute", n), 20, 36, ink)
	say(small, "shaded: the windows compared, minutes 5–15 (after start-up) and the last ten; the drift is between their means", 20, 64, grey)
	plotW := float64(w - left - right)
	xAt := func(i int) float32 { return float32(left) + float32(float64(i)/float64(max(n-1, 1))*plotW) }
	first, last := windows(n)
	for p, s := range ss {
		y0 := top + p*(panelH+gap) // the panel's top
		hi := 0.0
		for _, v := range s.v {
			hi = max(hi, v)
		}
		step := niceStep(hi / 3)
		yMax := step * math.Ceil(hi/step)
		if yMax == 0 {
			yMax = 1
		}
		yAt := func(v float64) float32 { return float32(y0) + float32(panelH)*float32(1-v/yMax) }
		// The compared windows, the grid and its labels, the minutes.
		fill(image.Rect(int(xAt(first)), y0, int(xAt(min(first+10, n-1))), y0+panelH), shade)
		fill(image.Rect(int(xAt(last)), y0, int(xAt(n-1))+1, y0+panelH), shade)
		for v := 0.0; v <= yMax+step/2; v += step {
			y := int(yAt(v))
			fill(image.Rect(left, y, left+int(plotW), y+1), grid)
			label := strconv.FormatFloat(v, 'f', -1, 64)
			say(small, label, left-10-width(small, label), y+5, grey)
		}
		for m := 0; m < n; m += 10 {
			x := int(xAt(m))
			fill(image.Rect(x, y0+panelH, x+1, y0+panelH+6), grey)
			if p == len(ss)-1 {
				label := strconv.Itoa(m)
				say(small, label, x-width(small, label)/2, y0+panelH+22, grey)
			}
		}
		if p == len(ss)-1 {
			say(small, "minutes", left-10-width(small, "minutes"), y0+panelH+22, grey)
		}
		fill(image.Rect(left, y0+panelH, left+int(plotW), y0+panelH+2), ink)
		a, b := mean(s.v, first, first+10), mean(s.v, last, last+10)
		say(face, fmt.Sprintf("%s   %.1f → %.1f (%+.1f%%)", s.name, a, b, drift(s.v)), left, y0-12, s.clr)
		fmt.Printf("%s %.1f → %.1f (%+.1f%%)\n", s.name, a, b, drift(s.v))
		// The line, each segment stroked across its own direction.
		z := vector.NewRasterizer(w, h)
		for i := 1; i < n; i++ {
			stroke(z, xAt(i-1), yAt(s.v[i-1]), xAt(i), yAt(s.v[i]), 1.4)
		}
		z.Draw(img, img.Bounds(), image.NewUniform(s.clr), image.Point{})
	}
	o, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := png.Encode(o, img); err != nil {
		o.Close()
		return err
	}
	return o.Close()
}

// mean of v[from:to] (clipped to v).
func mean(v []float64, from, to int) float64 {
	from, to = max(from, 0), min(to, len(v))
	if to <= from {
		return 0
	}
	s := 0.0
	for _, x := range v[from:to] {
		s += x
	}
	return s / float64(to-from)
}

// startUp is the minutes of start-up the drift leaves out.
const startUp = 5

// windows are where the first and the last ten minutes begin: the first
// after start-up, if the run is long enough for both.
func windows(n int) (first, last int) {
	first = min(startUp, max(n-20, 0))
	return first, max(n-10, 0)
}

// drift is the change of the last ten minutes' mean against the first ten
// (after start-up), in percent.
func drift(v []float64) float64 {
	f, l := windows(len(v))
	a, b := mean(v, f, f+10), mean(v, l, l+10)
	if a == 0 {
		return 0
	}
	return 100 * (b - a) / a
}

func newFace(size float64) font.Face {
	f, err := opentype.Parse(assets.FontRegular())
	if err != nil {
		panic(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic(err)
	}
	return face
}

// stroke adds a segment of half-width r from (x0, y0) to (x1, y1), with
// square caps, so that joins between segments have no gaps.
func stroke(z *vector.Rasterizer, x0, y0, x1, y1, r float32) {
	dx, dy := x1-x0, y1-y0
	l := float32(math.Hypot(float64(dx), float64(dy)))
	if l == 0 {
		return
	}
	ux, uy := dx/l*r, dy/l*r // along, then across: (-uy, ux)
	z.MoveTo(x0-ux-uy, y0-uy+ux)
	z.LineTo(x1+ux-uy, y1+uy+ux)
	z.LineTo(x1+ux+uy, y1+uy-ux)
	z.LineTo(x0-ux+uy, y0-uy-ux)
	z.ClosePath()
}

// niceStep rounds a grid step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			return m * p
		}
	}
	return 10 * p
}
