package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash"

	"qingfeng/content"
)

// Changes says what installing pkg would do to the installed package of the
// same id: which stories, tables, quizzes, tea sets and puzzles it adds,
// changes and removes. An item is the same item when its id is; it changed
// when anything the kiosk shows of it differs, a picture's bytes included.
// With no package of that id installed, everything is added.
//
// Each side is summed up the same way, field by field as the install writes
// it, so a package installed again unchanged shows no change.
func (s *Store) Changes(ctx context.Context, pkg *content.Package) (content.Changes, error) {
	old, err := s.installedItems(ctx, pkg.ID)
	if err != nil {
		return content.Changes{}, fmt.Errorf("store: changes of %s: %w", pkg.ID, err)
	}
	return compareItems(old, newItems(pkg)), nil
}

// summed is an item with the digest of what is shown of it.
type summed struct {
	content.Item
	sum [sha256.Size]byte
}

// compareItems lists, in the order of each side, what is only in now
// (added), in both but different (changed), and only in was (removed).
func compareItems(was, now []summed) content.Changes {
	type key struct {
		kind content.ItemKind
		id   string
	}
	before := make(map[key][sha256.Size]byte, len(was))
	for _, it := range was {
		before[key{it.Kind, it.ID}] = it.sum
	}
	kept := make(map[key]bool, len(now))
	var c content.Changes
	for _, it := range now {
		k := key{it.Kind, it.ID}
		kept[k] = true
		sum, ok := before[k]
		switch {
		case !ok:
			c.Added = append(c.Added, it.Item)
		case sum != it.sum:
			c.Changed = append(c.Changed, it.Item)
		}
	}
	for _, it := range was {
		if !kept[key{it.Kind, it.ID}] {
			c.Removed = append(c.Removed, it.Item)
		}
	}
	return c
}

// digest sums fields without ambiguity: each is written with its length.
type digest struct{ h hash.Hash }

func newDigest() digest { return digest{sha256.New()} }

func (d digest) str(s string) digest {
	var n [binary.MaxVarintLen64]byte
	d.h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
	d.h.Write([]byte(s))
	return d
}

// raw is str for bytes as the database hands them over.
func (d digest) raw(b []byte) digest {
	var n [binary.MaxVarintLen64]byte
	d.h.Write(n[:binary.PutUvarint(n[:], uint64(len(b)))])
	d.h.Write(b)
	return d
}

func (d digest) num(v int64) digest {
	var n [binary.MaxVarintLen64]byte
	d.h.Write(n[:binary.PutVarint(n[:], v)])
	return d
}

// null writes a nullable time as the install stores it.
func (d digest) null(v sql.NullInt64) digest {
	if !v.Valid {
		return d.str("null")
	}
	return d.str("at").num(v.Int64)
}

func (d digest) window(w content.Window) digest {
	return d.null(nullOf(unixOrNull(w.From))).null(nullOf(unixOrNull(w.Until)))
}

func (d digest) sum() (out [sha256.Size]byte) {
	d.h.Sum(out[:0])
	return out
}

func nullOf(v any) sql.NullInt64 {
	if n, ok := v.(int64); ok {
		return sql.NullInt64{Int64: n, Valid: true}
	}
	return sql.NullInt64{}
}

func boolNum(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v) // never for the slices summed here
	}
	return string(b)
}

// newItems sums up pkg's items as the install would write them.
func newItems(pkg *content.Package) []summed {
	media := make(map[string]string, len(pkg.Media))
	for _, m := range pkg.Media {
		media[m.Path] = m.SHA256
	}
	var out []summed
	for _, st := range pkg.Stories {
		d := newDigest().str(st.Title).str(st.Category).str(st.Summary).str(st.Cover).str(media[st.Cover]).
			str(st.Audio).str(media[st.Audio]).str(st.URL).num(boolNum(st.Featured)).
			window(st.Window.Intersect(pkg.Window)).str(st.Body)
		for _, img := range st.Images {
			d.str(img).str(media[img])
		}
		out = append(out, summed{content.Item{Kind: content.KindStory, ID: st.ID, Title: st.Title}, d.sum()})
	}
	var cells []byte
	for _, t := range pkg.Disclosures {
		d := newDigest().str(t.Title).str(t.Category).str(t.Period).str(t.Unit).
			window(t.Window.Intersect(pkg.Window)).str(jsonOf(nonNil(t.Header))).str(jsonOf(nonNil(t.AmountColumns)))
		for _, r := range t.Rows {
			cells = appendStrings(cells[:0], r.Cells)
			d.raw(cells)
		}
		out = append(out, summed{content.Item{Kind: content.KindDisclosure, ID: t.ID, Title: t.Title}, d.sum()})
	}
	for _, q := range pkg.Quizzes {
		d := newDigest().str(q.Title)
		for _, qq := range q.Questions {
			d.str(qq.Q).str(jsonOf(nonNil(qq.Choices))).num(int64(qq.Answer)).str(qq.Explain)
		}
		out = append(out, summed{content.Item{Kind: content.KindQuiz, ID: q.ID, Title: q.Title}, d.sum()})
	}
	for _, t := range pkg.TeaSets {
		d := newDigest().str(t.Title).str(t.Footnote).window(t.Window.Intersect(pkg.Window))
		for _, p := range t.Pairs {
			d.str(p.Tea).str(p.Saying)
		}
		out = append(out, summed{content.Item{Kind: content.KindTeaSet, ID: t.ID, Title: t.Title}, d.sum()})
	}
	for _, p := range pkg.Puzzles {
		d := newDigest().str(p.Title).str(p.Image).str(media[p.Image]).num(int64(p.Rows)).num(int64(p.Cols)).
			window(p.Window.Intersect(pkg.Window))
		out = append(out, summed{content.Item{Kind: content.KindPuzzle, ID: p.ID, Title: p.Title}, d.sum()})
	}
	return out
}

// installedItems sums up the installed package id's items from what the
// install wrote, in one read transaction so an install cannot come between
// its statements. None installed: none.
func (s *Store) installedItems(ctx context.Context, id string) (out []summed, err error) {
	tx, err := s.rdb.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	media := map[string]string{}
	err = eachRow(ctx, tx, `SELECT path, sha256 FROM package_media WHERE package_id = ?`, id, func(sc scanner) error {
		var path, sum string
		if err := sc.Scan(&path, &sum); err != nil {
			return err
		}
		media[path] = sum
		return nil
	})
	if err != nil {
		return nil, err
	}
	steps := []func() ([]summed, error){
		func() ([]summed, error) { return installedStories(ctx, tx, id, media) },
		func() ([]summed, error) { return installedDisclosures(ctx, tx, id) },
		func() ([]summed, error) { return installedQuizzes(ctx, tx, id) },
		func() ([]summed, error) { return installedTeaSets(ctx, tx, id) },
		func() ([]summed, error) { return installedPuzzles(ctx, tx, id, media) },
	}
	for _, step := range steps {
		items, err := step()
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	return out, nil
}

type scanner interface{ Scan(...any) error }

func eachRow(ctx context.Context, tx *sql.Tx, query, id string, f func(scanner) error) error {
	rows, err := tx.QueryContext(ctx, query, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := f(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func installedStories(ctx context.Context, tx *sql.Tx, id string, media map[string]string) ([]summed, error) {
	var out []summed
	byID := map[string]digest{}
	err := eachRow(ctx, tx, `SELECT id, title, category, summary, cover, audio, url, featured, win_from, win_until, body
		FROM stories WHERE package_id = ? ORDER BY seq`, id, func(sc scanner) error {
		var it content.Item
		var category, summary, cover, audio, url, body string
		var featured int64
		var from, until sql.NullInt64
		if err := sc.Scan(&it.ID, &it.Title, &category, &summary, &cover, &audio, &url, &featured, &from, &until, &body); err != nil {
			return err
		}
		it.Kind = content.KindStory
		byID[it.ID] = newDigest().str(it.Title).str(category).str(summary).str(cover).str(media[cover]).
			str(audio).str(media[audio]).str(url).num(featured).null(from).null(until).str(body)
		out = append(out, summed{Item: it})
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, tx, `SELECT story_id, path FROM story_images WHERE package_id = ? ORDER BY story_id, seq`, id, func(sc scanner) error {
		var story, path string
		if err := sc.Scan(&story, &path); err != nil {
			return err
		}
		if d, ok := byID[story]; ok {
			d.str(path).str(media[path])
		}
		return nil
	})
	for i := range out {
		out[i].sum = byID[out[i].ID].sum()
	}
	return out, err
}

func installedDisclosures(ctx context.Context, tx *sql.Tx, id string) ([]summed, error) {
	var out []summed
	byID := map[string]digest{}
	err := eachRow(ctx, tx, `SELECT id, title, category, period, unit, win_from, win_until, header, amount_columns
		FROM disclosures WHERE package_id = ? ORDER BY seq`, id, func(sc scanner) error {
		var it content.Item
		var category, period, unit, header, cols string
		var from, until sql.NullInt64
		if err := sc.Scan(&it.ID, &it.Title, &category, &period, &unit, &from, &until, &header, &cols); err != nil {
			return err
		}
		it.Kind = content.KindDisclosure
		byID[it.ID] = newDigest().str(it.Title).str(category).str(period).str(unit).null(from).null(until).str(header).str(cols)
		out = append(out, summed{Item: it})
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The rows are most of what a package holds: read without a copy.
	err = eachRow(ctx, tx, `SELECT disclosure_id, cells FROM disclosure_rows WHERE package_id = ? ORDER BY disclosure_id, idx`, id, func(sc scanner) error {
		var table, cells sql.RawBytes
		if err := sc.Scan(&table, &cells); err != nil {
			return err
		}
		if d, ok := byID[string(table)]; ok {
			d.raw(cells)
		}
		return nil
	})
	for i := range out {
		out[i].sum = byID[out[i].ID].sum()
	}
	return out, err
}

func installedQuizzes(ctx context.Context, tx *sql.Tx, id string) ([]summed, error) {
	var out []summed
	byID := map[string]digest{}
	err := eachRow(ctx, tx, `SELECT id, title FROM quizzes WHERE package_id = ? ORDER BY seq`, id, func(sc scanner) error {
		it := content.Item{Kind: content.KindQuiz}
		if err := sc.Scan(&it.ID, &it.Title); err != nil {
			return err
		}
		byID[it.ID] = newDigest().str(it.Title)
		out = append(out, summed{Item: it})
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, tx, `SELECT quiz_id, question, choices, answer, explain FROM quiz_questions
		WHERE package_id = ? ORDER BY quiz_id, idx`, id, func(sc scanner) error {
		var quiz, q, choices, explain string
		var answer int64
		if err := sc.Scan(&quiz, &q, &choices, &answer, &explain); err != nil {
			return err
		}
		if d, ok := byID[quiz]; ok {
			d.str(q).str(choices).num(answer).str(explain)
		}
		return nil
	})
	for i := range out {
		out[i].sum = byID[out[i].ID].sum()
	}
	return out, err
}

func installedTeaSets(ctx context.Context, tx *sql.Tx, id string) ([]summed, error) {
	var out []summed
	byID := map[string]digest{}
	err := eachRow(ctx, tx, `SELECT id, title, footnote, win_from, win_until FROM tea_sets WHERE package_id = ? ORDER BY seq`, id, func(sc scanner) error {
		it := content.Item{Kind: content.KindTeaSet}
		var footnote string
		var from, until sql.NullInt64
		if err := sc.Scan(&it.ID, &it.Title, &footnote, &from, &until); err != nil {
			return err
		}
		byID[it.ID] = newDigest().str(it.Title).str(footnote).null(from).null(until)
		out = append(out, summed{Item: it})
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, tx, `SELECT tea_set_id, tea, saying FROM tea_pairs WHERE package_id = ? ORDER BY tea_set_id, idx`, id, func(sc scanner) error {
		var set, tea, saying string
		if err := sc.Scan(&set, &tea, &saying); err != nil {
			return err
		}
		if d, ok := byID[set]; ok {
			d.str(tea).str(saying)
		}
		return nil
	})
	for i := range out {
		out[i].sum = byID[out[i].ID].sum()
	}
	return out, err
}

func installedPuzzles(ctx context.Context, tx *sql.Tx, id string, media map[string]string) ([]summed, error) {
	var out []summed
	err := eachRow(ctx, tx, `SELECT id, title, image, rows, cols, win_from, win_until FROM puzzles WHERE package_id = ? ORDER BY seq`, id, func(sc scanner) error {
		it := content.Item{Kind: content.KindPuzzle}
		var image string
		var rows, cols int64
		var from, until sql.NullInt64
		if err := sc.Scan(&it.ID, &it.Title, &image, &rows, &cols, &from, &until); err != nil {
			return err
		}
		sum := newDigest().str(it.Title).str(image).str(media[image]).num(rows).num(cols).null(from).null(until).sum()
		out = append(out, summed{Item: it, sum: sum})
		return nil
	})
	return out, err
}
