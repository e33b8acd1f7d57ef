package parse

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"testing"

	"golang.org/x/tools/txtar"
)

// A JPEG is decoded at a reduced scale for its thumbnail, whose size is
// rounded up (4001×2999 at 1/8 is 501×375): the thumbnail is still the
// one of the full picture, 480×360 here, not that of the rounded size
// (480×359), and a photo that is reduced keeps its planned size.
func TestScaledDecodeKeepsSizes(t *testing.T) {
	for _, tc := range []struct{ w, h int }{{4001, 2999}, {2999, 4001}, {1203, 797}, {5001, 3001}} {
		t.Run(fmt.Sprintf("%dx%d", tc.w, tc.h), func(t *testing.T) {
			img := image.NewYCbCr(image.Rect(0, 0, tc.w, tc.h), image.YCbCrSubsampleRatio420)
			for i := range img.Y {
				img.Y[i] = uint8(i % 251)
			}
			for i := range img.Cb {
				img.Cb[i], img.Cr[i] = 128, uint8(100+i%50)
			}
			var b bytes.Buffer
			if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
				t.Fatal(err)
			}
			a := baseTree(t)
			a.Files = append(a.Files, txtar.File{Name: "media/photo.jpg", Data: b.Bytes()})
			src := mustFS(t, a)
			defer src.Close()
			pkg, ps := Read(context.Background(), src, Options{Thumbnails: true})
			if ps.HasErrors() {
				t.Fatal(ps)
			}
			uw, uh, _ := photoPlan(tc.w, tc.h, orientUpright)
			for _, m := range pkg.Media {
				if m.Path != "media/photo.jpg" {
					continue
				}
				if m.Width != uw || m.Height != uh {
					t.Errorf("recorded as %d×%d, want %d×%d", m.Width, m.Height, uw, uh)
				}
				thumb, err := jpeg.DecodeConfig(bytes.NewReader(m.Thumb))
				if err != nil {
					t.Fatal(err)
				}
				if tw, th := thumbSize(uw, uh); thumb.Width != tw || thumb.Height != th {
					t.Errorf("thumbnail %d×%d, want %d×%d", thumb.Width, thumb.Height, tw, th)
				}
				return
			}
			t.Fatal("no media/photo.jpg")
		})
	}
}
