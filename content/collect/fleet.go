package collect

// The fleet: each outbox folder's heartbeat (content/fleet) read, checked
// against the site's registered key, and kept: the latest one, one an hour
// for 30 days, and the display log's anchor with anything found broken
// against it, until the office accepts it.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"qingfeng/content/fleet"
	"qingfeng/content/outbox"
	"qingfeng/content/sign"
)

// HistoryDays is how long a kiosk's hourly history is kept.
const HistoryDays = 30

// The words a heartbeat file not taken is listed with.
const (
	RefusedUnregistered = "未登记"  // a site no batch has registered yet
	RefusedKey          = "钥匙不对" // signed by another key than the site's
	RefusedFile         = "文件不对" // not a whole, signed heartbeat
)

// FleetRefused is a heartbeat file not taken, and why.
type FleetRefused struct {
	File, Site, Word string
	Reason           string // in Chinese
	First            time.Time
}

// FleetResult is what MergeHeartbeats did.
type FleetResult struct {
	Files        int            // heartbeat files found
	New          int            // taken now
	Unchanged    int            // read before and unchanged since
	Older        int            // older than one already taken for their site (a stick's copy)
	Refused      []FleetRefused // not taken, said now for the first time
	StillRefused int            // not taken, for the same reason as on an earlier run
	Broken       []Broken       // display logs found broken now
	Bad          []error        // files that could not be read now
}

// Broken is a site whose display log no longer extends what the office saw.
type Broken struct {
	Site string
	*fleet.Broken
}

// Beat is the part of a heartbeat kept in a kiosk's hourly history.
type Beat struct {
	Written    time.Time      `json:"written"`
	Version    string         `json:"version"`
	Open       bool           `json:"open"`
	RSSMB      float64        `json:"rss_mb"`
	QuietMB    float64        `json:"quiet_mb,omitempty"` // the newest quiet-time sample
	Errors24h  int            `json:"errors_24h"`
	DiskFreeMB int64          `json:"disk_free_mb"`
	Entries    int64          `json:"entries"` // the display log's
	LastImport *fleet.Import  `json:"last_import,omitempty"`
	Update     *fleet.Update  `json:"update,omitempty"`
	Screenshot string         `json:"screenshot,omitempty"`
	Refused    []fleet.Import `json:"refused,omitempty"`
}

func beatOf(h fleet.Heartbeat) Beat {
	b := Beat{Written: h.Written, Version: clipText(h.Version), Open: h.Open, RSSMB: h.RSSMB, Errors24h: h.Errors24h,
		DiskFreeMB: h.DiskFreeMB, Entries: h.DisplayLog.Entries, LastImport: clipImport(h.LastImport),
		Screenshot: clipText(h.Screenshot)}
	if n := len(h.Quiet); n > 0 {
		b.QuietMB = h.Quiet[n-1].MB
	}
	if u := h.Update; u != nil {
		c := *u
		c.From, c.To, c.Outcome, c.Reason = clipText(c.From), clipText(c.To), clipText(c.Outcome), clipText(c.Reason)
		b.Update = &c
	}
	// A kiosk tells at most fleet.MaxRefused; a heartbeat that tells more
	// keeps its hour of history as small as a kiosk's.
	for _, r := range h.Refused[:min(len(h.Refused), fleet.MaxRefused)] {
		b.Refused = append(b.Refused, *clipImport(&r))
	}
	return b
}

func clipImport(im *fleet.Import) *fleet.Import {
	if im == nil {
		return nil
	}
	c := *im
	c.Source, c.Package, c.Reason = clipText(c.Source), clipText(c.Package), clipText(c.Reason)
	return &c
}

// clipText is s cut to fleet.MaxRunes, as a kiosk writes it.
func clipText(s string) string {
	if utf8.RuneCountInString(s) <= fleet.MaxRunes {
		return s
	}
	return string([]rune(s)[:fleet.MaxRunes]) + "…"
}

// MergeHeartbeats reads the heartbeat file of every outbox folder of dirs
// and keeps what is new. A heartbeat is taken only signed with its site's
// registered key (registered by the site's batches: a heartbeat registers
// nothing by itself); one older than the site's latest is skipped, so a
// stick's old copy neither replaces it nor makes its log look rewound.
func (d *DB) MergeHeartbeats(ctx context.Context, dirs []string) (FleetResult, error) {
	var res FleetResult
	now := d.Now()
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("collect: %w", err)
	}
	defer tx.Rollback()
	if err := forgetGone(ctx, tx); err != nil {
		return res, fmt.Errorf("collect: %w", err)
	}
	for _, dir := range dirs {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if err := d.heartbeat(ctx, tx, filepath.Join(dir, fleet.File), now, &res); err != nil {
			return res, fmt.Errorf("collect: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM fleet_history WHERE written < ?`, now.AddDate(0, 0, -HistoryDays).Unix()); err != nil {
		return res, fmt.Errorf("collect: %w", err)
	}
	return res, tx.Commit()
}

// forgetGone drops the refused heartbeat files that are no longer there
// (the office cleared them, or the kiosk's was replaced by one taken).
func forgetGone(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT file FROM fleet_refused`)
	if err != nil {
		return err
	}
	var gone []string
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			rows.Close()
			return err
		}
		if _, err := os.Lstat(f); errors.Is(err, os.ErrNotExist) {
			gone = append(gone, f)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, f := range gone {
		if _, err := tx.ExecContext(ctx, `DELETE FROM fleet_refused WHERE file = ?`, f); err != nil {
			return err
		}
	}
	return nil
}

func (d *DB) heartbeat(ctx context.Context, tx *sql.Tx, name string, now time.Time, res *FleetResult) error {
	st, err := os.Lstat(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		res.Bad = append(res.Bad, err)
		return nil
	}
	res.Files++
	size, mtime := st.Size(), st.ModTime().UnixNano()
	refuse := func(site, word, reason string) error {
		var oldWord, oldReason string
		switch err := tx.QueryRowContext(ctx, `SELECT word, reason FROM fleet_refused WHERE file = ?`, name).Scan(&oldWord, &oldReason); {
		case err == nil && oldWord == word && oldReason == reason:
			// Said on an earlier run: listed on the page, not printed again.
			res.StillRefused++
			_, err := tx.ExecContext(ctx, `UPDATE fleet_refused SET size = ?, mtime = ?, last = ? WHERE file = ?`, size, mtime, now.Unix(), name)
			return err
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO fleet_refused (file, size, mtime, site, word, reason, first, last) VALUES (?,?,?,?,?,?,?,?)
			ON CONFLICT (file) DO UPDATE SET size = excluded.size, mtime = excluded.mtime, site = excluded.site,
				word = excluded.word, reason = excluded.reason, last = excluded.last`,
			name, size, mtime, site, word, reason, now.Unix(), now.Unix())
		res.Refused = append(res.Refused, FleetRefused{File: name, Site: site, Word: word, Reason: reason, First: now})
		return err
	}
	if !st.Mode().IsRegular() {
		return refuse("", RefusedFile, "不是普通文件（可能是链接）：展示屏写的状态文件是普通文件。请查明它从哪里来")
	}
	var one int
	switch err := tx.QueryRowContext(ctx, `SELECT 1 FROM fleet WHERE file = ? AND size = ? AND mtime = ?`, name, size, mtime).Scan(&one); {
	case err == nil:
		res.Unchanged++
		return nil
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	h, key, err := fleet.ReadFile(name)
	switch {
	case errors.Is(err, fleet.ErrNotHeartbeat):
		return refuse("", RefusedFile, strings.TrimPrefix(err.Error(), fleet.ErrNotHeartbeat.Error()+": "))
	case err != nil:
		res.Bad = append(res.Bad, err)
		return nil
	}
	switch {
	case h.Site == "":
		return refuse("", RefusedFile, "状态文件里没有站点编号：写它的展示屏，设置文件（qingfeng.yaml）里没有写站点编号（site.id），区里分不清它是哪一台。请在那台展示屏的设置里填上站点编号")
	case !outbox.ValidSite(h.Site):
		return refuse("", RefusedFile, fmt.Sprintf("站点编号“%s”不对：不能有空格、斜杠或看不见的字符，最多 %d 个字，展示屏自己的设置也这样检查。请查明这个文件从哪里来", shortID(h.Site), outbox.MaxSite))
	}
	printableTexts(&h)
	var registered string
	switch err := tx.QueryRowContext(ctx, `SELECT key FROM kiosks WHERE site = ?`, h.Site).Scan(&registered); {
	case errors.Is(err, sql.ErrNoRows):
		return refuse(h.Site, RefusedUnregistered, fmt.Sprintf("站点 %s 还没有批次汇总过，区里没有登记它的钥匙，所以不采用它的状态。等它的第一个批次汇总以后，这个文件就会采用", h.Site))
	case err != nil:
		return err
	case registered != key.String():
		old, _ := sign.ParsePublic(registered)
		return refuse(h.Site, RefusedKey, fmt.Sprintf("站点 %s 的状态文件用钥匙 %s 签名，区里登记的是 %s，没有采用。如果这台展示屏换了硬盘或重装了，先按批次的办法接受新钥匙（--accept-key %s）；否则这个文件可能是伪造的",
			h.Site, key.Short(), old.Short(), h.Site))
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM fleet_refused WHERE file = ?`, name); err != nil {
		return err
	}
	var written int64
	var anchorJSON, brokenJSON, file string
	switch err := tx.QueryRowContext(ctx, `SELECT written, anchor, broken, file FROM fleet WHERE site = ?`, h.Site).Scan(&written, &anchorJSON, &brokenJSON, &file); {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	case h.Written.Unix() < written && file != name:
		// Another copy (a stick's) older than the one taken. The same
		// file rewritten with an older time is the kiosk's clock gone
		// back: taken.
		res.Older++
		return nil
	}
	var anchor fleet.Anchor
	if anchorJSON != "" {
		if err := json.Unmarshal([]byte(anchorJSON), &anchor); err != nil {
			return fmt.Errorf("%s: anchor: %w", h.Site, err)
		}
	}
	brokenAt := int64(0)
	// A log already found broken stays as found until the office accepts
	// it: later heartbeats neither clear nor move it.
	if brokenJSON == "" {
		next, broken := anchor.Check(h.DisplayLog)
		if broken != nil {
			data, err := json.Marshal(broken)
			if err != nil {
				return err
			}
			brokenJSON, brokenAt = string(data), now.Unix()
			res.Broken = append(res.Broken, Broken{Site: h.Site, Broken: broken})
		} else {
			data, err := json.Marshal(prune(next))
			if err != nil {
				return err
			}
			anchorJSON = string(data)
		}
	}
	hb, err := json.Marshal(h)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO fleet (site, file, size, mtime, written, collected, heartbeat, anchor, broken, broken_at)
		VALUES (?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT (site) DO UPDATE SET file = excluded.file, size = excluded.size, mtime = excluded.mtime,
			written = excluded.written, collected = excluded.collected, heartbeat = excluded.heartbeat,
			anchor = excluded.anchor, broken = excluded.broken,
			broken_at = CASE WHEN excluded.broken_at > 0 THEN excluded.broken_at ELSE fleet.broken_at END`,
		h.Site, name, size, mtime, h.Written.Unix(), now.Unix(), string(hb), anchorJSON, brokenJSON, brokenAt); err != nil {
		return err
	}
	beat, err := json.Marshal(beatOf(h))
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO fleet_history (site, hour, written, heartbeat) VALUES (?,?,?,?)`,
		h.Site, h.Written.Unix()/3600, h.Written.Unix(), string(beat)); err != nil {
		return err
	}
	// Hours older than HistoryDays go at the end of the run; a clock
	// running ahead makes hours that never get old: the newest are kept.
	if _, err := tx.ExecContext(ctx, `DELETE FROM fleet_history WHERE site = ? AND hour NOT IN
		(SELECT hour FROM fleet_history WHERE site = ? ORDER BY hour DESC LIMIT ?)`, h.Site, h.Site, HistoryDays*24); err != nil {
		return err
	}
	res.New++
	return nil
}

// printableTexts makes the texts of h that the fleet page, the workbook
// and the terminal show printable (content.Printable): a mark that turns
// the text after it right to left, a line break or a terminal's escape
// is shown as its code, so a message reads as it was written. Hashes and
// names compared with others are left as they are.
func printableTexts(h *fleet.Heartbeat) {
	imp := func(im *fleet.Import) {
		im.Source, im.Package, im.Reason = printable(im.Source), printable(im.Package), printable(im.Reason)
	}
	h.SiteName, h.Version, h.Arch, h.Screenshot = printable(h.SiteName), printable(h.Version), printable(h.Arch), printable(h.Screenshot)
	for i := range h.Packages {
		h.Packages[i].ID, h.Packages[i].Title = printable(h.Packages[i].ID), printable(h.Packages[i].Title)
	}
	if h.LastImport != nil {
		imp(h.LastImport)
	}
	for i := range h.Refused {
		imp(&h.Refused[i])
	}
	for i := range h.RecentErrors {
		h.RecentErrors[i].Message = printable(h.RecentErrors[i].Message)
	}
	if u := h.Update; u != nil {
		u.From, u.To, u.Outcome, u.Reason = printable(u.From), printable(u.To), printable(u.Outcome), printable(u.Reason)
	}
	h.DisplayLog.VerifyProblem = printable(h.DisplayLog.VerifyProblem)
}

// ErrLogNotBroken: --accept-log for a site whose display log is not
// flagged.
var ErrLogNotBroken = errors.New("collect: the site's display log is not flagged")

// AcceptLog clears site's broken display log: the office has looked at
// the kiosk and takes its log as it is now. What the office saw of the old
// log is forgotten; the next heartbeat anchors the log anew. It returns
// what was found.
func (d *DB) AcceptLog(ctx context.Context, site string) (*fleet.Broken, error) {
	var brokenJSON string
	switch err := d.db.QueryRowContext(ctx, `SELECT broken FROM fleet WHERE site = ?`, site).Scan(&brokenJSON); {
	case errors.Is(err, sql.ErrNoRows):
		return nil, ErrLogNotBroken
	case err != nil:
		return nil, fmt.Errorf("collect: %w", err)
	case brokenJSON == "":
		return nil, ErrLogNotBroken
	}
	var b fleet.Broken
	if err := json.Unmarshal([]byte(brokenJSON), &b); err != nil {
		return nil, fmt.Errorf("collect: %w", err)
	}
	// size -1: the heartbeat file is read again on the next run and
	// anchors the log as it is then.
	if _, err := d.db.ExecContext(ctx, `UPDATE fleet SET broken = '', broken_at = 0, anchor = '', size = -1 WHERE site = ?`, site); err != nil {
		return nil, fmt.Errorf("collect: %w", err)
	}
	return &b, nil
}

// prune keeps of a's checkpoints those a log of a's head length gives
// (fleet.CheckpointSeqs): the display log is a hash chain, so an entry
// rewritten changes every hash after it, and a later heartbeat's
// checkpoints at or before the head the office saw are among these. The
// anchor stays a few kilobytes however long the kiosk's log grows.
func prune(a fleet.Anchor) fleet.Anchor {
	keep := map[int64]bool{}
	for _, s := range fleet.CheckpointSeqs(a.Head.Seq) {
		keep[s] = true
	}
	for s := range a.Checkpoints {
		if !keep[s] {
			delete(a.Checkpoints, s)
		}
	}
	return a
}
