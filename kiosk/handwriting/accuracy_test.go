package handwriting

import (
	"slices"
	"sort"
	"testing"
	"time"
)

// What recognition reaches on the fixed sample below (finger-drawn
// medians, see finger). The targets (top-1 85 %, top-10 97 %) are
// not reached by this model on this data: see BENCHMARKS.md. These floors
// are the measured figures less a point, so a change that makes
// recognition worse fails here.
const (
	floorTop1  = 0.74
	floorTop10 = 0.86
)

// sampleEvery picks the fixed sample: every 7th character of level 1, in
// the table's order (500 characters).
const sampleEvery = 7

type score struct {
	n, top1, top10 int
	times          []time.Duration
}

func (s score) rate(k int) float64 { return float64(k) / float64(s.n) }

// measure draws each character with a finger and recognises it through
// the same code the pad uses.
func measure(r *Recognizer, chars []written, every int) score {
	return measureWith(chars, every, func(w written) []string {
		return r.Recognize(finger(w.strokes, 600, seedOf(w.char)), 10)
	})
}

// measureWith times recognise on every every-th character.
func measureWith(chars []written, every int, recognise func(written) []string) score {
	var s score
	for i, w := range chars {
		if i%every != 0 {
			continue
		}
		start := time.Now()
		got := recognise(w)
		s.times = append(s.times, time.Since(start))
		s.n++
		if len(got) > 0 && got[0] == w.char {
			s.top1++
		}
		if slices.Contains(got, w.char) {
			s.top10++
		}
	}
	return s
}

func TestAccuracyOnFixedSample(t *testing.T) {
	s := measure(model(t), readMedians(t), sampleEvery)
	if s.n != 500 {
		t.Fatalf("sample of %d characters, want 500", s.n)
	}
	t.Logf("top-1 %.1f %%, top-10 %.1f %% over %d characters", 100*s.rate(s.top1), 100*s.rate(s.top10), s.n)
	if s.rate(s.top10) < floorTop10 {
		t.Errorf("top-10 %.1f %%, below %.0f %%", 100*s.rate(s.top10), 100*floorTop10)
	}
	if s.rate(s.top1) < floorTop1 {
		t.Errorf("top-1 %.1f %%, below %.0f %%", 100*s.rate(s.top1), 100*floorTop1)
	}
}

// BenchmarkLevel1 recognises all 3,500 characters of level 1 once per
// iteration and reports accuracy and the 95th percentile of one
// classification (run with -benchtime=1x): drawn by a finger through the
// pad's code (finger), the same strokes given to Zinnia as drawn (raw),
// and the medians themselves given to Zinnia (medians: the figure the
// issue started from).
func BenchmarkLevel1(b *testing.B) {
	r := model(b)
	chars := readMedians(b)
	direct := func(strokes []Stroke) []string {
		r.mu.Lock()
		defer r.mu.Unlock()
		if err := r.load(); err != nil {
			b.Fatal(err)
		}
		return r.z.classify(strokes, 10)
	}
	ways := []struct {
		name      string
		recognise func(written) []string
	}{
		{"finger", func(w written) []string { return r.Recognize(finger(w.strokes, 600, seedOf(w.char)), 10) }},
		{"raw", func(w written) []string { return direct(finger(w.strokes, 600, seedOf(w.char))) }},
		{"medians", func(w written) []string { return direct(w.strokes) }},
	}
	for _, way := range ways {
		b.Run(way.name, func(b *testing.B) {
			var s score
			for range b.N {
				s = measureWith(chars, 1, way.recognise)
			}
			b.StopTimer()
			sort.Slice(s.times, func(i, j int) bool { return s.times[i] < s.times[j] })
			b.ReportMetric(100*s.rate(s.top1), "top1-%")
			b.ReportMetric(100*s.rate(s.top10), "top10-%")
			b.ReportMetric(float64(s.times[len(s.times)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(s.times[len(s.times)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}

// BenchmarkRecognize is one classification, characters taken in turn.
func BenchmarkRecognize(b *testing.B) {
	r := model(b)
	chars := readMedians(b)
	drawn := make([][]Stroke, len(chars))
	for i, w := range chars {
		drawn[i] = finger(w.strokes, 600, seedOf(w.char))
	}
	b.ResetTimer()
	for i := range b.N {
		r.Recognize(drawn[i%len(drawn)], 10)
	}
}
