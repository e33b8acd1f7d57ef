package kiosk

import (
	"runtime"
	"testing"
)

// The opinion form is opened hundreds of times a month. Fyne's theme
// override (container.NewThemeOverride) starts a new scope on every
// refresh, and Fyne's font cache parses the whole CJK font again for each
// scope and keeps it: +50 MB of heap in twenty forms. The form must not
// grow the heap form after form.
func TestOpinionFormDoesNotGrowTheHeap(t *testing.T) {
	r, _ := opinionRig(t, landscape)
	heap := func() float64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return float64(m.HeapAlloc) / (1 << 20)
	}
	open := func() {
		r.openForm(t)
		r.w.Canvas().Capture() // draw it, as the screen would
		r.k.Home()
	}
	for range 3 {
		open()
	}
	before := heap()
	for range 20 {
		open()
	}
	if grew := heap() - before; grew > 15 {
		t.Fatalf("twenty opinion forms grew the heap by %.0f MB", grew)
	} else {
		t.Logf("twenty opinion forms: %+.1f MB", grew)
	}
}
