package main

import (
	"context"
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
