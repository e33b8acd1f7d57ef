-- Opinions residents leave at the kiosk. A row is written in its own
-- transaction on the write connection (synchronous=FULL), so once the screen
-- thanks the resident it survives a power cut.
--
-- contact holds the resident's name and phone sealed to the office's public
-- key (NULL when none was given): the kiosk cannot read it back. Nothing
-- else here may hold a name or a phone number in clear.
CREATE TABLE opinions (
    id        INTEGER PRIMARY KEY AUTOINCREMENT, -- the order they were left in
    receipt   TEXT NOT NULL UNIQUE,              -- shown to the resident: XXXX-XXXX
    at        INTEGER NOT NULL,                  -- UTC unix seconds
    site      TEXT NOT NULL,
    category  TEXT NOT NULL,
    subject   TEXT NOT NULL,                     -- '' when about nothing in particular
    text      TEXT NOT NULL,                     -- '' for a rating-only opinion
    rating    INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 3), -- 0 none, 1 不满意, 2 一般, 3 满意
    contact   BLOB,
    held      INTEGER NOT NULL CHECK (held IN (0, 1)), -- matched a hold word: staff review it first
    held_word TEXT NOT NULL
) STRICT;

CREATE INDEX opinions_at ON opinions(at);
