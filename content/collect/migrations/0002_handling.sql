-- The office's handling of each opinion, and the resident's consent.
--
-- handling is one row a receipt: what the office did with the opinion, as
-- it fills the workbook's 意见办理 sheet and `qingfeng replies import`
-- reads it back. A row is made when the opinion is first merged (已收到,
-- received = that time); merging the opinion again keeps it. Dates the
-- office writes are days, 'YYYY-MM-DD', '' while not yet.
--
-- opinions.consent: the resident agreed that the opinion's text (never a
-- name or phone) may be shown with a public reply. Batches of kiosks from
-- before the choice existed carry none: 0.

ALTER TABLE opinions ADD COLUMN consent INTEGER NOT NULL DEFAULT 0;

CREATE TABLE handling (
    receipt   TEXT PRIMARY KEY,
    status    TEXT NOT NULL,            -- content.ReplyStatus
    received  INTEGER NOT NULL,         -- unix seconds: first merged at the office
    forwarded TEXT NOT NULL DEFAULT '', -- day it went to unit
    unit      TEXT NOT NULL DEFAULT '', -- 承办单位
    replied   TEXT NOT NULL DEFAULT '', -- day of the answer
    closed    TEXT NOT NULL DEFAULT '', -- day it was closed
    reply     TEXT NOT NULL DEFAULT '', -- 答复内容
    public    INTEGER NOT NULL DEFAULT 0,
    changed   INTEGER NOT NULL          -- unix seconds: made, or last changed by an import
) STRICT;

CREATE INDEX opinions_receipt ON opinions(receipt);

-- Opinions merged before this migration were received when their batch
-- was collected.
INSERT OR IGNORE INTO handling (receipt, status, received, changed)
    SELECT o.receipt, '已收到', min(b.collected), min(b.collected)
    FROM opinions o JOIN batches b ON b.id = o.batch GROUP BY o.receipt;
