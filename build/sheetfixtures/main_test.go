package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// committed is where content/parse's tests keep the spreadsheets, relative
// to this package's folder.
var committed = filepath.Join("..", "..", "content", "parse", "testdata", "sheets")

// TestCommittedSheetsAreReproducible writes every fixture again and
// compares it with the committed file, so a fixture is never edited by
// hand or left behind by a change to this program.
func TestCommittedSheetsAreReproducible(t *testing.T) {
	dir := t.TempDir()
	if err := write(dir); err != nil {
		t.Fatal(err)
	}
	made, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	kept, err := os.ReadDir(committed)
	if err != nil {
		t.Fatal(err)
	}
	if len(made) != len(kept) {
		t.Errorf("%d files written, %d committed", len(made), len(kept))
	}
	for _, e := range made {
		t.Run(e.Name(), func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(committed, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("differs from the committed file: run `go run ./build/sheetfixtures -out content/parse/testdata/sheets` from the module root and commit the result")
			}
		})
	}
}
