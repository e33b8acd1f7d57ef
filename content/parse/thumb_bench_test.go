package parse

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"testing"

	"golang.org/x/sync/semaphore"

	"qingfeng/content"
	"qingfeng/content/contenttest"
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

// BenchmarkPhoto splits the import of one 4000×3000 phone photo taken
// upright (EXIF orientation 6, as phones store a portrait shot) into its
// steps, and times the whole of checkMedia for it against one that needs
// no turning.
func BenchmarkPhoto(b *testing.B) {
	const w, h = 4000, 3000
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, contenttest.PhoneShot(w, h, 1), &jpeg.Options{Quality: 92}); err != nil {
		b.Fatal(err)
	}
	stored := buf.Bytes()
	b.ReportMetric(float64(len(stored))/1e6, "MB/photo")
	turned := withEXIF(b, mustDecode(b, stored), 6, binary.BigEndian)
	img := mustDecode(b, stored)
	up := uprightPhoto(img, 6, h, w)
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			mustDecode(b, stored)
		}
	})
	b.Run("turn", func(b *testing.B) {
		for b.Loop() {
			uprightPhoto(img, 6, h, w)
		}
	})
	b.Run("turn+reduce to 2880x3840", func(b *testing.B) {
		for b.Loop() {
			uprightPhoto(img, 6, 2880, 3840)
		}
	})
	b.Run("encode", func(b *testing.B) {
		for b.Loop() {
			if err := jpeg.Encode(io.Discard, up, &jpeg.Options{Quality: photoQuality}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("thumbnail", func(b *testing.B) {
		for b.Loop() {
			if _, err := thumbnail(up); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, tc := range []struct {
		name string
		data []byte
	}{{"whole/upright", stored}, {"whole/turned", turned}} {
		b.Run(tc.name, func(b *testing.B) {
			var sp spool
			defer sp.remove()
			pixels := semaphore.NewWeighted(1 << 40)
			f := &file{path: "media/p.jpg", size: int64(len(tc.data)), open: func() (io.ReadCloser, error) {
				return io.NopCloser(bytes.NewReader(tc.data)), nil
			}}
			for b.Loop() {
				if _, ps := checkMedia(context.Background(), f, content.DefaultLimits(), true, pixels, &sp); ps.HasErrors() {
					b.Fatal(ps)
				}
			}
		})
	}
}

func mustDecode(tb testing.TB, data []byte) image.Image {
	tb.Helper()
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		tb.Fatal(err)
	}
	return img
}
