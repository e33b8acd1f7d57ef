package handwriting

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// model opens the installed model; build/deps.sh test installs it.
func model(tb testing.TB) *Recognizer {
	tb.Helper()
	r, err := Open("")
	if err != nil {
		tb.Fatalf("%v (run build/deps.sh test)", err)
	}
	tb.Cleanup(func() { r.Close() })
	return r
}

func TestOpenWithoutModel(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.model")
	if err := os.WriteFile(broken, []byte("not a model"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		path    string
		noModel bool
	}{
		{"missing", filepath.Join(dir, "handwriting-zh_CN.model"), true},
		{"a folder", dir, false},
		{"not a model", broken, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Open(tt.path)
			if err == nil {
				r.Close()
				t.Fatal("opened")
			}
			if errors.Is(err, ErrNoModel) != tt.noModel {
				t.Errorf("%v: ErrNoModel %v, want %v", err, errors.Is(err, ErrNoModel), tt.noModel)
			}
		})
	}
}

// The model is mapped only while wanted: not after Open, again for a
// recognition or Warm, not after Release, and never after Close.
func TestModelMappedOnlyWhileWanted(t *testing.T) {
	r := model(t)
	mapped := func(want bool, when string) {
		t.Helper()
		if r.Loaded() != want {
			t.Errorf("%s: model mapped %v, want %v", when, r.Loaded(), want)
		}
		if got := modelMappings(t, r.path); got != want {
			t.Errorf("%s: /proc/self/maps lists the model %v, want %v", when, got, want)
		}
	}
	mapped(false, "after Open")
	strokes := []Stroke{{{X: 100, Y: 500}, {X: 900, Y: 500}}} // 一
	if got := r.Recognize(strokes, 5); len(got) == 0 {
		t.Fatal("no candidates for a stroke")
	}
	mapped(true, "after Recognize")
	r.Release()
	mapped(false, "after Release")
	if err := r.Warm(); err != nil {
		t.Fatal(err)
	}
	mapped(true, "after Warm")
	r.Release()
	if got := r.Recognize(strokes, 5); len(got) == 0 {
		t.Error("no candidates after Release")
	}
	r.Close()
	mapped(false, "after Close")
	if err := r.Warm(); err == nil {
		t.Error("Warm after Close mapped the model")
	}
	mapped(false, "after Warm on a closed recogniser")
}

// modelMappings tells whether the process maps the file at path.
func modelMappings(tb testing.TB, path string) bool {
	tb.Helper()
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		tb.Fatal(err)
	}
	return strings.Contains(string(maps), path)
}

// Candidates are single characters the font draws, as many as asked.
func TestRecognizeOffersOnlyWhatTheFontDraws(t *testing.T) {
	r := model(t)
	var zhong written
	for _, w := range readMedians(t) {
		if w.char == "中" {
			zhong = w
		}
	}
	strokes := finger(zhong.strokes, 600, seedOf("中"))
	all := r.Recognize(strokes, 10)
	if len(all) != 10 || all[0] != "中" {
		t.Fatalf("got %v, want 10 starting with 中", all)
	}
	for _, c := range all {
		if utf8.RuneCountInString(c) != 1 {
			t.Errorf("candidate %q is not one character", c)
		}
	}
	// Refuse the best: the rest move up and the count stays.
	r.Keep = func(c rune) bool { return c != '中' }
	without := r.Recognize(strokes, 10)
	if len(without) != 10 || slices.Contains(without, "中") || without[0] != all[1] {
		t.Errorf("without 中: %v (before: %v)", without, all)
	}
	if got := r.Recognize(nil, 10); got != nil {
		t.Errorf("no strokes: %v", got)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if got := r.Recognize(strokes, 10); got != nil {
		t.Errorf("after Close: %v", got)
	}
}
