package handwriting

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
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
