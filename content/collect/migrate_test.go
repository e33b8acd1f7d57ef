package collect

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"testing"

	"qingfeng/content"
	"qingfeng/content/internal/migrations"
)

// oldSchema is the district database as Open made it before its schema
// became migrations: kept here, word for word, so that a database made then
// is tested to open with its data.
const oldSchema = `
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
-- The kiosk key of each site, registered from the first signed batch seen
-- from it (trust on first use); a batch signed by another key is refused.
CREATE TABLE IF NOT EXISTS kiosks (
    site  TEXT PRIMARY KEY,
    key   TEXT NOT NULL,    -- sign.Public's text
    since INTEGER NOT NULL, -- unix seconds
    file  TEXT NOT NULL     -- the batch that registered it
) STRICT;
-- Batch files set aside, with the reason. A file is read again only when it
-- changes (size or modification time), or after --accept-key for its site.
CREATE TABLE IF NOT EXISTS refused (
    file   TEXT PRIMARY KEY,
    size   INTEGER NOT NULL,
    mtime  INTEGER NOT NULL, -- unix nanoseconds
    batch  TEXT NOT NULL,
    site   TEXT NOT NULL,
    kind   TEXT NOT NULL,    -- outbox.Kind
    reason TEXT NOT NULL,
    key    TEXT NOT NULL,    -- the key it was signed with, if any
    first  INTEGER NOT NULL, -- unix seconds
    last   INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS views_item ON views(screen, item);
CREATE INDEX IF NOT EXISTS opinions_site ON opinions(site, category);
CREATE INDEX IF NOT EXISTS opinions_at ON opinions(at);
`

func TestOpenKeepsDatabaseMadeByInlineSchema(t *testing.T) {
	ctx := context.Background()
	name := filepath.Join(t.TempDir(), "district.db")
	old, err := sql.Open("sqlite3", "file:"+filepath.ToSlash(name))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		oldSchema,
		// withdraw had run: user_version 1.
		`PRAGMA user_version = 1`,
		`INSERT INTO batches VALUES ('b1', 'cun', '清风村联络站', 'outbox/b1.json', 2, 1, 1760000000, 1760000100)`,
		`INSERT INTO opinions VALUES ('o1', 'b1', 'R1', 1760000000, 'cun', '意见建议', '', '路灯坏了', 2, 0, '', NULL)`,
		`INSERT INTO opinions VALUES ('o2', 'b1', 'R2', 1760000001, 'cun', '表扬', '', '食堂干净', 3, 0, '', NULL)`,
		`INSERT INTO views VALUES ('v1', 'b1', 'cun', 1760000002, 'story', 's/a', '老支书与印章', 30000, 4)`,
		`INSERT INTO kiosks VALUES ('cun', 'kiosk-key', 1760000100, 'outbox/b1.json')`,
		`INSERT INTO refused VALUES ('outbox/bad.json', 10, 1, '', '', 'unreadable', '读不出来', '', 1760000100, 1760000100)`,
	} {
		if _, err := old.ExecContext(ctx, q); err != nil {
			old.Close()
			t.Fatalf("%.40s: %v", q, err)
		}
	}
	old.Close()

	ms, err := migrations.Load(migrationFS)
	if err != nil || len(ms) == 0 {
		t.Fatalf("embedded migrations: %d, %v", len(ms), err)
	}
	var embedded []int
	for _, m := range ms {
		embedded = append(embedded, m.Version)
	}
	for i := range 2 { // opening again changes nothing
		d, err := Open(ctx, name)
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		sum, err := d.Summarise(ctx, shanghai)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Opinions != 2 || sum.Sites != 1 || !slices.Contains(sum.Stories, Count{Row: "老支书与印章", Col: "浏览次数", N: 1}) {
			t.Errorf("open #%d: summary %+v: the old database's data is not all there", i+1, sum)
		}
		refused, err := d.RefusedFiles(ctx)
		if err != nil || len(refused) != 1 || refused[0].File != "outbox/bad.json" {
			t.Errorf("open #%d: refused %v, %v", i+1, refused, err)
		}
		if len(d.Withdrawn) != 0 {
			t.Errorf("open #%d: withdrew %v", i+1, d.Withdrawn)
		}
		// Opinions merged before handling was kept are 已收到 since
		// their batch was collected, without consent.
		var hs []Handling
		d.Handlings(ctx, func(h Handling) error { hs = append(hs, h); return nil })
		if len(hs) != 2 || hs[0].Receipt != "R1" || hs[0].Status != content.StatusReceived || hs[0].Received.Unix() != 1760000100 || hs[1].Consent {
			t.Errorf("open #%d: handling %+v", i+1, hs)
		}
		var versions []int
		rows, err := d.db.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var v int
			rows.Scan(&v)
			versions = append(versions, v)
		}
		rows.Close()
		if !slices.Equal(versions, embedded) {
			t.Errorf("open #%d: recorded migrations %v, want %v", i+1, versions, embedded)
		}
		d.Close()
	}
}
