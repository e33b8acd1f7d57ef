-- What was on screen when, for proving to an inspector that a disclosure
-- was shown for its legally required period. Each entry is chained to the
-- one before by a SHA-256 over its fields and the previous hash, so an
-- entry changed, deleted or moved is detectable (qingfeng displaylog
-- verify). Entries are only ever appended.
CREATE TABLE display_log (
    seq    INTEGER PRIMARY KEY, -- 1, 2, 3, … without gaps
    at     INTEGER NOT NULL,    -- UTC unix milliseconds: shown from
    until  INTEGER NOT NULL,    -- shown until
    screen TEXT NOT NULL,
    item   TEXT NOT NULL,
    title  TEXT NOT NULL,
    prev   TEXT NOT NULL,       -- the previous entry's hash ('' for the first)
    hash   TEXT NOT NULL
) STRICT;
