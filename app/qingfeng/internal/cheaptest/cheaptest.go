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
