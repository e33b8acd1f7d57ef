-- Content for two interactive exhibits: the 七味茶 tea ↔ saying sets and the
-- 剪纸拼图 pictures. Like every item row they carry their effective window
-- (item window ∩ package window).

ALTER TABLE packages ADD COLUMN n_tea_sets INTEGER NOT NULL DEFAULT 0;
ALTER TABLE packages ADD COLUMN n_puzzles  INTEGER NOT NULL DEFAULT 0;

CREATE TABLE tea_sets (
    package_id TEXT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    seq        INTEGER NOT NULL,            -- position in the package
    file       TEXT NOT NULL,
    title      TEXT NOT NULL,
    footnote   TEXT NOT NULL,               -- '' when the sayings are original
    win_from   INTEGER,
    win_until  INTEGER,
    PRIMARY KEY (package_id, id)
) STRICT;

CREATE TABLE tea_pairs (
    package_id TEXT NOT NULL,
    tea_set_id TEXT NOT NULL,
    idx        INTEGER NOT NULL,
    tea        TEXT NOT NULL,
    saying     TEXT NOT NULL,
    PRIMARY KEY (package_id, tea_set_id, idx),
    FOREIGN KEY (package_id, tea_set_id) REFERENCES tea_sets(package_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE puzzles (
    package_id TEXT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    file       TEXT NOT NULL,
    title      TEXT NOT NULL,
    image      TEXT NOT NULL,               -- package path under media/
    rows       INTEGER NOT NULL,            -- 0: the exhibit chooses
    cols       INTEGER NOT NULL,
    win_from   INTEGER,
    win_until  INTEGER,
    PRIMARY KEY (package_id, id)
) STRICT;
