// Package contenttest writes the trees of files that tests start from. A
// test says its tree inline as a txtar archive (golang.org/x/tools/txtar,
// the format of cmd/go's own tests): one "-- name --" line before each
// file's text. Parsed text gives every non-empty file a final newline; a
// test whose bytes matter (no final newline, CRLF, GBK, binary) builds its
// txtar.File in Go instead and still writes it with Write. Pictures that
// must weigh and decode like real ones (benchmarks) are painted by Photo
// and PhoneShot.
//
// Only tests import it. It imports the standard library and txtar, nothing
// of qingfeng, so tests of every package (app/ included) may use it.
package contenttest

import (
	"io/fs"
	"os"
	"testing"

	"golang.org/x/tools/txtar"
)

// Dir writes the files of the txtar archive text into a new temporary
// directory and returns its path.
func Dir(tb testing.TB, archive string) string {
	tb.Helper()
	return Write(tb, tb.TempDir(), txtar.Parse([]byte(archive)))
}

// Write writes a's files under dir, making folders as needed, and returns
// dir. A file already there is an error (os.CopyFS never overwrites): a
// test that changes a file says so with os.WriteFile.
func Write(tb testing.TB, dir string, a *txtar.Archive) string {
	tb.Helper()
	fsys, err := txtar.FS(a)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.CopyFS(dir, fsys); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// FS is the txtar archive text as a read-only fs.FS, for code that reads
// one.
func FS(tb testing.TB, archive string) fs.FS {
	tb.Helper()
	fsys, err := txtar.FS(txtar.Parse([]byte(archive)))
	if err != nil {
		tb.Fatal(err)
	}
	return fsys
}
