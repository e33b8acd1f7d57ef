-- Opinions leave the kiosk in outbox batches (files a synced folder carries
-- to the district office). uid identifies an opinion across all kiosks
-- (UUIDv7), so the office counts one however often it arrives; batch is the
-- outbox batch it went out in, NULL until then. Rows from before this
-- migration get their uid when they first go into a batch.
ALTER TABLE opinions ADD COLUMN uid TEXT;
ALTER TABLE opinions ADD COLUMN batch TEXT;
CREATE UNIQUE INDEX opinions_uid ON opinions(uid);
CREATE INDEX opinions_batch ON opinions(batch);

-- The batches whose files have been written into the outbox. A batch is
-- written once: the office may move files away after collecting them, and
-- they must not come back.
CREATE TABLE outbox_files (
    batch   TEXT PRIMARY KEY,
    written INTEGER NOT NULL -- UTC unix seconds
) STRICT;
