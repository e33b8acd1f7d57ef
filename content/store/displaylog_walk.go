package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// DisplayHead is the display log's ends: how many entries it holds (the
// last entry's number), the last one's hash and the first one's.
type DisplayHead struct {
	Entries int64
	Head    string
	Genesis string
}

// DisplayLogHead reads the log's ends in two indexed lookups, without
// walking it.
func (s *Store) DisplayLogHead(ctx context.Context) (DisplayHead, error) {
	var h DisplayHead
	err := s.rdb.QueryRowContext(ctx, `SELECT seq, hash FROM display_log ORDER BY seq DESC LIMIT 1`).Scan(&h.Entries, &h.Head)
	if errors.Is(err, sql.ErrNoRows) {
		return DisplayHead{}, nil
	}
	if err != nil {
		return h, fmt.Errorf("store: display log head: %w", err)
	}
	err = s.rdb.QueryRowContext(ctx, `SELECT hash FROM display_log ORDER BY seq LIMIT 1`).Scan(&h.Genesis)
	if err != nil {
		return h, fmt.Errorf("store: display log head: %w", err)
	}
	return h, nil
}

// maxHashesAsked bounds DisplayLogHashes: a heartbeat asks for a few
// hundred checkpoints.
const maxHashesAsked = 1000

// DisplayLogHashes is the hash of each entry numbered in seqs, in one
// query; a number the log does not hold is absent from the map.
func (s *Store) DisplayLogHashes(ctx context.Context, seqs []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(seqs))
	if len(seqs) == 0 {
		return out, nil
	}
	if len(seqs) > maxHashesAsked {
		return nil, fmt.Errorf("store: display log hashes: %d asked, at most %d", len(seqs), maxHashesAsked)
	}
	args := make([]any, len(seqs))
	for i, q := range seqs {
		args[i] = q
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT seq, hash FROM display_log WHERE seq IN (?`+strings.Repeat(",?", len(seqs)-1)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: display log hashes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var q int64
		var h string
		if err := rows.Scan(&q, &h); err != nil {
			return nil, fmt.Errorf("store: display log hashes: %w", err)
		}
		out[q] = h
	}
	return out, rows.Err()
}

// IsDisplayHash says whether s is written as an entry's hash is: 64
// lower-case hexadecimal digits.
func IsDisplayHash(s string) bool {
	if len(s) != sha256.Size*2 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}

// The ways a walk finds the chain broken (DisplayWalk.Break).
const (
	BreakMissing  = "missing"  // an entry is missing or moved: the numbers jump
	BreakUnlinked = "unlinked" // an entry does not name the one before it
	BreakChanged  = "changed"  // an entry's fields no longer give its hash
)

// DisplayWalk is what a walk of the whole log found.
type DisplayWalk struct {
	Entries int64  // intact entries from the first, up to the break if any
	Head    string // the last intact entry's hash
	// Break is the first entry found wrong (Seq 0: none), and how.
	BreakSeq      int64
	BreakKind     string
	BreakNumbered int64 // the number the entry at BreakSeq's place has (BreakMissing)
	// Anchor is the entry whose hash was asked for (Seq 0: none holds
	// it), found wherever it stands, before a break or after it; After
	// counts the rows that follow it.
	Anchor      DisplayEntry
	AnchorAfter int64
}

// WalkDisplayLog reads the whole log once, in order, one row at a time (a
// year of entries is not held in memory), checking every link, and looks
// for the entry whose hash is anchor ("" looks for none).
func (s *Store) WalkDisplayLog(ctx context.Context, anchor string) (DisplayWalk, error) {
	var w DisplayWalk
	rows, err := s.rdb.QueryContext(ctx, `SELECT seq, at, until, screen, item, title, prev, hash FROM display_log ORDER BY seq`)
	if err != nil {
		return w, fmt.Errorf("store: display log: %w", err)
	}
	defer rows.Close()
	var i int64
	prev := ""
	for rows.Next() {
		var e DisplayEntry
		var at, un int64
		if err := rows.Scan(&e.Seq, &at, &un, &e.Screen, &e.Item, &e.Title, &e.Prev, &e.Hash); err != nil {
			return w, fmt.Errorf("store: display log: %w", err)
		}
		e.At, e.Until = time.UnixMilli(at).UTC(), time.UnixMilli(un).UTC()
		i++
		if w.Anchor.Seq != 0 {
			w.AnchorAfter++
		}
		if anchor != "" && e.Hash == anchor && w.Anchor.Seq == 0 {
			w.Anchor = e
		}
		if w.BreakSeq != 0 {
			continue
		}
		switch {
		case e.Seq != i:
			w.BreakSeq, w.BreakKind, w.BreakNumbered = i, BreakMissing, e.Seq
		case e.Prev != prev:
			w.BreakSeq, w.BreakKind = e.Seq, BreakUnlinked
		case displayHash(e) != e.Hash:
			w.BreakSeq, w.BreakKind = e.Seq, BreakChanged
		default:
			prev = e.Hash
			w.Entries, w.Head = i, e.Hash
			continue
		}
		if anchor == "" {
			break // nothing more to look for
		}
	}
	if err := rows.Err(); err != nil {
		return w, fmt.Errorf("store: display log: %w", err)
	}
	return w, nil
}

// Err is the walk's break as an error wrapping ErrDisplayLogBroken (nil
// when the chain is whole), in the words VerifyDisplayLog has always used.
func (w DisplayWalk) Err() error {
	switch w.BreakKind {
	case BreakMissing:
		return fmt.Errorf("%w: entry %d is numbered %d (one missing, or moved)", ErrDisplayLogBroken, w.BreakSeq, w.BreakNumbered)
	case BreakUnlinked:
		return fmt.Errorf("%w: entry %d does not follow the one before", ErrDisplayLogBroken, w.BreakSeq)
	case BreakChanged:
		return fmt.Errorf("%w: entry %d was changed after it was written", ErrDisplayLogBroken, w.BreakSeq)
	}
	return nil
}
