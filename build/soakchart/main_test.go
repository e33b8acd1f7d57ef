package main

import (
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDriftComparesTheWindowsAfterStartUp(t *testing.T) {
	// Start-up is left out: 1000 in the first five minutes changes nothing.
	v := make([]float64, 60)
	for i := range v {
		v[i] = 100
		if i < 5 {
			v[i] = 1000
		}
		if i >= 50 {
			v[i] = 110
		}
	}
	if d := drift(v); math.Abs(d-10) > 1e-9 {
		t.Fatalf("drift %.3f %%, want 10", d)
	}
	if f, l := windows(60); f != 5 || l != 50 {
		t.Fatalf("windows %d, %d; want 5, 50", f, l)
	}
	// Too short for start-up and two windows: the first twenty minutes.
	if f, l := windows(15); f != 0 || l != 5 {
		t.Fatalf("windows of 15 minutes %d, %d; want 0, 5", f, l)
	}
}

func TestNiceStep(t *testing.T) {
	for raw, want := range map[float64]float64{120: 200, 33.4: 50, 10: 10, 8.1: 10, 0.3: 0.5, 0: 1} {
		if got := niceStep(raw); got != want {
			t.Errorf("niceStep(%v) = %v, want %v", raw, got, want)
		}
	}
}

func TestRunDrawsEachSeriesInItsPanel(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("minute,rss_mb,heap_mb,goroutines\n")
	for m := 0; m <= 30; m++ {
		fmt.Fprintf(&b, "%d,%d,%d,%d\n", m, 300+m, 60, 24)
	}
	in, out := filepath.Join(dir, "soak.csv"), filepath.Join(dir, "soak.png")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(in, out); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	// Each panel holds pixels of its series' colour.
	count := map[string]int{}
	want := map[[3]uint32]string{{0xB7, 0x1C, 0x1C}: "RSS", {0x2E, 0x6B, 0x3F}: "heap", {0x3A, 0x5F, 0x8C}: "goroutines"}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if name, ok := want[[3]uint32{cr >> 8, cg >> 8, cb >> 8}]; ok {
				count[name]++
			}
		}
	}
	for _, name := range want {
		if count[name] < 1500 { // a line across the panel; its title alone has a few hundred
			t.Errorf("%s: %d pixels of its colour; its line is missing", name, count[name])
		}
	}
	t.Logf("pixels of each colour: %v", count)
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("minute,rss_mb,heap_mb,goroutines\n0,x,1,1\n1,1,1,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(bad, out); err == nil {
		t.Fatal("a CSV with a word for a number was drawn")
	}
}
