package x11

import (
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestScreenshotsKeptAndPruned(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "outbox", ScreensDir)
	img := image.NewNRGBA(image.Rect(0, 0, 64, 36))
	for x := range 64 {
		img.Set(x, 10, color.NRGBA{R: 0xB7, A: 0xFF})
	}
	start := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	os.MkdirAll(dir, 0o755)
	// Other kiosks' screenshots in the same folder are not this one's to
	// prune, even of a site whose id begins with this one's.
	os.WriteFile(filepath.Join(dir, "screen-other-20200101-000000.jpg"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, "screen-xiaoshan-1-b-20200101-000000.jpg"), []byte("x"), 0o644)
	var written []string
	for i := range 5 {
		name, err := SaveScreenshot(dir, "xiaoshan-1", img, start.Add(time.Duration(i)*time.Hour), 3)
		if err != nil {
			t.Fatal(err)
		}
		written = append(written, filepath.Base(name))
	}
	ents, _ := os.ReadDir(dir)
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	want := append([]string{"screen-other-20200101-000000.jpg", "screen-xiaoshan-1-b-20200101-000000.jpg"}, written[2:]...)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("folder holds %v, want the newest three of this kiosk and the other's: %v", got, want)
	}
	if written[4] != "screen-xiaoshan-1-20261126-130000.jpg" {
		t.Errorf("name %s", written[4])
	}
	f, err := os.Open(filepath.Join(dir, written[4]))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	back, err := jpeg.Decode(f)
	if err != nil || back.Bounds() != img.Bounds() {
		t.Fatalf("screenshot not a readable JPEG of the window: %v %v", err, back)
	}
}
