-- Whether the resident agreed that the opinion's text (never a name or a
-- phone) may be shown with the office's public reply. Opinions left before
-- the form asked count as not agreed.
ALTER TABLE opinions ADD COLUMN consent INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1));
