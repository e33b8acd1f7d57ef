package health

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"time"

	"qingfeng/content/fleet"
	"qingfeng/content/store"
)

// Beat is what a heartbeat says that the store does not hold: the running
// program, its config and what it has watched.
type Beat struct {
	Kiosk
	SiteName string
	Arch     string // GOARCH
	// Open says whether the kiosk is open at a time (nil: always open);
	// Location is where its days start.
	Open     func(time.Time) bool
	Location *time.Location
	Recent   *Errors        // the errors logged (nil: none kept)
	Quiet    []fleet.Sample // LoadQuiet's
	// Verified is when the whole display log was last walked (zero:
	// not yet), Problem what the walk found ("" = every entry intact).
	Verified      time.Time
	VerifyProblem string
	// Screens is the outbox's screenshot folder, Prefix the start of this
	// kiosk's screenshots' names there.
	Screens, ScreenSite string
}

const (
	// importsRead is how many of the newest import records a heartbeat
	// reads for the week's refusals: a kiosk imports a few a day.
	importsRead = 100
	// refusedKept is how many refusals a heartbeat tells.
	refusedKept = fleet.MaxRefused
	refusedFor  = 7 * 24 * time.Hour
)

// Heartbeat is what the kiosk tells its office at now.
func Heartbeat(ctx context.Context, st *store.Store, b Beat, now time.Time) (fleet.Heartbeat, error) {
	h := fleet.Heartbeat{Format: fleet.Format, Site: b.Site, SiteName: b.SiteName, Written: now.UTC(), Version: b.Version,
		Arch: b.Arch, Started: b.Started.UTC(), UptimeS: int64(now.Sub(b.Started).Seconds()), ErrorsLogged: b.Kiosk.Errors,
		Goroutines: runtime.NumGoroutine(), Quiet: b.Quiet, Packages: []fleet.Package{}}
	hours(&h, b, now)
	pkgs, err := st.Packages(ctx)
	if err != nil {
		return h, err
	}
	for _, p := range pkgs {
		h.Packages = append(h.Packages, fleet.Package{ID: p.ID, Version: p.Version, Title: p.Title, Installed: p.InstalledAt.UTC()})
	}
	if err := imports(ctx, st, &h, now); err != nil {
		return h, err
	}
	if b.Recent != nil {
		h.Errors24h, h.RecentErrors = b.Recent.Since(now)
	}
	var fs syscall.Statfs_t
	if err := syscall.Statfs(b.DataDir, &fs); err == nil {
		h.DiskFreeMB = int64(fs.Bavail) * int64(fs.Bsize) >> 20
		h.DiskTotalMB = int64(fs.Blocks) * int64(fs.Bsize) >> 20
	}
	h.RSSMB = RSSMB()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	h.HeapMB = float64(m.HeapAlloc) / (1 << 20)
	if h.DisplayLog, err = displayLog(ctx, st); err != nil {
		return h, err
	}
	if !b.Verified.IsZero() {
		h.DisplayLog.VerifiedAt, h.DisplayLog.VerifyProblem = b.Verified.UTC(), b.VerifyProblem
	}
	if h.Update, err = ReadUpdate(b.DataDir); err != nil {
		// The outcome is lost, not the heartbeat: the office sees no
		// update, and this among the errors.
		h.Errors24h++
		h.RecentErrors = append([]fleet.LogEntry{{At: now.UTC(), Message: clip(fleet.UpdateFile + " 读不了：" + err.Error())}}, h.RecentErrors...)
		h.RecentErrors = h.RecentErrors[:min(len(h.RecentErrors), keepErrors)]
	}
	h.Screenshot = newestScreenshot(b.Screens, b.ScreenSite)
	return h, nil
}

// hours fills in whether the kiosk is open and its next two weeks' hours,
// from the start of now's day.
func hours(h *fleet.Heartbeat, b Beat, now time.Time) {
	if b.Open == nil {
		h.Open, h.AlwaysOpen = true, true
		return
	}
	h.Open = b.Open(now)
	loc := b.Location
	if loc == nil {
		loc = time.Local
	}
	t := now.In(loc)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	h.Hours = OpenIntervals(b.Open, day, day.Add(fleet.HoursAhead))
	if len(h.Hours) == 1 && !h.Hours[0].From.After(day) && !h.Hours[0].Until.Before(day.Add(fleet.HoursAhead)) {
		h.Hours, h.AlwaysOpen = nil, true
	}
}

// imports fills in the last import and the week's refusals.
func imports(ctx context.Context, st *store.Store, h *fleet.Heartbeat, now time.Time) error {
	recs, err := st.Imports(ctx, importsRead)
	if err != nil {
		return err
	}
	for i, r := range recs {
		im := fleet.Import{At: r.At.UTC(), Source: filepath.Base(r.Source), Package: r.PackageID, Version: r.Version, OK: r.OK}
		if !r.OK {
			im.Reason = FirstReason(r.Report)
		}
		if i == 0 {
			h.LastImport = &im
		}
		if !r.OK && r.At.After(now.Add(-refusedFor)) && len(h.Refused) < refusedKept {
			h.Refused = append(h.Refused, im)
		}
	}
	return nil
}

// displayLog is the log's ends and its checkpoints, in three indexed
// queries whatever its length.
func displayLog(ctx context.Context, st *store.Store) (fleet.DisplayLog, error) {
	head, err := st.DisplayLogHead(ctx)
	if err != nil {
		return fleet.DisplayLog{}, err
	}
	d := fleet.DisplayLog{Entries: head.Entries, Head: head.Head, Genesis: head.Genesis}
	seqs := fleet.CheckpointSeqs(head.Entries)
	hashes, err := st.DisplayLogHashes(ctx, seqs)
	if err != nil {
		return d, err
	}
	for _, q := range seqs {
		if h, ok := hashes[q]; ok {
			d.Checkpoints = append(d.Checkpoints, fleet.Checkpoint{Seq: q, Hash: h})
		}
	}
	return d, nil
}

// updateFileMax bounds update.json, checked before it is read.
const updateFileMax = 64 << 10

// ReadUpdate is the outcome of the last software update, from dataDir's
// fleet.UpdateFile; nil when there is none.
func ReadUpdate(dataDir string) (*fleet.Update, error) {
	f, err := os.Open(filepath.Join(dataDir, fleet.UpdateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, updateFileMax+1))
	if err != nil {
		return nil, err
	}
	if len(data) > updateFileMax {
		return nil, fmt.Errorf("超过 %d KB", updateFileMax>>10)
	}
	var u fleet.Update
	if err := json.Unmarshal(data, &u); err != nil {
		return nil, fmt.Errorf("不是完整的 JSON")
	}
	u.Reason, u.At = clip(u.Reason), u.At.UTC()
	return &u, nil
}

// newestScreenshot is the newest of site's screenshots in dir
// (fleet.ScreenshotName: the time in the name sorts as text); "" when
// there is none.
func newestScreenshot(dir, site string) string {
	if dir == "" || site == "" {
		return ""
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	newest := ""
	for _, e := range ents {
		if n := e.Name(); n > newest && e.Type().IsRegular() {
			if _, ok := fleet.IsScreenshotOf(n, site); ok {
				newest = n
			}
		}
	}
	return newest
}
