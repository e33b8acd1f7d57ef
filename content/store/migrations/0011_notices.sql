-- Notices a package carries (package.yaml's notices:, or 通知.txt),
-- installed with the package and replaced with it. Times are UTC unix
-- seconds; both ends are required, the package's window already applied.
-- sites is a JSON list of site ids, '[]' for every kiosk.
CREATE TABLE notices (
    package_id TEXT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    file       TEXT NOT NULL,
    line       INTEGER NOT NULL,
    title      TEXT NOT NULL,
    text       TEXT NOT NULL,
    urgent     INTEGER NOT NULL CHECK (urgent IN (0, 1)),
    win_from   INTEGER NOT NULL,
    win_until  INTEGER NOT NULL,
    sites      TEXT NOT NULL,
    PRIMARY KEY (package_id, seq)
) STRICT, WITHOUT ROWID;
