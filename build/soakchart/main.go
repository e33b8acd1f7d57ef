// Command soakchart draws the soak test's CSV (build/soak.sh) as a PNG: RSS
// and Go heap in MiB, and goroutines, by minute, with the drift between the
// first and the last ten minutes in the title.
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
	const w, h, left, top, bottom = 1400, 700, 90, 110, 60
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.NRGBA{0xFA, 0xF6, 0xEC, 0xFF}), image.Point{}, draw.Src)
	face := newFace(20)
	say := func(s string, x, y int, c color.Color) {
		(&font.Drawer{Dst: img, Src: image.NewUniform(c), Face: face, Dot: fixed.P(x, y)}).DrawString(s)
	}
	ink := color.NRGBA{0x22, 0x22, 0x22, 0xFF}
	n := len(ss[0].v)
	title := fmt.Sprintf("soak: %d minutes", n)
	for _, s := range ss {
		a, b := windows(len(s.v))
		line := fmt.Sprintf("%s %.1f → %.1f (%+.1f%%)", s.name, mean(s.v, a, a+10), mean(s.v, b, b+10), drift(s.v))
		title += "   " + line
		fmt.Println(line)
	}
	say(title, 20, 40, ink)
	say("first ten minutes' mean → last ten minutes' mean (after the first five); each line scaled to its own maximum", 20, 72, ink)
	plotW, plotH := float64(w-left-40), float64(h-top-bottom)
	draw.Draw(img, image.Rect(left, top+int(plotH), left+int(plotW), top+int(plotH)+2), image.NewUniform(ink), image.Point{}, draw.Src)
	for _, s := range ss {
		hi := 0.0
		for _, v := range s.v {
			hi = max(hi, v)
		}
		if hi == 0 {
			hi = 1
		}
		z := vector.NewRasterizer(w, h)
		for i, v := range s.v {
			x := float32(left) + float32(float64(i)/float64(max(n-1, 1))*plotW)
			y := float32(top) + float32(plotH*(1-0.9*v/hi))
			if i == 0 {
				z.MoveTo(x, y-1.5)
			} else {
				z.LineTo(x, y-1.5)
			}
		}
		for i := n - 1; i >= 0; i-- {
			v := s.v[i]
			x := float32(left) + float32(float64(i)/float64(max(n-1, 1))*plotW)
			y := float32(top) + float32(plotH*(1-0.9*v/hi))
			z.LineTo(x, y+1.5)
		}
		z.ClosePath()
		z.Draw(img, img.Bounds(), image.NewUniform(s.clr), image.Point{})
	}
	for i, s := range ss {
		x := left + i*260
		draw.Draw(img, image.Rect(x, h-40, x+20, h-22), image.NewUniform(s.clr), image.Point{}, draw.Src)
		say(s.name, x+28, h-24, ink)
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
