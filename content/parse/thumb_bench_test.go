package parse

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

func benchJPEG(b *testing.B, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(180 + x%60), uint8(40 + y%120), uint8((x + y) % 90), 255})
		}
	}
	var buf bytes.Buffer
	jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85})
	return buf.Bytes()
}

// BenchmarkThumbnail is the per-picture cost of an import: decode plus
// thumbnail, for a typical 800×600 and a phone photo of 4000×3000.
func BenchmarkThumbnail(b *testing.B) {
	for _, sz := range []struct{ w, h int }{{800, 600}, {4000, 3000}} {
		data := benchJPEG(b, sz.w, sz.h)
		b.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(b *testing.B) {
			for b.Loop() {
				img, _ := jpeg.Decode(bytes.NewReader(data))
				if _, err := thumbnail(img); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
