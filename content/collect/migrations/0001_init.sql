-- The district database as the first versions made it from an inline
-- schema. IF NOT EXISTS: a database made by them has these tables already
-- and no schema_migrations, and opens with this migration recorded over
-- them. Times are unix seconds unless said otherwise.

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
