package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"qingfeng/content/durable"
	"qingfeng/content/sheet"
	"qingfeng/content/stats"
	"qingfeng/content/store"
	"qingfeng/kiosk"
)

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
	rows := stats.Rows(views, d.a.cfg.location, screenWords)
	if err := durable.WriteFunc(out, 0o600, func(w io.Writer) error { return sheet.WriteCSV(w, rows) }); err != nil {
		return "", err
	}
	d.a.log.Info("statistics exported from staff mode", "file", out, "views", len(views))
	return fmt.Sprintf("已导出使用统计（%d 条浏览记录，按小时合计 %d 行）到 %s", len(views), len(rows)-1, out), nil
}
