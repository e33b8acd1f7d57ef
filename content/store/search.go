package store

// Search design. Visitors mostly type one or two Chinese characters (印章,
// 食堂, 印), which no word tokenizer handles and FTS5's trigram tokenizer
// cannot match (it needs at least three), while LIKE '%x%' reads every
// document (~30 ms over 100,000 rows here, more on a kiosk's CPU).
//
// Each document is indexed in one FTS5 table, search_grams, whose tokens are
// the distinct 1-, 2- and 3-grams of the document's letter/digit runs,
// lowercased. A query is split into letter/digit runs (terms), all of which
// must occur. A term of up to 3 characters is exactly one token; a longer one
// becomes the AND of its trigrams, and since a document holding all of them
// almost always holds the term, candidates are confirmed with a substring
// test in Go. The whole query is thus one FTS5 MATCH of ANDed tokens.
//
// This replaces the first design, a trigram-tokenized table for terms of 3+
// characters beside a 1/2-gram table: a query mixing short and long terms
// ("2024-03-15", "费 潘桂兰") had to join the two indexes, and either way of
// doing so was slow for some query over 100,000 rows: materializing one
// side's matches (IN) took ~10 ms for common terms, probing the other index
// per candidate (EXISTS with rowid) up to 160 ms. With one index FTS5
// intersects the doclists itself. Dropping positions (detail=none) and the
// second index also makes installs faster and the database smaller.
//
// Matches come in rowid order without sorting, which is why docids are
// allocated in bands (stories, then disclosure titles, then rows; see
// install.go): the first hits are the most telling ones, and reading stops
// after a page of hits however common the term is. Snippets are cut in Go
// around the first term found.

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode"

	"qingfeng/content/markdown"
)

// Kinds of search hit.
const (
	HitStory      = "story"
	HitDisclosure = "disclosure"
)

// Hit is one search result.
type Hit struct {
	Kind      string // HitStory or HitDisclosure
	PackageID string
	ItemID    string
	// Row is the index into the disclosure's rows of the matching row, or -1
	// when the hit is the story or the disclosure itself (its title).
	Row     int
	Title   string // the story's or disclosure's title
	Snippet string // a short excerpt around the match
}

// Search limits.
const (
	DefaultSearchLimit = 50
	maxSearchLimit     = 1000
	maxQueryTerms      = 8
	maxQueryRunes      = 64 // a pasted paragraph is not a search
	snippetBefore      = 12 // runes of context before the match
	snippetAfter       = 36 // runes after its start
)

// isWordRune decides what belongs to a searchable run. It must agree, for
// every character that matters, with what unicode61 treats as token
// characters (letters and numbers), since search_grams is tokenized by it.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// queryTerms splits a query into its lowercased letter/digit runs.
func queryTerms(q string) []string {
	var terms []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			terms = append(terms, b.String())
			b.Reset()
		}
	}
	for _, r := range q {
		if isWordRune(r) {
			b.WriteRune(unicode.ToLower(r))
		} else {
			flush()
		}
	}
	flush()
	return terms
}

// ftsString quotes s as an FTS5 string, so that nothing in user input is
// read as query syntax.
func ftsString(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// Search returns up to limit visible stories and disclosure rows containing
// every letter/digit run of query as a substring (case-insensitive). A query
// without letters or digits finds nothing. limit <= 0 means
// DefaultSearchLimit.
func (s *Store) Search(ctx context.Context, query string, now time.Time, limit int) ([]Hit, error) {
	if rs := []rune(query); len(rs) > maxQueryRunes {
		query = string(rs[:maxQueryRunes])
	}
	terms := queryTerms(query)
	if len(terms) == 0 {
		return nil, nil
	}
	if len(terms) > maxQueryTerms {
		terms = terms[:maxQueryTerms]
	}
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	limit = min(limit, maxSearchLimit)

	var tokens, verify []string
	seen := map[string]bool{}
	for _, t := range terms {
		rs := []rune(t)
		if len(rs) <= maxGram {
			tokens = append(tokens, t)
			continue
		}
		verify = append(verify, t)
		for i := 0; i+maxGram <= len(rs); i++ {
			tokens = append(tokens, string(rs[i:i+maxGram]))
		}
	}
	var match []string
	for _, t := range tokens {
		if !seen[t] {
			seen[t] = true
			match = append(match, ftsString(t))
		}
	}

	// CROSS JOIN pins the FTS table as the outer loop, so rows come in rowid
	// order straight from the index; there is no LIMIT because candidates of
	// long terms may still fail the substring test, and closing the rows
	// after a page of hits ends the scan just the same.
	sec := now.Unix()
	rows, err := s.rdb.QueryContext(ctx, `SELECT d.kind, d.package_id, d.item_id, d.row_idx, d.text,
		CASE d.kind
			WHEN 'story' THEN (SELECT title FROM stories WHERE package_id = d.package_id AND id = d.item_id)
			ELSE (SELECT title FROM disclosures WHERE package_id = d.package_id AND id = d.item_id)
		END
		FROM search_grams CROSS JOIN search_docs d ON d.docid = search_grams.rowid
		WHERE search_grams MATCH ?
		AND (d.win_from IS NULL OR d.win_from <= ?) AND (d.win_until IS NULL OR d.win_until > ?)
		ORDER BY search_grams.rowid`, strings.Join(match, " AND "), sec, sec)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	defer rows.Close()
	var hits []Hit
	for len(hits) < limit && rows.Next() {
		var h Hit
		var row sql.NullInt64
		var text string
		var title sql.NullString
		if err := rows.Scan(&h.Kind, &h.PackageID, &h.ItemID, &row, &text, &title); err != nil {
			return nil, fmt.Errorf("store: search: %w", err)
		}
		lower := []rune(text)
		for i, r := range lower {
			lower[i] = unicode.ToLower(r)
		}
		if !containsAll(lower, verify) {
			continue
		}
		h.Row = -1
		if row.Valid {
			h.Row = int(row.Int64)
		}
		h.Title = title.String
		h.Snippet = snippet([]rune(text), lower, terms)
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	return hits, nil
}

func containsAll(lower []rune, terms []string) bool {
	for _, t := range terms {
		if indexRunes(lower, []rune(t)) < 0 {
			return false
		}
	}
	return true
}

// snippet cuts text (and lower, its rune-by-rune lowercase) around the
// first occurrence of the first term found, so a visitor sees why the item
// matched.
func snippet(text, lower []rune, terms []string) string {
	at, n := 0, 0
	for _, t := range terms {
		tr := []rune(t)
		if i := indexRunes(lower, tr); i >= 0 {
			at, n = i, len(tr)
			break
		}
	}
	start := max(0, at-snippetBefore)
	end := min(len(text), at+max(n, snippetAfter))
	out := strings.Join(strings.Fields(string(text[start:end])), " ")
	if start > 0 {
		out = "…" + out
	}
	if end < len(text) {
		out += "…"
	}
	return out
}

func indexRunes(s, sub []rune) int {
	if len(sub) == 0 {
		return -1
	}
outer:
	for i := 0; i+len(sub) <= len(s); i++ {
		for j, r := range sub {
			if s[i+j] != r {
				continue outer
			}
		}
		return i
	}
	return -1
}

// maxGram is the longest gram indexed; longer terms are ANDs of these.
const maxGram = 3

// gramBuilder produces the search_grams text of a document: its distinct
// 1-, 2- and 3-grams, space-separated. It is reused across documents to
// spare allocations; an install builds tens of thousands of these.
type gramBuilder struct {
	seen map[[maxGram]rune]struct{}
	b    strings.Builder
}

func (g *gramBuilder) build(text string) string {
	if g.seen == nil {
		g.seen = make(map[[maxGram]rune]struct{}, 256)
	}
	clear(g.seen)
	g.b.Reset()
	add := func(k [maxGram]rune) {
		if _, dup := g.seen[k]; dup {
			return
		}
		g.seen[k] = struct{}{}
		if g.b.Len() > 0 {
			g.b.WriteByte(' ')
		}
		for _, r := range k {
			if r != 0 {
				g.b.WriteRune(r)
			}
		}
	}
	// win holds the last runes of the current run, newest last; 0 means
	// "before the run's start".
	var win [maxGram]rune
	for _, r := range text {
		if !isWordRune(r) {
			win = [maxGram]rune{}
			continue
		}
		win[0], win[1], win[2] = win[1], win[2], unicode.ToLower(r)
		add([maxGram]rune{win[2]})
		if win[1] != 0 {
			add([maxGram]rune{win[1], win[2]})
			if win[0] != 0 {
				add(win)
			}
		}
	}
	return g.b.String()
}

// plainText is a story body's words without its markup, read by the same
// parser as the check and the story screen: image file names and link
// targets are not searchable, and snippets carry no #, * or >. A body the
// check would refuse (too long or too deeply nested, never parsed) is
// indexed as written.
func plainText(md string) string {
	doc := markdown.Parse(md)
	if doc.TooLong || doc.TooDeep > 0 {
		return md
	}
	return doc.PlainText()
}
