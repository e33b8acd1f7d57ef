-- The fleet: what the district knows of each kiosk from its heartbeats
-- (content/fleet). Only heartbeats signed with the site's registered key
-- (the kiosks table) are kept here; others are listed in fleet_refused.

-- One row a site: its latest heartbeat (as JSON, checked and re-encoded),
-- the display log anchor the office keeps (fleet.Anchor as JSON) and a
-- broken log found against it (fleet.Broken as JSON, '' when none), kept
-- until the office accepts it (collect --accept-log SITE).
CREATE TABLE fleet (
    site      TEXT PRIMARY KEY,
    file      TEXT NOT NULL,    -- the heartbeat file last read
    size      INTEGER NOT NULL, -- and its size and modification time (unix ns):
    mtime     INTEGER NOT NULL, -- an unchanged file is not read again
    written   INTEGER NOT NULL, -- by the kiosk, unix seconds
    collected INTEGER NOT NULL, -- when the office read it
    heartbeat TEXT NOT NULL,
    anchor    TEXT NOT NULL DEFAULT '',
    broken    TEXT NOT NULL DEFAULT '',
    broken_at INTEGER NOT NULL DEFAULT 0
) STRICT;

-- A kiosk's history, one heartbeat an hour (the latest of the hour), for
-- 30 days: the timeline and the figures of the kiosk's page.
CREATE TABLE fleet_history (
    site      TEXT NOT NULL,
    hour      INTEGER NOT NULL, -- written / 3600
    written   INTEGER NOT NULL,
    heartbeat TEXT NOT NULL,    -- the figures of the timeline (collect.Beat as JSON)
    PRIMARY KEY (site, hour)
) STRICT;

-- Heartbeat files not taken, with the reason; dropped when the file is
-- taken later (a key accepted, the file mended).
CREATE TABLE fleet_refused (
    file   TEXT PRIMARY KEY,
    size   INTEGER NOT NULL,
    mtime  INTEGER NOT NULL,
    site   TEXT NOT NULL,       -- what the file says, '' when it could not be read
    word   TEXT NOT NULL,       -- 未登记, 钥匙不对, 文件不对
    reason TEXT NOT NULL,
    first  INTEGER NOT NULL,
    last   INTEGER NOT NULL
) STRICT;
