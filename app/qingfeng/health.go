package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"qingfeng/content/inbox"
	"qingfeng/content/store"
)

// version is the build's version; make build sets it from git.
var version = "dev"

// statusEvery is how often a running kiosk writes its status file.
const statusEvery = time.Minute

// statusFile is where, under the data folder, the status is written.
const statusFile = "status.json"

// Status is what the status file says: enough for a technician (or a
// monitoring script reading the synced folder) to see at a glance whether a
// kiosk is well, without a screen or a keyboard.
type Status struct {
	Written    time.Time       `json:"written"`
	Version    string          `json:"version"`
	Site       string          `json:"site"`
	Started    time.Time       `json:"started"`
	UptimeS    int64           `json:"uptime_s"`
	Packages   []StatusPackage `json:"packages"`
	LastImport *StatusImport   `json:"last_import,omitempty"`
	Errors     int64           `json:"errors_logged"` // since start
	DiskFreeMB int64           `json:"disk_free_mb"`  // on the data folder's file system
	RSSMB      float64         `json:"rss_mb"`
	Goroutines int             `json:"goroutines"`
	HeapMB     float64         `json:"heap_mb"`
}

// StatusPackage is an installed package.
type StatusPackage struct {
	ID        string    `json:"id"`
	Version   int       `json:"version"`
	Installed time.Time `json:"installed"`
}

// StatusImport is the most recent import and how it went.
type StatusImport struct {
	At      time.Time `json:"at"`
	Source  string    `json:"source"`
	Package string    `json:"package"`
	Version int       `json:"version"`
	OK      bool      `json:"ok"`
}

// errorCount counts the records logged at Error, for the status file.
type errorCount struct {
	slog.Handler
	n *atomic.Int64
}

func (h errorCount) Handle(ctx context.Context, r slog.Record) error {
	if r.Level >= slog.LevelError {
		h.n.Add(1)
	}
	return h.Handler.Handle(ctx, r)
}

func (h errorCount) WithAttrs(as []slog.Attr) slog.Handler {
	return errorCount{h.Handler.WithAttrs(as), h.n}
}

func (h errorCount) WithGroup(g string) slog.Handler { return errorCount{h.Handler.WithGroup(g), h.n} }

// healthStatus reads what the status file says now.
func (a *app) healthStatus(ctx context.Context, st *store.Store) (Status, error) {
	now := time.Now()
	s := Status{Written: now.UTC(), Version: version, Site: a.cfg.Site.ID, Started: a.started.UTC(),
		UptimeS: int64(now.Sub(a.started).Seconds()), Errors: a.errors.Load(), Goroutines: runtime.NumGoroutine()}
	pkgs, err := st.Packages(ctx)
	if err != nil {
		return s, err
	}
	for _, p := range pkgs {
		s.Packages = append(s.Packages, StatusPackage{ID: p.ID, Version: p.Version, Installed: p.InstalledAt.UTC()})
	}
	recs, err := st.Imports(ctx, 1)
	if err != nil {
		return s, err
	}
	if len(recs) > 0 {
		r := recs[0]
		s.LastImport = &StatusImport{At: r.At.UTC(), Source: filepath.Base(r.Source), Package: r.PackageID, Version: r.Version, OK: r.OK}
	}
	var fs syscall.Statfs_t
	if err := syscall.Statfs(a.cfg.DataDir, &fs); err == nil {
		s.DiskFreeMB = int64(fs.Bavail) * int64(fs.Bsize) >> 20
	}
	s.RSSMB = rssMB()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	s.HeapMB = float64(m.HeapAlloc) / (1 << 20)
	return s, nil
}

// rssMB is the process's resident set from /proc (0 where there is none).
func rssMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// writeStatus writes the status file atomically: a reader (a monitoring
// script, Syncthing) never sees half of it.
func (a *app) writeStatus(ctx context.Context, st *store.Store) error {
	s, err := a.healthStatus(ctx, st)
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	return inbox.WriteFileAtomic(filepath.Join(a.cfg.DataDir, statusFile), append(data, '\n'))
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
