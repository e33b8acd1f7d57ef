package main

import (
	"runtime"
	"testing"
	"time"

	"qingfeng/app/qingfeng/internal/cheaptest"
)

// fakeTimers records what memoryKeeper schedules; fire runs the newest.
type fakeTimers struct {
	t     *testing.T
	calls []*fakeTimer
}

type fakeTimer struct {
	d       time.Duration
	f       func()
	stopped bool
}

func (t *fakeTimer) Stop() bool { was := !t.stopped; t.stopped = true; return was }

func (ft *fakeTimers) afterFunc(d time.Duration, f func()) interface{ Stop() bool } {
	tm := &fakeTimer{d: d, f: f}
	ft.calls = append(ft.calls, tm)
	return tm
}

func (ft *fakeTimers) last() *fakeTimer {
	ft.t.Helper()
	if len(ft.calls) == 0 {
		ft.t.Fatal("nothing scheduled")
	}
	return ft.calls[len(ft.calls)-1]
}

func TestMemoryKeeperReleasesOnlyWhileIdle(t *testing.T) {
	ft := &fakeTimers{t: t}
	released := 0
	m := &memoryKeeper{after: 20 * time.Second, every: 30 * time.Minute,
		release: func() { released++ }, afterFunc: ft.afterFunc}

	m.shown("home")
	m.shown("story")
	if len(ft.calls) != 0 {
		t.Fatalf("a visitor's screens scheduled %d releases", len(ft.calls))
	}

	m.shown("attract")
	first := ft.last()
	if first.d != 20*time.Second {
		t.Fatalf("first release after %v, want 20s", first.d)
	}
	first.f()
	if released != 1 {
		t.Fatalf("released %d times, want 1", released)
	}
	again := ft.last()
	if again == first || again.d != 30*time.Minute {
		t.Fatalf("no release every 30 minutes while idle: %+v", again)
	}
	// The attract loop giving way to the closed screen is still idle:
	// nothing new is scheduled, the half-hour one stands.
	m.shown("closed")
	if ft.last() != again || again.stopped {
		t.Fatal("closing for the night restarted the schedule")
	}
	again.f()
	if released != 2 {
		t.Fatalf("released %d times, want 2", released)
	}

	// A touch: the pending release is cancelled, and one already on its
	// way (a timer that fired as the visitor touched) does nothing.
	pending := ft.last()
	m.shown("home")
	if !pending.stopped {
		t.Fatal("a visitor's touch did not cancel the pending release")
	}
	pending.f()
	if released != 2 {
		t.Fatalf("released while a visitor was there (%d)", released)
	}
	n := len(ft.calls)
	m.shown("opinions")
	if len(ft.calls) != n {
		t.Fatal("a visitor's screen scheduled a release")
	}

	// The next idle stretch starts over.
	m.shown("attract")
	if next := ft.last(); next == pending || next.d != 20*time.Second {
		t.Fatalf("the next idle stretch did not schedule a release: %+v", next)
	}
	// A stale call from the first stretch does nothing in the second.
	first.f()
	if released != 2 {
		t.Fatalf("a stale timer released (%d)", released)
	}
}

// Quiet on a visitor's screen: the frame is asked for at once, the trim
// after it has had time to be drawn; nothing while idle (release does
// that), and a trim still pending when the attract loop comes does
// nothing.
func TestMemoryKeeperTrimsWhenQuiet(t *testing.T) {
	ft := &fakeTimers{t: t}
	settled, trimmed, released := 0, 0, 0
	m := &memoryKeeper{after: 20 * time.Second, every: 30 * time.Minute,
		release: func() { released++ }, settle: func() { settled++ }, trim: func() { trimmed++ },
		afterFunc: ft.afterFunc}

	m.shown("home")
	m.quiet()
	if settled != 1 || trimmed != 0 {
		t.Fatalf("quiet: %d frames asked, %d trims before the frame; want 1, 0", settled, trimmed)
	}
	if tm := ft.last(); tm.d != settleTime {
		t.Fatalf("trim after %v, want %v", tm.d, settleTime)
	}
	ft.last().f()
	if trimmed != 1 || released != 0 {
		t.Fatalf("after the frame: %d trims, %d releases; want 1, 0", trimmed, released)
	}

	m.quiet()
	pending := ft.last()
	m.shown("attract")
	pending.f()
	if trimmed != 1 {
		t.Fatalf("a trim went ahead in the attract loop (%d)", trimmed)
	}
	n := len(ft.calls)
	m.quiet()
	if settled != 2 || len(ft.calls) != n {
		t.Fatalf("quiet while idle asked for %d frames and %d timers", settled-2, len(ft.calls)-n)
	}
}

// The C heap: blocks freed below one still in use stay resident until
// malloc_trim; releaseMemory gives them back.
func TestReleaseMemoryReturnsFreedCHeap(t *testing.T) {
	if rssMB() == 0 {
		t.Fatal("no /proc/self/status: cannot see the resident size")
	}
	// Free space other tests left in the C heap is made non-resident
	// first; otherwise the blocks below reuse it and RSS shows nothing.
	releaseMemory()
	before := rssMB()
	keep := cheaptest.Fragment(1024, 16<<10) // 16 MiB
	defer keep()
	held := rssMB()
	if held-before < 12 {
		t.Fatalf("the fragmented C heap did not stay resident (%.1f → %.1f MiB); the test shows nothing", before, held)
	}
	releaseMemory()
	after := rssMB()
	t.Logf("resident: %.1f MiB, %.1f with 16 MiB freed in the C heap, %.1f after releaseMemory", before, held, after)
	if held-after < 12 {
		t.Fatalf("releaseMemory gave back %.1f MiB of 16 freed in the C heap", held-after)
	}
}

// The Go heap: spans freed by a collection go back to the kernel only
// slowly on their own; releaseMemory returns them at once.
func TestReleaseMemoryReturnsFreedGoHeap(t *testing.T) {
	if rssMB() == 0 {
		t.Fatal("no /proc/self/status: cannot see the resident size")
	}
	chunks := make([][]byte, 128)
	for i := range chunks {
		chunks[i] = make([]byte, 1<<20)
		for j := 0; j < len(chunks[i]); j += 4096 {
			chunks[i][j] = 1
		}
	}
	runtime.KeepAlive(chunks)
	chunks = nil
	runtime.GC()
	held := rssMB()
	releaseMemory()
	after := rssMB()
	t.Logf("resident: %.1f MiB after 128 MiB of Go heap was freed, %.1f after releaseMemory", held, after)
	if held-after < 64 {
		t.Fatalf("releaseMemory gave back %.1f MiB of 128 freed in the Go heap", held-after)
	}
}

// Large C blocks stay mapped on their own even after a larger one was
// freed (glibc would otherwise raise its threshold and take them from the
// heap, where a freed texture leaves a hole that stays resident).
func TestLargeCBlocksAreMappedOnTheirOwn(t *testing.T) {
	mapped, size := cheaptest.MappedAfterLargeFree()
	if size == 0 {
		t.Fatal("the C heap holds more than 30 MiB free: cannot tell where a large block would go")
	}
	if mapped < size {
		t.Fatalf("a %d KiB block after a larger one was freed: %d KiB mapped, want it all", size>>10, mapped>>10)
	}
}

// The heap's soft limit is the 1080p figure at scale 1 and grows by the
// picture cache's growth at a larger scale, never below it.
func TestMemoryLimitFollowsTheScale(t *testing.T) {
	for _, c := range []struct {
		scale float32
		want  int64
	}{
		{1, 116 << 20},
		{0.5, 116 << 20},
		{2, 104<<20 + 48<<20},
		{1.5, 104<<20 + 27<<20},
	} {
		if got := memoryLimit(c.scale); got != c.want {
			t.Errorf("memoryLimit(%v) = %d MiB, want %d MiB", c.scale, got>>20, c.want>>20)
		}
	}
}
