package store

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/mattn/go-sqlite3"

	"qingfeng/content"
)

// StoredOpinion is an opinion as the kiosk keeps it: content.Opinion with
// the resident's name and phone replaced by Contact, which is sealed to the
// office's public key before it reaches the store. The store never sees a
// name or a phone number in clear.
type StoredOpinion struct {
	Receipt  string // set by Opinions; RecordOpinion ignores it and returns the new one
	UID      string // set by Opinions and BatchOpinions: the opinion's id across every kiosk (UUIDv7)
	Category string
	Subject  string
	Text     string
	Rating   int // 0 none, 1 不满意, 2 一般, 3 满意
	Site     string
	At       time.Time // zero: now, by the store's clock; kept to the second
	Contact  []byte    // name and phone sealed to the office key; nil when none was given
	Held     bool      // matched a hold word: staff look at it before it goes further
	HeldWord string    // the word that matched
	Consent  bool      // content.Opinion.Consent: the text may be shown with a public reply
}

// receiptAlphabet is content.ReceiptAlphabet: no 0/O or 1/I/L.
const receiptAlphabet = content.ReceiptAlphabet

// receiptTries bounds the draws for one opinion. With 31⁸ ≈ 8.5·10¹¹
// receipts a single collision is already unlikely for the life of a kiosk;
// ten in a row means something is wrong with the random source.
const receiptTries = 10

// RecordOpinion stores o and returns its receipt, "XXXX-XXXX". When it
// returns without error the opinion is on disk: it is committed on the write
// connection, whose DSN sets synchronous=FULL in WAL mode, so the commit
// fsyncs the WAL before it returns (TestOpenPragmas checks that setting).
// The screen thanks the resident only after this.
func (s *Store) RecordOpinion(ctx context.Context, o StoredOpinion) (receipt string, err error) {
	return s.recordOpinion(ctx, o, randomReceipt)
}

// recordOpinion is RecordOpinion with the receipt generator as a parameter,
// so tests can force collisions.
func (s *Store) recordOpinion(ctx context.Context, o StoredOpinion, newReceipt func() (string, error)) (string, error) {
	at := o.At
	if at.IsZero() {
		at = s.now()
	}
	var contact any // untyped nil: NULL, not an empty blob
	if len(o.Contact) > 0 {
		contact = o.Contact
	}
	for range receiptTries {
		r, err := newReceipt()
		if err != nil {
			return "", fmt.Errorf("store: recording opinion: %w", err)
		}
		uid, err := uuid.NewV7()
		if err != nil {
			return "", fmt.Errorf("store: recording opinion: %w", err)
		}
		_, err = s.wdb.ExecContext(ctx, `INSERT INTO opinions
			(receipt, at, site, category, subject, text, rating, contact, held, held_word, uid, consent)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
			r, at.Unix(), o.Site, o.Category, o.Subject, o.Text, o.Rating, contact, o.Held, o.HeldWord, uid.String(), o.Consent)
		if err == nil {
			return r, nil
		}
		if !receiptTaken(err) {
			return "", fmt.Errorf("store: recording opinion: %w", err)
		}
		s.log.Warn("store: opinion receipt already taken, drawing another", "receipt", r)
	}
	return "", fmt.Errorf("store: recording opinion: %d receipts drawn in a row were all taken", receiptTries)
}

func receiptTaken(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique &&
		strings.Contains(se.Error(), "opinions.receipt")
}

// randomReceipt draws 8 characters of receiptAlphabet from crypto/rand, so
// a receipt cannot be guessed from another one (it is what a resident
// quotes to ask about their opinion).
func randomReceipt() (string, error) {
	// Bytes of 248 and above are skipped: 248 is the largest multiple of 31
	// that fits a byte, so every character stays equally likely.
	const limit = 256 - 256%len(receiptAlphabet)
	out := make([]byte, 0, 9)
	var buf [16]byte
	for len(out) < 9 {
		if _, err := rand.Read(buf[:]); err != nil {
			return "", err
		}
		for _, b := range buf {
			if int(b) >= limit {
				continue
			}
			if len(out) == 4 {
				out = append(out, '-')
			}
			out = append(out, receiptAlphabet[int(b)%len(receiptAlphabet)])
			if len(out) == 9 {
				break
			}
		}
	}
	return string(out), nil
}

// Opinions returns the opinions left at or after since (to the second; the
// zero time for all), oldest first. "Oldest" is the order they were
// recorded in, which stays right even if the kiosk's clock was set back in
// between.
func (s *Store) Opinions(ctx context.Context, since time.Time) ([]StoredOpinion, error) {
	from := int64(math.MinInt64)
	if !since.IsZero() {
		from = since.Unix()
	}
	return s.opinionsWhere(ctx, `at >= ?`, from)
}

func (s *Store) opinionsWhere(ctx context.Context, where string, args ...any) ([]StoredOpinion, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT receipt, coalesce(uid, ''), at, site, category, subject, text, rating, contact, held, held_word, consent
		FROM opinions WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: opinions: %w", err)
	}
	defer rows.Close()
	var out []StoredOpinion
	for rows.Next() {
		var o StoredOpinion
		var at int64
		if err := rows.Scan(&o.Receipt, &o.UID, &at, &o.Site, &o.Category, &o.Subject, &o.Text, &o.Rating,
			&o.Contact, &o.Held, &o.HeldWord, &o.Consent); err != nil {
			return nil, fmt.Errorf("store: opinions: %w", err)
		}
		o.At = time.Unix(at, 0).UTC()
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: opinions: %w", err)
	}
	return out, nil
}

// OpinionCount returns how many opinions are stored and how many of them
// are held for review.
func (s *Store) OpinionCount(ctx context.Context) (total, held int, err error) {
	if err := s.rdb.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(held), 0) FROM opinions`).
		Scan(&total, &held); err != nil {
		return 0, 0, fmt.Errorf("store: counting opinions: %w", err)
	}
	return total, held, nil
}

// SealOutboxBatch puts every opinion and usage view not yet in an outbox
// batch into batch id, in one transaction, and returns how many it took
// (0: none waiting, and the id is not used). Opinions from before uids existed get theirs
// here. The batch's file is written after, from BatchOpinions: should the
// kiosk stop in between, UnwrittenBatches still lists the batch, and its file
// is written on the next try, the same opinions in it.
func (s *Store) SealOutboxBatch(ctx context.Context, id string) (int, error) {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store: outbox batch: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id FROM opinions WHERE uid IS NULL`)
	if err != nil {
		return 0, fmt.Errorf("store: outbox batch: %w", err)
	}
	var missing []int64
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return 0, fmt.Errorf("store: outbox batch: %w", err)
		}
		missing = append(missing, n)
	}
	rows.Close()
	for _, n := range missing {
		uid, err := uuid.NewV7()
		if err != nil {
			return 0, fmt.Errorf("store: outbox batch: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE opinions SET uid = ? WHERE id = ?`, uid.String(), n); err != nil {
			return 0, fmt.Errorf("store: outbox batch: %w", err)
		}
	}
	n := int64(0)
	for _, table := range []string{"opinions", "usage_views"} {
		res, err := tx.ExecContext(ctx, `UPDATE `+table+` SET batch = ? WHERE batch IS NULL`, id)
		if err != nil {
			return 0, fmt.Errorf("store: outbox batch: %w", err)
		}
		k, _ := res.RowsAffected()
		n += k
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store: outbox batch: %w", err)
	}
	return int(n), nil
}

// UnwrittenBatches lists the outbox batches whose files have not been
// written yet (MarkBatchWritten), oldest first.
func (s *Store) UnwrittenBatches(ctx context.Context) ([]string, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT batch FROM (
			SELECT batch, min(at) AS first FROM opinions WHERE batch IS NOT NULL GROUP BY batch
			UNION ALL
			SELECT batch, min(at) FROM usage_views WHERE batch IS NOT NULL GROUP BY batch)
		WHERE batch NOT IN (SELECT batch FROM outbox_files)
		GROUP BY batch ORDER BY min(first), batch`)
	if err != nil {
		return nil, fmt.Errorf("store: outbox batches: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var b string
		if err := rows.Scan(&b); err != nil {
			return nil, fmt.Errorf("store: outbox batches: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// MarkBatchWritten records that batch id's file is in the outbox.
func (s *Store) MarkBatchWritten(ctx context.Context, id string) error {
	_, err := s.wdb.ExecContext(ctx, `INSERT OR IGNORE INTO outbox_files (batch, written) VALUES (?, ?)`, id, s.now().Unix())
	if err != nil {
		return fmt.Errorf("store: outbox: %w", err)
	}
	return nil
}

// BatchOpinions returns the opinions of outbox batch id, in the order they
// were left.
func (s *Store) BatchOpinions(ctx context.Context, id string) ([]StoredOpinion, error) {
	return s.opinionsWhere(ctx, `batch = ?`, id)
}
