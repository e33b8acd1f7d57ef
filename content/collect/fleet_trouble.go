package collect

// What is wrong with a kiosk, from its latest heartbeat and what the
// office knows of the rest of the fleet: each trouble a Chinese word for
// the fleet page's row, a level for its colour, and the detail.

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"qingfeng/content/fleet"
	"qingfeng/content/outbox"
)

// Level is how bad a trouble is; the page colours it.
type Level int

const (
	LevelOK     Level = iota
	LevelNotice       // yellow: behind, not broken
	LevelWarn         // orange: something failed
	LevelAlarm        // red: not seen, or its display log was changed
)

// Trouble is one thing wrong with a kiosk.
type Trouble struct {
	Level  Level
	Word   string // on the row: a few characters
	Detail string // what exactly, in Chinese
}

// The troubles' words.
const (
	TroubleLog       = "展示记录被改动"
	TroubleStale     = "没有消息"
	TroubleImport    = "导入失败"
	TroubleUpdate    = "更新失败"
	TroubleClock     = "时钟不对"
	TroubleRefused   = "状态被拒收"
	TroubleErrors    = "有错误"
	TroubleDisk      = "磁盘快满"
	TroubleMemory    = "内存在涨"
	TroubleSoftware  = "程序旧"
	TroublePackages  = "内容旧"
	TroubleOverdue   = "答复逾期"
	TroubleNoBeat    = "没有状态"
	TroubleNoProblem = "正常"
)

// Rules are the office's thresholds.
type Rules struct {
	Now time.Time
	// StaleHours: a kiosk not heard of for longer than this, counting
	// only its opening hours, is 没有消息.
	StaleHours float64
	// Release is the version every kiosk should run at least ("" = the
	// newest any kiosk of the fleet reports).
	Release string
	// Loc is the district's time zone, for the times in details.
	Loc *time.Location
	// Published is each package's version in the office's published
	// content folder (Published): a kiosk holding an older one is behind
	// even when no other kiosk has the newer one yet.
	Published map[string]int
}

// DefaultStaleHours is --stale-hours' default: two opening hours without
// a heartbeat (a kiosk writes one every five minutes).
const DefaultStaleHours = 2

// Disk nearly full: less than DiskFreePercent of the data folder's file
// system free, or less than DiskFreeMB.
const (
	DiskFreePercent = 10
	DiskFreeMB      = 1024
)

// Memory climbing: the quiet-time memory's lowest sample of each day
// (a leak raises the floor; a visitor only the peaks) rises from every
// day to the next over at least MemoryDays days, and the last day's
// floor is at least MemoryRisePercent and MemoryRiseMB above the first's.
const (
	MemoryDays        = 3
	MemoryRisePercent = 20
	MemoryRiseMB      = 30
)

// Fleetwide is what a kiosk is compared with: the newest software and the
// newest version of each package any kiosk of the fleet holds or the
// office published.
type Fleetwide struct {
	Software string
	Packages map[string]int
}

// Wide is what the heartbeats hs say of the fleet.
func Wide(hs []fleet.Heartbeat, release string, published map[string]int) Fleetwide {
	w := Fleetwide{Software: release, Packages: map[string]int{}}
	for id, v := range published {
		w.Packages[id] = v
	}
	for _, h := range hs {
		if w.Software == "" || fleet.CompareVersions(h.Version, w.Software) > 0 {
			w.Software = h.Version
		}
		for _, p := range h.Packages {
			w.Packages[p.ID] = max(w.Packages[p.ID], p.Version)
		}
	}
	if release != "" && fleet.CompareVersions(w.Software, release) > 0 {
		// --release names what every kiosk should run; a kiosk ahead
		// of it (a trial) does not make the others old.
		w.Software = release
	}
	return w
}

// Troubles is what is wrong with the kiosk whose latest heartbeat is h,
// collected by the office at collected, the worst first. broken is its
// display log found broken (nil: none); overdue its opinions past the
// days allowed for an answer.
func Troubles(h fleet.Heartbeat, collected time.Time, broken *fleet.Broken, overdue int, w Fleetwide, r Rules) []Trouble {
	var out []Trouble
	add := func(l Level, word, detail string) { out = append(out, Trouble{l, word, detail}) }
	// A kiosk whose clock is wrong (a board without a clock battery
	// starts in 1970 after a power cut) says so; how long it has been
	// silent is then counted from when the office read its heartbeat.
	if h.Written.Before(outbox.Earliest) || h.Written.After(collected.Add(outbox.MaxSkew)) {
		add(LevelWarn, TroubleClock, fmt.Sprintf("展示屏的时钟是 %s，区里收到它时是 %s：请把展示屏的日期时间调对",
			h.Written.In(cmp.Or(r.Loc, time.UTC)).Format("2006-01-02 15:04"), collected.In(cmp.Or(r.Loc, time.UTC)).Format("2006-01-02 15:04")))
		h.Written = collected
	}
	if broken != nil {
		add(LevelAlarm, TroubleLog, broken.Words)
	} else if h.DisplayLog.VerifyProblem != "" {
		add(LevelAlarm, TroubleLog, "展示屏自己检查展示记录时发现："+h.DisplayLog.VerifyProblem)
	}
	if r.StaleHours > 0 && r.Now.After(h.Written) {
		if open := h.OpenSeconds(h.Written, r.Now) / 3600; open > r.StaleHours {
			add(LevelAlarm, TroubleStale, fmt.Sprintf("最后一次消息是 %s 以前，其间应开放 %.1f 小时（超过 %g 小时算没有消息）",
				Span(r.Now.Sub(h.Written)), open, r.StaleHours))
		}
	}
	if h.LastImport != nil && !h.LastImport.OK {
		add(LevelWarn, TroubleImport, fmt.Sprintf("%s 导入 %s 没有成功：%s", h.LastImport.At.In(cmp.Or(r.Loc, time.UTC)).Format("01-02 15:04"), h.LastImport.Source, h.LastImport.Reason))
	}
	if u := h.Update; u != nil && (u.Outcome == fleet.UpdateRolledBack || u.Outcome == fleet.UpdateRefused) {
		what := "新版本没能运行，已退回原来的版本"
		if u.Outcome == fleet.UpdateRefused {
			what = "没有安装"
		}
		add(LevelWarn, TroubleUpdate, strings.TrimSuffix(fmt.Sprintf("更新到 %s：%s。%s", u.To, what, u.Reason), "。"))
	}
	if h.Errors24h > 0 {
		d := fmt.Sprintf("最近 24 小时程序日志里记了 %d 条错误", h.Errors24h)
		if len(h.RecentErrors) > 0 {
			// The program's own log line, in English: for a technician.
			d += "。最新一条（程序日志原文，请交给技术人员看）：" + h.RecentErrors[0].Message
		}
		add(LevelWarn, TroubleErrors, d)
	}
	if h.DiskTotalMB > 0 && (h.DiskFreeMB*100 < h.DiskTotalMB*DiskFreePercent || h.DiskFreeMB < DiskFreeMB) {
		add(LevelWarn, TroubleDisk, fmt.Sprintf("磁盘只剩 %s（共 %s；少于 %d%% 或 %s 算快满）",
			mb(h.DiskFreeMB), mb(h.DiskTotalMB), DiskFreePercent, mb(DiskFreeMB)))
	}
	if ok, from, to, days := MemoryClimbing(h.Quiet); ok {
		add(LevelWarn, TroubleMemory, fmt.Sprintf("没人用时的内存 %d 天里从 %.0f MB 涨到 %.0f MB：可能有内存泄漏，请重启并告诉技术人员", days, from, to))
	}
	if w.Software != "" && fleet.CompareVersions(h.Version, w.Software) < 0 {
		add(LevelNotice, TroubleSoftware, fmt.Sprintf("程序版本 %s，最新的是 %s", h.Version, w.Software))
	}
	var behind []string
	for _, p := range h.Packages {
		if n := w.Packages[p.ID]; n > p.Version {
			behind = append(behind, fmt.Sprintf("%s 第 %d 版（有第 %d 版）", p.ID, p.Version, n))
		}
	}
	if len(behind) > 0 {
		sort.Strings(behind)
		add(LevelNotice, TroublePackages, "内容包不是最新的："+strings.Join(behind, "；"))
	}
	if overdue > 0 {
		add(LevelNotice, TroubleOverdue, fmt.Sprintf("%d 条群众意见超过期限还没有答复", overdue))
	}
	slices.SortStableFunc(out, func(a, b Trouble) int { return cmp.Compare(b.Level, a.Level) })
	return out
}

// MemoryClimbing applies the rule above to quiet-time samples (oldest
// first): whether memory climbs, the first and last day's floor and the
// days counted.
func MemoryClimbing(samples []fleet.Sample) (climbing bool, from, to float64, days int) {
	var floors []float64
	var day string
	for _, s := range samples {
		d := s.At.UTC().Format(time.DateOnly)
		if d != day {
			day = d
			floors = append(floors, s.MB)
		} else if s.MB < floors[len(floors)-1] {
			floors[len(floors)-1] = s.MB
		}
	}
	// The run of rising days that ends with the last day.
	start := len(floors) - 1
	for start > 0 && floors[start-1] < floors[start] {
		start--
	}
	if start < 0 || len(floors)-start < MemoryDays {
		return false, 0, 0, 0
	}
	from, to = floors[start], floors[len(floors)-1]
	return to-from >= MemoryRiseMB && (to-from)*100 >= from*MemoryRisePercent, from, to, len(floors) - start
}

// Span is d in the words the fleet page uses: whole days from two days
// on, else whole hours, else minutes ("3 天", "5 小时", "12 分钟").
func Span(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d 天", int(d.Hours()/24))
	case d >= time.Hour:
		return fmt.Sprintf("%d 小时", int(d.Hours()))
	default:
		return fmt.Sprintf("%d 分钟", int(d.Minutes()))
	}
}

func mb(n int64) string {
	if n >= 1024 {
		return fmt.Sprintf("%.1f GB", float64(n)/1024)
	}
	return fmt.Sprintf("%d MB", n)
}

// FleetKiosk is a kiosk as the fleet page shows it.
type FleetKiosk struct {
	Site, SiteName string
	Heartbeat      fleet.Heartbeat // zero when none was ever taken
	HasHeartbeat   bool
	File           string // its heartbeat file: its outbox folder is the file's
	Collected      time.Time
	Broken         *fleet.Broken
	BrokenAt       time.Time
	Overdue        int
	Trouble        []Trouble // the worst first; none: 正常
}

// Worst is k's worst trouble's level.
func (k FleetKiosk) Worst() Level {
	if len(k.Trouble) == 0 {
		return LevelOK
	}
	return k.Trouble[0].Level
}

// Fleet is every registered kiosk, the worst first, and the heartbeat
// files not taken.
type Fleet struct {
	Kiosks  []FleetKiosk
	Refused []FleetRefused
	Wide    Fleetwide
	Rules   Rules
}

// Fleet reads every registered site's latest heartbeat and judges it by r.
func (d *DB) Fleet(ctx context.Context, r Rules) (Fleet, error) {
	f := Fleet{Rules: r}
	overdue, err := d.overdueBySite(ctx, r.Now)
	if err != nil {
		return f, err
	}
	rows, err := d.db.QueryContext(ctx, `SELECT k.site, coalesce(f.file, ''), coalesce(f.collected, 0), coalesce(f.heartbeat, ''),
			coalesce(f.broken, ''), coalesce(f.broken_at, 0),
			`+latestSiteName("k.site", "''")+`
		FROM kiosks k LEFT JOIN fleet f ON f.site = k.site ORDER BY k.site`)
	if err != nil {
		return f, fmt.Errorf("collect: %w", err)
	}
	defer rows.Close()
	var hs []fleet.Heartbeat
	for rows.Next() {
		var k FleetKiosk
		var collected, brokenAt int64
		var hb, broken string
		if err := rows.Scan(&k.Site, &k.File, &collected, &hb, &broken, &brokenAt, &k.SiteName); err != nil {
			return f, fmt.Errorf("collect: %w", err)
		}
		if hb != "" {
			if err := json.Unmarshal([]byte(hb), &k.Heartbeat); err != nil {
				return f, fmt.Errorf("collect: %s: %w", k.Site, err)
			}
			k.HasHeartbeat = true
			k.Collected = time.Unix(collected, 0)
			hs = append(hs, k.Heartbeat)
			if k.Heartbeat.SiteName != "" {
				k.SiteName = k.Heartbeat.SiteName
			}
		}
		if broken != "" {
			k.Broken = new(fleet.Broken)
			if err := json.Unmarshal([]byte(broken), k.Broken); err != nil {
				return f, fmt.Errorf("collect: %s: %w", k.Site, err)
			}
			k.BrokenAt = time.Unix(brokenAt, 0)
		}
		k.Overdue = overdue[k.Site]
		f.Kiosks = append(f.Kiosks, k)
	}
	if err := rows.Err(); err != nil {
		return f, fmt.Errorf("collect: %w", err)
	}
	f.Wide = Wide(hs, r.Release, r.Published)
	if f.Refused, err = d.fleetRefused(ctx); err != nil {
		return f, err
	}
	refused := map[string]FleetRefused{}
	for _, rf := range f.Refused {
		refused[rf.Site] = rf
	}
	for i, k := range f.Kiosks {
		var ts []Trouble
		if k.HasHeartbeat {
			ts = Troubles(k.Heartbeat, k.Collected, k.Broken, k.Overdue, f.Wide, r)
		} else {
			ts = []Trouble{{LevelNotice, TroubleNoBeat, "区里没有收到过它的状态文件（heartbeat.json）：展示屏的程序可能是旧版本，或发件箱没有同步过来"}}
			if k.Overdue > 0 {
				ts = append(ts, Trouble{LevelNotice, TroubleOverdue, fmt.Sprintf("%d 条群众意见超过期限还没有答复", k.Overdue)})
			}
		}
		if rf, ok := refused[k.Site]; ok {
			// Whatever else it says, a heartbeat of this site was not
			// taken: under another key, perhaps a forgery.
			ts = append(ts, Trouble{LevelWarn, TroubleRefused, rf.Word + "：" + rf.Reason})
			slices.SortStableFunc(ts, func(a, b Trouble) int { return cmp.Compare(b.Level, a.Level) })
		}
		f.Kiosks[i].Trouble = ts
	}
	SortFleet(f.Kiosks)
	return f, nil
}

// SortFleet puts the worst kiosks first: by worst level, then by how many
// troubles, then by site.
func SortFleet(ks []FleetKiosk) {
	slices.SortStableFunc(ks, func(a, b FleetKiosk) int {
		return cmp.Or(cmp.Compare(b.Worst(), a.Worst()), cmp.Compare(len(b.Trouble), len(a.Trouble)), strings.Compare(a.Site, b.Site))
	})
}

// overdueBySite counts each site's opinions without an answer past the
// office's days, at now.
func (d *DB) overdueBySite(ctx context.Context, now time.Time) (map[string]int, error) {
	rows, err := d.db.QueryContext(ctx, handlingQuery)
	if err != nil {
		return nil, fmt.Errorf("collect: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		h, err := scanHandling(rows)
		if err != nil {
			return nil, fmt.Errorf("collect: %w", err)
		}
		if h.Overdue(now, d.OverdueDays) {
			out[h.Site]++
		}
	}
	return out, rows.Err()
}

func (d *DB) fleetRefused(ctx context.Context) ([]FleetRefused, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT file, site, word, reason, first FROM fleet_refused ORDER BY file`)
	if err != nil {
		return nil, fmt.Errorf("collect: %w", err)
	}
	defer rows.Close()
	var out []FleetRefused
	for rows.Next() {
		var r FleetRefused
		var first int64
		if err := rows.Scan(&r.File, &r.Site, &r.Word, &r.Reason, &first); err != nil {
			return nil, fmt.Errorf("collect: %w", err)
		}
		r.First = time.Unix(first, 0)
		out = append(out, r)
	}
	return out, rows.Err()
}

// History is site's hourly heartbeats, oldest first.
func (d *DB) History(ctx context.Context, site string) ([]Beat, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT heartbeat FROM fleet_history WHERE site = ? ORDER BY hour`, site)
	if err != nil {
		return nil, fmt.Errorf("collect: %w", err)
	}
	defer rows.Close()
	var out []Beat
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("collect: %w", err)
		}
		var b Beat
		if err := json.Unmarshal([]byte(s), &b); err != nil {
			return nil, fmt.Errorf("collect: %s: %w", site, err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}
