//go:build cgo

package handwriting

/*
// Zinnia is linked statically (libzinnia-dev ships the archive): a kiosk
// without the library still starts, and without the model it only lacks
// 手写. Its C++ runtime, libstdc++, is on every Debian system.
#cgo LDFLAGS: -l:libzinnia.a -lstdc++ -lm
#include <stdlib.h>
#include <zinnia.h>
*/
import "C"

import (
	"errors"
	"fmt"
	"unsafe"
)

// zinnia is one loaded model. Its classify is called under the
// Recognizer's lock.
type zinnia struct{ r *C.zinnia_recognizer_t }

func openZinnia(path string) (*zinnia, error) {
	r := C.zinnia_recognizer_new()
	if r == nil {
		return nil, errors.New("zinnia: no memory for a recogniser")
	}
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	if C.zinnia_recognizer_open(r, cpath) == 0 {
		err := fmt.Errorf("zinnia: %s", C.GoString(C.zinnia_recognizer_strerror(r)))
		C.zinnia_recognizer_destroy(r)
		return nil, err
	}
	if C.zinnia_recognizer_size(r) == 0 {
		C.zinnia_recognizer_destroy(r)
		return nil, errors.New("zinnia: the model has no characters")
	}
	return &zinnia{r: r}, nil
}

// classify returns up to n characters for strokes (in the box), best first.
func (z *zinnia) classify(strokes []Stroke, n int) []string {
	r, _ := z.classifyScored(strokes, n)
	return r
}

// classifyScored returns up to n characters for strokes with their scores.
func (z *zinnia) classifyScored(strokes []Stroke, n int) ([]string, []float32) {
	c := C.zinnia_character_new()
	defer C.zinnia_character_destroy(c)
	C.zinnia_character_set_width(c, box)
	C.zinnia_character_set_height(c, box)
	for i, s := range strokes {
		for _, p := range s {
			C.zinnia_character_add(c, C.size_t(i), C.int(p.X+0.5), C.int(p.Y+0.5))
		}
	}
	res := C.zinnia_recognizer_classify(z.r, c, C.size_t(n))
	if res == nil {
		return nil, nil
	}
	defer C.zinnia_result_destroy(res)
	size := int(C.zinnia_result_size(res))
	out := make([]string, 0, size)
	scores := make([]float32, 0, size)
	for i := 0; i < size; i++ {
		out = append(out, C.GoString(C.zinnia_result_value(res, C.size_t(i))))
		scores = append(scores, float32(C.zinnia_result_score(res, C.size_t(i))))
	}
	return out, scores
}

func (z *zinnia) close() {
	C.zinnia_recognizer_destroy(z.r)
	z.r = nil
}
