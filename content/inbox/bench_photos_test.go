package inbox

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

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
	tmp := b.TempDir()
	var pkgs []string
	for i := range b.N {
		p := filepath.Join(tmp, fmt.Sprintf("v%d", i+1))
		largePackage(b, p, i+1, 10000, 0)
		if err := os.MkdirAll(filepath.Join(p, "media"), 0o755); err != nil {
			b.Fatal(err)
		}
		var story strings.Builder
		story.WriteString("---\nid: album\ntitle: 图集\ncategory: 清廉阵地\ncover: media/p000.png\n---\n")
		for j, pic := range pics {
			name := fmt.Sprintf("media/p%03d.png", j)
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
	b.ReportMetric(float64(total)/float64(len(pics))/1024, "KB/picture")
	b.ResetTimer()
	for i := range b.N {
		res := im.ImportPath(context.Background(), pkgs[i])
		if res.Outcome != Imported {
			b.Fatalf("%v %s %v", res.Outcome, res.Reason, res.Problems)
		}
	}
}
