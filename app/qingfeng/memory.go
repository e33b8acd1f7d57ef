package main

/*
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#ifdef __GLIBC__
// qf_malloc_setup runs when the program is loaded, before anything is
// allocated: blocks of 128 KiB and more (Mesa's textures, the buffers of
// decoded pictures) are always mapped on their own and unmapped when freed.
// Left to itself glibc raises that threshold to the size of the largest
// such block freed so far, after which textures are carved out of the heap
// and leave it fragmented and resident.
__attribute__((constructor)) static void qf_malloc_setup(void) {
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
}
#endif

// qf_trim hands the C heap's free pages back to the kernel: what Mesa,
// SQLite and the font rasteriser freed stays mapped in glibc's arenas
// otherwise, and a kiosk that runs for months sees that as growth.
static int qf_trim(void) {
#ifdef __GLIBC__
	return malloc_trim(0);
#else
	return 0;
#endif
}
*/
import "C"

import (
	"log/slog"
	"math"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"qingfeng/kiosk"
)

// releaseMemory returns to the operating system what the process holds but
// no longer uses: the Go heap's free spans (after a collection) and the C
// heap's free pages. It costs a full collection, so it runs while nobody
// is at the screen.
func releaseMemory() {
	debug.FreeOSMemory()
	C.qf_trim()
}

// limitMemory sets the Go heap's soft limit for a kiosk drawn at scale:
// 116 MiB at 1920×1080, of which the picture cache's budget is 12 MiB, and
// that budget grows with the pixels at a larger scale (kiosk.PictureBudget).
// At 4K a fixed 128 MiB was half of what the heap holds live, and the
// collector ran almost without pause. GOMEMLIMIT in the environment wins.
func limitMemory(scale float32) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(memoryLimit(scale))
}

func memoryLimit(scale float32) int64 { return 104<<20 + kiosk.PictureBudget(scale) }

// memoryKeeper calls release a while after the kiosk falls idle (the
// attract loop or the closed screen came up and its pictures are drawn),
// and again every so often for as long as it stays idle; a visitor's touch
// cancels what is pending. Pictures decoded for a visit and the textures
// drawn from them are freed in bursts, and neither Go nor glibc gives such
// memory back on its own soon enough: without this the resident size of a
// kiosk steps up after busy stretches and stays there.
type memoryKeeper struct {
	after, every time.Duration
	release      func()
	// settle, if set, has the next frame let go of the textures that
	// expired (Fyne frees them only while it draws); trim then gives back
	// what they and the Go heap freed. Both for quiet, on a visitor's
	// screen.
	settle func()
	trim   func()
	log    *slog.Logger
	// afterFunc is time.AfterFunc; tests replace it.
	afterFunc func(time.Duration, func()) interface{ Stop() bool }

	mu      sync.Mutex
	idle    bool
	pending interface{ Stop() bool }
	gen     int // which idle stretch a pending call belongs to
}

func newMemoryKeeper(log *slog.Logger) *memoryKeeper {
	return &memoryKeeper{
		after: 20 * time.Second, every: 30 * time.Minute,
		release: releaseMemory, trim: releaseMemory, log: log,
		afterFunc: func(d time.Duration, f func()) interface{ Stop() bool } { return time.AfterFunc(d, f) },
	}
}

// shown is told each screen the kiosk shows (kiosk.Config.OnShow).
func (m *memoryKeeper) shown(name string) {
	idle := name == "attract" || name == "closed"
	m.mu.Lock()
	defer m.mu.Unlock()
	if idle == m.idle {
		return
	}
	m.idle = idle
	m.gen++
	if m.pending != nil {
		m.pending.Stop()
		m.pending = nil
	}
	if idle {
		m.schedule(m.after, m.gen)
	}
}

func (m *memoryKeeper) schedule(d time.Duration, gen int) {
	m.pending = m.afterFunc(d, func() { m.fire(gen) })
}

func (m *memoryKeeper) fire(gen int) {
	m.mu.Lock()
	if gen != m.gen || !m.idle {
		m.mu.Unlock()
		return
	}
	m.schedule(m.every, gen)
	m.mu.Unlock()
	m.logged(m.release, "memory returned while idle")
}

// logged runs give and logs what it gave back.
func (m *memoryKeeper) logged(give func(), msg string) {
	before := rssMB()
	start := time.Now()
	give()
	if m.log != nil {
		m.log.Info(msg, "rss_before_mb", math.Round(before*10)/10,
			"rss_after_mb", math.Round(rssMB()*10)/10,
			"took", time.Since(start).Round(time.Millisecond))
	}
}

// settleTime is how long quiet leaves the frame settle asked for before
// trimming: a frame takes well under this even on Mesa's software
// renderer.
const settleTime = 500 * time.Millisecond

// quiet is told when nobody has touched a visitor's screen for a while
// (kiosk.Config.OnQuiet): a visitor reading, or one who walked away before
// the attract loop. The screens they left hold textures and pictures until
// Fyne's cache lets them go and the next frame frees them; without this a
// kiosk left on Home stays at the size of its last visit until the attract
// loop, minutes later. The writing pad's model stays mapped (release, not
// trim, lets it go when idle).
func (m *memoryKeeper) quiet() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.idle || m.trim == nil {
		return
	}
	if m.settle != nil {
		m.settle()
	}
	gen := m.gen
	m.afterFunc(settleTime, func() {
		m.mu.Lock()
		stale := gen != m.gen || m.idle
		m.mu.Unlock()
		if !stale {
			m.logged(m.trim, "memory returned while quiet")
		}
	})
}
