//go:build linux && cgo

package jpegturbo

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"testing"
)

// picture is a w×h photograph-like test picture: smooth gradients with
// noise, so every DCT coefficient is exercised.
func picture(w, h int, seed uint64) *image.RGBA {
	rng := rand.New(rand.NewPCG(seed, 7))
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			n := rng.IntN(21) - 10
			c := func(v int) uint8 { return uint8(max(0, min(255, v+n))) }
			m.SetRGBA(x, y, color.RGBA{c(255 * x / w), c(255 * y / h), c(128 + 100*((x/17+y/13)%2)), 255})
		}
	}
	return m
}

func goJPEG(tb testing.TB, img image.Image) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// samples returns JPEGs in each layout the import meets: 4:2:0 of odd
// size (image/jpeg's encoder), gray, and 4:4:4, 4:2:2 and 4:4:0 written
// by the C encoder from planes.
func samples(tb testing.TB) map[string][]byte {
	tb.Helper()
	out := map[string][]byte{
		"4:2:0 odd size": goJPEG(tb, picture(301, 203, 1)),
	}
	gray := image.NewGray(image.Rect(0, 0, 255, 130))
	for i := range gray.Pix {
		gray.Pix[i] = uint8(i*7%251) / 2
	}
	out["gray"] = goJPEG(tb, gray)
	for name, ratio := range map[string]image.YCbCrSubsampleRatio{
		"4:4:4": image.YCbCrSubsampleRatio444, "4:2:2": image.YCbCrSubsampleRatio422, "4:4:0": image.YCbCrSubsampleRatio440,
	} {
		src := picture(157, 99, 2)
		ycc := image.NewYCbCr(src.Rect, ratio)
		for y := range 99 {
			for x := range 157 {
				r, g, b, _ := src.At(x, y).RGBA()
				yy, cb, cr := color.RGBToYCbCr(uint8(r>>8), uint8(g>>8), uint8(b>>8))
				ycc.Y[ycc.YOffset(x, y)] = yy
				ycc.Cb[ycc.COffset(x, y)] = cb
				ycc.Cr[ycc.COffset(x, y)] = cr
			}
		}
		var b bytes.Buffer
		if err := encode(&b, ycc, 90); err != nil {
			tb.Fatal(err)
		}
		out[name] = b.Bytes()
	}
	return out
}

// maxDiff is the largest difference of one colour channel between a and
// b, which must be the same size.
func maxDiff(tb testing.TB, a, b image.Image) int {
	tb.Helper()
	if a.Bounds() != b.Bounds() {
		tb.Fatalf("sizes differ: %v and %v", a.Bounds(), b.Bounds())
	}
	worst := 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c1, c2 := color.RGBAModel.Convert(a.At(x, y)).(color.RGBA), color.RGBAModel.Convert(b.At(x, y)).(color.RGBA)
			for _, d := range []int{int(c1.R) - int(c2.R), int(c1.G) - int(c2.G), int(c1.B) - int(c2.B)} {
				worst = max(worst, d, -d)
			}
		}
	}
	return worst
}

func TestDecodeMatchesGo(t *testing.T) {
	for name, data := range samples(t) {
		t.Run(name, func(t *testing.T) {
			c, err := decode(data, 1, 1<<30)
			if err != nil {
				t.Fatal(err)
			}
			g, err := goDecode(data, 1<<30)
			if err != nil {
				t.Fatal(err)
			}
			if ct, gt := typeName(c), typeName(g); ct != gt {
				t.Fatalf("C decoder gives %s, Go's %s", ct, gt)
			}
			if cy, ok := c.(*image.YCbCr); ok && cy.SubsampleRatio != g.(*image.YCbCr).SubsampleRatio {
				t.Fatalf("ratio %v, Go's %v", cy.SubsampleRatio, g.(*image.YCbCr).SubsampleRatio)
			}
			// The two IDCTs round differently; a step of a few levels
			// through the colour conversion is all that may differ.
			if d := maxDiff(t, c, g); d > 4 {
				t.Errorf("C and Go decodes differ by up to %d levels", d)
			}
		})
	}
}

func typeName(img image.Image) string {
	switch img.(type) {
	case *image.YCbCr:
		return "YCbCr"
	case *image.Gray:
		return "Gray"
	}
	return "other"
}

// TestScaledDecode holds that a scaled decode is the picture at 1/denom
// (rounded up), close to the full decode averaged over denom×denom blocks.
func TestScaledDecode(t *testing.T) {
	data := goJPEG(t, picture(403, 301, 3))
	full, err := goDecode(data, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range Scales[1:] {
		t.Run("1/"+string(rune('0'+d)), func(t *testing.T) {
			img, err := Decode(data, d, 1<<30)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := img.Bounds().Size(), image.Pt(Scaled(403, d), Scaled(301, d)); got != want {
				t.Fatalf("size %v, want %v", got, want)
			}
			var sum, n int
			for y := range 301 / d {
				for x := range 403 / d {
					var acc int
					for dy := range d {
						for dx := range d {
							acc += int(color.GrayModel.Convert(full.At(x*d+dx, y*d+dy)).(color.Gray).Y)
						}
					}
					v := int(color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y)
					sum += max(v-acc/(d*d), acc/(d*d)-v)
					n++
				}
			}
			if mean := float64(sum) / float64(n); mean > 3 {
				t.Errorf("scaled decode is %.1f levels from the averaged full decode", mean)
			}
		})
	}
}

// TestBrokenSameProblems holds that a file Go's decoder refuses is
// refused by the C one too (and the other way), whatever the scale: the
// import's problem for a broken picture must not depend on the build.
func TestBrokenSameProblems(t *testing.T) {
	good := goJPEG(t, picture(320, 240, 4))
	sos := bytes.Index(good, []byte{0xFF, 0xDA})
	cases := map[string][]byte{
		"empty":            {},
		"not a JPEG":       []byte("hello, this is text"),
		"header only":      good[:sos],
		"cut in the scan":  good[:sos+(len(good)-sos)/2],
		"cut before EOI":   good[:len(good)-40],
		"no SOF":           append([]byte{0xFF, 0xD8}, good[sos:]...),
		"zero width":       zeroWidth(good),
		"image then junk?": append(append([]byte{}, good...), 0x00, 0x01),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			_, gerr := goDecode(data, 1<<30)
			for _, d := range Scales {
				_, cerr := decode(data, d, 1<<30)
				if (gerr == nil) != (cerr == nil) {
					t.Errorf("at 1/%d: Go says %v, C says %v", d, gerr, cerr)
				}
			}
		})
	}
}

func zeroWidth(good []byte) []byte {
	b := append([]byte{}, good...)
	i := bytes.Index(b, []byte{0xFF, 0xC0})
	b[i+7], b[i+8] = 0, 0
	return b
}

func TestTooLarge(t *testing.T) {
	data := goJPEG(t, picture(100, 80, 5))
	for _, d := range Scales {
		if _, err := Decode(data, d, 100*80-1); !errors.Is(err, ErrTooLarge) {
			t.Errorf("at 1/%d: %v, want ErrTooLarge", d, err)
		}
		if _, err := Decode(data, d, 100*80); err != nil {
			t.Errorf("at 1/%d with room: %v", d, err)
		}
	}
	if _, err := goDecode(data, 100*80-1); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Go: %v, want ErrTooLarge", err)
	}
}

// TestEncode holds that what the C encoder writes decodes (with Go's
// decoder) to the picture it was given, for each type the import
// encodes, and that a subsampled picture of odd size is read within its
// planes.
func TestEncode(t *testing.T) {
	src := picture(201, 151, 6)
	ycc, err := goDecode(goJPEG(t, src), 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	gray := image.NewGray(src.Rect)
	for i := range gray.Pix {
		gray.Pix[i] = src.Pix[4*i+1]
	}
	for name, img := range map[string]image.Image{"RGBA": src, "YCbCr 4:2:0": ycc, "Gray": gray} {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Encode(&b, img, 95); err != nil {
				t.Fatal(err)
			}
			back, err := jpeg.Decode(&b)
			if err != nil {
				t.Fatal(err)
			}
			// Noise of ±10 levels at quality 95 through 4:2:0: a broken
			// plane or stride would be off by far more.
			if d := meanDiff(t, img, back); d > 4 {
				t.Errorf("round trip is %.1f levels off", d)
			}
		})
	}
}

func meanDiff(tb testing.TB, a, b image.Image) float64 {
	tb.Helper()
	if a.Bounds() != b.Bounds() {
		tb.Fatalf("sizes differ: %v and %v", a.Bounds(), b.Bounds())
	}
	var sum, n int
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			g1 := int(color.GrayModel.Convert(a.At(x, y)).(color.Gray).Y)
			g2 := int(color.GrayModel.Convert(b.At(x, y)).(color.Gray).Y)
			sum += max(g1-g2, g2-g1)
			n++
		}
	}
	return float64(sum) / float64(n)
}
