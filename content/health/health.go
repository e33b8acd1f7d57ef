// Package health is a kiosk's status file (status.json in its data folder):
// the Status it holds, a file format read by staff mode, by technicians and
// monitoring scripts through the synced folder; how Status is read from the
// store and the process; the slog handler counting errors for it. And the
// heartbeat (content/fleet's format) read the same way, with what it needs
// kept between two: the errors of the last day, memory sampled at quiet
// times (kept in the data folder), the opening hours as intervals. The
// caller keeps the timers.
//
// It imports the standard library, content/store, content/fleet and
// content/durable (the atomic write) only.
package health

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

	"qingfeng/content/durable"
	"qingfeng/content/store"
)

// File is where, under the data folder, the status is written.
const File = "status.json"

// Status is what the status file says: enough for a technician (or a
// monitoring script reading the synced folder) to see at a glance whether a
// kiosk is well, without a screen or a keyboard.
type Status struct {
	Written    time.Time `json:"written"`
	Version    string    `json:"version"`
	Site       string    `json:"site"`
	Started    time.Time `json:"started"`
	UptimeS    int64     `json:"uptime_s"`
	Packages   []Package `json:"packages"`
	LastImport *Import   `json:"last_import,omitempty"`
	Errors     int64     `json:"errors_logged"` // since start
	DiskFreeMB int64     `json:"disk_free_mb"`  // on the data folder's file system
	RSSMB      float64   `json:"rss_mb"`
	Goroutines int       `json:"goroutines"`
	HeapMB     float64   `json:"heap_mb"`
}

// Package is an installed package.
type Package struct {
	ID        string    `json:"id"`
	Version   int       `json:"version"`
	Installed time.Time `json:"installed"`
}

// Import is the most recent import and how it went.
type Import struct {
	At      time.Time `json:"at"`
	Source  string    `json:"source"`
	Package string    `json:"package"`
	Version int       `json:"version"`
	OK      bool      `json:"ok"`
}

// ErrorCount counts the records logged at Error, for the status file, and
// keeps them in Recent (if set) for the heartbeat.
type ErrorCount struct {
	slog.Handler
	N      *atomic.Int64
	Recent *Errors
	attrs  []slog.Attr // given by WithAttrs, for Recent's messages
}

func (h ErrorCount) Handle(ctx context.Context, r slog.Record) error {
	if r.Level >= slog.LevelError {
		h.N.Add(1)
		if h.Recent != nil {
			at := r.Time
			if at.IsZero() {
				at = time.Now()
			}
			h.Recent.Add(at, errorMessage(r, h.attrs))
		}
	}
	return h.Handler.Handle(ctx, r)
}

func (h ErrorCount) WithAttrs(as []slog.Attr) slog.Handler {
	return ErrorCount{h.Handler.WithAttrs(as), h.N, h.Recent, append(h.attrs[:len(h.attrs):len(h.attrs)], as...)}
}

func (h ErrorCount) WithGroup(g string) slog.Handler {
	return ErrorCount{h.Handler.WithGroup(g), h.N, h.Recent, h.attrs}
}

// Kiosk is what the status says about the running program itself.
type Kiosk struct {
	Version, Site string
	Started       time.Time
	Errors        int64  // logged at Error since start
	DataDir       string // whose file system's free space is told
}

// Read is what the status file says at now.
func Read(ctx context.Context, st *store.Store, k Kiosk, now time.Time) (Status, error) {
	s := Status{Written: now.UTC(), Version: k.Version, Site: k.Site, Started: k.Started.UTC(),
		UptimeS: int64(now.Sub(k.Started).Seconds()), Errors: k.Errors, Goroutines: runtime.NumGoroutine()}
	pkgs, err := st.Packages(ctx)
	if err != nil {
		return s, err
	}
	for _, p := range pkgs {
		s.Packages = append(s.Packages, Package{ID: p.ID, Version: p.Version, Installed: p.InstalledAt.UTC()})
	}
	recs, err := st.Imports(ctx, 1)
	if err != nil {
		return s, err
	}
	if len(recs) > 0 {
		r := recs[0]
		s.LastImport = &Import{At: r.At.UTC(), Source: filepath.Base(r.Source), Package: r.PackageID, Version: r.Version, OK: r.OK}
	}
	var fs syscall.Statfs_t
	if err := syscall.Statfs(k.DataDir, &fs); err == nil {
		s.DiskFreeMB = int64(fs.Bavail) * int64(fs.Bsize) >> 20
	}
	s.RSSMB = RSSMB()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	s.HeapMB = float64(m.HeapAlloc) / (1 << 20)
	return s, nil
}

// RSSMB is the process's resident set from /proc (0 where there is none).
func RSSMB() float64 {
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

// Write writes s into dataDir's status file atomically: a reader (a
// monitoring script, Syncthing) never sees half of it.
func Write(dataDir string, s Status) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	return durable.WriteFile(filepath.Join(dataDir, File), append(data, '\n'), 0o600)
}
