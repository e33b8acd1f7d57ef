package store

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if searchDB.dir != "" {
		os.RemoveAll(searchDB.dir)
	}
	os.Exit(code)
}

// searchDB is the 100,000-row database shared by the search benchmarks,
// built once per test process and removed by TestMain.
var searchDB struct {
	once sync.Once
	dir  string
	err  error
}

const (
	benchPackages = 10
	benchRows     = 10_000 // per package: 10 tables of 1,000 rows
)

func searchStore(b *testing.B) *Store {
	b.Helper()
	searchDB.once.Do(func() {
		dir, err := os.MkdirTemp("", "qingfeng-store-bench-")
		if err != nil {
			searchDB.err = err
			return
		}
		searchDB.dir = dir
		s, err := Open(context.Background(), dir)
		if err != nil {
			searchDB.err = err
			return
		}
		defer s.Close()
		start := time.Now()
		for i := range benchPackages {
			p := buildPackage(b, pkgSpec{ID: fmt.Sprintf("village%02d", i), Version: 1,
				Stories: 20, Disclosures: 10, Rows: benchRows / 10, Quizzes: 1})
			if err := s.Install(context.Background(), p); err != nil {
				searchDB.err = err
				return
			}
		}
		b.Logf("built %d-row search database in %v", benchPackages*benchRows, time.Since(start))
	})
	if searchDB.err != nil {
		b.Fatal(searchDB.err)
	}
	return openStore(b, searchDB.dir)
}

// Queries visitors type, by length. Each benchmark cycles through its list
// so that percentiles are not those of one cached query.
var benchQueries = map[int][]string{
	1: {"印", "章", "费", "款", "王", "食", "租", "修"},
	2: {"食堂", "印章", "村务", "工资", "租金", "采购", "审计", "路灯"},
	4: {"村务公开", "道路硬化", "办公用品", "防汛物资", "财务审计", "困难群众", "集体厂房", "清风廉韵"},
}

// rareQueries match fewer documents than a page of hits, so the index
// cannot stop early: the whole posting lists are read.
var rareQueries = []string{"曹金", "丁春", "潘桂兰", "于德勇", "蒋静 租金", "2024-03-15"}

// BenchmarkSearch measures Search over 100,000 disclosure rows (plus 200
// stories), reporting p50 and p95 latency in ms for 1-, 2- and 4-character
// queries, and, for comparison, a LIKE '%x%' scan.
func BenchmarkSearch(b *testing.B) {
	s := searchStore(b)
	ctx := context.Background()
	now := time.Now()
	for _, n := range []int{1, 2, 4} {
		qs := benchQueries[n]
		for _, q := range qs {
			if utf8.RuneCountInString(q) != n {
				b.Fatalf("query %q is not %d characters", q, n)
			}
		}
		b.Run(fmt.Sprintf("%dchar", n), func(b *testing.B) { runQueries(b, s, now, qs) })
	}
	b.Run("rare", func(b *testing.B) { runQueries(b, s, now, rareQueries) })
	// What the indexes save: a LIKE scan, as for a term with fewer matches
	// than a page, reads every document.
	b.Run("like-scan-baseline", func(b *testing.B) {
		var lat []time.Duration
		for b.Loop() {
			for _, q := range benchQueries[2][:4] {
				t0 := time.Now()
				var n int
				err := s.rdb.QueryRowContext(ctx, `SELECT count(*) FROM search_docs
					WHERE text LIKE '%' || ? || '%'`, q).Scan(&n)
				lat = append(lat, time.Since(t0))
				if err != nil {
					b.Fatal(err)
				}
			}
		}
		reportLatency(b, lat)
	})
}

func reportLatency(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))]) / 1e6
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(float64(len(lat)), "samples")
}

// BenchmarkInstall installs 10,000 disclosure rows and 500 800×600 JPEGs
// (with thumbnails) into an empty store, media writes and fsyncs included.
func BenchmarkInstall(b *testing.B) {
	p := buildPackage(b, pkgSpec{ID: "big", Version: 1, Stories: 30, Disclosures: 10, Rows: 1000,
		Images: 500, Quizzes: 2})
	var mediaBytes int64
	for _, m := range p.Media {
		mediaBytes += m.Size + int64(len(m.Thumb))
	}
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		s := openStore(b, "")
		b.StartTimer()
		if err := s.Install(ctx, p); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(mediaBytes)/(1<<20), "media-MB")
}

// runQueries runs each query many times and reports latency percentiles
// and hits per query.
func runQueries(b *testing.B, s *Store, now time.Time, qs []string) {
	ctx := context.Background()
	var lat []time.Duration
	hits := 0
	for b.Loop() {
		for i := range 20 * len(qs) {
			t0 := time.Now()
			h, err := s.Search(ctx, qs[i%len(qs)], now, DefaultSearchLimit)
			lat = append(lat, time.Since(t0))
			if err != nil {
				b.Fatal(err)
			}
			hits += len(h)
		}
	}
	reportLatency(b, lat)
	b.ReportMetric(float64(hits)/float64(len(lat)), "hits/query")
}
