// Package collect is the district office's side of the outbox: it merges
// the batch files that kiosks write (content/outbox: opinions and usage
// statistics) into one SQLite database, idempotently: a batch already
// merged is skipped by its id, an opinion or view already there (the same one in two batches, after a kiosk
// stopped between sealing a batch and recording it) is kept once by its
// uid. Running it again over the same folders changes nothing.
package collect

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // the district database

	"qingfeng/content"
	"qingfeng/content/internal/migrations"
	"qingfeng/content/outbox"
	"qingfeng/content/sign"
)

// migrationFS is the district database's schema, one file a change
// (content/internal/migrations records which are applied).
//
//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is a district database.
type DB struct {
	db *sql.DB
	// Now is the office's clock: the time a batch is collected at, which
	// the summary's OddTimes are counted against. Tests set it.
	Now func() time.Time
	// Withdrawn are the batches an earlier version merged that break
	// outbox's rules, taken out of the summary when the database was
	// opened with this version for the first time.
	Withdrawn []Refused
	// OverdueDays is how many days after the office received it an
	// opinion without an answer is overdue (the summary's 是否逾期).
	OverdueDays int
}

// schemaVersion is the database's user_version once batches merged before
// they were checked have been checked (see withdraw).
const schemaVersion = 1

// Open opens (or creates) the district database in file name.
func Open(ctx context.Context, name string) (*DB, error) {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "NORMAL")
	q.Set("_busy_timeout", "5000")
	q.Set("_foreign_keys", "on")
	db, err := sql.Open("sqlite3", "file:"+filepath.ToSlash(name)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("collect: %w", err)
	}
	db.SetMaxOpenConns(1)
	d := &DB{db: db, Now: time.Now, OverdueDays: content.DefaultReplyOverdueDays}
	if err := migrations.Apply(ctx, db, migrationFS, d.Now, slog.New(slog.DiscardHandler)); err != nil {
		db.Close()
		return nil, fmt.Errorf("collect: %s: %w", name, err)
	}
	if err := d.withdraw(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("collect: %s: %w", name, err)
	}
	return d, nil
}

// withdraw takes out of the summary, once, the batches that an earlier
// version merged unchecked and that break outbox's rules where they can
// break a sum (ratings, stays, touches): one of them made every
// later summary fail. Their rows go; each is recorded as refused, so the
// office sees which and why.
func (d *DB) withdraw(ctx context.Context) error {
	var v int
	if err := d.db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return err
	}
	if v >= schemaVersion {
		return nil
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Times are not among the rules (see outbox.Earliest): a batch with
	// odd times stays, and the summary counts them.
	rows, err := tx.QueryContext(ctx, `SELECT id, site, file, collected FROM batches b WHERE
		EXISTS (SELECT 1 FROM opinions o WHERE o.batch = b.id AND o.rating NOT BETWEEN 0 AND 3)
		OR EXISTS (SELECT 1 FROM views v WHERE v.batch = b.id AND (v.dwell_ms NOT BETWEEN 0 AND ? OR v.taps NOT BETWEEN 0 AND ?))
		ORDER BY file`,
		outbox.MaxDwell.Milliseconds(), outbox.MaxTaps)
	if err != nil {
		return err
	}
	var out []Refused
	for rows.Next() {
		var r Refused
		var collected int64
		if err := rows.Scan(&r.Batch, &r.Site, &r.File, &collected); err != nil {
			rows.Close()
			return err
		}
		r.Kind = outbox.KindWithdrawn
		r.Reason = fmt.Sprintf("这个批次在 %s 已汇总过，但里面有展示屏不会写的数据（满意度、停留时间或触摸次数超出范围），已从汇总中撤出；请把这个文件交给技术人员检查",
			time.Unix(collected, 0).UTC().Format(time.DateTime))
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	now := d.Now().Unix()
	for _, r := range out {
		for _, q := range []string{`DELETE FROM opinions WHERE batch = ?`, `DELETE FROM views WHERE batch = ?`, `DELETE FROM batches WHERE id = ?`} {
			if _, err := tx.ExecContext(ctx, q, r.Batch); err != nil {
				return err
			}
		}
		// The file as it is now, so it is not read again unless it
		// changes; -1 if it is gone.
		size, mtime := int64(-1), int64(-1)
		if st, err := os.Stat(r.File); err == nil {
			size, mtime = st.Size(), st.ModTime().UnixNano()
		}
		if err := recordRefused(ctx, tx, r, size, mtime, now); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, schemaVersion)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	d.Withdrawn = out
	return nil
}

// Close closes the database.
func (d *DB) Close() error { return d.db.Close() }

// Refused is a batch file set aside, and why.
type Refused struct {
	File   string
	Batch  string // "" when the file did not say
	Site   string // "" when the file did not say
	Kind   outbox.Kind
	Reason string // in Chinese, the cause and what to do
	Key    string // the key it was signed with (a change of key: the new one)
	First  time.Time
}

func (r Refused) String() string { return printable(r.File) + "：" + r.Reason }

// printable keeps a file name on its line and in its order: a name may
// hold any character but '/' and NUL, and one with a newline or a
// right-to-left override must not forge or turn a line of the terminal or
// the workbook.
func printable(s string) string { return content.Printable(s) }

// Kiosk is a site whose kiosk key was registered.
type Kiosk struct {
	Site, Key, File string
}

// Result is what a merge did.
type Result struct {
	Files        int       // batch files looked at
	NewBatches   int       // merged now
	Known        int       // merged before: skipped
	NewOpinions  int       // added now
	NewViews     int       // usage views added now
	Duplicates   int       // opinions or views already there (sent twice)
	NewKiosks    []Kiosk   // sites seen for the first time: their keys registered
	Refused      []Refused // set aside now, each naming its file and the reason
	StillRefused int       // set aside on an earlier run and unchanged since: not read again
	Bad          []error   // files that could not be read at all (permissions, a stick pulled out)
}

// commitEvery bounds a transaction: progress shows, memory stays small,
// and an interrupted merge keeps what it committed (a rerun skips it).
const commitEvery = 200

// Merge reads the batch files in every outbox folder of dirs and adds what
// is new. Each file is checked first (outbox.ReadFile, Batch.Check, its
// site's registered key) and merged whole or not at all; a file that fails
// is recorded as refused and left where it is (in a synced folder, moving
// it would move it on the kiosk too). progress, if set, is told after each
// file.
func (d *DB) Merge(ctx context.Context, dirs []string, progress func(done, total int)) (Result, error) {
	var files []string
	for _, dir := range dirs {
		fs, err := outbox.Files(dir)
		if err != nil {
			return Result{}, fmt.Errorf("collect: %w", err)
		}
		files = append(files, fs...)
	}
	res := Result{Files: len(files)}
	m := merger{d: d, res: &res, now: d.Now()}
	if err := m.begin(ctx); err != nil {
		return res, fmt.Errorf("collect: %w", err)
	}
	defer func() {
		if m.tx != nil {
			m.tx.Rollback()
		}
	}()
	for i, name := range files {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if err := m.file(ctx, name); err != nil {
			return res, err
		}
		if (i+1)%commitEvery == 0 {
			if err := m.commit(); err != nil {
				return res, fmt.Errorf("collect: %w", err)
			}
			if err := m.begin(ctx); err != nil {
				return res, fmt.Errorf("collect: %w", err)
			}
		}
		if progress != nil {
			progress(i+1, len(files))
		}
	}
	if err := m.commit(); err != nil {
		return res, fmt.Errorf("collect: %w", err)
	}
	m.tx = nil
	return res, nil
}

// merger is one Merge: its transaction (renewed every commitEvery files),
// the statements prepared in it, and what it has done so far.
type merger struct {
	d                                               *DB
	res                                             *Result
	now                                             time.Time
	tx                                              *sql.Tx
	known, refusedAs, addBatch, addOpinion, addView *sql.Stmt
	addHandling                                     *sql.Stmt
}

func (m *merger) begin(ctx context.Context) error {
	var err error
	if m.tx, err = m.d.db.BeginTx(ctx, nil); err != nil {
		return err
	}
	if m.known, err = m.tx.PrepareContext(ctx, `SELECT 1 FROM batches WHERE id = ?`); err != nil {
		return err
	}
	if m.refusedAs, err = m.tx.PrepareContext(ctx, `SELECT size, mtime, kind, reason FROM refused WHERE file = ?`); err != nil {
		return err
	}
	if m.addBatch, err = m.tx.PrepareContext(ctx, `INSERT INTO batches (id, site, site_name, file, opinions, views, written, collected)
		VALUES (?,?,?,?,?,?,?,?)`); err != nil {
		return err
	}
	if m.addView, err = m.tx.PrepareContext(ctx, `INSERT OR IGNORE INTO views (uid, batch, site, at, screen, item, title, dwell_ms, taps)
		VALUES (?,?,?,?,?,?,?,?,?)`); err != nil {
		return err
	}
	if m.addOpinion, err = m.tx.PrepareContext(ctx, `INSERT OR IGNORE INTO opinions
		(uid, batch, receipt, at, site, category, subject, text, rating, held, held_word, contact, consent)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`); err != nil {
		return err
	}
	// An opinion merged again (sent in two batches) keeps its handling.
	m.addHandling, err = m.tx.PrepareContext(ctx, `INSERT OR IGNORE INTO handling (receipt, status, received, changed)
		VALUES (?, ?, ?, ?)`)
	return err
}

func (m *merger) commit() error {
	m.known.Close()
	m.refusedAs.Close()
	m.addBatch.Close()
	m.addOpinion.Close()
	m.addView.Close()
	m.addHandling.Close()
	return m.tx.Commit()
}

// file merges the batch file name, or records why not. A file that cannot
// be read now goes into res.Bad; an error is the database's.
func (m *merger) file(ctx context.Context, name string) error {
	res, tx, now := m.res, m.tx, m.now
	// The batch id is in the file name: a batch merged before is
	// skipped without reading it.
	id := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(name), outbox.Prefix), outbox.Ext)
	var one int
	switch err := m.known.QueryRowContext(ctx, id).Scan(&one); {
	case err == nil:
		res.Known++
		return nil
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("collect: %w", err)
	}
	st, err := os.Stat(name)
	if err != nil {
		res.Bad = append(res.Bad, err)
		return nil
	}
	size, mtime := st.Size(), st.ModTime().UnixNano()
	// A file refused before is not read again while it stays as it was,
	// unless it was refused for its content: those rules change between
	// versions (times were once refused), so it is checked again, and
	// counted as still refused if the reason is the same.
	var oldSize, oldMtime int64
	var oldKind, oldReason string
	switch err := m.refusedAs.QueryRowContext(ctx, name).Scan(&oldSize, &oldMtime, &oldKind, &oldReason); {
	case errors.Is(err, sql.ErrNoRows):
		oldKind = ""
	case err != nil:
		return fmt.Errorf("collect: %w", err)
	case oldSize == size && oldMtime == mtime && outbox.Kind(oldKind) != outbox.KindContent:
		res.StillRefused++
		return nil
	case oldSize != size || oldMtime != mtime:
		oldKind = ""
	}
	f, refusal, err := m.d.accept(ctx, tx, name, id)
	var u unreadable
	if errors.As(err, &u) {
		res.Bad = append(res.Bad, u.error)
		return nil
	}
	if err != nil {
		return err
	}
	if refusal != nil {
		r := Refused{File: name, Batch: f.Batch.ID, Site: f.Batch.Site, Kind: refusal.Kind, Reason: refusal.Reason, First: now}
		if f.Key != (sign.Public{}) {
			r.Key = f.Key.String()
		}
		if err := recordRefused(ctx, tx, r, size, mtime, now.Unix()); err != nil {
			return fmt.Errorf("collect: %w", err)
		}
		if outbox.Kind(oldKind) == r.Kind && oldReason == r.Reason {
			res.StillRefused++
		} else {
			res.Refused = append(res.Refused, r)
		}
		return nil
	}
	b := f.Batch
	registered, err := registerKiosk(ctx, tx, b.Site, f.Key, name, now)
	if err != nil {
		return fmt.Errorf("collect: %w", err)
	}
	if registered {
		res.NewKiosks = append(res.NewKiosks, Kiosk{Site: b.Site, Key: f.Key.String(), File: name})
	}
	// A file refused before and mended since (copied again whole), or
	// refused by a rule since dropped, is refused no more.
	if _, err := tx.ExecContext(ctx, `DELETE FROM refused WHERE file = ?`, name); err != nil {
		return fmt.Errorf("collect: %w", err)
	}
	if _, err := m.addBatch.ExecContext(ctx, b.ID, b.Site, b.SiteName, name, len(b.Opinions), len(b.Views), b.Written.Unix(), now.Unix()); err != nil {
		return fmt.Errorf("collect: %s: %w", name, err)
	}
	res.NewBatches++
	for _, o := range b.Opinions {
		var contact any
		if len(o.Contact) > 0 {
			contact = o.Contact
		}
		r, err := m.addOpinion.ExecContext(ctx, o.UID, b.ID, o.Receipt, o.At.Unix(), o.Site, o.Category,
			o.Subject, o.Text, o.Rating, o.Held, o.HeldWord, contact, o.Consent)
		if err != nil {
			return fmt.Errorf("collect: %s: %w", name, err)
		}
		if _, err := m.addHandling.ExecContext(ctx, o.Receipt, string(content.StatusReceived), now.Unix(), now.Unix()); err != nil {
			return fmt.Errorf("collect: %s: %w", name, err)
		}
		if n, _ := r.RowsAffected(); n == 1 {
			res.NewOpinions++
		} else {
			res.Duplicates++
		}
	}
	for _, v := range b.Views {
		r, err := m.addView.ExecContext(ctx, v.UID, b.ID, b.Site, v.At.Unix(), v.Screen, v.Item, v.Title, v.DwellMS, v.Taps)
		if err != nil {
			return fmt.Errorf("collect: %s: %w", name, err)
		}
		if n, _ := r.RowsAffected(); n == 1 {
			res.NewViews++
		} else {
			res.Duplicates++
		}
	}
	return nil
}

// accept reads the batch file name (batch id by its name) and decides
// whether it may be merged: a *outbox.Refusal says why not. An error is the
// database's.
func (d *DB) accept(ctx context.Context, tx *sql.Tx, name, id string) (outbox.File, *outbox.Refusal, error) {
	var refusal *outbox.Refusal
	f, err := outbox.ReadFile(name)
	switch {
	case errors.As(err, &refusal):
		return f, refusal, nil
	case err != nil:
		return f, nil, unreadable{err}
	}
	b := f.Batch
	if b.ID != id {
		return f, &outbox.Refusal{Kind: outbox.KindFormat, Reason: fmt.Sprintf("文件名说是批次 %s，文件里是批次 %s：文件被改名了。请从展示屏的发件箱重新复制原文件", shortID(id), shortID(b.ID))}, nil
	}
	if err := b.Check(); err != nil {
		if errors.As(err, &refusal) {
			return f, refusal, nil
		}
		return f, nil, err
	}
	var registered string
	switch err := tx.QueryRowContext(ctx, `SELECT key FROM kiosks WHERE site = ?`, b.Site).Scan(&registered); {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return f, nil, fmt.Errorf("collect: %w", err)
	case registered != f.Key.String():
		old, _ := sign.ParsePublic(registered)
		return f, &outbox.Refusal{Kind: outbox.KindKey, Reason: fmt.Sprintf(
			"站点 %s 的钥匙变了：这个批次用钥匙 %s 签名，区里登记的是 %s，没有汇总。如果这台展示屏换了硬盘、重装了系统或换了一台，先核对展示屏数据文件夹里 %s 的内容，确认后运行“qingfeng collect --accept-key %s”接受新钥匙；否则这个文件可能是伪造的，不要接受",
			b.Site, f.Key.Short(), old.Short(), outbox.PublicKeyFile, b.Site)}, nil
	}
	return f, nil, nil
}

// unreadable is a batch file that could not be read now (a stick pulled
// out, permissions): said, not recorded, so it is tried again next time.
type unreadable struct{ error }

func shortID(s string) string {
	s = printable(s)
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// registerKiosk registers site's key the first time the site is seen and
// says whether it did.
func registerKiosk(ctx context.Context, tx *sql.Tx, site string, key sign.Public, file string, now time.Time) (bool, error) {
	r, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO kiosks (site, key, since, file) VALUES (?,?,?,?)`, site, key.String(), now.Unix(), file)
	if err != nil {
		return false, err
	}
	n, _ := r.RowsAffected()
	return n == 1, nil
}

func recordRefused(ctx context.Context, tx *sql.Tx, r Refused, size, mtime, now int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO refused (file, size, mtime, batch, site, kind, reason, key, first, last)
		VALUES (?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT (file) DO UPDATE SET size = excluded.size, mtime = excluded.mtime, batch = excluded.batch,
			site = excluded.site, kind = excluded.kind, reason = excluded.reason, key = excluded.key, last = excluded.last`,
		r.File, size, mtime, r.Batch, r.Site, string(r.Kind), r.Reason, r.Key, now, now)
	return err
}

// ErrNoNewKey: --accept-key for a site with no batch refused for a change
// of key.
var ErrNoNewKey = errors.New("collect: no batch of this site was refused for a new key")

// ErrSeveralKeys: --accept-key for a site whose refused batches carry more
// than one new key; the office must say which (SITE=KEY).
var ErrSeveralKeys = errors.New("collect: the site's refused batches carry several new keys")

// AcceptKey registers a new kiosk key for site: key if it is given (a key's
// text), else the one new key its batches were refused for. Those batches
// are read again by the next Merge. It returns the keys before and after.
func (d *DB) AcceptKey(ctx context.Context, site, key string) (old, now string, err error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return "", "", fmt.Errorf("collect: %w", err)
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, `SELECT key FROM kiosks WHERE site = ?`, site).Scan(&old); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", "", fmt.Errorf("collect: %w", err)
	}
	if key != "" {
		k, err := sign.ParsePublic(key)
		if err != nil {
			return old, "", err
		}
		now = k.String()
	} else {
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT key FROM refused WHERE site = ? AND kind = ? ORDER BY key`, site, string(outbox.KindKey))
		if err != nil {
			return old, "", fmt.Errorf("collect: %w", err)
		}
		var keys []string
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return old, "", fmt.Errorf("collect: %w", err)
			}
			keys = append(keys, k)
		}
		rows.Close()
		switch len(keys) {
		case 0:
			return old, "", ErrNoNewKey
		case 1:
			now = keys[0]
		default:
			return old, strings.Join(keys, "\n"), ErrSeveralKeys
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO kiosks (site, key, since, file) VALUES (?,?,?,'')
		ON CONFLICT (site) DO UPDATE SET key = excluded.key, since = excluded.since, file = ''`, site, now, d.Now().Unix()); err != nil {
		return old, now, fmt.Errorf("collect: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM refused WHERE site = ? AND kind = ?`, site, string(outbox.KindKey)); err != nil {
		return old, now, fmt.Errorf("collect: %w", err)
	}
	return old, now, tx.Commit()
}

// RefusedFiles lists every batch file set aside, by file.
func (d *DB) RefusedFiles(ctx context.Context) ([]Refused, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT file, batch, site, kind, reason, key, first FROM refused ORDER BY file`)
	if err != nil {
		return nil, fmt.Errorf("collect: %w", err)
	}
	defer rows.Close()
	var out []Refused
	for rows.Next() {
		var r Refused
		var first int64
		if err := rows.Scan(&r.File, &r.Batch, &r.Site, &r.Kind, &r.Reason, &r.Key, &first); err != nil {
			return nil, fmt.Errorf("collect: %w", err)
		}
		r.First = time.Unix(first, 0)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Count is one cell of a summary: a row key, a column key and a number.
type Count struct {
	Row, Col string
	N        int
}

// Summary is what the district sees.
type Summary struct {
	Sites, Opinions, Held int
	BySiteCategory        []Count // site name, category
	ByMonthCategory       []Count // YYYY-MM (in loc), category
	BySiteRating          []Count // site name, 满意/一般/不满意
	// From the usage statistics.
	Stories     []Count // story title: 浏览次数, 平均停留（秒）
	Disclosures []Count // disclosure title: 浏览次数, 平均停留（秒）
	Exhibits    []Count // exhibit title: 次数, 平均时长（秒）
	SiteUsage   []Count // site name: 看过的页面, 互动展项, 待机（分钟）, 触摸次数

	// OddTimes counts the opinions and views whose time is before
	// outbox.Earliest or more than outbox.MaxSkew after their batch was
	// collected: kept and counted (in the month their time names), but a
	// kiosk's clock was wrong when they were made.
	OddTimes int

	// Handling reads every opinion's handling, the earliest submitted
	// first, for the workbook's 意见办理 (from the database as it is
	// written: a district's years of opinions are not held in memory);
	// nil for none. HandlingBySite counts each site's HandlingAnswered,
	// HandlingPending and HandlingOverdue at At, with OverdueDays allowed.
	Handling       func(fn func(Handling) error) error
	HandlingBySite []Count
	OverdueDays    int
	At             time.Time

	// Fleet, when set, is written as the workbook's FleetSheet (see DB.Fleet).
	Fleet *Fleet
}

// latestSiteName is the SQL for the latest name a kiosk of site gave, or
// otherwise: one lookup in the site's own batches (the index batches_site).
func latestSiteName(site, otherwise string) string {
	return `coalesce((SELECT site_name FROM batches b WHERE b.site = ` + site + ` AND b.site_name <> '' ORDER BY b.written DESC LIMIT 1), ` + otherwise + `)`
}

// Summarise counts the merged opinions; months are read in loc.
func (d *DB) Summarise(ctx context.Context, loc *time.Location) (Summary, error) {
	var s Summary
	err := d.db.QueryRowContext(ctx, `SELECT count(DISTINCT site), count(*), coalesce(sum(held), 0) FROM opinions`).Scan(&s.Sites, &s.Opinions, &s.Held)
	if err != nil {
		return s, fmt.Errorf("collect: %w", err)
	}
	odd := `(at < ? OR at > (SELECT collected FROM batches b WHERE b.id = batch) + ?)`
	if err := d.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM opinions WHERE `+odd+`) + (SELECT count(*) FROM views WHERE `+odd+`)`,
		outbox.Earliest.Unix(), int64(outbox.MaxSkew/time.Second), outbox.Earliest.Unix(), int64(outbox.MaxSkew/time.Second)).Scan(&s.OddTimes); err != nil {
		return s, fmt.Errorf("collect: %w", err)
	}
	// A site's name: the latest a kiosk of it gave.
	siteName := latestSiteName("o.site", "o.site")
	if s.BySiteCategory, err = d.counts(ctx, `SELECT `+siteName+`, category, count(*) FROM opinions o GROUP BY o.site, category ORDER BY 1, 2`); err != nil {
		return s, err
	}
	ratings := `CASE rating WHEN 3 THEN '满意' WHEN 2 THEN '一般' WHEN 1 THEN '不满意' END`
	if s.BySiteRating, err = d.counts(ctx, `SELECT `+siteName+`, `+ratings+`, count(*) FROM opinions o WHERE rating BETWEEN 1 AND 3 GROUP BY o.site, rating ORDER BY 1, rating DESC`); err != nil {
		return s, err
	}
	// Months in the district's time zone: SQLite's own would be UTC.
	_, offset := time.Now().In(loc).Zone()
	if s.ByMonthCategory, err = d.counts(ctx, `SELECT strftime('%Y-%m', at + ?, 'unixepoch'), category, count(*) FROM opinions GROUP BY 1, 2 ORDER BY 1, 2`, offset); err != nil {
		return s, err
	}
	items := func(screen, count, dwell string) ([]Count, error) {
		return d.items(ctx, screen, count, dwell)
	}
	if s.Stories, err = items("story", "浏览次数", "平均停留（秒）"); err != nil {
		return s, err
	}
	if s.Disclosures, err = items("table", "浏览次数", "平均停留（秒）"); err != nil {
		return s, err
	}
	if s.Exhibits, err = items("exhibit", "次数", "平均时长（秒）"); err != nil {
		return s, err
	}
	viewSite := latestSiteName("v.site", "v.site")
	s.SiteUsage, err = d.counts(ctx, `SELECT `+viewSite+`, '看过的页面', count(*) FROM views v WHERE screen NOT IN ('attract', 'closed', 'staff', 'staff-pin') GROUP BY v.site
		UNION ALL SELECT `+viewSite+`, '互动展项', count(*) FROM views v WHERE screen = 'exhibit' GROUP BY v.site
		UNION ALL SELECT `+viewSite+`, '待机（分钟）', CAST(sum(dwell_ms) / 60000 AS INTEGER) FROM views v WHERE screen = 'attract' GROUP BY v.site
		UNION ALL SELECT `+viewSite+`, '触摸次数', sum(taps) FROM views v GROUP BY v.site`)
	if err != nil {
		return s, err
	}
	return s, d.handlingSummary(ctx, &s, d.Now(), d.OverdueDays)
}

// items counts the views of screen's items (stories, disclosures,
// exhibits), the most viewed first: for each, its count (column count) and
// its average stay in seconds (column dwell). Rows are items, named by
// their latest title; two items of the same title are told apart by id.
func (d *DB) items(ctx context.Context, screen, count, dwell string) ([]Count, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT item,
			(SELECT title FROM views w WHERE w.screen = v.screen AND w.item = v.item ORDER BY at DESC LIMIT 1),
			count(*), CAST(round(avg(dwell_ms) / 1000.0) AS INTEGER)
		FROM views v WHERE screen = ? GROUP BY item ORDER BY count(*) DESC, item`, screen)
	if err != nil {
		return nil, fmt.Errorf("collect: %w", err)
	}
	defer rows.Close()
	var out []Count
	named := map[string]bool{}
	for rows.Next() {
		var item, title string
		var n, secs int
		if err := rows.Scan(&item, &title, &n, &secs); err != nil {
			return nil, fmt.Errorf("collect: %w", err)
		}
		if title == "" || named[title] {
			title = strings.TrimSpace(title + "（" + item + "）")
		}
		named[title] = true
		out = append(out, Count{title, count, n}, Count{title, dwell, secs})
	}
	return out, rows.Err()
}

func (d *DB) counts(ctx context.Context, query string, args ...any) ([]Count, error) {
	rows, err := d.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("collect: %w", err)
	}
	defer rows.Close()
	var out []Count
	for rows.Next() {
		var c Count
		if err := rows.Scan(&c.Row, &c.Col, &c.N); err != nil {
			return nil, fmt.Errorf("collect: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
