package parse

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"

	"qingfeng/content/jpegturbo"
)

// thumbnail scales img to fit ThumbWidth×ThumbHeight (never up) and encodes
// it as JPEG on a white background (PNG transparency would turn black).
//
// Speed matters: a district package can hold hundreds of photos, and the
// general-purpose resamplers cost more per picture than decoding it. So the
// picture is reduced by a whole factor with a box filter (each output pixel
// the mean of a k×k block: cheap, and it averages away the detail that
// would alias), then brought to the exact size with bilinear interpolation
// in fixed point.
func thumbnail(img image.Image) ([]byte, error) {
	tw, th := thumbSize(img.Bounds().Dx(), img.Bounds().Dy())
	return thumbnailTo(img, tw, th)
}

// thumbnailTo is thumbnail at tw×th (no larger than img): the thumbnail
// of the full picture when img is a JPEG decoded at a smaller scale,
// whose rounded-up size would otherwise move the thumbnail's by a pixel.
func thumbnailTo(img image.Image, tw, th int) ([]byte, error) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	var src *image.RGBA
	if k := min(w/tw, h/th); k >= 2 {
		if m, ok := img.(*image.YCbCr); ok && m.Rect.Min == (image.Point{}) {
			src = reduceYCbCr(m, k)
		} else if m, ok := img.(*image.RGBA); ok && m.Rect.Min == (image.Point{}) && opaque(m) {
			src = reduceRGBA(m, k)
		} else {
			src = reduceBands(img, k)
		}
	} else {
		// The picture is at most twice the thumbnail: a full copy is small.
		src = image.NewRGBA(image.Rect(0, 0, w, h))
		drawOpaque(src, img, b.Min, opaque(img))
	}
	dst := src
	if src.Rect.Dx() != tw || src.Rect.Dy() != th {
		dst = bilinear(src, tw, th)
	}
	var buf bytes.Buffer
	if err := jpegturbo.Encode(&buf, dst, 82); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func thumbSize(w, h int) (int, int) {
	scale := min(float64(ThumbWidth)/float64(w), float64(ThumbHeight)/float64(h), 1)
	return max(1, int(float64(w)*scale+0.5)), max(1, int(float64(h)*scale+0.5))
}

// thumbFactor is the whole factor a w×h picture is box-reduced by.
func thumbFactor(w, h int) int {
	tw, th := thumbSize(w, h)
	return min(w/tw, h/th)
}

// opaque reports whether img has no transparent pixel. For a decoded
// PNG (RGBA, NRGBA) that is a pass over every pixel: ask once a picture.
func opaque(img image.Image) bool {
	o, ok := img.(interface{ Opaque() bool })
	return ok && o.Opaque()
}

// drawOpaque draws img (from sp) over white into dst, so transparency
// becomes white; opaque pictures (isOpaque, what opaque said of img) take
// draw's fast paths (YCbCr, RGBA).
func drawOpaque(dst *image.RGBA, img image.Image, sp image.Point, isOpaque bool) {
	op := draw.Src
	if !isOpaque {
		draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
		op = draw.Over
	}
	draw.Draw(dst, dst.Bounds(), img, sp, op)
}

// reduceBands averages each k×k block of img into one pixel, converting k
// rows at a time: a full-size RGBA copy of a large picture would cost more
// than the picture itself. A partial block at the right or bottom edge is
// dropped.
func reduceBands(img image.Image, k int) *image.RGBA {
	b := img.Bounds()
	w, h := b.Dx()/k, b.Dy()/k
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	band := image.NewRGBA(image.Rect(0, 0, b.Dx(), k))
	sums := make([]uint32, 4*w)
	n := uint32(k * k)
	isOpaque := opaque(img)
	for y := range h {
		drawOpaque(band, img, image.Pt(b.Min.X, b.Min.Y+y*k), isOpaque)
		clear(sums)
		for dy := range k {
			row := band.Pix[dy*band.Stride:]
			for x := range w {
				px := row[4*x*k:]
				for dx := range k {
					p := px[4*dx : 4*dx+4]
					sums[4*x] += uint32(p[0])
					sums[4*x+1] += uint32(p[1])
					sums[4*x+2] += uint32(p[2])
					sums[4*x+3] += uint32(p[3])
				}
			}
		}
		out := dst.Pix[y*dst.Stride:]
		for i := range 4 * w {
			out[i] = uint8((sums[i] + n/2) / n)
		}
	}
	return dst
}

// reduceRGBA is reduceBands for an opaque RGBA picture (what an opaque
// PNG decodes to), summing its rows where they lie instead of copying
// them into a band first.
func reduceRGBA(m *image.RGBA, k int) *image.RGBA {
	w, h := m.Rect.Dx()/k, m.Rect.Dy()/k
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	if k == 2 { // a 1024×768 picture: the commonest case, without inner loops
		for y := range h {
			a := m.Pix[2*y*m.Stride:][:8*w]
			b := m.Pix[(2*y+1)*m.Stride:][:8*w]
			out := dst.Pix[y*dst.Stride:][:4*w]
			for x := 0; x < 4*w; x += 4 {
				i := 2 * x
				out[x] = uint8((uint32(a[i]) + uint32(a[i+4]) + uint32(b[i]) + uint32(b[i+4]) + 2) / 4)
				out[x+1] = uint8((uint32(a[i+1]) + uint32(a[i+5]) + uint32(b[i+1]) + uint32(b[i+5]) + 2) / 4)
				out[x+2] = uint8((uint32(a[i+2]) + uint32(a[i+6]) + uint32(b[i+2]) + uint32(b[i+6]) + 2) / 4)
				out[x+3] = 0xFF
			}
		}
		return dst
	}
	sums := make([]uint32, 3*w)
	n := uint32(k * k)
	for y := range h {
		clear(sums)
		for dy := range k {
			row := m.Pix[(y*k+dy)*m.Stride:]
			row = row[:4*w*k]
			for x := range w {
				px := row[4*x*k : 4*(x+1)*k]
				var r, g, b uint32
				for i := 0; i+3 < len(px); i += 4 {
					r += uint32(px[i])
					g += uint32(px[i+1])
					b += uint32(px[i+2])
				}
				s := sums[3*x : 3*x+3]
				s[0] += r
				s[1] += g
				s[2] += b
			}
		}
		out := dst.Pix[y*dst.Stride:]
		for x := range w {
			out[4*x] = uint8((sums[3*x] + n/2) / n)
			out[4*x+1] = uint8((sums[3*x+1] + n/2) / n)
			out[4*x+2] = uint8((sums[3*x+2] + n/2) / n)
			out[4*x+3] = 0xFF
		}
	}
	return dst
}

// reduceYCbCr is reduceBands for a YCbCr picture (every JPEG from a
// camera), averaging the planes as they are and converting only the
// reduced picture to RGB: converting every pixel of a 12-megapixel photo
// first cost as much as decoding it. The conversion is linear, so the
// result differs from reduceBands' by rounding only. The chroma samples
// averaged for a block are those its luma rows and columns fall on.
func reduceYCbCr(m *image.YCbCr, k int) *image.RGBA {
	w, h := m.Rect.Dx()/k, m.Rect.Dy()/k
	hd, vd := chromaDivs(m.SubsampleRatio)
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	ys, cbs, crs := make([]uint32, w), make([]uint32, w), make([]uint32, w)
	cx0, cx1 := make([]int, w), make([]int, w)
	for x := range w {
		cx0[x], cx1[x] = x*k/hd, (x*k+k-1)/hd
	}
	n := uint32(k * k)
	for y := range h {
		clear(ys)
		clear(cbs)
		clear(crs)
		for dy := range k {
			row := m.Y[(y*k+dy)*m.YStride:]
			for x := range w {
				var s uint32
				for _, v := range row[x*k : x*k+k] {
					s += uint32(v)
				}
				ys[x] += s
			}
		}
		cy0, cy1 := y*k/vd, (y*k+k-1)/vd
		for cy := cy0; cy <= cy1; cy++ {
			cb, cr := m.Cb[cy*m.CStride:], m.Cr[cy*m.CStride:]
			for x := range w {
				for cx := cx0[x]; cx <= cx1[x]; cx++ {
					cbs[x] += uint32(cb[cx])
					crs[x] += uint32(cr[cx])
				}
			}
		}
		out := dst.Pix[y*dst.Stride:]
		for x := range w {
			nc := uint32((cy1 - cy0 + 1) * (cx1[x] - cx0[x] + 1))
			r, g, b := color.YCbCrToRGB(uint8((ys[x]+n/2)/n), uint8((cbs[x]+nc/2)/nc), uint8((crs[x]+nc/2)/nc))
			out[4*x], out[4*x+1], out[4*x+2], out[4*x+3] = r, g, b, 0xFF
		}
	}
	return dst
}

// chromaDivs is how many luma columns and rows share one chroma sample.
func chromaDivs(r image.YCbCrSubsampleRatio) (int, int) {
	switch r {
	case image.YCbCrSubsampleRatio422:
		return 2, 1
	case image.YCbCrSubsampleRatio420:
		return 2, 2
	case image.YCbCrSubsampleRatio440:
		return 1, 2
	case image.YCbCrSubsampleRatio411:
		return 4, 1
	case image.YCbCrSubsampleRatio410:
		return 4, 2
	}
	return 1, 1
}

// bilinear resamples src to w×h, sampling at pixel centres, in 16.16 fixed
// point. It is used for factors below two, where four taps do not alias.
func bilinear(src *image.RGBA, w, h int) *image.RGBA {
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	// Horizontal taps are the same for every row: compute them once.
	x0s, fxs := make([]int, w), make([]uint32, w)
	for x := range w {
		x0s[x], fxs[x] = tap(x, w, sw)
	}
	for y := range h {
		y0, fy := tap(y, h, sh)
		y1 := min(y0+1, sh-1)
		r0 := src.Pix[y0*src.Stride:]
		r1 := src.Pix[y1*src.Stride:]
		out := dst.Pix[y*dst.Stride:]
		for x := range w {
			x0, fx := x0s[x], fxs[x]
			x1 := min(x0+1, sw-1)
			for c := range 4 {
				top := uint32(r0[4*x0+c])*(0x10000-fx) + uint32(r0[4*x1+c])*fx
				bot := uint32(r1[4*x0+c])*(0x10000-fx) + uint32(r1[4*x1+c])*fx
				v := (uint64(top)*uint64(0x10000-fy) + uint64(bot)*uint64(fy) + 1<<31) >> 32
				out[4*x+c] = uint8(v)
			}
		}
	}
	return dst
}

// tap maps destination index i (of n) onto the source (of size m): the
// left sample and the 16-bit weight of the right one.
func tap(i, n, m int) (int, uint32) {
	// centre of i in source coordinates, minus half a pixel, in 16.16
	pos := ((2*i+1)*m*0x10000/(2*n) - 0x8000)
	if pos < 0 {
		return 0, 0
	}
	return pos >> 16, uint32(pos & 0xFFFF)
}
