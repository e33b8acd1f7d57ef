package inbox

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"qingfeng/content/contenttest"
	"qingfeng/content/store"
)

var (
	pngOnce sync.Once
	pngSet  [][]byte
)

// largePNGs makes n different 1024×768 photo-like PNG pictures (about
// 550 KB each), once per test binary, on every core. Making them takes
// minutes, so they are kept in the system's temporary folder for the next
// run (and for comparing two versions of the code on the same pictures).
func largePNGs(tb testing.TB, n int) [][]byte {
	pngOnce.Do(func() {
		cache := filepath.Join(os.TempDir(), fmt.Sprintf("qingfeng-bench-png-%d", n))
		os.MkdirAll(cache, 0o755)
		pngSet = make([][]byte, n)
		var wg sync.WaitGroup
		jobs := make(chan int)
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for i := range jobs {
					name := filepath.Join(cache, fmt.Sprintf("p%03d.png", i))
					if data, err := os.ReadFile(name); err == nil {
						pngSet[i] = data
						continue
					}
					var buf bytes.Buffer
					if err := png.Encode(&buf, contenttest.Photo(1024, 768, uint64(i+1))); err != nil {
						panic(err)
					}
					pngSet[i] = buf.Bytes()
					os.WriteFile(name+".tmp", buf.Bytes(), 0o644)
					os.Rename(name+".tmp", name)
				}
			})
		}
		for i := range n {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
	})
	if len(pngSet) != n {
		tb.Fatalf("made %d pictures, want %d", len(pngSet), n)
	}
	return pngSet
}

// BenchmarkImportLargePNG is BenchmarkImportLarge with 500 PNG pictures of
// 1024×768 (about 280 MB in all) instead of small JPEGs: what a package
// made from screenshots and scans weighs. Run it with -benchtime 1x and
// -count: each run starts with an empty store.
func BenchmarkImportLargePNG(b *testing.B) {
	pics := largePNGs(b, 500)
	var total int
	for _, p := range pics {
		total += len(p)
	}
	benchAlbum(b, pics, "png", "图集")
	b.ReportMetric(float64(total)/float64(len(pics))/1024, "KB/picture")
}

// benchAlbum imports, b.N times into one store, a package of 10,000
// disclosure rows and one Markdown story showing every picture of pics
// (media/p000.ext …), each run a new version, and reports the CPU seconds
// an import took.
func benchAlbum(b *testing.B, pics [][]byte, ext, title string) {
	b.Helper()
	tmp := b.TempDir()
	var pkgs []string
	for i := range b.N {
		p := filepath.Join(tmp, fmt.Sprintf("v%d", i+1))
		largePackage(b, p, i+1, 10000, 0)
		if err := os.MkdirAll(filepath.Join(p, "media"), 0o755); err != nil {
			b.Fatal(err)
		}
		var story strings.Builder
		fmt.Fprintf(&story, "---\nid: album\ntitle: %s\ncategory: 清廉阵地\ncover: media/p000.%s\n---\n", title, ext)
		for j, pic := range pics {
			name := fmt.Sprintf("media/p%03d.%s", j, ext)
			if err := os.WriteFile(filepath.Join(p, name), pic, 0o644); err != nil {
				b.Fatal(err)
			}
			fmt.Fprintf(&story, "![第%d张](%s)\n", j, name)
		}
		if err := os.WriteFile(filepath.Join(p, "stories/album.md"), []byte(story.String()), 0o644); err != nil {
			b.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	st, err := store.Open(context.Background(), filepath.Join(tmp, "data"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	im := &Importer{Store: st}
	b.ResetTimer()
	cpu := cpuTime(b)
	for i := range b.N {
		res := im.ImportPath(context.Background(), pkgs[i])
		if res.Outcome != Imported {
			b.Fatalf("%v %s %v", res.Outcome, res.Reason, res.Problems)
		}
	}
	b.ReportMetric((cpuTime(b)-cpu).Seconds()/float64(b.N), "cpu-s/op")
}

// cpuTime is the CPU time the process has used, user and system: on a
// shared machine, the part of a figure that does not depend on what else
// runs.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var (
	phoneOnce sync.Once
	phoneSet  [][]byte
)

// phonePhotos makes n different 4000×3000 phone photos (JPEG quality 92,
// about 2.5 MB each), every second one stored sideways with EXIF
// orientation 6 as a phone stores a portrait shot. Each is cut from a
// larger grainy picture at its own place, so all differ; kept in the
// temporary folder between runs like largePNGs'.
func phonePhotos(tb testing.TB, n int) [][]byte {
	phoneOnce.Do(func() {
		cache := filepath.Join(os.TempDir(), fmt.Sprintf("qingfeng-bench-phone-%d", n))
		os.MkdirAll(cache, 0o755)
		var base *image.RGBA
		var baseOnce sync.Once
		phoneSet = make([][]byte, n)
		var wg sync.WaitGroup
		jobs := make(chan int)
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for i := range jobs {
					name := filepath.Join(cache, fmt.Sprintf("p%03d.jpg", i))
					if data, err := os.ReadFile(name); err == nil {
						phoneSet[i] = data
						continue
					}
					baseOnce.Do(func() { base = contenttest.PhoneShot(4400, 3300, 1) })
					x, y := i%20*20, i/20*30
					var buf bytes.Buffer
					if err := jpeg.Encode(&buf, base.SubImage(image.Rect(x, y, x+4000, y+3000)), &jpeg.Options{Quality: 92}); err != nil {
						panic(err)
					}
					data := buf.Bytes()
					if i%2 == 1 {
						data = withOrientation6(data)
					}
					phoneSet[i] = data
					os.WriteFile(name+".tmp", data, 0o644)
					os.Rename(name+".tmp", name)
				}
			})
		}
		for i := range n {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
	})
	if len(phoneSet) != n {
		tb.Fatalf("made %d photos, want %d", len(phoneSet), n)
	}
	return phoneSet
}

// withOrientation6 puts an EXIF segment saying "turn 90° clockwise to
// view" right after the JPEG's start.
func withOrientation6(data []byte) []byte {
	exif := []byte("Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00")
	seg := append([]byte{0xFF, 0xE1, byte((len(exif) + 2) >> 8), byte(len(exif) + 2)}, exif...)
	return append(append(append([]byte{}, data[:2]...), seg...), data[2:]...)
}

// BenchmarkImportPhotos imports 200 phone photos of 4000×3000 (half of them
// stored sideways), referenced by a Markdown story, with 10 tables of
// 1,000 rows beside them: the pictures' side of a village's package made
// from a phone. Run with -benchtime 1x and -count.
func BenchmarkImportPhotos(b *testing.B) {
	benchAlbum(b, phonePhotos(b, 200), "jpg", "村里的照片")
}
