-- Films a package carries (videos/), installed with the package and
-- replaced with it. video and cover are package paths of media rows;
-- cues is the subtitles as a JSON list of [start_ms, end_ms, text].
-- Shown while the package is (win_from/win_until: the package's window).
CREATE TABLE films (
    package_id  TEXT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
    id          TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    title       TEXT NOT NULL,
    category    TEXT NOT NULL,
    video       TEXT NOT NULL,
    cover       TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    cues        TEXT NOT NULL,
    win_from    INTEGER,
    win_until   INTEGER,
    PRIMARY KEY (package_id, id)
) STRICT, WITHOUT ROWID;
