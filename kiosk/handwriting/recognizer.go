package handwriting

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"unicode/utf8"

	"qingfeng/assets"
)

// DefaultModel is where Debian's tegaki-zinnia-simplified-chinese puts its
// model (LGPL-2.1+, read at run time, never embedded).
const DefaultModel = "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model"

// ErrNoModel means the model file is not there: the package is not
// installed. The kiosk then offers pinyin only.
var ErrNoModel = errors.New("handwriting model not installed (Debian package tegaki-zinnia-simplified-chinese)")

// Recognizer classifies handwritten characters. It is safe for use by
// several goroutines; classifications run one at a time.
//
// The model is mapped only while it is wanted: Zinnia reads every page of
// its 26 MB file when it opens it, and those pages count against the
// kiosk's memory for as long as the file stays mapped, though most
// visitors never write. Open checks the model and lets it go; Warm (the
// keyboard is shown) or the first Recognize maps it again, in 5–15 ms from
// the page cache; Release (the kiosk fell idle) unmaps it.
type Recognizer struct {
	// Keep says which characters may be offered: by default those the
	// bundled font draws, so a candidate never shows as a box.
	Keep func(rune) bool

	path   string
	mu     sync.Mutex
	z      *zinnia
	closed bool
}

// Open loads the model at path (DefaultModel when empty).
func Open(path string) (*Recognizer, error) {
	if path == "" {
		path = DefaultModel
	}
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", path, ErrNoModel)
	}
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	z, err := openZinnia(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	z.close()
	return &Recognizer{Keep: assets.HasGlyph, path: path}, nil
}

// Warm maps the model now if it is not, so that the first stroke does not
// wait for it: call it off the UI thread when the pad may be used soon.
func (r *Recognizer) Warm() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.load()
}

// load maps the model unless it is mapped or the recogniser is closed.
// Called under mu.
func (r *Recognizer) load() error {
	if r.closed {
		return errors.New("handwriting recogniser closed")
	}
	if r.z != nil {
		return nil
	}
	z, err := openZinnia(r.path)
	if err != nil {
		return fmt.Errorf("%s: %w", r.path, err)
	}
	r.z = z
	return nil
}

// Loaded reports whether the model is mapped now.
func (r *Recognizer) Loaded() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.z != nil
}

// Release unmaps the model until it is wanted again.
func (r *Recognizer) Release() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.z != nil {
		r.z.close()
		r.z = nil
	}
}

// Recognize returns up to limit characters the strokes may be, best first.
// Strokes are in any unit with y down (the pad's positions); size and
// place on the pad do not matter.
func (r *Recognizer) Recognize(strokes []Stroke, limit int) []string {
	if limit <= 0 {
		return nil
	}
	prepared := prepare(strokes)
	if len(prepared) == 0 {
		return nil
	}
	r.mu.Lock()
	if r.load() != nil {
		// Closed, or the model went away since Open: no candidates.
		r.mu.Unlock()
		return nil
	}
	// Ask for a few more than wanted: some are dropped below.
	all := r.z.classify(prepared, limit+limit/2+4)
	r.mu.Unlock()
	out := make([]string, 0, limit)
	for _, s := range all {
		c, n := utf8.DecodeRuneInString(s)
		if n != len(s) || c == utf8.RuneError || (r.Keep != nil && !r.Keep(c)) {
			continue
		}
		out = append(out, s)
		if len(out) == limit {
			break
		}
	}
	return out
}

// Close frees the model for good.
func (r *Recognizer) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	if r.z != nil {
		r.z.close()
		r.z = nil
	}
	return nil
}
