// Package fleetpage writes the district's fleet page: DISTRICT-fleet.html,
// one static page with every kiosk a row, the worst first, its latest
// screenshot as a thumbnail and its figures; and DISTRICT-fleet/SITE.html,
// a page per kiosk with its screenshot history and timeline. No script and
// no link outside the page's folder: the office opens it from disk in any
// browser. Everything a heartbeat says is escaped by html/template.
// Screenshots are brought beside the page and their thumbnails made once
// (bounded before decoding, kept for the next run).
//
// It imports content/collect (what the office knows of each kiosk),
// content/durable, content/fleet and content/jpegturbo.
package fleetpage

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"qingfeng/content/collect"
	"qingfeng/content/durable"
	"qingfeng/content/fleet"
)

//go:embed templates/*.html
var templateFS embed.FS

var templates = template.Must(template.New("").Funcs(template.FuncMap{
	"pathEscape": url.PathEscape,
	"updateWord": func(o string) string {
		if w, ok := updateWords[o]; ok {
			return w
		}
		return o
	},
	"at": func(t time.Time, loc *time.Location) string { return t.In(loc).Format("2006-01-02 15:04") },
}).ParseFS(templateFS, "templates/*.html"))

// Page is what Write needs.
type Page struct {
	// Base is the district database's path without .db: the page is
	// Base-fleet.html, its folder Base-fleet/.
	Base  string
	Fleet collect.Fleet
	// History is a site's hourly heartbeats, oldest first.
	History func(ctx context.Context, site string) ([]collect.Beat, error)
	Loc     *time.Location
}

// Result is what Write did.
type Result struct {
	File    string   // the fleet page
	Kiosks  int      // pages written
	Thumbs  []string // thumbnails that could not be made, each with its reason
	Skipped []string // screenshots not brought (not a plain file, too large)
}

// Files is the fleet page's file and folder for base.
func Files(base string) (page, dir string) { return base + "-fleet.html", base + "-fleet" }

// Write writes the fleet page and each kiosk's page; progress, if set, is
// told after each kiosk.
func Write(ctx context.Context, p Page, progress func(done, total int)) (Result, error) {
	file, dir := Files(p.Base)
	res := Result{File: file}
	shots, thumbs := filepath.Join(dir, "shots"), filepath.Join(dir, thumbsDir)
	for _, d := range []string{shots, thumbs} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return res, fmt.Errorf("fleetpage: %w", err)
		}
	}
	loc := p.Loc
	if loc == nil {
		loc = time.Local
	}
	have, err := keptShots(shots)
	if err != nil {
		return res, fmt.Errorf("fleetpage: %w", err)
	}
	rows := make([]row, len(p.Fleet.Kiosks))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.NumCPU())
	done := make(chan string, len(rows))
	for i, k := range p.Fleet.Kiosks {
		g.Go(func() error {
			r, skipped, thumbErr, err := kioskPage(gctx, p, k, dir, shots, thumbs, have[safeName(k.Site)], loc)
			if err != nil {
				return err
			}
			rows[i] = r
			msg := ""
			if thumbErr != nil {
				msg = k.Site + "：" + thumbErr.Error()
			}
			for _, s := range skipped {
				msg += "\x00" + s
			}
			done <- msg
			return nil
		})
	}
	go func() { g.Wait(); close(done) }()
	n := 0
	for msg := range done {
		n++
		if msg != "" {
			parts := strings.Split(msg, "\x00")
			if parts[0] != "" {
				res.Thumbs = append(res.Thumbs, parts[0])
			}
			res.Skipped = append(res.Skipped, parts[1:]...)
		}
		if progress != nil {
			progress(n, len(rows))
		}
	}
	if err := g.Wait(); err != nil {
		return res, fmt.Errorf("fleetpage: %w", err)
	}
	res.Kiosks = len(rows)
	f := p.Fleet
	now := f.Rules.Now
	view := struct {
		Rows                   []row
		Refused                []collect.FleetRefused
		Now, Software, Folder  string
		StaleHours             float64
		DiskPercent, DiskMB    int
		Counts                 [4]int
		MemoryDays, MemoryRise int
		MemoryRiseMB           int
	}{Rows: rows, Refused: f.Refused, Now: now.In(loc).Format("2006-01-02 15:04"), Software: f.Wide.Software,
		Folder: filepath.Base(dir), StaleHours: f.Rules.StaleHours, DiskPercent: collect.DiskFreePercent, DiskMB: collect.DiskFreeMB,
		MemoryDays: collect.MemoryDays, MemoryRise: collect.MemoryRisePercent, MemoryRiseMB: collect.MemoryRiseMB}
	for _, r := range rows {
		view.Counts[r.Level]++
	}
	var buf bytes.Buffer
	if err := templates.ExecuteTemplate(&buf, "fleet.html", view); err != nil {
		return res, fmt.Errorf("fleetpage: %w", err)
	}
	if err := durable.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		return res, fmt.Errorf("fleetpage: %w", err)
	}
	return res, nil
}

// row is a kiosk as the pages show it.
type row struct {
	collect.FleetKiosk
	Level      collect.Level
	Page       string // the kiosk's page, a file name in the folder
	Thumb      string // "" when none
	ThumbW     int    // its size, so the table is laid out once
	ThumbH     int
	Shot       string
	ShotWhen   string
	Shots      []Shot
	Seen       string // the kiosk's last heartbeat, office time
	Ago        string
	Disk       string
	Packages   string
	Import     string
	Events     []event
	Beats      []beatLine    // the newest hourly heartbeats, newest first
	Memory     template.HTML // an SVG chart, built here from numbers only
	Hours      string
	Started    string
	Verified   string
	BrokenWhen string
}

// RecentBeats is how many hourly heartbeats a kiosk's page lists (the
// timeline and the chart cover the rest of the 30 days).
const RecentBeats = 48

type beatLine struct {
	When, Version, Open, Memory, Quiet, Errors, Disk string
	Entries                                          int64
}

func beatRow(b collect.Beat, loc *time.Location) beatLine {
	l := beatLine{When: b.Written.In(loc).Format("01-02 15:04"), Version: b.Version, Open: "闭馆",
		Memory: fmt.Sprintf("%.0f MB", b.RSSMB), Errors: fmt.Sprint(b.Errors24h),
		Disk: fmt.Sprintf("%.1f GB", float64(b.DiskFreeMB)/1024), Entries: b.Entries}
	if b.Open {
		l.Open = "开放"
	}
	if b.QuietMB > 0 {
		l.Quiet = fmt.Sprintf("%.0f MB", b.QuietMB)
	}
	return l
}

type event struct {
	When, What string
	Level      collect.Level
}

func kioskPage(ctx context.Context, p Page, k collect.FleetKiosk, dir, shots, thumbs string, have []string, loc *time.Location) (r row, skipped []string, thumbErr, err error) {
	r = row{FleetKiosk: k, Level: k.Worst(), Page: safeName(k.Site) + ".html"}
	h := k.Heartbeat
	if k.File != "" {
		r.Shots, skipped, err = copyShots(filepath.Dir(k.File), shots, k.Site, have)
		if err != nil {
			return r, skipped, nil, err
		}
	}
	if len(r.Shots) > 0 {
		r.Shot, r.ShotWhen = r.Shots[0].Name, r.Shots[0].When
		if r.ThumbW, r.ThumbH, thumbErr = thumbnail(ctx, shots, thumbs, r.Shot); thumbErr == nil {
			r.Thumb = r.Shot
		}
	}
	if k.HasHeartbeat {
		r.Seen = h.Written.In(loc).Format("01-02 15:04")
		r.Ago = ago(p.Fleet.Rules.Now.Sub(h.Written))
		r.Disk = fmt.Sprintf("%.1f / %.0f GB", float64(h.DiskFreeMB)/1024, math.Ceil(float64(h.DiskTotalMB)/1024))
		var ps []string
		for _, pk := range h.Packages {
			ps = append(ps, fmt.Sprintf("%s 第%d版", pk.ID, pk.Version))
		}
		r.Packages = strings.Join(ps, "，")
		if li := h.LastImport; li != nil {
			word := "成功"
			if !li.OK {
				word = "失败"
			}
			r.Import = fmt.Sprintf("%s %s %s", li.At.In(loc).Format("01-02 15:04"), li.Source, word)
		}
		r.Started = h.Started.In(loc).Format("2006-01-02 15:04")
		if !h.DisplayLog.VerifiedAt.IsZero() {
			r.Verified = h.DisplayLog.VerifiedAt.In(loc).Format("2006-01-02 15:04")
		}
		r.Hours = hoursText(h, loc)
	}
	if k.Broken != nil {
		r.BrokenWhen = k.BrokenAt.In(loc).Format("2006-01-02 15:04")
	}
	var beats []collect.Beat
	if p.History != nil && k.HasHeartbeat {
		if beats, err = p.History(ctx, k.Site); err != nil {
			return r, skipped, thumbErr, err
		}
	}
	r.Events = events(beats, k, p.Fleet.Rules, loc)
	for i := len(beats) - 1; i >= 0 && len(r.Beats) < RecentBeats; i-- {
		r.Beats = append(r.Beats, beatRow(beats[i], loc))
	}
	r.Memory = memoryChart(beats, h.Quiet, loc)
	var buf bytes.Buffer
	if err := templates.ExecuteTemplate(&buf, "kiosk.html", struct {
		row
		Back, Now string
		Loc       *time.Location
	}{r, "../" + filepath.Base(dir) + ".html", p.Fleet.Rules.Now.In(loc).Format("2006-01-02 15:04"), loc}); err != nil {
		return r, skipped, thumbErr, err
	}
	return r, skipped, thumbErr, durable.WriteFile(filepath.Join(dir, r.Page), buf.Bytes(), 0o644)
}

func ago(d time.Duration) string {
	switch {
	case d < 0:
		return "时间在后面（展示屏时钟快了）"
	default:
		return collect.Span(d) + "前"
	}
}

// hoursText is the kiosk's opening hours of the next days, a line a day.
func hoursText(h fleet.Heartbeat, loc *time.Location) string {
	if h.AlwaysOpen {
		return "全天开放"
	}
	var lines []string
	day := ""
	for i, iv := range h.Hours {
		if i >= 60 {
			break
		}
		d := iv.From.In(loc).Format("01-02")
		span := iv.From.In(loc).Format("15:04") + "–" + iv.Until.In(loc).Format("15:04")
		if d == day {
			lines[len(lines)-1] += "，" + span
		} else {
			day = d
			lines = append(lines, d+" "+span)
		}
	}
	if len(lines) == 0 {
		return "没有说开放时间"
	}
	return strings.Join(lines, "；")
}

// events is the kiosk's timeline, newest first: its history's changes
// (software, imports, updates, errors, silences) and its troubles now.
func events(beats []collect.Beat, k collect.FleetKiosk, r collect.Rules, loc *time.Location) []event {
	var out []event
	at := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04") }
	var prev *collect.Beat
	seenImport := map[string]bool{}
	for i := range beats {
		b := &beats[i]
		if prev == nil {
			out = append(out, event{at(b.Written), "最早的一条状态：程序 " + b.Version, collect.LevelOK})
		} else {
			if gap := b.Written.Sub(prev.Written); r.StaleHours > 0 && gap.Hours() > r.StaleHours+1 {
				out = append(out, event{at(b.Written), fmt.Sprintf("恢复消息：前面 %s 没有收到状态", collect.Span(gap)), collect.LevelWarn})
			}
			if b.Version != prev.Version {
				out = append(out, event{at(b.Written), "程序从 " + prev.Version + " 换成 " + b.Version, collect.LevelOK})
			}
			if b.Errors24h > prev.Errors24h {
				out = append(out, event{at(b.Written), fmt.Sprintf("最近 24 小时的错误增加到 %d 条", b.Errors24h), collect.LevelWarn})
			}
		}
		imports := append([]fleet.Import(nil), b.Refused...)
		if b.LastImport != nil {
			imports = append(imports, *b.LastImport)
		}
		for _, im := range imports {
			key := im.At.String() + "\x00" + im.Source
			if seenImport[key] {
				continue
			}
			seenImport[key] = true
			if im.OK {
				out = append(out, event{at(im.At), fmt.Sprintf("导入 %s（%s 第 %d 版）成功", im.Source, im.Package, im.Version), collect.LevelOK})
			} else {
				out = append(out, event{at(im.At), fmt.Sprintf("导入 %s 失败：%s", im.Source, im.Reason), collect.LevelWarn})
			}
		}
		if u := b.Update; u != nil && (prev == nil || prev.Update == nil || !prev.Update.At.Equal(u.At) || prev.Update.Outcome != u.Outcome) {
			l := collect.LevelOK
			if u.Outcome == fleet.UpdateRolledBack || u.Outcome == fleet.UpdateRefused {
				l = collect.LevelWarn
			}
			out = append(out, event{at(u.At), fmt.Sprintf("更新 %s → %s：%s %s", u.From, u.To, updateWords[u.Outcome], u.Reason), l})
		}
		prev = b
	}
	if k.Broken != nil {
		out = append(out, event{at(k.BrokenAt), k.Broken.Words, collect.LevelAlarm})
	}
	// Newest first: by time text, which sorts as time.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].When > out[j-1].When; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	if len(out) > 500 {
		out = out[:500]
	}
	return out
}

var updateWords = map[string]string{
	fleet.UpdateInstalled:  "已装好",
	fleet.UpdateTrying:     "正在试运行",
	fleet.UpdateRolledBack: "新版本没能运行，已退回",
	fleet.UpdateRefused:    "没有安装",
}

// memoryChart draws the kiosk's memory as an SVG: the hourly figure of its
// history and the quiet-time samples of its latest heartbeat. Only numbers
// and fixed words go into it.
func memoryChart(beats []collect.Beat, quiet []fleet.Sample, loc *time.Location) template.HTML {
	type pt struct {
		t  time.Time
		mb float64
	}
	var all, q []pt
	for _, b := range beats {
		all = append(all, pt{b.Written, b.RSSMB})
	}
	for _, s := range quiet {
		q = append(q, pt{s.At, s.MB})
	}
	if len(all)+len(q) < 2 {
		return ""
	}
	lo, hi := all, q
	t0, t1 := time.Time{}, time.Time{}
	top := 0.0
	for _, set := range [][]pt{lo, hi} {
		for _, p := range set {
			if t0.IsZero() || p.t.Before(t0) {
				t0 = p.t
			}
			if p.t.After(t1) {
				t1 = p.t
			}
			top = max(top, p.mb)
		}
	}
	if !t1.After(t0) || top <= 0 {
		return ""
	}
	top = math.Ceil(top/100) * 100
	const w, h, left, bottom = 720.0, 200.0, 50.0, 20.0
	x := func(t time.Time) float64 { return left + (w-left-10)*t.Sub(t0).Seconds()/t1.Sub(t0).Seconds() }
	y := func(mb float64) float64 { return 10 + (h-bottom-10)*(1-mb/top) }
	line := func(set []pt, colour string) string {
		var b strings.Builder
		for i, p := range set {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%.1f,%.1f", x(p.t), y(p.mb))
		}
		return fmt.Sprintf(`<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`, colour, b.String())
	}
	var s strings.Builder
	fmt.Fprintf(&s, `<svg class="chart" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" role="img" aria-label="内存">`, w, h, w, h)
	fmt.Fprintf(&s, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#999"/>`, left, h-bottom, w-10, h-bottom)
	fmt.Fprintf(&s, `<text x="4" y="16" font-size="12">%.0f MB</text><text x="4" y="%.0f" font-size="12">0</text>`, top, h-bottom)
	fmt.Fprintf(&s, `<text x="%.0f" y="%.0f" font-size="12">%s</text>`, left, h-4, t0.In(loc).Format("01-02 15:04"))
	fmt.Fprintf(&s, `<text x="%.0f" y="%.0f" font-size="12" text-anchor="end">%s</text>`, w-10, h-4, t1.In(loc).Format("01-02 15:04"))
	if len(lo) > 1 {
		s.WriteString(line(lo, "#1565c0"))
	}
	if len(hi) > 1 {
		s.WriteString(line(hi, "#ef6c00"))
	}
	s.WriteString(`</svg>`)
	return template.HTML(s.String())
}
