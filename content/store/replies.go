package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"qingfeng/content"
)

// ReplyLookup is what the kiosk knows of one receipt: the office's reply,
// if an installed package of replies carries it, and whether the opinion
// was left at this kiosk and has gone into the outbox, so the screen can
// say why there is no answer yet.
type ReplyLookup struct {
	Reply content.Reply
	Found bool // Reply is the office's
	Local bool // the opinion was left at this kiosk
	Sent  bool // left here, and its batch's file is in the outbox
}

// MaxPublicReplies is the most answers PublicReplies returns: a board a
// resident scrolls, not an archive.
const MaxPublicReplies = 200

// insertReplies writes the package's replies.
func (w *writer) insertReplies(pkg *content.Package) error {
	for i, r := range pkg.Replies {
		if i%512 == 0 {
			if err := w.ctx.Err(); err != nil {
				return err
			}
		}
		if err := w.exec(w.replyStmt, r.Receipt, pkg.ID, string(r.Status), r.Category, r.Received.Unix(),
			unixOrNull(r.Forwarded), r.Unit, unixOrNull(r.Replied), r.Text, r.Public, r.Opinion); err != nil {
			return fmt.Errorf("reply %s: %w", r.Receipt, err)
		}
	}
	return nil
}

const replyColumns = `receipt, status, category, received, forwarded, unit, replied, text, public, opinion`

func scanReply(sc interface{ Scan(...any) error }) (content.Reply, error) {
	var r content.Reply
	var status string
	var received int64
	var forwarded, replied sql.NullInt64
	err := sc.Scan(&r.Receipt, &status, &r.Category, &received, &forwarded, &r.Unit, &replied, &r.Text, &r.Public, &r.Opinion)
	r.Status = content.ReplyStatus(status)
	r.Received = replyDate(sql.NullInt64{Int64: received, Valid: true})
	r.Forwarded, r.Replied = replyDate(forwarded), replyDate(replied)
	return r, err
}

// latestNews orders the replies of one receipt carried by two packages:
// the one with the latest news first.
const latestNews = `max(received, coalesce(forwarded, 0), coalesce(replied, 0)) DESC, package_id`

// LookupReply tells what this kiosk knows of receipt (any spelling
// content.NormalizeReceipt accepts; another is simply not known). Should
// two packages carry it, the one with the latest news wins.
func (s *Store) LookupReply(ctx context.Context, receipt string) (ReplyLookup, error) {
	var out ReplyLookup
	receipt, ok := content.NormalizeReceipt(receipt)
	if !ok {
		return out, nil
	}
	r, err := scanReply(s.rdb.QueryRowContext(ctx, `SELECT `+replyColumns+` FROM replies WHERE receipt = ?
		ORDER BY `+latestNews+` LIMIT 1`, receipt))
	switch {
	case err == nil:
		out.Reply, out.Found = r, true
	case !errors.Is(err, sql.ErrNoRows):
		return out, fmt.Errorf("store: looking up reply: %w", err)
	}
	err = s.rdb.QueryRowContext(ctx, `SELECT batch IS NOT NULL AND EXISTS
			(SELECT 1 FROM outbox_files f WHERE f.batch = opinions.batch)
		FROM opinions WHERE receipt = ?`, receipt).Scan(&out.Sent)
	switch {
	case err == nil:
		out.Local = true
	case !errors.Is(err, sql.ErrNoRows):
		return out, fmt.Errorf("store: looking up reply: %w", err)
	}
	return out, nil
}

// OpinionReplies returns the replies installed for the opinions left at
// this kiosk, by receipt, each the one LookupReply would show; an opinion
// the office has not answered yet is not among them.
func (s *Store) OpinionReplies(ctx context.Context) (map[string]content.Reply, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+replyColumns+` FROM replies
		WHERE receipt IN (SELECT receipt FROM opinions) ORDER BY receipt, `+latestNews)
	if err != nil {
		return nil, fmt.Errorf("store: replies to this kiosk's opinions: %w", err)
	}
	defer rows.Close()
	out := map[string]content.Reply{}
	for rows.Next() {
		r, err := scanReply(rows)
		if err != nil {
			return nil, fmt.Errorf("store: replies to this kiosk's opinions: %w", err)
		}
		if _, ok := out[r.Receipt]; !ok {
			out[r.Receipt] = r
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: replies to this kiosk's opinions: %w", err)
	}
	return out, nil
}

// PublicReplies returns the answers the office marked public, newest
// answer first, at most MaxPublicReplies; category "" is every category.
// A reply not answered yet has nothing to show and is not among them.
func (s *Store) PublicReplies(ctx context.Context, category string) ([]content.Reply, error) {
	where := `public = 1 AND replied IS NOT NULL AND status IN (?, ?)`
	args := []any{string(content.StatusReplied), string(content.StatusClosed)}
	if category != "" {
		where += ` AND category = ?`
		args = append(args, category)
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+replyColumns+` FROM replies WHERE `+where+`
		ORDER BY replied DESC, receipt LIMIT ?`, append(args, MaxPublicReplies)...)
	if err != nil {
		return nil, fmt.Errorf("store: public replies: %w", err)
	}
	defer rows.Close()
	var out []content.Reply
	seen := map[string]bool{}
	for rows.Next() {
		r, err := scanReply(rows)
		if err != nil {
			return nil, fmt.Errorf("store: public replies: %w", err)
		}
		if !seen[r.Receipt] { // carried by two packages: shown once
			seen[r.Receipt] = true
			out = append(out, r)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: public replies: %w", err)
	}
	return out, nil
}

// AnsweredSince counts the opinions answered (已答复 or 已办结) from the day
// of t to today (the store's clock), public or not. An answer dated after
// today is not counted until its day comes: the office's clock may be
// ahead of the kiosk's, or the kiosk's may have gone back after a power
// cut, and "answered this month" must not count what it cannot have seen.
func (s *Store) AnsweredSince(ctx context.Context, t time.Time) (int, error) {
	day := func(t time.Time) time.Time {
		y, m, d := t.In(dateZone()).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, dateZone())
	}
	from, until := day(t).Unix(), day(s.now()).AddDate(0, 0, 1).Unix()
	var n int
	if err := s.rdb.QueryRowContext(ctx, `SELECT count(DISTINCT receipt) FROM replies
		WHERE replied >= ? AND replied < ? AND status IN (?, ?)`, from, until, string(content.StatusReplied), string(content.StatusClosed)).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: counting answers: %w", err)
	}
	return n, nil
}

var (
	zoneOnce sync.Once
	zone     *time.Location
)

// dateZone is where the office's dates are days: every kiosk and office
// is in China. A machine without zone data gets the fixed offset.
func dateZone() *time.Location {
	zoneOnce.Do(func() {
		var err error
		if zone, err = time.LoadLocation("Asia/Shanghai"); err != nil {
			zone = time.FixedZone("CST", 8*3600)
		}
	})
	return zone
}

// replyDate is a stored date as the day it names, in dateZone; zero for
// NULL.
func replyDate(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(n.Int64, 0).In(dateZone())
}
