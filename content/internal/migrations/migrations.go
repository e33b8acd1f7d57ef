// Package migrations applies a SQLite database's schema from embedded
// files, migrations/NNNN_name.sql, each once and in order, and records each
// in the database's schema_migrations table with the time it was applied.
// The kiosk's store and the district database both use it. It imports the
// standard library only.
package migrations

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Migration is one file of a schema.
type Migration struct {
	Version int
	Name    string // its file name
	SQL     string
}

// Load reads migrations/NNNN_name.sql from fsys in version order.
func Load(fsys fs.FS) ([]Migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []Migration
	seen := map[int]string{}
	for _, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive number and '_'", base)
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s share version %d", other, base, v)
		}
		seen[v] = base
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: base, SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	return ms, nil
}

// Versions returns the newest migration recorded in db (0 when none is,
// or db has no record at all) and the newest fsys holds, without changing
// anything: a reader can tell whether the database is the schema it knows.
func Versions(ctx context.Context, db *sql.DB, fsys fs.FS) (have, want int, err error) {
	ms, err := Load(fsys)
	if err != nil {
		return 0, 0, err
	}
	if len(ms) > 0 {
		want = ms[len(ms)-1].Version
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&n); err != nil {
		return 0, want, fmt.Errorf("reading schema version: %w", err)
	}
	if n == 0 {
		return 0, want, nil
	}
	var newest sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&newest); err != nil {
		return 0, want, fmt.Errorf("reading schema version: %w", err)
	}
	return int(newest.Int64), want, nil
}

// Apply applies, in order, each migration of fsys not yet recorded in
// schema_migrations, each in its own transaction together with its record,
// so a crash mid-migration leaves the schema at the previous version. A
// database recording a newer migration than fsys has is refused: an older
// program must not write to a schema it does not know.
func Apply(ctx context.Context, db *sql.DB, fsys fs.FS, now func() time.Time, log *slog.Logger) error {
	ms, err := Load(fsys)
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		applied_at INTEGER NOT NULL
	) STRICT`); err != nil {
		return fmt.Errorf("creating schema_migrations: %w", err)
	}
	var newest sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&newest); err != nil {
		return fmt.Errorf("reading schema version: %w", err)
	}
	if len(ms) > 0 && newest.Valid && newest.Int64 > int64(ms[len(ms)-1].Version) {
		return fmt.Errorf("database schema version %d is newer than this program's %d",
			newest.Int64, ms[len(ms)-1].Version)
	}
	for _, m := range ms {
		applied, err := applyMigration(ctx, db, m, now)
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if applied {
			log.Info("applied migration", "migration", m.Name)
		}
	}
	return nil
}

func applyMigration(ctx context.Context, db *sql.DB, m Migration, now func() time.Time) (applied bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	// Checked inside the (immediate) transaction so that two processes
	// opening a fresh folder at once cannot both apply it.
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.Version).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
		m.Version, now().Unix()); err != nil {
		return false, err
	}
	return true, tx.Commit()
}
