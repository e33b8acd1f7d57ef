package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"runtime/pprof"
	"sync"
	"time"
)

// stopLimit is how long the kiosk may take to stop before it dumps its
// stacks and exits: under systemd's TimeoutStopSec (20 s in
// build/systemd/qingfeng.service), so the dump happens before the kill.
const stopLimit = 15 * time.Second

// quitWait is how long the shell waits for Fyne's run loop to return after
// asking it to quit (about 30 ms when all is well) before it finishes the
// stop without it.
const quitWait = 5 * time.Second

// Why the kiosk stops when staff ask it to (logged as the cause).
var (
	errLeaving    = errors.New("staff left kiosk mode")
	errRestarting = errors.New("staff asked for a restart")
)

// stopGuard watches the kiosk's way out. When ctx ends (SIGTERM from
// systemd, or staff leaving kiosk mode) it logs that the kiosk is stopping;
// if the process is still there after limit, it writes every goroutine's
// stack to dump, logs that the shutdown was stuck, and calls exit. systemd
// would kill a stuck kiosk anyway (TimeoutStopSec), but without a word of
// where it hung; the log on the kiosk is then the only witness.
//
// The returned function disarms the guard and, if the kiosk was stopping,
// logs how long that took.
func stopGuard(ctx context.Context, limit time.Duration, log *slog.Logger, dump io.Writer, exit func(int)) (stopped func()) {
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		select {
		case <-done:
			return
		case <-ctx.Done():
		}
		began := time.Now()
		log.Info("kiosk stopping", "cause", context.Cause(ctx))
		select {
		case <-done:
			log.Info("kiosk stopped", "took", time.Since(began).Round(time.Millisecond))
		case <-time.After(limit):
			log.Error("kiosk did not stop in time; the stacks of its goroutines follow", "limit", limit)
			_ = pprof.Lookup("goroutine").WriteTo(dump, 2)
			exit(1)
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() { close(done) })
		<-finished
	}
}
