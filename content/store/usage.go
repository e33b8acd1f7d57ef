package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// UsageView is one stay on one screen (kiosk.View as stored).
type UsageView struct {
	UID    string // set by the store
	At     time.Time
	Screen string
	Item   string
	Title  string
	Dwell  time.Duration
	Taps   int
}

// RecordViews stores views in one transaction, and appends them to the
// display log: the kiosk hands them over every half minute, not one write
// per screen.
func (s *Store) RecordViews(ctx context.Context, views []UsageView) error {
	if len(views) == 0 {
		return nil
	}
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: usage: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO usage_views (uid, at, screen, item, title, dwell_ms, taps) VALUES (?,?,?,?,?,?,?)`)
	if err != nil {
		return fmt.Errorf("store: usage: %w", err)
	}
	defer stmt.Close()
	for _, v := range views {
		uid, err := uuid.NewV7()
		if err != nil {
			return fmt.Errorf("store: usage: %w", err)
		}
		if _, err := stmt.ExecContext(ctx, uid.String(), v.At.Unix(), v.Screen, v.Item, v.Title, v.Dwell.Milliseconds(), v.Taps); err != nil {
			return fmt.Errorf("store: usage: %w", err)
		}
	}
	// The same views, chained into the display log.
	if err := appendDisplay(ctx, tx, views); err != nil {
		return fmt.Errorf("store: display log: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: usage: %w", err)
	}
	return nil
}

// BatchViews returns the views of outbox batch id, in the order recorded.
func (s *Store) BatchViews(ctx context.Context, id string) ([]UsageView, error) {
	return s.views(ctx, `WHERE batch = ? ORDER BY id`, id)
}

// ViewsSince returns the views shown at or after since, in the order
// recorded.
func (s *Store) ViewsSince(ctx context.Context, since time.Time) ([]UsageView, error) {
	return s.views(ctx, `WHERE at >= ? ORDER BY id`, since.Unix())
}

func (s *Store) views(ctx context.Context, where string, args ...any) ([]UsageView, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT uid, at, screen, item, title, dwell_ms, taps FROM usage_views `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: usage: %w", err)
	}
	defer rows.Close()
	var out []UsageView
	for rows.Next() {
		var v UsageView
		var at, ms int64
		if err := rows.Scan(&v.UID, &at, &v.Screen, &v.Item, &v.Title, &ms, &v.Taps); err != nil {
			return nil, fmt.Errorf("store: usage: %w", err)
		}
		v.At, v.Dwell = time.Unix(at, 0).UTC(), time.Duration(ms)*time.Millisecond
		out = append(out, v)
	}
	return out, rows.Err()
}
