package main

import (
	"context"
	"fmt"
	"time"

	"qingfeng/content/health"
	"qingfeng/content/store"
)

// version is the build's version; make build sets it from git.
var version = "dev"

// statusEvery is how often a running kiosk writes its status file.
const statusEvery = time.Minute

// errorCount counts the records logged at Error, for the status file.
type errorCount = health.ErrorCount

// rssMB is the process's resident set (0 where there is none).
var rssMB = health.RSSMB

// healthStatus reads what the status file says now.
func (a *app) healthStatus(ctx context.Context, st *store.Store) (health.Status, error) {
	return health.Read(ctx, st, health.Kiosk{Version: version, Site: a.cfg.Site.ID, Started: a.started,
		Errors: a.errors.Load(), DataDir: a.cfg.DataDir}, time.Now())
}

// writeStatus writes the status file.
func (a *app) writeStatus(ctx context.Context, st *store.Store) error {
	s, err := a.healthStatus(ctx, st)
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	return health.Write(a.cfg.DataDir, s)
}

// followStatus writes the status file now and every statusEvery.
func (a *app) followStatus(ctx context.Context, st *store.Store) {
	t := time.NewTicker(statusEvery)
	defer t.Stop()
	for {
		if err := a.writeStatus(ctx, st); err != nil && ctx.Err() == nil {
			a.log.Error("status file", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
