package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"qingfeng/content"
)

// InstalledVersion returns the version of the installed package id; ok is
// false when none is installed.
func (s *Store) InstalledVersion(ctx context.Context, id string) (version int, ok bool, err error) {
	err = s.rdb.QueryRowContext(ctx, `SELECT version FROM packages WHERE id = ?`, id).Scan(&version)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("store: installed version of %s: %w", id, err)
	}
	return version, true, nil
}

// InstalledSigner returns the publisher key (as sign.Public.String) that
// signed the installed package id: "" if it was unsigned or none is
// installed.
func (s *Store) InstalledSigner(ctx context.Context, id string) (string, error) {
	var signer string
	err := s.rdb.QueryRowContext(ctx, `SELECT signed_by FROM packages WHERE id = ?`, id).Scan(&signer)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: signer of %s: %w", id, err)
	}
	return signer, nil
}

func notNewer(pkg *content.Package, installed int) error {
	return fmt.Errorf("store: package %s version %d: version %d is installed: %w",
		pkg.ID, pkg.Version, installed, ErrNotNewer)
}

// querier is what installed needs: the store's read pool or a transaction.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// installed is the version and plain digest of the installed package id;
// ok is false when none is installed.
func installed(ctx context.Context, q querier, id string) (version int, digest string, ok bool, err error) {
	err = q.QueryRowContext(ctx, `SELECT version, plain_digest FROM packages WHERE id = ?`, id).Scan(&version, &digest)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", false, nil
	}
	if err != nil {
		return 0, "", false, err
	}
	return version, digest, true, nil
}

// admit applies the replacement rule to pkg against what is installed.
// A package with package.yaml must carry a higher version. A plain one
// (content.Package.Plain) is numbered here: the installed version plus
// one, or 1; the same folder again (same digest) is refused as not newer
// and unchanged, so dropping it twice does nothing.
func admit(pkg *content.Package, version int, digest string, ok bool) error {
	if !pkg.Plain {
		if ok && version >= pkg.Version {
			return notNewer(pkg, version)
		}
		return nil
	}
	if ok && digest == pkg.Digest {
		return fmt.Errorf("store: plain package %s: version %d is installed from the same files: %w (%w)",
			pkg.ID, version, ErrNotNewer, content.ErrUnchanged)
	}
	pkg.Version = version + 1 // 0 + 1 when none is installed
	return nil
}

// Install makes pkg live, replacing the installed package with the same ID.
// It refuses, touching nothing, with an error wrapping ErrNotNewer when that
// package's installed version is pkg.Version or higher. A plain package
// (no package.yaml) gets its version here, the installed one's plus one;
// it is refused, wrapping ErrNotNewer and content.ErrUnchanged, when its
// digest is the installed one's.
//
// Media files (and image thumbnails) are written to the media folder and
// synced first, each verified against its SHA-256; then one transaction
// replaces every row of the package, search index included. A crash at any
// moment leaves either the old package or the new one. Media.Open is called
// once per media file not already stored, one call at a time, before Install
// returns.
func (s *Store) Install(ctx context.Context, pkg *content.Package) error {
	if err := checkPackage(pkg); err != nil {
		return err
	}
	unlock, err := s.exclusive(ctx)
	if err != nil {
		return err
	}
	defer unlock()

	if v, digest, ok, err := installed(ctx, s.rdb, pkg.ID); err != nil {
		return fmt.Errorf("store: installed version of %s: %w", pkg.ID, err)
	} else if err := admit(pkg, v, digest, ok); err != nil {
		return err
	}

	start := time.Now()
	blobs, thumbs := mediaBlobs(pkg.Media)
	// Media first, durably: the transaction below may only reference files
	// that are already safe on disk. (Overlapping the two was measured at
	// ~5% faster on two cores, within noise, and would hold the write lock
	// for the whole media write; not worth it.)
	written, err := s.putBlobs(ctx, blobs)
	mediaTime := time.Since(start)
	if err == nil {
		err = s.replace(ctx, pkg, thumbs)
	}
	commitTime := time.Since(start)
	if err == nil {
		// A large install leaves a WAL file of its size behind; fold it
		// into the database now, while nothing else is writing, rather
		// than keep tens of MB around. Readers may keep it from
		// finishing, which is harmless.
		if _, cerr := s.wdb.ExecContext(context.WithoutCancel(ctx), `PRAGMA wal_checkpoint(TRUNCATE)`); cerr != nil {
			s.log.Warn("store: checkpoint after install failed", "err", cerr)
		}
	}
	// Run on failure too: files written for an install that did not commit
	// are garbage now, and so are those the replaced version alone used.
	if gcErr := s.collectGarbage(context.WithoutCancel(ctx)); gcErr != nil {
		s.log.Warn("store: garbage collection after install failed", "err", gcErr)
	}
	if err != nil {
		return err
	}
	s.log.Info("store: installed package", "id", pkg.ID, "version", pkg.Version,
		"media_written", written, "media_time", mediaTime, "commit_time", commitTime,
		"total_time", time.Since(start))
	return nil
}

// checkPackage rejects what the schema cannot represent or what would be
// unsafe to use as a file name; everything else was validated by the parser.
func checkPackage(pkg *content.Package) error {
	if pkg == nil {
		return errors.New("store: install: nil package")
	}
	if pkg.ID == "" {
		return errors.New("store: install: package has no ID")
	}
	for _, m := range pkg.Media {
		if !validSHA(m.SHA256) {
			return fmt.Errorf("store: install %s: media %s: invalid SHA-256 %q", pkg.ID, m.Path, m.SHA256)
		}
	}
	return nil
}

// Search docids are allocated in bands so that the FTS index, which yields
// matches in rowid order at no cost, list stories first, then disclosure
// titles, then disclosure rows, whatever package they came from.
const (
	bandStory      = 1
	bandDisclosure = 2
	bandRow        = 3
	bandShift      = 40
)

// replace swaps the package's rows in one transaction.
func (s *Store) replace(ctx context.Context, pkg *content.Package, thumbs []string) (err error) {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: install %s: %w", pkg.ID, err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
			err = fmt.Errorf("store: install %s: %w", pkg.ID, err)
		}
	}()
	// Rechecked under the write lock: another process may have installed
	// this package since the first check.
	if v, digest, ok, err := installed(ctx, tx, pkg.ID); err != nil {
		return err
	} else if err := admit(pkg, v, digest, ok); err != nil {
		return err
	}

	if err := deletePackage(ctx, tx, pkg.ID); err != nil {
		return err
	}
	w, err := newWriter(ctx, tx)
	if err != nil {
		return err
	}
	defer w.close()
	if err := w.insert(pkg, thumbs, s.now()); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM media WHERE NOT EXISTS
		(SELECT 1 FROM package_media pm WHERE pm.sha256 = media.sha256)`); err != nil {
		return err
	}
	if pkg.Settled != nil {
		// Last moment to find that the source moved on after it was read:
		// nothing is committed yet, so the old version stays live.
		if err := pkg.Settled(); err != nil {
			return fmt.Errorf("store: install %s: %w", pkg.ID, err)
		}
	}
	return tx.Commit()
}

// deletePackage removes every row of package id. Children go before parents
// explicitly (the foreign keys' cascades are only a safety net) and the
// search documents before the package row, which their foreign key demands.
func deletePackage(ctx context.Context, tx *sql.Tx, id string) error {
	for _, q := range []string{
		`DELETE FROM search_grams WHERE rowid IN (SELECT docid FROM search_docs WHERE package_id = ?1)`,
		`DELETE FROM search_docs WHERE package_id = ?1`,
		`DELETE FROM disclosure_rows WHERE package_id = ?1`,
		`DELETE FROM disclosures WHERE package_id = ?1`,
		`DELETE FROM story_images WHERE package_id = ?1`,
		`DELETE FROM stories WHERE package_id = ?1`,
		`DELETE FROM quiz_questions WHERE package_id = ?1`,
		`DELETE FROM quizzes WHERE package_id = ?1`,
		`DELETE FROM tea_pairs WHERE package_id = ?1`,
		`DELETE FROM tea_sets WHERE package_id = ?1`,
		`DELETE FROM puzzles WHERE package_id = ?1`,
		`DELETE FROM package_media WHERE package_id = ?1`,
		`DELETE FROM replies WHERE package_id = ?1`,
		`DELETE FROM notices WHERE package_id = ?1`,
		`DELETE FROM films WHERE package_id = ?1`,
		`DELETE FROM packages WHERE id = ?1`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	return nil
}

// writer holds the prepared statements of one install.
type writer struct {
	ctx context.Context // checked between rows; see exec

	pkgStmt, mediaStmt, pkgMediaStmt     *sql.Stmt
	storyStmt, imageStmt                 *sql.Stmt
	discStmt, rowStmt                    *sql.Stmt
	quizStmt, questionStmt               *sql.Stmt
	teaSetStmt, teaPairStmt, puzzleStmt  *sql.Stmt
	docStmt, gramStmt, nextStmt, setNext *sql.Stmt
	replyStmt, noticeStmt                *sql.Stmt
	filmStmt                             *sql.Stmt

	grams gramBuilder
	next  map[int64]int64 // band -> next docid
}

func newWriter(ctx context.Context, tx *sql.Tx) (*writer, error) {
	w := &writer{ctx: ctx, next: map[int64]int64{}}
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&w.pkgStmt, `INSERT INTO packages (id, title, version, sites, win_from, win_until, installed_at,
			n_stories, n_disclosures, n_rows, n_quizzes, n_media, n_tea_sets, n_puzzles, signed_by, plain_digest)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`},
		// The same bytes have the same kind, format and size; only the
		// thumbnail may differ if the thumbnailer changed, and the newest
		// wins (the older thumbnail file is then collected).
		{&w.mediaStmt, `INSERT INTO media (sha256, kind, format, size, width, height, thumb_sha256)
			VALUES (?,?,?,?,?,?,?) ON CONFLICT (sha256) DO UPDATE SET
			kind = excluded.kind, format = excluded.format, size = excluded.size,
			width = excluded.width, height = excluded.height,
			thumb_sha256 = coalesce(excluded.thumb_sha256, media.thumb_sha256)`},
		{&w.pkgMediaStmt, `INSERT INTO package_media (package_id, path, sha256) VALUES (?,?,?)`},
		{&w.storyStmt, `INSERT INTO stories (package_id, id, seq, file, title, category, summary, cover,
			audio, url, featured, win_from, win_until, body) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`},
		{&w.imageStmt, `INSERT INTO story_images (package_id, story_id, seq, path) VALUES (?,?,?,?)`},
		{&w.discStmt, `INSERT INTO disclosures (package_id, id, seq, file, title, category, period, unit,
			win_from, win_until, header, amount_columns, n_rows) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`},
		{&w.rowStmt, `INSERT INTO disclosure_rows (package_id, disclosure_id, idx, line, cells, amounts)
			VALUES (?,?,?,?,?,?)`},
		{&w.quizStmt, `INSERT INTO quizzes (package_id, id, seq, file, title, win_from, win_until)
			VALUES (?,?,?,?,?,?,?)`},
		{&w.questionStmt, `INSERT INTO quiz_questions (package_id, quiz_id, idx, question, choices, answer, explain)
			VALUES (?,?,?,?,?,?,?)`},
		{&w.teaSetStmt, `INSERT INTO tea_sets (package_id, id, seq, file, title, footnote, win_from, win_until)
			VALUES (?,?,?,?,?,?,?,?)`},
		{&w.teaPairStmt, `INSERT INTO tea_pairs (package_id, tea_set_id, idx, tea, saying) VALUES (?,?,?,?,?)`},
		{&w.puzzleStmt, `INSERT INTO puzzles (package_id, id, seq, file, title, image, rows, cols, win_from, win_until)
			VALUES (?,?,?,?,?,?,?,?,?,?)`},
		{&w.docStmt, `INSERT INTO search_docs (docid, package_id, kind, item_id, row_idx, win_from, win_until, text)
			VALUES (?,?,?,?,?,?,?,?)`},
		{&w.gramStmt, `INSERT INTO search_grams (rowid, grams) VALUES (?,?)`},
		{&w.replyStmt, `INSERT INTO replies (receipt, package_id, status, category, received, forwarded, unit,
			replied, text, public, opinion) VALUES (?,?,?,?,?,?,?,?,?,?,?)`},
		{&w.noticeStmt, `INSERT INTO notices (package_id, seq, file, line, title, text, urgent, win_from, win_until, sites)
			VALUES (?,?,?,?,?,?,?,?,?,?)`},
		{&w.filmStmt, `INSERT INTO films (package_id, id, seq, title, category, video, cover, duration_ms,
			width, height, cues, win_from, win_until) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`},
		{&w.nextStmt, `SELECT next FROM search_docid_next WHERE band = ?`},
		{&w.setNext, `INSERT INTO search_docid_next (band, next) VALUES (?1, ?2)
			ON CONFLICT (band) DO UPDATE SET next = ?2`},
	} {
		st, err := tx.PrepareContext(ctx, p.sql)
		if err != nil {
			w.close()
			return nil, err
		}
		*p.dst = st
	}
	return w, nil
}

func (w *writer) close() {
	for _, st := range []*sql.Stmt{w.pkgStmt, w.mediaStmt, w.pkgMediaStmt, w.storyStmt, w.imageStmt,
		w.discStmt, w.rowStmt, w.quizStmt, w.questionStmt, w.teaSetStmt, w.teaPairStmt, w.puzzleStmt,
		w.docStmt, w.gramStmt,
		w.nextStmt, w.setNext, w.replyStmt, w.noticeStmt, w.filmStmt} {
		if st != nil {
			st.Close()
		}
	}
}

// exec runs a prepared statement with a context that cannot be canceled:
// with a cancelable one, go-sqlite3 starts a goroutine per statement to watch
// it, which made inserting 10,000 rows 0.46-0.61 s instead of 0.29 s on the
// 2-core development VM. insert checks
// w.ctx every few hundred rows instead, and database/sql rolls the
// transaction back when its context is canceled anyway.
func (w *writer) exec(st *sql.Stmt, args ...any) error {
	_, err := st.ExecContext(context.Background(), args...)
	return err
}

func (w *writer) insert(pkg *content.Package, thumbs []string, now time.Time) error {
	steps := []func() error{
		func() error { return w.insertPackage(pkg, now) },
		func() error { return w.insertMedia(pkg, thumbs) },
		func() error { return w.insertStories(pkg) },
		func() error { return w.insertDisclosures(pkg) },
		func() error { return w.insertQuizzes(pkg) },
		func() error { return w.insertTeaSets(pkg) },
		func() error { return w.insertPuzzles(pkg) },
		func() error { return w.insertReplies(pkg) },
		func() error { return w.insertNotices(pkg) },
		func() error { return w.insertFilms(pkg) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	for band, next := range w.next {
		if err := w.exec(w.setNext, band, next); err != nil {
			return err
		}
	}
	return w.ctx.Err()
}

// plainDigest is what the packages row keeps of pkg's digest: only a plain
// package's counts.
func plainDigest(pkg *content.Package) string {
	if !pkg.Plain {
		return ""
	}
	return pkg.Digest
}

// insertPackage writes the package's own row, with its counts.
func (w *writer) insertPackage(pkg *content.Package, now time.Time) error {
	nRows := 0
	for _, d := range pkg.Disclosures {
		nRows += len(d.Rows)
	}
	sites, err := json.Marshal(nonNil(pkg.Sites))
	if err != nil {
		return err
	}
	if err := w.exec(w.pkgStmt, pkg.ID, pkg.Title, pkg.Version, string(sites),
		unixOrNull(pkg.Window.From), unixOrNull(pkg.Window.Until), now.Unix(),
		len(pkg.Stories), len(pkg.Disclosures), nRows, len(pkg.Quizzes), len(pkg.Media),
		len(pkg.TeaSets), len(pkg.Puzzles), pkg.SignedBy, plainDigest(pkg)); err != nil {
		return fmt.Errorf("package row: %w", err)
	}
	return nil
}

// insertMedia records each media file and its thumbnail.
func (w *writer) insertMedia(pkg *content.Package, thumbs []string) error {
	for i, m := range pkg.Media {
		var thumb any
		if thumbs[i] != "" {
			thumb = thumbs[i]
		}
		if err := w.exec(w.mediaStmt, m.SHA256, string(m.Kind), m.Format, m.Size, m.Width, m.Height, thumb); err != nil {
			return fmt.Errorf("media %s: %w", m.Path, err)
		}
		if err := w.exec(w.pkgMediaStmt, pkg.ID, m.Path, m.SHA256); err != nil {
			return fmt.Errorf("media %s: %w", m.Path, err)
		}
	}
	return nil
}

// insertStories writes the stories, their pictures and their search documents.
func (w *writer) insertStories(pkg *content.Package) error {
	for i, st := range pkg.Stories {
		win := st.Window.Intersect(pkg.Window)
		from, until := unixOrNull(win.From), unixOrNull(win.Until)
		if err := w.exec(w.storyStmt, pkg.ID, st.ID, i, st.File, st.Title, st.Category, st.Summary,
			st.Cover, st.Audio, st.URL, st.Featured, from, until, st.Body); err != nil {
			return fmt.Errorf("story %s: %w", st.ID, err)
		}
		for j, img := range st.Images {
			if err := w.exec(w.imageStmt, pkg.ID, st.ID, j, img); err != nil {
				return fmt.Errorf("story %s image %s: %w", st.ID, img, err)
			}
		}
		text := st.Title + "\n" + st.Summary + "\n" + plainText(st.Body)
		if err := w.doc(bandStory, pkg.ID, "story", st.ID, nil, from, until, text); err != nil {
			return fmt.Errorf("story %s: %w", st.ID, err)
		}
	}
	return nil
}

// insertDisclosures writes the tables, every row and their search documents.
func (w *writer) insertDisclosures(pkg *content.Package) error {
	var cells, amounts []byte
	for i, d := range pkg.Disclosures {
		win := d.Window.Intersect(pkg.Window)
		from, until := unixOrNull(win.From), unixOrNull(win.Until)
		header, err := json.Marshal(nonNil(d.Header))
		if err != nil {
			return err
		}
		cols, err := json.Marshal(nonNil(d.AmountColumns))
		if err != nil {
			return err
		}
		if err := w.exec(w.discStmt, pkg.ID, d.ID, i, d.File, d.Title, d.Category, d.Period, d.Unit,
			from, until, string(header), string(cols), len(d.Rows)); err != nil {
			return fmt.Errorf("disclosure %s: %w", d.ID, err)
		}
		text := joinNonEmpty(" ", d.Title, d.Period, d.Unit)
		if err := w.doc(bandDisclosure, pkg.ID, "disclosure", d.ID, nil, from, until, text); err != nil {
			return fmt.Errorf("disclosure %s: %w", d.ID, err)
		}
		for j, r := range d.Rows {
			if j%512 == 0 {
				if err := w.ctx.Err(); err != nil {
					return err
				}
			}
			cells = appendStrings(cells[:0], r.Cells)
			amounts = appendAmounts(amounts[:0], r.Amounts)
			if err := w.exec(w.rowStmt, pkg.ID, d.ID, j, r.Line, string(cells), string(amounts)); err != nil {
				return fmt.Errorf("disclosure %s line %d: %w", d.ID, r.Line, err)
			}
			if err := w.doc(bandRow, pkg.ID, "disclosure", d.ID, j, from, until, rowText(r.Cells)); err != nil {
				return fmt.Errorf("disclosure %s line %d: %w", d.ID, r.Line, err)
			}
		}
	}
	return nil
}

// insertQuizzes writes the quizzes and their questions.
func (w *writer) insertQuizzes(pkg *content.Package) error {
	win := pkg.Window
	for i, q := range pkg.Quizzes {
		if err := w.exec(w.quizStmt, pkg.ID, q.ID, i, q.File, q.Title,
			unixOrNull(win.From), unixOrNull(win.Until)); err != nil {
			return fmt.Errorf("quiz %s: %w", q.ID, err)
		}
		for j, qq := range q.Questions {
			choices, err := json.Marshal(nonNil(qq.Choices))
			if err != nil {
				return err
			}
			if err := w.exec(w.questionStmt, pkg.ID, q.ID, j, qq.Q, string(choices), qq.Answer, qq.Explain); err != nil {
				return fmt.Errorf("quiz %s question %d: %w", q.ID, j+1, err)
			}
		}
	}
	return nil
}

// insertTeaSets writes the 七味茶 sets and their pairs.
func (w *writer) insertTeaSets(pkg *content.Package) error {
	for i, t := range pkg.TeaSets {
		win := t.Window.Intersect(pkg.Window)
		if err := w.exec(w.teaSetStmt, pkg.ID, t.ID, i, t.File, t.Title, t.Footnote,
			unixOrNull(win.From), unixOrNull(win.Until)); err != nil {
			return fmt.Errorf("tea set %s: %w", t.ID, err)
		}
		for j, p := range t.Pairs {
			if err := w.exec(w.teaPairStmt, pkg.ID, t.ID, j, p.Tea, p.Saying); err != nil {
				return fmt.Errorf("tea set %s pair %d: %w", t.ID, j+1, err)
			}
		}
	}
	return nil
}

// insertPuzzles writes the puzzles.
func (w *writer) insertPuzzles(pkg *content.Package) error {
	for i, p := range pkg.Puzzles {
		win := p.Window.Intersect(pkg.Window)
		if err := w.exec(w.puzzleStmt, pkg.ID, p.ID, i, p.File, p.Title, p.Image, p.Rows, p.Cols,
			unixOrNull(win.From), unixOrNull(win.Until)); err != nil {
			return fmt.Errorf("puzzle %s: %w", p.ID, err)
		}
	}
	return nil
}

// doc adds one search document to search_docs and its index.
func (w *writer) doc(band int64, pkgID, kind, itemID string, row, from, until any, text string) error {
	next, ok := w.next[band]
	if !ok {
		err := w.nextStmt.QueryRowContext(context.Background(), band).Scan(&next)
		if errors.Is(err, sql.ErrNoRows) {
			next, err = band<<bandShift, nil
		}
		if err != nil {
			return err
		}
	}
	docid := next
	w.next[band] = next + 1
	if err := w.exec(w.docStmt, docid, pkgID, kind, itemID, row, from, until, text); err != nil {
		return err
	}
	return w.exec(w.gramStmt, docid, w.grams.build(text))
}

// rowText is what a disclosure row is searched and shown by.
func rowText(cells []string) string {
	return joinNonEmpty(" | ", cells...)
}

func joinNonEmpty(sep string, parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(p)
	}
	return b.String()
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// appendStrings JSON-encodes a string slice without reflection; rows are the
// bulk of an install.
func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendJSONString escapes only what JSON requires; CJK text stays UTF-8,
// which keeps rows compact.
func appendJSONString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// appendAmounts JSON-encodes amounts; JSON has no NaN, so a blank (NaN) or
// otherwise non-finite amount is stored as null and read back as NaN.
func appendAmounts(b []byte, fs []float64) []byte {
	b = append(b, '[')
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			b = append(b, "null"...)
		} else {
			b = strconv.AppendFloat(b, f, 'g', -1, 64)
		}
	}
	return append(b, ']')
}
