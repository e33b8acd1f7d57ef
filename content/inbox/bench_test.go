package inbox

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"qingfeng/content/contenttest"
	"qingfeng/content/store"
)

// largePackage writes a package of rows disclosure rows (in tables of 1,000)
// and images 800×600 JPEG pictures, as a district office would send.
func largePackage(tb testing.TB, dir string, version, rows, images int) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	var files []txtar.File
	files = append(files, txtar.File{Name: "package.yaml", Data: []byte(fmt.Sprintf("id: large\ntitle: 大包\nversion: %d\n", version))})
	items := []string{"村道硬化", "路灯维修", "垃圾分类宣传", "老年食堂补贴", "办公用品", "水利设施", "集体房屋租金", "土地流转费"}
	for t := 0; t*1000 < rows; t++ {
		var b strings.Builder
		b.WriteString("日期,事项,经办人,收入,支出\n")
		for i := 0; i < 1000 && t*1000+i < rows; i++ {
			fmt.Fprintf(&b, "2026-%02d-%02d,%s第%d笔,网格员%d,%.2f,%.2f\n", rng.IntN(12)+1, rng.IntN(28)+1,
				items[rng.IntN(len(items))], i, rng.IntN(50), rng.Float64()*10000, rng.Float64()*8000)
		}
		name := fmt.Sprintf("disclosures/t%02d", t)
		files = append(files, txtar.File{Name: name + ".csv", Data: []byte(b.String())},
			txtar.File{Name: name + ".yaml", Data: []byte("title: 收支明细\ncategory: 财务\namount_columns: [收入, 支出]\n")})
	}
	base := image.NewRGBA(image.Rect(0, 0, 800, 600))
	for y := range 600 {
		for x := range 800 {
			base.Set(x, y, color.RGBA{uint8(180 + x%60), uint8(40 + y%120), uint8((x + y) % 90), 255})
		}
	}
	var story strings.Builder
	story.WriteString("---\nid: album\ntitle: 图集\ncategory: 清廉阵地\ncover: media/p000.jpg\n---\n")
	for i := range images {
		base.Set(i%800, i/800, color.RGBA{0, 0, 0, 255}) // every picture differs
		var buf bytes.Buffer
		jpeg.Encode(&buf, base, &jpeg.Options{Quality: 85})
		files = append(files, txtar.File{Name: fmt.Sprintf("media/p%03d.jpg", i), Data: buf.Bytes()})
		fmt.Fprintf(&story, "![第%d张](media/p%03d.jpg)\n", i, i)
	}
	files = append(files, txtar.File{Name: "stories/album.md", Data: []byte(story.String())})
	contenttest.Write(tb, dir, &txtar.Archive{Files: files})
}

// BenchmarkImportLarge is a whole import, as the inbox does it: read and
// check every file, decode every picture and make its thumbnail, write media
// and commit 10,000 rows. Each iteration installs a newer version.
func BenchmarkImportLarge(b *testing.B) {
	tmp := b.TempDir()
	var pkgs []string
	for i := range b.N {
		p := filepath.Join(tmp, fmt.Sprintf("v%d", i+1))
		largePackage(b, p, i+1, 10000, 500)
		pkgs = append(pkgs, p)
	}
	st, err := store.Open(context.Background(), filepath.Join(tmp, "data"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	im := &Importer{Store: st}
	b.ResetTimer()
	for i := range b.N {
		res := im.ImportPath(context.Background(), pkgs[i])
		if res.Outcome != Imported {
			b.Fatalf("%v %s %v", res.Outcome, res.Reason, res.Problems)
		}
	}
}

// BenchmarkDropToCommitted measures from a small package appearing in the
// inbox (a rename, as a finished copy or Syncthing does) to its content
// being committed, with the default quiet period.
func BenchmarkDropToCommitted(b *testing.B) {
	tmp := b.TempDir()
	inbox := filepath.Join(tmp, "inbox")
	os.MkdirAll(inbox, 0o755)
	st, err := store.Open(context.Background(), filepath.Join(tmp, "data"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	results := make(chan Result, 1)
	in := &Inbox{Dirs: []string{inbox}, Importer: &Importer{Store: st}, OnResult: func(r Result) { results <- r }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { in.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	time.Sleep(100 * time.Millisecond)
	var total time.Duration
	for i := range b.N {
		staged := filepath.Join(tmp, fmt.Sprintf("p%d.zip", i))
		os.WriteFile(staged, zipOf(b, pkgFiles(b, "small", i+1)), 0o644)
		start := time.Now()
		if err := os.Rename(staged, filepath.Join(inbox, filepath.Base(staged))); err != nil {
			b.Fatal(err)
		}
		r := <-results
		total += time.Since(start)
		if r.Outcome != Imported {
			b.Fatalf("%v %s", r.Outcome, r.Reason)
		}
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/drop")
}
