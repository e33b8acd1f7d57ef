package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"qingfeng/content/internal/migrations"
)

// migrationFS is the kiosk database's schema, one file a change.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

// migrate brings the database to fsys's schema (content/internal/migrations).
func migrate(ctx context.Context, db *sql.DB, fsys fs.FS, now func() time.Time, log *slog.Logger) error {
	if err := migrations.Apply(ctx, db, fsys, now, log.With("db", "store")); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}
