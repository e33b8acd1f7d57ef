package migrations

import (
	"context"
	"database/sql"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"qingfeng/content/contenttest"
)

func TestLoadRejectsBadNames(t *testing.T) {
	for _, tc := range []struct {
		name string
		tree string // txtar
	}{
		{"no number", "-- migrations/init.sql --\n"},
		{"zero", "-- migrations/0000_init.sql --\n"},
		{"duplicate", "-- migrations/0001_a.sql --\n-- migrations/1_b.sql --\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Load(contenttest.FS(t, tc.tree)); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

// recorded is schema_migrations: version → applied at.
func recorded(tb testing.TB, db *sql.DB) map[int]int64 {
	tb.Helper()
	rows, err := db.Query(`SELECT version, applied_at FROM schema_migrations`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	got := map[int]int64{}
	for rows.Next() {
		var v int
		var at int64
		if err := rows.Scan(&v, &at); err != nil {
			tb.Fatal(err)
		}
		got[v] = at
	}
	return got
}

func TestApplyOnceInOrder(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite3", "file:"+filepath.ToSlash(filepath.Join(t.TempDir(), "t.db")))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	log := slog.New(slog.DiscardHandler)
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	now := func() time.Time { return at }
	// Out of name order on purpose: 2 needs 1's table.
	fsys := contenttest.FS(t, `
-- migrations/0002_b.sql --
INSERT INTO a VALUES (1);
-- migrations/0001_a.sql --
CREATE TABLE a (x INTEGER);
`)
	for range 2 {
		if err := Apply(ctx, db, fsys, now, log); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM a`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("rows in a: %d, %v: want 1 (each migration once)", n, err)
	}
	if got := recorded(t, db); len(got) != 2 || got[1] != at.Unix() || got[2] != at.Unix() {
		t.Fatalf("recorded %v", got)
	}

	// A failing migration leaves nothing of itself.
	fsys = contenttest.FS(t, `
-- migrations/0001_a.sql --
CREATE TABLE a (x INTEGER);
-- migrations/0002_b.sql --
INSERT INTO a VALUES (1);
-- migrations/0003_bad.sql --
INSERT INTO a VALUES (3); INSERT INTO nowhere VALUES (1);
`)
	if err := Apply(ctx, db, fsys, now, log); err == nil {
		t.Fatal("a failing migration was accepted")
	}
	if err := db.QueryRow(`SELECT count(*) FROM a`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("rows in a after a failed migration: %d, %v", n, err)
	}
	if got := recorded(t, db); len(got) != 2 {
		t.Fatalf("recorded %v after a failed migration", got)
	}

	// A database newer than the program is refused.
	fsys = contenttest.FS(t, `
-- migrations/0001_a.sql --
CREATE TABLE a (x INTEGER);
`)
	if err := Apply(ctx, db, fsys, now, log); err == nil {
		t.Fatal("a database with a newer migration was accepted")
	}
}
