-- Usage statistics: one row per stay on one screen (views and dwell time
-- per story and disclosure, touches per screen, exhibit plays, time in the
-- attract loop). Nothing here says who the visitor was. Rows go to the
-- district office in the same outbox batches as opinions.
CREATE TABLE usage_views (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    uid      TEXT NOT NULL UNIQUE,  -- UUIDv7: one view however often it is sent
    at       INTEGER NOT NULL,      -- UTC unix seconds, when the screen was shown
    screen   TEXT NOT NULL,
    item     TEXT NOT NULL,         -- package/id of a story or disclosure, an exhibit's name, or ''
    title    TEXT NOT NULL,
    dwell_ms INTEGER NOT NULL,
    taps     INTEGER NOT NULL,
    batch    TEXT
) STRICT;
CREATE INDEX usage_views_at ON usage_views(at);
CREATE INDEX usage_views_batch ON usage_views(batch);
