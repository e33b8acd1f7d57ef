package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"qingfeng/content"
	"qingfeng/content/parse"
	"qingfeng/content/store"
	"qingfeng/kiosk"
	"qingfeng/kiosk/widgets"
)

// benchReplies is how many replies the district's pack holds.
const benchReplies = 100_000

// BenchmarkLookupToAnswer times 查办理结果 with a district's pack of
// 100,000 replies installed: from the tap on 查询, after the eighth
// character was typed, until the answer screen is shown (the kiosk's
// OnShow, once the screen is built and is the window's content). The
// lookup runs as in the shell, on a goroutine, and the answer comes back
// through fyne.Do. Half the receipts are the office's, half unknown;
// p50 and p95 are reported over the b.N lookups (-benchtime 100x).
// Typing the receipt and going back Home are not timed.
func BenchmarkLookupToAnswer(b *testing.B) {
	st, known := repliesStore(b)
	a := test.NewApp()
	defer a.Quit()
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1920, 1080))
	shown := make(chan struct{}, 1)
	// Five lookups a minute are allowed on screen: the clock moves a
	// minute on between lookups.
	clock := &stepClock{at: time.Now()}
	kiosk.New(a, w, kiosk.Config{Location: time.Local, OnShow: func(name string) {
		if name == "reply" {
			shown <- struct{}{}
		}
	}}, kiosk.Sources{Stories: library{st}, Disclosures: library{st}, Search: library{st},
		Opinions: noRecorder{}, Replies: replyBook{st: st}}, clock)

	rng := rand.New(rand.NewPCG(17, 1))
	var took []time.Duration
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		receipt := known[rng.IntN(len(known))]
		if i%2 == 1 {
			receipt = randomReceipt(rng) // 31⁸ receipts: not one of the 100,000 but by a chance of 10⁻⁷
		}
		clock.step(time.Minute + time.Second)
		tapText(b, w, kiosk.TileOpinions)
		tapText(b, w, kiosk.TileLookup)
		for _, c := range strings.ReplaceAll(receipt, "-", "") {
			tapText(b, w, string(c))
		}
		b.StartTimer()
		start := time.Now()
		tapText(b, w, "查询")
		<-shown
		took = append(took, time.Since(start))
		b.StopTimer()
		if want := i%2 == 0; shows(w, "答复内容") != want {
			b.Fatalf("lookup %d of %s: the reply shown is %v, want %v", i, receipt, !want, want)
		}
		tapText(b, w, "首页")
		b.StartTimer()
	}
	b.StopTimer()
	slices.Sort(took)
	at := func(q float64) float64 { return float64(took[int(q*float64(len(took)-1))]) / 1e6 }
	b.ReportMetric(at(0.5), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
	b.ReportMetric(float64(took[len(took)-1])/1e6, "max-ms")
}

// repliesStore is a store with a pack of benchReplies replies installed,
// every other one answered, made once per process, and the receipts.
var repliesFixture struct {
	once  sync.Once
	st    *store.Store
	known []string
	err   error
}

func repliesStore(b testing.TB) (*store.Store, []string) {
	f := &repliesFixture
	f.once.Do(func() {
		dir, err := os.MkdirTemp("", "qingfeng-replies-bench")
		if err != nil {
			f.err = err
			return
		}
		pkg := filepath.Join(dir, "pkg")
		os.MkdirAll(pkg, 0o755)
		os.WriteFile(filepath.Join(pkg, "package.yaml"), []byte("id: replies-district\ntitle: 答复\nversion: 29600000\n"), 0o644)
		rng := rand.New(rand.NewPCG(1, 17))
		seen := map[string]bool{}
		var csv strings.Builder
		csv.WriteString(strings.Join(parse.RepliesHeader, ",") + "\n")
		for len(f.known) < benchReplies {
			r := randomReceipt(rng)
			if seen[r] {
				continue
			}
			seen[r] = true
			f.known = append(f.known, r)
			day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, len(f.known)%300)
			d := func(n int) string { return day.AddDate(0, 0, n).Format("2006-01-02") }
			if len(f.known)%2 == 0 {
				fmt.Fprintf(&csv, "%s,已答复,意见建议,%s,%s,镇交通办,%s,第%d号意见已经办好，感谢您的反映。,是,\n", r, d(0), d(1), d(5), len(f.known))
			} else {
				fmt.Fprintf(&csv, "%s,已转交,咨询,%s,%s,镇民政办,,,否,\n", r, d(0), d(2))
			}
		}
		os.WriteFile(filepath.Join(pkg, parse.RepliesFile), []byte(csv.String()), 0o644)
		src, err := parse.Open(pkg)
		if err != nil {
			f.err = err
			return
		}
		defer src.Close()
		p, ps := parse.Read(context.Background(), src, parse.Options{})
		if ps.HasErrors() {
			f.err = ps
			return
		}
		if f.st, f.err = store.Open(context.Background(), filepath.Join(dir, "data")); f.err == nil {
			f.err = f.st.Install(context.Background(), p)
		}
		if f.err == nil {
			// Every other reply is answered: all of them are installed.
			if n, err := f.st.AnsweredSince(context.Background(), time.Time{}); err != nil || n != benchReplies/2 {
				f.err = fmt.Errorf("%d replies answered in the store (%v), want %d", n, err, benchReplies/2)
			}
		}
	})
	if f.err != nil {
		b.Fatal(f.err)
	}
	// Answered receipts only: the lookups of known receipts show a reply.
	var answered []string
	for i, r := range f.known {
		if i%2 == 1 {
			answered = append(answered, r)
		}
	}
	return f.st, answered
}

func randomReceipt(rng *rand.Rand) string {
	var r [content.ReceiptLen]byte
	for i := range r {
		r[i] = content.ReceiptAlphabet[rng.IntN(len(content.ReceiptAlphabet))]
	}
	return string(r[:4]) + "-" + string(r[4:])
}

// stepClock is a clock moved on by hand.
type stepClock struct {
	mu sync.Mutex
	at time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}

func (c *stepClock) step(d time.Duration) {
	c.mu.Lock()
	c.at = c.at.Add(d)
	c.mu.Unlock()
}

// noRecorder opens 我有话说; the benchmark stores nothing.
type noRecorder struct{}

func (noRecorder) RecordOpinion(context.Context, content.Opinion) (string, error) {
	return "", fmt.Errorf("not here")
}

// shows reports whether a text or label of the window says text.
func shows(w fyne.Window, text string) bool {
	found := false
	var visit func(o fyne.CanvasObject)
	visit = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			found = found || v.Text == text
		case *canvas.Text:
			found = found || v.Text == text
		case *widgets.Deferred:
			visit(v.Content())
		case *fyne.Container:
			for _, c := range v.Objects {
				visit(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				visit(c)
			}
		}
	}
	visit(w.Content())
	return found
}
