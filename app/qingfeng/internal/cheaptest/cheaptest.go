// Package cheaptest leaves freed memory in the C heap the way a long-running
// kiosk does, for tests of the code that hands it back. Test files cannot
// use cgo themselves, hence a package.
package cheaptest

/*
#include <stdlib.h>
#include <string.h>

// qf_fragment mallocs n blocks of size bytes, writes to each (so that they
// are resident), frees all but the last and returns that one: it sits
// above the freed blocks, so the heap cannot shrink from its top.
static void *qf_fragment(int n, size_t size) {
	void **blocks = malloc(n * sizeof(void *));
	if (blocks == NULL) return NULL;
	for (int i = 0; i < n; i++) {
		blocks[i] = malloc(size);
		if (blocks[i] != NULL) memset(blocks[i], 0x5a, size);
	}
	void *last = blocks[n - 1];
	for (int i = 0; i < n - 1; i++) free(blocks[i]);
	free(blocks);
	return last;
}

#ifdef __GLIBC__
#include <malloc.h>

// qf_mapped_after_large_free frees a large block, then allocates a
// smaller one that no free space in any arena can hold (so glibc must
// either grow a heap or map it) and says how many of its bytes were
// mapped. *size is set to the smaller block's size; 0 if the arenas hold
// so much free space that the test cannot be made (glibc never raises its
// threshold above 32 MiB).
static size_t qf_mapped_after_large_free(size_t *size) {
	size_t small = mallinfo2().fordblks + (2 << 20);
	size_t large = small + (1 << 20);
	*size = 0;
	if (large > (32 << 20)) return 0;
	*size = small;
	// volatile: the compiler may drop a malloc whose block is only freed.
	void *volatile l = malloc(large);
	if (l != NULL) memset(l, 1, large);
	free(l);
	size_t before = mallinfo2().hblkhd;
	void *volatile s = malloc(small);
	size_t mapped = mallinfo2().hblkhd - before;
	free(s);
	return mapped;
}
#else
static size_t qf_mapped_after_large_free(size_t *size) { *size = 0; return 0; }
#endif
*/
import "C"

import (
	"runtime"
	"unsafe"
)

// Fragment mallocs n blocks of size bytes on one thread, touches them and
// frees all but the last, which it returns a function to free. Blocks
// should be smaller than glibc's mmap threshold (128 KiB at first), or
// they are mapped and unmapped on their own.
func Fragment(n, size int) (keep func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	p := C.qf_fragment(C.int(n), C.size_t(size))
	return func() { C.free(unsafe.Pointer(p)) }
}

// MappedAfterLargeFree frees a large C block, then allocates a smaller
// one larger than all free space in the C heap, and says how many bytes of
// it glibc mapped on its own rather than growing the heap, and its size (0
// when the heap holds too much free space to tell).
func MappedAfterLargeFree() (mapped, size int) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var sz C.size_t
	m := C.qf_mapped_after_large_free(&sz)
	return int(m), int(sz)
}
