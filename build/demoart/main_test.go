package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// committedMedia is where the demo package keeps the pictures this program
// draws, relative to this package's folder.
var committedMedia = filepath.Join("..", "..", "assets", "demo", "media")

const regenerate = "run `go run ./build/demoart -out assets/demo/media` from the module root and commit the result"

// TestCommittedArtIsReproducible redraws every picture and compares it with
// the committed file, so nobody can hand-edit the art or commit art from an
// older version of the program.
func TestCommittedArtIsReproducible(t *testing.T) {
	dir := t.TempDir()
	if err := writeAll(dir); err != nil {
		t.Fatal(err)
	}
	var total int
	for _, a := range artworks {
		t.Run(a.name, func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(dir, a.name))
			if err != nil {
				t.Fatal(err)
			}
			total += len(got)
			img := decode(t, got)
			if b := img.Bounds(); b.Dx() != a.w || b.Dy() != a.h {
				t.Errorf("size %dx%d, want %dx%d", b.Dx(), b.Dy(), a.w, a.h)
			}
			if len(got) > 150<<10 {
				t.Errorf("%d bytes, over the 150 KiB budget of one picture", len(got))
			}
			want, err := os.ReadFile(filepath.Join(committedMedia, a.name))
			if err != nil {
				t.Fatalf("committed file missing (%v): %s", err, regenerate)
			}
			if bytes.Equal(got, want) {
				return
			}
			if samePixels(img, decode(t, want)) {
				t.Errorf("same pixels but different PNG bytes (was the Go toolchain's encoder changed?): %s", regenerate)
			} else {
				t.Errorf("the committed picture differs from what the program draws: %s", regenerate)
			}
		})
	}
	if total > 2<<20 {
		t.Errorf("all pictures together take %d bytes, over the 2 MiB budget", total)
	}
}

// TestNoStrayPictures keeps media/ to pictures this program can redraw.
func TestNoStrayPictures(t *testing.T) {
	entries, err := os.ReadDir(committedMedia)
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, a := range artworks {
		known[a.name] = true
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".png") && !known[e.Name()] {
			t.Errorf("%s is in %s but demoart does not draw it", e.Name(), committedMedia)
		}
	}
}

func TestFillCoverage(t *testing.T) {
	white, black := rgb(255, 255, 255), rgb(0, 0, 0)
	tests := []struct {
		name string
		p    *path
		x, y int
		want uint8 // red channel: 0 fully covered, 255 untouched
	}{
		{"inside", rect(2, 2, 4, 4), 3, 3, 0},
		{"outside", rect(2, 2, 4, 4), 7, 7, 255},
		{"half pixel", rect(2, 2, 4.5, 4), 6, 3, 128},
		{"quarter pixel", rect(2, 2, 4.5, 4.5), 6, 6, 191},
		{"overlap is union", union(rect(0, 0, 5, 5), rect(3, 3, 5, 5)), 4, 4, 0},
		{"ring hole", ring(5, 5, 3, 4.5), 5, 5, 255},
		{"ring band", ring(5, 5, 3, 4.5), 5, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCanvas(10, 10)
			c.background(white)
			c.fill(black, tt.p)
			if got := c.img.RGBAAt(tt.x, tt.y).R; got != tt.want {
				t.Errorf("pixel (%d,%d) = %d, want %d", tt.x, tt.y, got, tt.want)
			}
		})
	}
}

func decode(tb testing.TB, data []byte) image.Image {
	tb.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		tb.Fatalf("decode: %v", err)
	}
	return img
}

func samePixels(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if color.RGBAModel.Convert(a.At(x, y)) != color.RGBAModel.Convert(b.At(x, y)) {
				return false
			}
		}
	}
	return true
}
