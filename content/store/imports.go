package store

import (
	"context"
	"fmt"
	"time"
)

// ImportRecord is one attempt to import a content package, kept for the
// staff screen whether it succeeded or not.
type ImportRecord struct {
	ID        int64 // set by Imports; ignored by RecordImport
	Source    string
	PackageID string
	Version   int
	OK        bool
	Report    string
	At        time.Time // zero: now, by the store's clock
}

// RecordImport appends r to the import history.
func (s *Store) RecordImport(ctx context.Context, r ImportRecord) error {
	at := r.At
	if at.IsZero() {
		at = s.now()
	}
	if _, err := s.wdb.ExecContext(ctx, `INSERT INTO imports (at, source, package_id, version, ok, report)
		VALUES (?,?,?,?,?,?)`, at.Unix(), r.Source, r.PackageID, r.Version, r.OK, r.Report); err != nil {
		return fmt.Errorf("store: recording import: %w", err)
	}
	return nil
}

// Imports returns the most recent import records, newest first; limit <= 0
// returns them all.
func (s *Store) Imports(ctx context.Context, limit int) ([]ImportRecord, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	// By id rather than at: the order things happened in, even if a caller
	// supplied times or the clock was set back.
	rows, err := s.rdb.QueryContext(ctx, `SELECT id, at, source, package_id, version, ok, report
		FROM imports ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: imports: %w", err)
	}
	defer rows.Close()
	var out []ImportRecord
	for rows.Next() {
		var r ImportRecord
		var at int64
		if err := rows.Scan(&r.ID, &at, &r.Source, &r.PackageID, &r.Version, &r.OK, &r.Report); err != nil {
			return nil, fmt.Errorf("store: imports: %w", err)
		}
		r.At = time.Unix(at, 0).UTC()
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: imports: %w", err)
	}
	return out, nil
}
