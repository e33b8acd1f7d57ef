// Package stats is a kiosk's usage statistics between the screen and the
// store: the Log that holds the views the shell reports until they are
// stored together, and the hourly table (Rows) staff export for the
// office's spreadsheet.
//
// It imports the standard library and content/store (its UsageView) only.
package stats

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"qingfeng/content/store"
)

// Every is how often the views the shell reports are stored: one
// transaction for all of them, not one disk write per screen. A power cut
// loses at most this much of the statistics, never an opinion.
const Every = 30 * time.Second

// Recorder stores views (the kiosk's store).
type Recorder interface {
	RecordViews(ctx context.Context, views []store.UsageView) error
}

// Log keeps views in memory until they are stored. The zero Log is ready.
type Log struct {
	mu      sync.Mutex
	pending []store.UsageView
}

// Add holds v until the next Store.
func (u *Log) Add(v store.UsageView) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.pending = append(u.pending, v)
}

// Held returns a copy of the views not stored yet (none of a nil Log).
func (u *Log) Held() []store.UsageView {
	if u == nil {
		return nil
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]store.UsageView(nil), u.pending...)
}

// Store writes the views held so far; on failure they are kept for the
// next try, before any held since.
func (u *Log) Store(ctx context.Context, st Recorder) error {
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

// Follow stores the views every Every until ctx ends.
func (u *Log) Follow(ctx context.Context, st Recorder, log *slog.Logger) {
	t := time.NewTicker(Every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := u.Store(ctx, st); err != nil {
				log.Error("usage statistics", "err", err)
			}
		}
	}
}

// Rows are the statistics as a table: one row per hour, screen and item,
// for a spreadsheet at the office, screens named by screens (else by their
// id). A view counts in the hour it began, with all its stay (a night on
// the closed screen is one row).
func Rows(views []store.UsageView, loc *time.Location, screens map[string]string) [][]string {
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
		screen := screens[k.screen]
		if screen == "" {
			screen = k.screen
		}
		out = append(out, []string{k.day, fmt.Sprintf("%02d:00-%02d:00", k.hour, k.hour+1), screen, k.item, s.title,
			strconv.Itoa(s.views), strconv.Itoa(int(s.dwell.Seconds())), strconv.Itoa(s.taps)})
	}
	return out
}
