-- The district office's replies to residents' opinions, installed from a
-- package of replies (replies.csv) with the package and replaced with it.
-- A receipt is the lookup key; two packages naming one receipt are both
-- kept (LookupReply takes the latest news). Dates are UTC unix seconds of
-- the day's start where the office is; a NULL date has not happened.
-- Never a name, a phone or anything sealed: the office does not send them.
CREATE TABLE replies (
    receipt    TEXT NOT NULL,                     -- XXXX-XXXX
    package_id TEXT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
    status     TEXT NOT NULL,                     -- 已收到, 已转交, 已答复, 已办结
    category   TEXT NOT NULL,
    received   INTEGER NOT NULL,
    forwarded  INTEGER,
    unit       TEXT NOT NULL,                     -- 承办单位, '' if none
    replied    INTEGER,
    text       TEXT NOT NULL,                     -- 答复内容
    public     INTEGER NOT NULL CHECK (public IN (0, 1)),
    opinion    TEXT NOT NULL,                     -- the resident's text, only if they agreed and public
    PRIMARY KEY (receipt, package_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX replies_package ON replies(package_id);
-- The board of public answers, newest first, of every category or one.
CREATE INDEX replies_board ON replies(replied) WHERE public = 1 AND replied IS NOT NULL;
CREATE INDEX replies_board_category ON replies(category, replied) WHERE public = 1 AND replied IS NOT NULL;
-- Home's count of answers since a day.
CREATE INDEX replies_replied ON replies(replied);
