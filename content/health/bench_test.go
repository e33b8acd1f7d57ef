package health

import (
	"context"
	"runtime"
	"testing"
	"time"

	"qingfeng/content/store"
)

// benchLogEntries is a year of a busy kiosk's display log: a thousand
// screens a day.
const benchLogEntries = 365_000

// yearStore is a store whose display log holds benchLogEntries entries.
func yearStore(b *testing.B) *store.Store {
	b.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	t0 := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	for day := range benchLogEntries / 1000 {
		vs := make([]store.UsageView, 1000)
		for i := range vs {
			vs[i] = store.UsageView{At: t0.Add(time.Duration(day*1000+i) * 30 * time.Second), Screen: "table",
				Item: "shili/finance-2026", Title: "石岩村2026年第三季度财务公开", Dwell: 20 * time.Second}
		}
		if err := st.RecordViews(ctx, vs); err != nil {
			b.Fatal(err)
		}
	}
	return st
}

// The heartbeat of a kiosk with a year's display log: what it costs every
// 5 minutes. And the daily walk of that log, against reading it whole (as
// the walk did before it streamed rows): the peak heap is what matters on
// a kiosk whose Go heap is limited to 128 MiB.
func BenchmarkHeartbeat(b *testing.B) {
	st := yearStore(b)
	ctx := context.Background()
	shanghai := time.FixedZone("CST", 8*3600)
	open := func(t time.Time) bool {
		t = t.In(shanghai)
		return t.Weekday() != time.Sunday && t.Hour() >= 8 && t.Hour() < 18
	}
	beat := Beat{Kiosk: Kiosk{Site: "shili", DataDir: b.TempDir(), Started: time.Now()}, Open: open, Location: shanghai, Recent: &Errors{}}
	b.Run("heartbeat", func(b *testing.B) {
		for b.Loop() {
			h, err := Heartbeat(ctx, st, beat, time.Now())
			if err != nil || h.DisplayLog.Entries != benchLogEntries || len(h.DisplayLog.Checkpoints) < 150 {
				b.Fatal(err, h.DisplayLog.Entries, len(h.DisplayLog.Checkpoints))
			}
		}
	})
	b.Run("walk", func(b *testing.B) {
		for b.Loop() {
			w, err := st.WalkDisplayLog(ctx, "")
			if err != nil || w.Entries != benchLogEntries {
				b.Fatal(err, w.Entries)
			}
		}
		b.ReportMetric(peakHeapMB(func() { st.WalkDisplayLog(ctx, "") }), "peak-heap-MB")
	})
	b.Run("read-whole", func(b *testing.B) {
		for b.Loop() {
			all, err := st.DisplayLog(ctx, time.Time{}, time.Time{})
			if err != nil || len(all) != benchLogEntries {
				b.Fatal(err, len(all))
			}
		}
		b.ReportMetric(peakHeapMB(func() { st.DisplayLog(ctx, time.Time{}, time.Time{}) }), "peak-heap-MB")
	})
}

// peakHeapMB is the most heap in use while f runs, sampled every
// millisecond, less what was in use before.
func peakHeapMB(f func()) float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	base := m.HeapAlloc
	peak := base
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapAlloc)
			case <-done:
				return
			}
		}
	}()
	f()
	done <- struct{}{}
	<-done
	return float64(peak-base) / (1 << 20)
}
