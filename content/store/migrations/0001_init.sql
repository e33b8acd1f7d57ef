-- Initial schema. Times are UTC unix seconds; a NULL window bound is open.
-- Every item row carries its effective window (item window ∩ package window)
-- so the screens decide visibility from the row itself, without joining
-- packages.

CREATE TABLE packages (
    id            TEXT PRIMARY KEY,
    title         TEXT NOT NULL,
    version       INTEGER NOT NULL,
    sites         TEXT NOT NULL,            -- JSON array; [] means every kiosk
    win_from      INTEGER,
    win_until     INTEGER,
    installed_at  INTEGER NOT NULL,
    n_stories     INTEGER NOT NULL,
    n_disclosures INTEGER NOT NULL,
    n_rows        INTEGER NOT NULL,
    n_quizzes     INTEGER NOT NULL,
    n_media       INTEGER NOT NULL
) STRICT;

CREATE TABLE stories (
    package_id TEXT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    seq        INTEGER NOT NULL,            -- position in the package
    file       TEXT NOT NULL,
    title      TEXT NOT NULL,
    category   TEXT NOT NULL,
    summary    TEXT NOT NULL,
    cover      TEXT NOT NULL,               -- package path, '' for none
    audio      TEXT NOT NULL,
    url        TEXT NOT NULL,
    featured   INTEGER NOT NULL,
    win_from   INTEGER,
    win_until  INTEGER,
    body       TEXT NOT NULL,
    PRIMARY KEY (package_id, id)
) STRICT;

CREATE TABLE story_images (
    package_id TEXT NOT NULL,
    story_id   TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    path       TEXT NOT NULL,
    PRIMARY KEY (package_id, story_id, seq),
    FOREIGN KEY (package_id, story_id) REFERENCES stories(package_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE disclosures (
    package_id     TEXT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
    id             TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    file           TEXT NOT NULL,
    title          TEXT NOT NULL,
    category       TEXT NOT NULL,
    period         TEXT NOT NULL,
    unit           TEXT NOT NULL,
    win_from       INTEGER,
    win_until      INTEGER,
    header         TEXT NOT NULL,           -- JSON array of strings
    amount_columns TEXT NOT NULL,           -- JSON array of indexes into header
    n_rows         INTEGER NOT NULL,
    PRIMARY KEY (package_id, id)
) STRICT;

CREATE TABLE disclosure_rows (
    package_id    TEXT NOT NULL,
    disclosure_id TEXT NOT NULL,
    idx           INTEGER NOT NULL,         -- 0-based order in the table
    line          INTEGER NOT NULL,         -- where it stands in its file
    cells         TEXT NOT NULL,            -- JSON array of strings
    amounts       TEXT NOT NULL,            -- JSON array of numbers, null = blank
    PRIMARY KEY (package_id, disclosure_id, idx),
    FOREIGN KEY (package_id, disclosure_id) REFERENCES disclosures(package_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE quizzes (
    package_id TEXT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    file       TEXT NOT NULL,
    title      TEXT NOT NULL,
    win_from   INTEGER,                     -- quizzes have no window of their own
    win_until  INTEGER,
    PRIMARY KEY (package_id, id)
) STRICT;

CREATE TABLE quiz_questions (
    package_id TEXT NOT NULL,
    quiz_id    TEXT NOT NULL,
    idx        INTEGER NOT NULL,
    question   TEXT NOT NULL,
    choices    TEXT NOT NULL,               -- JSON array of strings
    answer     INTEGER NOT NULL,
    explain    TEXT NOT NULL,
    PRIMARY KEY (package_id, quiz_id, idx),
    FOREIGN KEY (package_id, quiz_id) REFERENCES quizzes(package_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- media describes each stored blob once, whoever references it; the file
-- lives at media/<sha[:2]>/<sha>. A row exists exactly while some package
-- references the blob, which is what garbage collection keeps on disk.
CREATE TABLE media (
    sha256       TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    format       TEXT NOT NULL,
    size         INTEGER NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    thumb_sha256 TEXT                       -- NULL when there is no thumbnail
) STRICT, WITHOUT ROWID;

CREATE TABLE package_media (
    package_id TEXT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
    path       TEXT NOT NULL,
    sha256     TEXT NOT NULL REFERENCES media(sha256),
    PRIMARY KEY (package_id, path)
) STRICT, WITHOUT ROWID;

CREATE INDEX package_media_sha256 ON package_media(sha256);

-- search_docs holds the text of every search document. Its docid bands keep
-- FTS rowid order meaningful (stories, then disclosure titles, then rows;
-- see install.go). No ON DELETE CASCADE on purpose: deleting a package whose
-- documents were not removed (and so are still in the FTS index) must fail.
CREATE TABLE search_docs (
    docid      INTEGER PRIMARY KEY,
    package_id TEXT NOT NULL REFERENCES packages(id),
    kind       TEXT NOT NULL CHECK (kind IN ('story', 'disclosure')),
    item_id    TEXT NOT NULL,
    row_idx    INTEGER,                     -- NULL for the item itself
    win_from   INTEGER,
    win_until  INTEGER,
    text       TEXT NOT NULL
) STRICT;

CREATE INDEX search_docs_package ON search_docs(package_id);

-- Next docid to hand out in each band. Docids are never reused, so an FTS
-- rowid deleted with contentless_delete is never confused with a new one.
CREATE TABLE search_docid_next (
    band INTEGER PRIMARY KEY,
    next INTEGER NOT NULL
) STRICT;

-- search_grams indexes, as separate tokens, the distinct 1-, 2- and 3-grams
-- of each document's letter/digit runs (lowercased); see search.go. It is
-- contentless (the text is in search_docs) with contentless_delete so a
-- package's documents can be dropped by rowid, and keeps no positions
-- (detail=none): every query is an AND of tokens.
CREATE VIRTUAL TABLE search_grams USING fts5(
    grams, content='', contentless_delete=1, detail='none',
    tokenize='unicode61 remove_diacritics 0'
);

CREATE TABLE imports (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    source     TEXT NOT NULL,
    package_id TEXT NOT NULL,
    version    INTEGER NOT NULL,
    ok         INTEGER NOT NULL,
    report     TEXT NOT NULL
) STRICT;
