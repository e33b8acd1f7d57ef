package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A read-only open of a folder without a database creates nothing there;
// one of a real store reads what it holds and refuses to write.
func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	t.Run("no database", func(t *testing.T) {
		for _, dir := range []string{t.TempDir(), filepath.Join(t.TempDir(), "missing")} {
			before, _ := os.ReadDir(dir)
			s, err := OpenReadOnly(ctx, dir)
			if !errors.Is(err, ErrNoDatabase) {
				t.Fatalf("%s: %v, want ErrNoDatabase", dir, err)
			}
			if s != nil {
				t.Fatal("a store was returned with the error")
			}
			after, _ := os.ReadDir(dir)
			if len(after) != len(before) {
				t.Fatalf("%s: open created %v", dir, after)
			}
		}
	})
	t.Run("reads and refuses writes", func(t *testing.T) {
		dir := t.TempDir()
		w := openStore(t, dir)
		p := buildPackage(t, pkgSpec{ID: "village", Version: 1, Stories: 2})
		mustInstall(t, w, p)
		w.Close()
		s, err := OpenReadOnly(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		pkgs, err := s.Packages(ctx)
		if err != nil || len(pkgs) != 1 || pkgs[0].ID != "village" {
			t.Fatalf("packages %v, %v", pkgs, err)
		}
		if err := s.RecordImport(ctx, ImportRecord{Source: "x", PackageID: "village", At: time.Now()}); err == nil {
			t.Fatal("a read-only store recorded an import")
		}
	})
}
