package main

// The heartbeat: what the kiosk tells its district office about itself,
// written into the outbox at start, every fleet.Every, and at a clean stop
// (content/health reads it, content/fleet signs and writes it).

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"qingfeng/content/fleet"
	"qingfeng/content/health"
	"qingfeng/content/outbox"
	"qingfeng/content/store"
)

// beat is what the heartbeat keeps between two: the errors logged, whether
// the kiosk is quiet, and the last walk of the display log.
type beat struct {
	errors health.Errors
	quiet  health.Quiet

	mu       sync.Mutex
	verified time.Time
	problem  string
	wake     chan struct{} // a heartbeat wanted before the next tick
}

// wakeup is the channel on which a heartbeat is asked for now.
func (b *beat) wakeup() chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.wake == nil {
		b.wake = make(chan struct{}, 1)
	}
	return b.wake
}

// beatSoon asks the running kiosk for a heartbeat now, not at the next
// tick: an update's outcome is news the office waits for.
func (a *app) beatSoon() {
	select {
	case a.fleetState().wakeup() <- struct{}{}:
	default:
	}
}

// fleetState is a's beat; an app made without one (a test's) is given
// one on first use.
func (a *app) fleetState() *beat {
	if a.beat == nil {
		a.beat = &beat{}
	}
	return a.beat
}

// onShow tells the heartbeat's quiet watch each screen shown, then next.
func (a *app) onShow(next func(string)) func(string) {
	b := a.fleetState()
	return func(name string) {
		b.quiet.Shown(name, time.Now())
		next(name)
	}
}

// heartbeat is what the kiosk tells its office now.
func (a *app) heartbeat(ctx context.Context, st *store.Store) (fleet.Heartbeat, error) {
	b := a.fleetState()
	quiet, err := health.LoadQuiet(a.cfg.DataDir)
	if err != nil {
		a.log.Warn("quiet memory samples unreadable: starting anew", "err", err)
	}
	b.mu.Lock()
	verified, problem := b.verified, b.problem
	b.mu.Unlock()
	var open func(time.Time) bool
	if !a.cfg.hours.Always() {
		open = a.cfg.hours.Open
	}
	site := a.cfg.Site.ID
	if site == "" {
		site = "kiosk" // as the screenshots name it
	}
	return health.Heartbeat(ctx, st, health.Beat{
		Kiosk:    health.Kiosk{Version: version, Site: a.cfg.Site.ID, Started: a.started, Errors: a.errors.Load(), DataDir: a.cfg.DataDir},
		SiteName: a.cfg.Site.Name, Arch: runtime.GOARCH, Open: open, Location: a.cfg.location,
		Recent: &b.errors, Quiet: quiet, Verified: verified, VerifyProblem: problem,
		Screens: filepath.Join(a.cfg.Outbox, fleet.ScreensDir), ScreenSite: site,
	}, time.Now())
}

// writeHeartbeat writes the heartbeat into the outbox, signed with the
// kiosk's key (the one its batches carry).
func (a *app) writeHeartbeat(ctx context.Context, st *store.Store) error {
	h, err := a.heartbeat(ctx, st)
	if err != nil {
		return fmt.Errorf("heartbeat: %w", err)
	}
	k, _, err := outbox.LoadOrCreateKey(a.cfg.DataDir)
	if err != nil {
		return fmt.Errorf("heartbeat: %w", err)
	}
	return fleet.Write(a.cfg.Outbox, h, k)
}

// sampleQuiet keeps the memory in use if the kiosk has been quiet long
// enough and the last sample is an hour old.
func (a *app) sampleQuiet(now time.Time) {
	if !a.fleetState().quiet.Settled(now) {
		return
	}
	samples, _ := health.LoadQuiet(a.cfg.DataDir)
	if samples, added := health.AddQuiet(samples, now, rssMB()); added {
		if err := health.SaveQuiet(a.cfg.DataDir, samples); err != nil {
			a.log.Warn("quiet memory samples not kept", "err", err)
		}
	}
}

// verifyLog walks the whole display log and keeps what it found for the
// heartbeat.
func (a *app) verifyLog(ctx context.Context, st *store.Store) {
	w, err := st.WalkDisplayLog(ctx, "")
	if err != nil {
		if ctx.Err() == nil {
			a.log.Error("display log not verified", "err", err)
		}
		return
	}
	b := a.fleetState()
	b.mu.Lock()
	b.verified, b.problem = time.Now(), breakWords(w)
	b.mu.Unlock()
	if w.BreakSeq != 0 {
		a.log.Error("display log broken", "entries_intact", w.Entries, "err", w.Err())
	}
}

// followHeartbeat writes the heartbeat now, every fleet.Every, after each
// walk of the display log (now and every health.VerifyEvery), and once more when
// ctx ends; each time it keeps the day's errors in the data folder, and it
// starts from those an earlier run kept.
func (a *app) followHeartbeat(ctx context.Context, st *store.Store) {
	walked := make(chan struct{}, 1)
	var walker sync.WaitGroup
	defer walker.Wait() // the store closes after this returns
	walker.Go(func() {
		t := time.NewTicker(health.VerifyEvery)
		defer t.Stop()
		for {
			a.verifyLog(ctx, st)
			select {
			case walked <- struct{}{}:
			default:
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	})
	errs := &a.fleetState().errors
	if err := errs.Restore(a.cfg.DataDir); err != nil {
		a.log.Warn("errors of the day before the start unreadable: counting from now", "err", err)
	}
	write := func(ctx context.Context) {
		a.sampleQuiet(time.Now())
		if err := errs.Save(a.cfg.DataDir, time.Now()); err != nil {
			a.log.Warn("errors of the day not kept", "err", err)
		}
		// One cut short by the stop is written again just after.
		if err := a.writeHeartbeat(ctx, st); err != nil && ctx.Err() == nil {
			a.log.Error("heartbeat", "dir", a.cfg.Outbox, "err", err)
		}
	}
	write(ctx)
	wake := a.fleetState().wakeup()
	t := time.NewTicker(fleet.Every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-walked:
		case <-wake:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			write(context.WithoutCancel(ctx))
			return
		}
		write(ctx)
	}
}

// heartbeatCmd writes the heartbeat for `qingfeng outbox`, after a walk of
// the display log, so a stick taken to the office carries one.
func (a *app) heartbeatCmd(ctx context.Context, st *store.Store) int {
	if err := a.fleetState().errors.Restore(a.cfg.DataDir); err != nil {
		a.log.Warn("errors of the day unreadable", "err", err)
	}
	a.verifyLog(ctx, st)
	if err := a.writeHeartbeat(ctx, st); err != nil {
		fmt.Fprintln(a.out, "写入状态文件出错：", err)
		return 1
	}
	fmt.Fprintf(a.out, "本机状态已写入：%s\n", filepath.Join(a.cfg.Outbox, fleet.File))
	return 0
}
