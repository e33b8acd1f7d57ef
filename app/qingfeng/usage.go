package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"qingfeng/content/store"
	"qingfeng/kiosk"
)

// usageEvery is how often the views the shell reports are stored: one
// transaction for all of them, not one disk write per screen. A power cut
// loses at most this much of the statistics, never an opinion.
const usageEvery = 30 * time.Second

// usageLog is the shell's kiosk.UsageRecorder: it keeps views in memory
// until they are stored.
type usageLog struct {
	mu      sync.Mutex
	pending []store.UsageView
}

func (u *usageLog) Viewed(v kiosk.View) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.pending = append(u.pending, store.UsageView{At: v.At, Screen: v.Screen, Item: v.Item, Title: v.Title, Dwell: v.Dwell, Taps: v.Taps})
}

// held returns a copy of the views not stored yet.
func (u *usageLog) held() []store.UsageView {
	if u == nil {
		return nil
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]store.UsageView(nil), u.pending...)
}

// store writes the views held so far; on failure they are kept for the
// next try.
func (u *usageLog) store(ctx context.Context, st *store.Store) error {
	u.mu.Lock()
	views := u.pending
	u.pending = nil
	u.mu.Unlock()
	if err := st.RecordViews(ctx, views); err != nil {
		u.mu.Lock()
		u.pending = append(views, u.pending...)
		u.mu.Unlock()
		return err
	}
	return nil
}

// follow stores the views every usageEvery until ctx ends.
func (u *usageLog) follow(ctx context.Context, a *app, st *store.Store) {
	t := time.NewTicker(usageEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := u.store(ctx, st); err != nil {
				a.log.Error("usage statistics", "err", err)
			}
		}
	}
}

// statsDays is how many days staff mode charts.
const statsDays = 14

// usageStats is the statistics for staff mode's charts.
func (d staffDesk) usageStats(ctx context.Context) (kiosk.StaffUsage, error) {
	var u kiosk.StaffUsage
	now := time.Now()
	views, err := d.views(ctx, now.AddDate(0, 0, -statsDays-1))
	if err != nil {
		return u, err
	}
	sum := store.SummariseUsage(views, now, statsDays, 8, d.a.cfg.location)
	visits, pages, played := 0, 0, 0
	var attract time.Duration
	for _, day := range sum.Days {
		u.Days = append(u.Days, fmt.Sprintf("%d/%d", day.Date.Month(), day.Date.Day()))
		u.Visits = append(u.Visits, float64(day.Visits))
		u.Pages = append(u.Pages, float64(day.Pages))
		visits += day.Visits
		pages += day.Pages
		attract += day.Attract
	}
	for _, e := range sum.Exhibits {
		played += e.Views
	}
	for _, it := range sum.Top {
		title := it.Title
		if it.Screen == "table" {
			title = "公示：" + title
		}
		u.Top = append(u.Top, title)
		u.TopViews = append(u.TopViews, float64(it.Views))
	}
	for h, n := range sum.Hours {
		u.Hours[h] = float64(n)
	}
	u.Summary = fmt.Sprintf("近 %d 天：来访 %d 人次，浏览 %d 页，互动展项玩了 %d 次，待机画面放了 %.0f 小时", statsDays, visits, pages, played, attract.Hours())
	return u, nil
}

// views are the views stored since since and those still held in
// memory: read only, so that staff mode never writes (the usage log's
// own loop is the one writer, which keeps the display log in order).
func (d staffDesk) views(ctx context.Context, since time.Time) ([]store.UsageView, error) {
	views, err := d.st.ViewsSince(ctx, since)
	if err != nil {
		return nil, err
	}
	for _, v := range d.usage.held() {
		if !v.At.Before(since) {
			views = append(views, v)
		}
	}
	return views, nil
}

// usageRows are the statistics as a table: one row per hour, screen and
// item, for a spreadsheet at the office. A view counts in the hour it
// began, with all its stay (a night on the closed screen is one row).
func usageRows(views []store.UsageView, loc *time.Location) [][]string {
	type key struct {
		day, screen, item string
		hour              int
	}
	type sums struct {
		title       string
		views, taps int
		dwell       time.Duration
	}
	var order []key
	rows := map[key]*sums{}
	for _, v := range views {
		at := v.At.In(loc)
		k := key{at.Format("2006-01-02"), v.Screen, v.Item, at.Hour()}
		s := rows[k]
		if s == nil {
			s = &sums{}
			rows[k] = s
			order = append(order, k)
		}
		s.views++
		s.taps += v.Taps
		s.dwell += v.Dwell
		if v.Title != "" {
			s.title = v.Title
		}
	}
	out := [][]string{{"日期", "开始时段", "页面", "内容编号", "标题", "浏览次数", "停留（秒）", "触摸次数"}}
	for _, k := range order {
		s := rows[k]
		screen := screenWords[k.screen]
		if screen == "" {
			screen = k.screen
		}
		out = append(out, []string{k.day, fmt.Sprintf("%02d:00-%02d:00", k.hour, k.hour+1), screen, k.item, s.title,
			strconv.Itoa(s.views), strconv.Itoa(int(s.dwell.Seconds())), strconv.Itoa(s.taps)})
	}
	return out
}

// exportUsage writes every view, by hour, into the export folder as CSV.
func (d staffDesk) exportUsage(ctx context.Context) (string, error) {
	out, err := d.exportFile("统计", ".csv")
	if err != nil {
		return "", err
	}
	views, err := d.views(ctx, time.Time{})
	if err != nil {
		return "", err
	}
	rows := usageRows(views, d.a.cfg.location)
	if err := writeAtomic(out, func(w io.Writer) error { return writeCSV(w, rows) }); err != nil {
		return "", err
	}
	d.a.log.Info("statistics exported from staff mode", "file", out, "views", len(views))
	return fmt.Sprintf("已导出使用统计（%d 条浏览记录，按小时合计 %d 行）到 %s", len(views), len(rows)-1, out), nil
}

// usageExport is `qingfeng usage export --out FILE.csv`.
func (a *app) usageExport(ctx context.Context, out string) int {
	if out == "" || !strings.EqualFold(filepath.Ext(out), ".csv") {
		fmt.Fprintln(a.out, "usage: qingfeng usage export [--data DIR] --out FILE.csv")
		return 2
	}
	return a.withStore(ctx, func(st *store.Store) int {
		views, err := st.ViewsSince(ctx, time.Time{})
		if err != nil {
			fmt.Fprintln(a.out, err)
			return 1
		}
		rows := usageRows(views, a.cfg.location)
		if err := writeAtomic(out, func(w io.Writer) error { return writeCSV(w, rows) }); err != nil {
			fmt.Fprintln(a.out, "无法写入：", err)
			return 1
		}
		fmt.Fprintf(a.out, "已导出使用统计：%d 条浏览记录，按小时合计 %d 行：%s\n", len(views), len(rows)-1, out)
		return 0
	})
}
