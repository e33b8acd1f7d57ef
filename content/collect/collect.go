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
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // the district database

	"qingfeng/content/outbox"
)

const schema = `
CREATE TABLE IF NOT EXISTS batches (
    id        TEXT PRIMARY KEY,
    site      TEXT NOT NULL,
    site_name TEXT NOT NULL,
    file      TEXT NOT NULL,    -- where it was first read
    opinions  INTEGER NOT NULL,
    views     INTEGER NOT NULL,
    written   INTEGER NOT NULL, -- by the kiosk, unix seconds
    collected INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS opinions (
    uid       TEXT PRIMARY KEY,
    batch     TEXT NOT NULL,
    receipt   TEXT NOT NULL,
    at        INTEGER NOT NULL,
    site      TEXT NOT NULL,
    category  TEXT NOT NULL,
    subject   TEXT NOT NULL,
    text      TEXT NOT NULL,
    rating    INTEGER NOT NULL,
    held      INTEGER NOT NULL,
    held_word TEXT NOT NULL,
    contact   BLOB
) STRICT;
CREATE TABLE IF NOT EXISTS views (
    uid      TEXT PRIMARY KEY,
    batch    TEXT NOT NULL,
    site     TEXT NOT NULL,
    at       INTEGER NOT NULL,
    screen   TEXT NOT NULL,
    item     TEXT NOT NULL,
    title    TEXT NOT NULL,
    dwell_ms INTEGER NOT NULL,
    taps     INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS views_item ON views(screen, item);
CREATE INDEX IF NOT EXISTS opinions_site ON opinions(site, category);
CREATE INDEX IF NOT EXISTS opinions_at ON opinions(at);
`

// DB is a district database.
type DB struct {
	db *sql.DB
}

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
	if _, err := db.ExecContext(ctx, schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("collect: %s: %w", name, err)
	}
	return &DB{db: db}, nil
}

// Close closes the database.
func (d *DB) Close() error { return d.db.Close() }

// Result is what a merge did.
type Result struct {
	Files       int     // batch files looked at
	NewBatches  int     // merged now
	Known       int     // merged before: skipped
	NewOpinions int     // added now
	NewViews    int     // usage views added now
	Duplicates  int     // opinions or views already there (sent twice)
	Bad         []error // files that are not batches, each naming its file
}

// commitEvery bounds a transaction: progress shows, memory stays small,
// and an interrupted merge keeps what it committed (a rerun skips it).
const commitEvery = 200

// Merge reads the batch files in every outbox folder of dirs and adds what
// is new. progress, if set, is told after each file.
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
	now := time.Now().Unix()
	var tx *sql.Tx
	var known, addBatch, addOpinion, addView *sql.Stmt
	begin := func() error {
		var err error
		if tx, err = d.db.BeginTx(ctx, nil); err != nil {
			return err
		}
		if known, err = tx.PrepareContext(ctx, `SELECT 1 FROM batches WHERE id = ?`); err != nil {
			return err
		}
		if addBatch, err = tx.PrepareContext(ctx, `INSERT INTO batches (id, site, site_name, file, opinions, views, written, collected)
			VALUES (?,?,?,?,?,?,?,?)`); err != nil {
			return err
		}
		if addView, err = tx.PrepareContext(ctx, `INSERT OR IGNORE INTO views (uid, batch, site, at, screen, item, title, dwell_ms, taps)
			VALUES (?,?,?,?,?,?,?,?,?)`); err != nil {
			return err
		}
		addOpinion, err = tx.PrepareContext(ctx, `INSERT OR IGNORE INTO opinions
			(uid, batch, receipt, at, site, category, subject, text, rating, held, held_word, contact)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`)
		return err
	}
	commit := func() error {
		known.Close()
		addBatch.Close()
		addOpinion.Close()
		addView.Close()
		return tx.Commit()
	}
	if err := begin(); err != nil {
		return res, fmt.Errorf("collect: %w", err)
	}
	defer func() {
		if tx != nil {
			tx.Rollback()
		}
	}()
	for i, name := range files {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		// The batch id is in the file name: a batch merged before is
		// skipped without reading it.
		id := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(name), outbox.Prefix), outbox.Ext)
		var one int
		switch err := known.QueryRowContext(ctx, id).Scan(&one); {
		case err == nil:
			res.Known++
		case errors.Is(err, sql.ErrNoRows):
			b, err := outbox.ReadFile(name)
			if err == nil && b.ID != id {
				err = fmt.Errorf("%s: %w: the file name says batch %s, the file %s", name, outbox.ErrFormat, id, b.ID)
			}
			if err != nil {
				res.Bad = append(res.Bad, err)
				break
			}
			if _, err := addBatch.ExecContext(ctx, b.ID, b.Site, b.SiteName, name, len(b.Opinions), len(b.Views), b.Written.Unix(), now); err != nil {
				return res, fmt.Errorf("collect: %s: %w", name, err)
			}
			res.NewBatches++
			for _, o := range b.Opinions {
				var contact any
				if len(o.Contact) > 0 {
					contact = o.Contact
				}
				r, err := addOpinion.ExecContext(ctx, o.UID, b.ID, o.Receipt, o.At.Unix(), o.Site, o.Category,
					o.Subject, o.Text, o.Rating, o.Held, o.HeldWord, contact)
				if err != nil {
					return res, fmt.Errorf("collect: %s: %w", name, err)
				}
				if n, _ := r.RowsAffected(); n == 1 {
					res.NewOpinions++
				} else {
					res.Duplicates++
				}
			}
			for _, v := range b.Views {
				r, err := addView.ExecContext(ctx, v.UID, b.ID, b.Site, v.At.Unix(), v.Screen, v.Item, v.Title, v.DwellMS, v.Taps)
				if err != nil {
					return res, fmt.Errorf("collect: %s: %w", name, err)
				}
				if n, _ := r.RowsAffected(); n == 1 {
					res.NewViews++
				} else {
					res.Duplicates++
				}
			}
		default:
			return res, fmt.Errorf("collect: %w", err)
		}
		if (i+1)%commitEvery == 0 {
			if err := commit(); err != nil {
				return res, fmt.Errorf("collect: %w", err)
			}
			if err := begin(); err != nil {
				return res, fmt.Errorf("collect: %w", err)
			}
		}
		if progress != nil {
			progress(i+1, len(files))
		}
	}
	if err := commit(); err != nil {
		return res, fmt.Errorf("collect: %w", err)
	}
	tx = nil
	return res, nil
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
}

// Summarise counts the merged opinions; months are read in loc.
func (d *DB) Summarise(ctx context.Context, loc *time.Location) (Summary, error) {
	var s Summary
	err := d.db.QueryRowContext(ctx, `SELECT count(DISTINCT site), count(*), coalesce(sum(held), 0) FROM opinions`).Scan(&s.Sites, &s.Opinions, &s.Held)
	if err != nil {
		return s, fmt.Errorf("collect: %w", err)
	}
	// A site's name: the latest a kiosk of it gave.
	const siteName = `coalesce((SELECT site_name FROM batches b WHERE b.site = o.site AND b.site_name <> '' ORDER BY written DESC LIMIT 1), o.site)`
	if s.BySiteCategory, err = d.counts(ctx, `SELECT `+siteName+`, category, count(*) FROM opinions o GROUP BY o.site, category ORDER BY 1, 2`); err != nil {
		return s, err
	}
	ratings := `CASE rating WHEN 3 THEN '满意' WHEN 2 THEN '一般' WHEN 1 THEN '不满意' END`
	if s.BySiteRating, err = d.counts(ctx, `SELECT `+siteName+`, `+ratings+`, count(*) FROM opinions o WHERE rating > 0 GROUP BY o.site, rating ORDER BY 1, rating DESC`); err != nil {
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
	const viewSite = `coalesce((SELECT site_name FROM batches b WHERE b.site = v.site AND b.site_name <> '' ORDER BY written DESC LIMIT 1), v.site)`
	s.SiteUsage, err = d.counts(ctx, `SELECT `+viewSite+`, '看过的页面', count(*) FROM views v WHERE screen NOT IN ('attract', 'closed', 'staff', 'staff-pin') GROUP BY v.site
		UNION ALL SELECT `+viewSite+`, '互动展项', count(*) FROM views v WHERE screen = 'exhibit' GROUP BY v.site
		UNION ALL SELECT `+viewSite+`, '待机（分钟）', CAST(sum(dwell_ms) / 60000 AS INTEGER) FROM views v WHERE screen = 'attract' GROUP BY v.site
		UNION ALL SELECT `+viewSite+`, '触摸次数', sum(taps) FROM views v GROUP BY v.site`)
	return s, err
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
