package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"qingfeng/content"
)

// MaxInstalledNotices is the most notices Notices returns: every package
// may carry content.MaxNotices, and a screen shows a handful.
const MaxInstalledNotices = 200

// insertNotices writes the package's notices. The parser requires both
// ends of a notice's window; one without is not installed rather than
// shown for ever.
func (w *writer) insertNotices(pkg *content.Package) error {
	for i, n := range pkg.Notices {
		if n.Window.From.IsZero() || n.Window.Until.IsZero() {
			return fmt.Errorf("notice %q: no start or end", n.Title)
		}
		sites, err := json.Marshal(nonNil(n.Sites))
		if err != nil {
			return err
		}
		if err := w.exec(w.noticeStmt, pkg.ID, i, n.File, n.Line, n.Title, n.Text, n.Urgent,
			n.Window.From.Unix(), n.Window.Until.Unix(), string(sites)); err != nil {
			return fmt.Errorf("notice %q: %w", n.Title, err)
		}
	}
	return nil
}

// Notices returns the installed notices that have not ended by now, the
// soonest to start first; which of them are shown, where and in what
// order is content.ActiveNotices' to say.
func (s *Store) Notices(ctx context.Context, now time.Time) ([]content.Notice, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT file, line, title, text, urgent, win_from, win_until, sites
		FROM notices WHERE win_until > ? ORDER BY win_from, package_id, seq LIMIT ?`, now.Unix(), MaxInstalledNotices)
	if err != nil {
		return nil, fmt.Errorf("store: notices: %w", err)
	}
	defer rows.Close()
	var out []content.Notice
	for rows.Next() {
		var n content.Notice
		var from, until int64
		var sites string
		if err := rows.Scan(&n.File, &n.Line, &n.Title, &n.Text, &n.Urgent, &from, &until, &sites); err != nil {
			return nil, fmt.Errorf("store: notices: %w", err)
		}
		n.Window = content.Window{From: time.Unix(from, 0), Until: time.Unix(until, 0)}
		if err := json.Unmarshal([]byte(sites), &n.Sites); err != nil {
			return nil, fmt.Errorf("store: notice %q: sites: %w", n.Title, err)
		}
		if len(n.Sites) == 0 {
			n.Sites = nil
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
