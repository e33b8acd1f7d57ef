package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DisplayEntry is one entry of the display log: a screen, and the item it
// showed, from At until Until.
type DisplayEntry struct {
	Seq       int64
	At, Until time.Time
	Screen    string
	Item      string
	Title     string
	Prev      string
	Hash      string
}

// displayHash is the entry's hash: SHA-256 over the previous hash and every
// field, each on its own line (fields cannot hold a newline that would shift
// them: titles come from package files whose newlines are replaced).
func displayHash(e DisplayEntry) string {
	var b strings.Builder
	for _, f := range []string{e.Prev, strconv.FormatInt(e.Seq, 10), strconv.FormatInt(e.At.UnixMilli(), 10),
		strconv.FormatInt(e.Until.UnixMilli(), 10), e.Screen, e.Item, e.Title} {
		b.WriteString(strings.ReplaceAll(f, "\n", " "))
		b.WriteByte('\n')
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// appendDisplay appends views to the display log within tx.
func appendDisplay(ctx context.Context, tx *sql.Tx, views []UsageView) error {
	var last DisplayEntry
	err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM display_log ORDER BY seq DESC LIMIT 1`).Scan(&last.Seq, &last.Hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO display_log (seq, at, until, screen, item, title, prev, hash) VALUES (?,?,?,?,?,?,?,?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, v := range views {
		e := DisplayEntry{Seq: last.Seq + 1, At: v.At, Until: v.At.Add(v.Dwell), Screen: v.Screen, Item: v.Item,
			Title: strings.ReplaceAll(v.Title, "\n", " "), Prev: last.Hash}
		e.Hash = displayHash(e)
		if _, err := stmt.ExecContext(ctx, e.Seq, e.At.UnixMilli(), e.Until.UnixMilli(), e.Screen, e.Item, e.Title, e.Prev, e.Hash); err != nil {
			return err
		}
		last = e
	}
	return nil
}

// DisplayLog returns the log's entries from..until (zero: no bound), in
// order.
func (s *Store) DisplayLog(ctx context.Context, from, until time.Time) ([]DisplayEntry, error) {
	lo, hi := int64(0), int64(1<<62)
	if !from.IsZero() {
		lo = from.UnixMilli()
	}
	if !until.IsZero() {
		hi = until.UnixMilli()
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT seq, at, until, screen, item, title, prev, hash FROM display_log
		WHERE until >= ? AND at <= ? ORDER BY seq`, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("store: display log: %w", err)
	}
	defer rows.Close()
	var out []DisplayEntry
	for rows.Next() {
		var e DisplayEntry
		var at, un int64
		if err := rows.Scan(&e.Seq, &at, &un, &e.Screen, &e.Item, &e.Title, &e.Prev, &e.Hash); err != nil {
			return nil, fmt.Errorf("store: display log: %w", err)
		}
		e.At, e.Until = time.UnixMilli(at).UTC(), time.UnixMilli(un).UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// ErrDisplayLogBroken is wrapped by what VerifyDisplayLog finds.
var ErrDisplayLogBroken = errors.New("display log broken")

// VerifyDisplayLog walks the whole log and reports the first entry whose
// hash, link to the one before or place in the sequence is wrong: what an
// entry edited, deleted or moved leaves behind. It returns the number of
// entries and the last hash (to note down, or compare with one noted
// before: entries cut off the end are only seen that way).
func (s *Store) VerifyDisplayLog(ctx context.Context) (n int64, head string, err error) {
	w, err := s.WalkDisplayLog(ctx, "")
	if err != nil {
		return 0, "", err
	}
	return w.Entries, w.Head, w.Err()
}
