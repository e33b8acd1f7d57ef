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

// repliesFixture is a district's pack of benchReplies replies, every
// other one answered, and the receipts of those answered; made once per
// process, and installed into a store once.
var repliesFixture struct {
	once, installed sync.Once
	pkg             *content.Package
	answered        []string
	st              *store.Store
	err             error
}

// repliesPack is the pack of repliesFixture and its answered receipts.
func repliesPack(tb testing.TB) (*content.Package, []string) {
	tb.Helper()
	f := &repliesFixture
	f.once.Do(func() { f.pkg, f.answered, f.err = makeRepliesPack() })
	if f.err != nil {
		tb.Fatal(f.err)
	}
	return f.pkg, f.answered
}

func makeRepliesPack() (*content.Package, []string, error) {
	dir, err := os.MkdirTemp("", "qingfeng-replies-bench")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "package.yaml"), []byte("id: replies-district\ntitle: 答复\nversion: 29600000\n"), 0o644)
	rng := rand.New(rand.NewPCG(1, 17))
	seen := map[string]bool{}
	var answered []string
	var csv strings.Builder
	csv.WriteString(strings.Join(parse.RepliesHeader, ",") + "\n")
	for n := 1; n <= benchReplies; {
		r := randomReceipt(rng)
		if seen[r] {
			continue
		}
		seen[r] = true
		day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n%300)
		d := func(n int) string { return day.AddDate(0, 0, n).Format("2006-01-02") }
		if n%2 == 0 {
			answered = append(answered, r)
			fmt.Fprintf(&csv, "%s,已答复,意见建议,%s,%s,镇交通办,%s,第%d号意见已经办好，感谢您的反映。,是,\n", r, d(0), d(1), d(5), n)
		} else {
			fmt.Fprintf(&csv, "%s,已转交,咨询,%s,%s,镇民政办,,,否,\n", r, d(0), d(2))
		}
		n++
	}
	os.WriteFile(filepath.Join(dir, parse.RepliesFile), []byte(csv.String()), 0o644)
	src, err := parse.Open(dir)
	if err != nil {
		return nil, nil, err
	}
	defer src.Close()
	p, ps := parse.Read(context.Background(), src, parse.Options{})
	if ps.HasErrors() {
		return nil, nil, ps
	}
	return p, answered, nil
}

// installReplies installs the pack into the store of data and checks
// that every reply is there.
func installReplies(tb testing.TB, st *store.Store) {
	tb.Helper()
	pkg, _ := repliesPack(tb)
	ctx := context.Background()
	if err := st.Install(ctx, pkg); err != nil {
		tb.Fatal(err)
	}
	if n, err := st.AnsweredSince(ctx, time.Time{}); err != nil || n != benchReplies/2 {
		tb.Fatalf("%d replies answered in the store (%v), want %d", n, err, benchReplies/2)
	}
}

// repliesStore is a store with the pack installed, made once per process,
// and the answered receipts.
func repliesStore(tb testing.TB) (*store.Store, []string) {
	tb.Helper()
	_, answered := repliesPack(tb)
	f := &repliesFixture
	f.installed.Do(func() {
		dir, err := os.MkdirTemp("", "qingfeng-replies-bench")
		if err != nil {
			tb.Fatal(err)
		}
		if f.st, err = store.Open(context.Background(), dir); err != nil {
			tb.Fatal(err)
		}
		installReplies(tb, f.st)
	})
	if f.st == nil {
		tb.Fatal("the store of replies was not made")
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
