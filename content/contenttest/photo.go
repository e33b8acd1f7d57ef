package contenttest

import (
	"image"
	"math"
	"math/rand/v2"
)

// Photo paints a w×h picture that compresses like a photograph rather than
// like flat colour or noise: light falling across the frame, a few soft
// shapes, fine texture and a little sensor noise, different for every
// seed. A 1024×768 one is about 550 KB as PNG.
func Photo(w, h int, seed uint64) *image.RGBA {
	rng := rand.New(rand.NewPCG(seed, seed*7+1))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	type blob struct{ x, y, r2, c0, c1, c2 float64 }
	blobs := make([]blob, 6)
	for i := range blobs {
		r := (0.1 + 0.3*rng.Float64()) * float64(w)
		blobs[i] = blob{rng.Float64() * float64(w), rng.Float64() * float64(h), r * r,
			rng.Float64()*120 - 60, rng.Float64()*120 - 60, rng.Float64()*120 - 60}
	}
	fx, fy := 0.02+0.05*rng.Float64(), 0.02+0.05*rng.Float64()
	sin := make([]float64, h) // the texture's bend, one value a row
	for y := range h {
		sin[y] = 3 * math.Sin(float64(y)*fy)
	}
	for y := range h {
		for x := range w {
			v := [3]float64{90 + 80*float64(y)/float64(h), 110, 130 - 60*float64(x)/float64(w)}
			for _, b := range blobs {
				dx, dy := float64(x)-b.x, float64(y)-b.y
				if d := (dx*dx + dy*dy) / b.r2; d < 4 {
					k := (1 - d/4) * (1 - d/4) // a soft bump without exp
					v[0] += k * b.c0
					v[1] += k * b.c1
					v[2] += k * b.c2
				}
			}
			t := 12 * math.Sin(float64(x)*fx+sin[y])
			o := img.PixOffset(x, y)
			n := [...]float64{0, 0, 0, 0, 0, 0, 1, -1}[rng.IntN(8)]
			for c := range 3 {
				img.Pix[o+c] = uint8(max(0, min(255, v[c]+t+n)))
			}
			img.Pix[o+3] = 255
		}
	}
	return img
}

// PhoneShot is Photo with the grain of a phone camera's sensor indoors
// (up to ±5 levels a pixel): at 4000×3000 and JPEG quality 92 it is about
// 2.5 MB, as a 12-megapixel phone writes 2–5 MB.
func PhoneShot(w, h int, seed uint64) *image.RGBA {
	img := Photo(w, h, seed)
	rng := rand.New(rand.NewPCG(seed, 99))
	for i := 0; i < len(img.Pix); i += 4 {
		n := rng.IntN(11) - 5
		for c := range 3 {
			img.Pix[i+c] = uint8(max(0, min(255, int(img.Pix[i+c])+n)))
		}
	}
	return img
}
