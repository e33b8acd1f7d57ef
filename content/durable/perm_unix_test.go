//go:build unix

package durable

import (
	"os"
	"path/filepath"
	"testing"
)

// Permission bits are exactly those asked for, whatever the umask and
// whatever the replaced file had: exports with residents' phone numbers are
// 0600, keys' public halves 0644.
func TestPermHonoured(t *testing.T) {
	for _, tc := range []struct {
		name  string
		write func(path string) error
		perm  os.FileMode
	}{
		{"WriteFile 0600 over 0644", func(p string) error { return WriteFile(p, []byte("x"), 0o600) }, 0o600},
		{"WriteFile 0644", func(p string) error { return WriteFile(p, []byte("x"), 0o644) }, 0o644},
		{"WriteFile 0664 despite umask", func(p string) error { return WriteFile(p, []byte("x"), 0o664) }, 0o664},
		{"CreateFile 0600", func(p string) error { os.Remove(p); return CreateFile(p, []byte("x"), 0o600) }, 0o600},
		{"CreateFile 0644", func(p string) error { os.Remove(p); return CreateFile(p, []byte("x"), 0o644) }, 0o644},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "f")
			if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := tc.write(path); err != nil {
				t.Fatal(err)
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != tc.perm {
				t.Fatalf("mode %v, want %v", got, tc.perm)
			}
		})
	}
}
