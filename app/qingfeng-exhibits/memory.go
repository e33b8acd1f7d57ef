package main

/*
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>

// qfx_malloc_setup runs when the program is loaded, before Mesa allocates
// anything: blocks of 128 KiB and more (llvmpipe's textures: the atlases
// Ebiten packs images and glyphs into, which it replaces by larger ones as
// they fill) are mapped on their own and unmapped when freed. Left to
// itself glibc raises that threshold to the largest such block freed, up
// to 32 MiB, and the next textures are carved out of its heaps, where what
// is freed stays resident.
__attribute__((constructor)) static void qfx_malloc_setup(void) {
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
}
#endif

// qfx_trim hands the C heap's free pages back to the kernel.
static void qfx_trim(void) {
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}
*/
import "C"

import (
	"os"
	"runtime/debug"
	"time"
)

// gcPercent is the Go heap's growth between collections. What the program
// keeps live is small, about 14 MB (the fonts' tables, Ebiten's pool of
// upload buffers, which keeps the puzzle picture's, and its gamepad
// database), so the goal matters little once releaseMemory has run:
// 50 held about 1 MiB less than the default 100 during 剪纸拼图, and 25
// nothing less than 50 (BENCHMARKS.md, "Memory while 剪纸拼图 plays").
// No memory limit: with a goal of about 21 MB one would never bind.
// GOGC in the environment wins.
const gcPercent = 50

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}

// releaseMemory returns what the process holds but no longer uses: the Go
// heap's free spans after a collection (the picture's decode and the
// font's parse are garbage once the first frame is up) and glibc's free
// pages. It costs one collection of a small heap, a few milliseconds on
// another goroutine.
func releaseMemory() {
	debug.FreeOSMemory()
	C.qfx_trim()
}

// releaseAfter is how long after an exhibit's first frame, or after the
// program says it stands by, releaseMemory runs: after the frames a
// visitor waits for, and before anybody could notice.
const releaseAfter = time.Second

// releaseHook calls release once, wait after the exhibit's first frame.
type releaseHook struct {
	noHook
	wait    time.Duration
	release func()
	done    bool
}

func (r *releaseHook) after(now time.Time, g *game) error {
	if r.done || !g.drawn || now.Sub(g.readyAt) < r.wait {
		return nil
	}
	r.done = true
	r.release()
	return nil
}
