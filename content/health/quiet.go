package health

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"qingfeng/content/durable"
	"qingfeng/content/fleet"
)

// QuietFile is where, in the data folder, the kiosk keeps its memory
// measured at quiet times, so a restart does not lose the week's trend.
const QuietFile = "quiet-memory.json"

// QuietSettle is how long the kiosk must have been quiet before its memory
// is sampled.
const QuietSettle = time.Minute

// VerifyEvery is how often a running kiosk walks its whole display log
// (and once at start) for the heartbeat.
const VerifyEvery = 24 * time.Hour

const (
	quietEvery = time.Hour          // at most one sample this often
	quietKeep  = 7 * 24 * time.Hour // none older than this
	quietMax   = 7*24 + 1           // and never more than this many
	// quietFileMax bounds the file, checked before it is read: a week of
	// samples is about 10 KB.
	quietFileMax = 64 << 10
)

// LoadQuiet reads the samples kept in dataDir: none when there is no file
// yet; an error for a file too large or unreadable (the kiosk then starts
// a new one).
func LoadQuiet(dataDir string) ([]fleet.Sample, error) {
	f, err := os.Open(filepath.Join(dataDir, QuietFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, quietFileMax+1))
	if err != nil {
		return nil, err
	}
	if len(data) > quietFileMax {
		return nil, fmt.Errorf("%s: over %d KB", QuietFile, quietFileMax>>10)
	}
	var s []fleet.Sample
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", QuietFile, err)
	}
	return s[max(0, len(s)-quietMax):], nil
}

// SaveQuiet writes samples into dataDir atomically.
func SaveQuiet(dataDir string, samples []fleet.Sample) error {
	data, err := json.Marshal(samples)
	if err != nil {
		return err
	}
	return durable.WriteFile(filepath.Join(dataDir, QuietFile), data, 0o600)
}

// AddQuiet adds a sample of mb taken at now to samples, unless the newest
// is less than an hour old (added=false: nothing changed), and drops those
// older than a week. A sample from the future (the clock was set back) is
// dropped too, so a wrong clock cannot stop the sampling for good.
func AddQuiet(samples []fleet.Sample, now time.Time, mb float64) (out []fleet.Sample, added bool) {
	for _, s := range samples {
		if !s.At.Before(now.Add(-quietKeep)) && !s.At.After(now) {
			out = append(out, s)
		}
	}
	if n := len(out); n > 0 && now.Sub(out[n-1].At) < quietEvery {
		return out, len(out) != len(samples)
	}
	out = append(out, fleet.Sample{At: now.UTC(), MB: mb})
	return out[max(0, len(out)-quietMax):], true
}

// Quiet follows whether the kiosk is quiet (the attract loop or the closed
// screen, nobody at it) from the screens it shows. The zero Quiet is
// busy; it is safe for concurrent use.
type Quiet struct {
	mu    sync.Mutex
	quiet bool
	since time.Time
}

// Shown is told each screen's name as the kiosk shows it, at now.
func (q *Quiet) Shown(name string, now time.Time) {
	quiet := name == "attract" || name == "closed"
	q.mu.Lock()
	defer q.mu.Unlock()
	if quiet != q.quiet {
		q.quiet, q.since = quiet, now
	}
}

// Settled says whether the kiosk has been quiet for QuietSettle at now:
// long enough for the memory it freed to be returned (the shell's memory
// keeper does that 20 s into a quiet stretch), so what it holds is what it
// keeps.
func (q *Quiet) Settled(now time.Time) bool { return q.QuietFor(now) >= QuietSettle }

// QuietFor is how long the kiosk has been quiet at now (0: it is not).
func (q *Quiet) QuietFor(now time.Time) time.Duration {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.quiet {
		return 0
	}
	return now.Sub(q.since)
}
