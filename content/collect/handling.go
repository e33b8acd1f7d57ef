package collect

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"

	"qingfeng/content"
)

// DateLayout is how the office's dates are written: in the handling
// table, the workbook's 意见办理 sheet and the package of replies.
const DateLayout = "2006-01-02"

// Handling is what the office did with one opinion (by its receipt), with
// what the office needs to see of the opinion itself. It holds no name or
// phone: those stay sealed in the opinions table.
type Handling struct {
	Receipt  string
	At       time.Time // when the resident submitted it at the kiosk
	Site     string    // the site's name, as its kiosks last gave it
	Category string
	Subject  string
	Text     string
	Rating   int
	Consent  bool // the resident agreed that Text may be shown with a public reply
	// Opinions is how many different opinions carry Receipt: 1, but for
	// two residents who drew the same receipt at different kiosks (each
	// kiosk draws its own at random). Such a receipt cannot be answered:
	// whoever typed it would read the other's answer.
	Opinions int

	Status    content.ReplyStatus
	Received  time.Time // when the office first merged it
	Forwarded string    // DateLayout, "" while not forwarded
	Unit      string
	Replied   string // DateLayout, "" while not answered
	Closed    string // DateLayout, "" while not closed
	Reply     string
	Public    bool
	// Changed is when the office's part last changed: the merge that
	// made the row, or the import that last wrote it. A workbook made
	// before it holds the row as it was then (see replies.Import).
	Changed time.Time
}

// Overdue reports whether h is not answered although more than days have
// passed since the office received it, at now.
func (h Handling) Overdue(now time.Time, days int) bool {
	return !h.Status.Answered() && now.Sub(h.Received) > time.Duration(days)*24*time.Hour
}

// handlingQuery reads Handling rows, Site holding the site's id (see
// siteNames). An opinion sent twice is one row (its receipt), and counts
// once among the opinions of its receipt even under another uid (a batch
// rewritten by its kiosk): the same moment, site and words.
const handlingQuery = `SELECT h.receipt, o.at, o.site, o.category, o.subject, o.text, o.rating, o.consent,
		(SELECT count(DISTINCT c.at || char(31) || c.site || char(31) || c.subject || char(31) || c.text)
			FROM opinions c WHERE c.receipt = h.receipt),
		h.status, h.received, h.forwarded, h.unit, h.replied, h.closed, h.reply, h.public, h.changed
	FROM handling h JOIN opinions o ON o.uid = (SELECT uid FROM opinions WHERE receipt = h.receipt ORDER BY at, uid LIMIT 1)`

func scanHandling(row interface{ Scan(...any) error }) (Handling, error) {
	var h Handling
	var at, received, changed int64
	var status string
	err := row.Scan(&h.Receipt, &at, &h.Site, &h.Category, &h.Subject, &h.Text, &h.Rating, &h.Consent, &h.Opinions,
		&status, &received, &h.Forwarded, &h.Unit, &h.Replied, &h.Closed, &h.Reply, &h.Public, &changed)
	h.At, h.Received, h.Status, h.Changed = time.Unix(at, 0), time.Unix(received, 0), content.ReplyStatus(status), time.Unix(changed, 0)
	return h, err
}

// siteNames maps each site to the latest name a kiosk of it gave: read
// once, not once a row.
func (d *DB) siteNames(ctx context.Context) (map[string]string, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT site, site_name FROM batches WHERE site_name <> '' ORDER BY written`)
	if err != nil {
		return nil, fmt.Errorf("collect: %w", err)
	}
	defer rows.Close()
	names := map[string]string{}
	for rows.Next() {
		var site, name string
		if err := rows.Scan(&site, &name); err != nil {
			return nil, fmt.Errorf("collect: %w", err)
		}
		names[site] = name
	}
	return names, rows.Err()
}

// Handlings calls fn with every opinion's handling, the earliest submitted
// first; an error from fn stops it and is returned.
func (d *DB) Handlings(ctx context.Context, fn func(Handling) error) error {
	names, err := d.siteNames(ctx)
	if err != nil {
		return err
	}
	rows, err := d.db.QueryContext(ctx, handlingQuery+` ORDER BY o.at, h.receipt`)
	if err != nil {
		return fmt.Errorf("collect: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		h, err := scanHandling(rows)
		if err != nil {
			return fmt.Errorf("collect: %w", err)
		}
		if n, ok := names[h.Site]; ok {
			h.Site = n
		}
		if err := fn(h); err != nil {
			return err
		}
	}
	return rows.Err()
}

// HandlingOf is the handling of the opinion with receipt; ok is false when
// this database holds no such opinion.
func (d *DB) HandlingOf(ctx context.Context, receipt string) (h Handling, ok bool, err error) {
	h, err = scanHandling(d.db.QueryRowContext(ctx, handlingQuery+` WHERE h.receipt = ?`, receipt))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Handling{}, false, nil
	case err != nil:
		return Handling{}, false, fmt.Errorf("collect: %w", err)
	}
	var name string
	switch err := d.db.QueryRowContext(ctx, `SELECT site_name FROM batches WHERE site = ? AND site_name <> '' ORDER BY written DESC LIMIT 1`, h.Site).Scan(&name); {
	case err == nil:
		h.Site = name
	case !errors.Is(err, sql.ErrNoRows):
		return Handling{}, false, fmt.Errorf("collect: %w", err)
	}
	return h, true, nil
}

// ErrBusy is returned by ApplyHandling and ApplyHandlingFrom when
// another program (collect merging) kept the database to itself longer
// than the wait allowed: nothing was written.
var ErrBusy = errors.New("collect: the database is busy")

// busy wraps err with ErrBusy when it is SQLite's busy or locked.
func busy(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked) {
		return fmt.Errorf("%w: %w", ErrBusy, err)
	}
	return fmt.Errorf("collect: %w", err)
}

// ErrUnknownReceipt is returned by ApplyHandling for a receipt the
// database does not hold.
var ErrUnknownReceipt = errors.New("collect: no opinion with this receipt")

// ApplyHandling writes what the office decided for each of hs (status,
// dates, unit, reply, public; the opinion's own fields are not touched),
// all in one transaction: every one, or none. Each row's Changed becomes
// d.Now (hs' own Changed is not read).
func (d *DB) ApplyHandling(ctx context.Context, hs []Handling) error {
	return d.applyHandling(ctx, nil, hs)
}

// ChangedError is returned by ApplyHandlingFrom when a row no longer
// holds the handling it was given.
type ChangedError struct{ Receipt string }

func (e *ChangedError) Error() string {
	return "collect: the handling of " + e.Receipt + " changed since it was read"
}

// ApplyHandlingFrom is ApplyHandling, writing each of hs only over the
// office's part of was[i] (status, dates, unit, reply, public), read
// before; if another import changed a row since, it writes nothing and
// returns a *ChangedError naming it.
func (d *DB) ApplyHandlingFrom(ctx context.Context, was, hs []Handling) error {
	if len(was) != len(hs) {
		return fmt.Errorf("collect: %d handlings read for %d to write", len(was), len(hs))
	}
	return d.applyHandling(ctx, was, hs)
}

// applyHandling writes hs in one transaction, each only over was[i]'s
// office part when was is given. Its first statement writes, so the
// transaction waits for another writer rather than failing on a read
// gone stale.
func (d *DB) applyHandling(ctx context.Context, was, hs []Handling) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return busy(err)
	}
	defer tx.Rollback()
	const set = `UPDATE handling SET status = ?, forwarded = ?, unit = ?, replied = ?, closed = ?,
		reply = ?, public = ?, changed = ? WHERE receipt = ?`
	q := set
	if was != nil {
		q += ` AND status = ? AND forwarded = ? AND unit = ? AND replied = ? AND closed = ? AND reply = ? AND public = ?`
	}
	st, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return fmt.Errorf("collect: %w", err)
	}
	defer st.Close()
	now := d.Now().Unix()
	for i, h := range hs {
		args := []any{string(h.Status), h.Forwarded, h.Unit, h.Replied, h.Closed, h.Reply, h.Public, now, h.Receipt}
		if was != nil {
			w := was[i]
			if w.Receipt != h.Receipt {
				return fmt.Errorf("collect: handling read for %s given for %s", w.Receipt, h.Receipt)
			}
			args = append(args, string(w.Status), w.Forwarded, w.Unit, w.Replied, w.Closed, w.Reply, w.Public)
		}
		r, err := st.ExecContext(ctx, args...)
		if err != nil {
			return busy(err)
		}
		if n, _ := r.RowsAffected(); n == 1 {
			continue
		}
		var known bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM handling WHERE receipt = ?)`, h.Receipt).Scan(&known); err != nil {
			return fmt.Errorf("collect: %w", err)
		}
		if !known {
			return fmt.Errorf("%w: %s", ErrUnknownReceipt, h.Receipt)
		}
		return &ChangedError{Receipt: h.Receipt}
	}
	if err := tx.Commit(); err != nil {
		return busy(err)
	}
	return nil
}

// The handling chart's columns: answered, still within the days allowed,
// and past them.
const (
	HandlingAnswered = "已答复"
	HandlingPending  = "办理中"
	HandlingOverdue  = "逾期未答复"
)

// handlingSummary reads every opinion's handling into sum, with each
// site's answered, pending and overdue counts, at now.
func (d *DB) handlingSummary(ctx context.Context, sum *Summary, now time.Time, days int) error {
	bySite := map[string][3]int{}
	var sites []string
	err := d.Handlings(ctx, func(h Handling) error {
		i := 1
		switch {
		case h.Status.Answered():
			i = 0
		case h.Overdue(now, days):
			i = 2
		}
		c, seen := bySite[h.Site]
		if !seen {
			sites = append(sites, h.Site)
		}
		c[i]++
		bySite[h.Site] = c
		return nil
	})
	if err != nil {
		return err
	}
	for _, s := range sites {
		c := bySite[s]
		for i, col := range []string{HandlingAnswered, HandlingPending, HandlingOverdue} {
			sum.HandlingBySite = append(sum.HandlingBySite, Count{s, col, c[i]})
		}
	}
	sum.OverdueDays, sum.At = days, now
	sum.Handling = func(fn func(Handling) error) error { return d.Handlings(ctx, fn) }
	return nil
}
