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

// A database another version made is refused by its schema version before
// any query fails on a table it lacks (an inspector must not read "no such
// table" as tampering).
func TestOpenReadOnlyRefusesOtherSchema(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		alter string
		older bool
	}{
		{"older", `DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)`, true},
		{"newer", `INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 0)`, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			w := openStore(t, dir)
			if _, err := w.wdb.ExecContext(ctx, c.alter); err != nil {
				t.Fatal(err)
			}
			w.Close()
			s, err := OpenReadOnly(ctx, dir)
			var se *SchemaError
			if !errors.As(err, &se) {
				if s != nil {
					s.Close()
				}
				t.Fatalf("got %v, want a *SchemaError", err)
			}
			if (se.Have < se.Want) != c.older || se.Have == se.Want {
				t.Fatalf("%+v", se)
			}
		})
	}
}
