// Package fleet is what a kiosk tells its district office about itself, and
// what the office makes of it: the heartbeat file a kiosk writes into its
// outbox every few minutes (one file, replaced whole, signed with the
// kiosk's key like its batches), and the display log's checkpoints that
// let the office notice a log that was rewound, reset or rewritten.
//
// It imports the standard library, content/durable and content/sign only.
package fleet

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"qingfeng/content/durable"
	"qingfeng/content/sign"
)

const (
	// File is the heartbeat's name in a kiosk's outbox folder: one file a
	// kiosk, replaced whole each time (never a growing pile).
	File = "heartbeat.json"
	// Format names a heartbeat's content; SignedFormat the envelope it
	// travels in.
	Format       = "qingfeng-heartbeat 1"
	SignedFormat = "qingfeng-heartbeat-signed 1"
	// MaxFileBytes bounds a heartbeat file, checked before it is read: a
	// kiosk writes a few kilobytes.
	MaxFileBytes = 1 << 20
	// Every is how often a running kiosk writes its heartbeat.
	Every = 5 * time.Minute
	// HoursAhead is how far ahead of the start of its day a heartbeat
	// gives the kiosk's opening hours.
	HoursAhead = 14 * 24 * time.Hour
)

// What a kiosk's heartbeat holds at most (content/health writes no more);
// the office keeps no more of one in a kiosk's hourly history.
const (
	MaxRefused      = 20  // Heartbeat.Refused
	MaxRecentErrors = 20  // Heartbeat.RecentErrors
	MaxRunes        = 300 // one text: a reason, a message, a file's name
)

// Heartbeat is a kiosk's state as it wrote it. Times are UTC.
type Heartbeat struct {
	Format   string    `json:"format"`
	Site     string    `json:"site"`
	SiteName string    `json:"site_name"`
	Written  time.Time `json:"written"`
	Version  string    `json:"version"` // the running program's
	Arch     string    `json:"arch"`    // GOARCH: amd64, arm64
	Started  time.Time `json:"started"`
	UptimeS  int64     `json:"uptime_s"`

	// Open says whether the kiosk is within its opening hours now; Hours
	// are its opening intervals from the start of the heartbeat's day to
	// HoursAhead later (empty with AlwaysOpen), so the office can count
	// only the hours a kiosk should have been seen.
	Open       bool       `json:"open"`
	AlwaysOpen bool       `json:"always_open"`
	Hours      []Interval `json:"hours,omitempty"`

	Packages   []Package `json:"packages"`
	LastImport *Import   `json:"last_import,omitempty"`
	Refused    []Import  `json:"refused,omitempty"` // packages refused in the last 7 days, newest first, at most 20

	ErrorsLogged int64      `json:"errors_logged"` // since start
	Errors24h    int        `json:"errors_24h"`
	RecentErrors []LogEntry `json:"recent_errors,omitempty"` // the last 24 h's, newest first, at most 20

	DiskFreeMB  int64   `json:"disk_free_mb"` // on the data folder's file system
	DiskTotalMB int64   `json:"disk_total_mb"`
	RSSMB       float64 `json:"rss_mb"`
	HeapMB      float64 `json:"heap_mb"`
	Goroutines  int     `json:"goroutines"`
	// Quiet is the resident memory measured at quiet times (the attract
	// loop or the closed screen, nobody using the kiosk), oldest first, at
	// most one an hour for the last 7 days: a figure that climbs here is a
	// leak, not a visitor.
	Quiet []Sample `json:"quiet_memory,omitempty"`

	DisplayLog DisplayLog `json:"display_log"`
	Update     *Update    `json:"update,omitempty"` // the last software update and how it went
	Screenshot string     `json:"screenshot,omitempty"`
}

// Interval is a span of time, From inclusive, Until exclusive.
type Interval struct {
	From  time.Time `json:"from"`
	Until time.Time `json:"until"`
}

// Package is an installed package.
type Package struct {
	ID        string    `json:"id"`
	Version   int       `json:"version"`
	Title     string    `json:"title,omitempty"`
	Installed time.Time `json:"installed"`
}

// Import is an import of a package and how it went.
type Import struct {
	At      time.Time `json:"at"`
	Source  string    `json:"source"` // the file or folder's base name
	Package string    `json:"package,omitempty"`
	Version int       `json:"version,omitempty"`
	OK      bool      `json:"ok"`
	Reason  string    `json:"reason,omitempty"` // why not, in Chinese, the report's first problem
}

// LogEntry is one record the kiosk logged at Error.
type LogEntry struct {
	At      time.Time `json:"at"`
	Message string    `json:"message"`
}

// Sample is a figure at a time.
type Sample struct {
	At time.Time `json:"at"`
	MB float64   `json:"mb"`
}

// DisplayLog is the head of the kiosk's display log and its checkpoints
// (see Checkpoints).
type DisplayLog struct {
	Entries     int64        `json:"entries"`
	Head        string       `json:"head"`    // the last entry's hash
	Genesis     string       `json:"genesis"` // the first entry's hash: another one is another log
	Checkpoints []Checkpoint `json:"checkpoints,omitempty"`
	// VerifiedAt is when the kiosk last walked its whole log;
	// VerifyProblem what it found ("" = every entry as written).
	VerifiedAt    time.Time `json:"verified_at,omitzero"`
	VerifyProblem string    `json:"verify_problem,omitempty"`
}

// Checkpoint is a display log entry's sequence number and hash.
type Checkpoint struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
}

// Update is the outcome of the last software update the kiosk tried.
type Update struct {
	At      time.Time `json:"at"`
	From    string    `json:"from,omitempty"`
	To      string    `json:"to"`
	Outcome string    `json:"outcome"` // one of the Update* words
	Reason  string    `json:"reason,omitempty"`
}

// The outcomes of an update.
const (
	UpdateInstalled  = "installed"   // running the new version, which reported ready
	UpdateTrying     = "trying"      // switched, waiting for the new version to report ready
	UpdateRolledBack = "rolled-back" // the new version failed; back on From
	UpdateRefused    = "refused"     // not installed: Reason says why
)

// Encode is h's file, signed with the kiosk's key k.
func Encode(h Heartbeat, k sign.Private) ([]byte, error) {
	h.Format = Format
	inner, err := json.MarshalIndent(h, " ", " ")
	if err != nil {
		return nil, fmt.Errorf("heartbeat: %w", err)
	}
	return sign.Seal(SignedFormat, "heartbeat", inner, k), nil
}

// Write writes h, signed with k, as dir's heartbeat file, atomically: the
// office (or Syncthing) reads the old file or the new one, never half.
func Write(dir string, h Heartbeat, k sign.Private) error {
	data, err := Encode(h, k)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("heartbeat: %w", err)
	}
	return durable.WriteFile(filepath.Join(dir, File), data, 0o644)
}

// ErrNotHeartbeat wraps what Decode and ReadFile refuse: the reason is in
// Chinese, for the fleet page.
var ErrNotHeartbeat = errors.New("not a heartbeat")

func refuse(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotHeartbeat, fmt.Sprintf(format, args...))
}

// ReadFile reads and checks the heartbeat file name: its size before it is
// read, its form, its signature. It returns the key that signed it, for
// the office to compare with the site's registered one.
func ReadFile(name string) (Heartbeat, sign.Public, error) {
	f, err := os.Open(name)
	if err != nil {
		return Heartbeat{}, sign.Public{}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return Heartbeat{}, sign.Public{}, err
	}
	if len(data) > MaxFileBytes {
		return Heartbeat{}, sign.Public{}, refuse("文件超过 %d KB：展示屏写的状态文件只有几 KB。请查明它从哪里来", MaxFileBytes>>10)
	}
	return Decode(data)
}

// Decode reads a heartbeat file's bytes (see ReadFile).
func Decode(data []byte) (Heartbeat, sign.Public, error) {
	env, err := sign.OpenEnvelope(data, "heartbeat")
	if err != nil {
		return Heartbeat{}, sign.Public{}, refuse("不是完整的状态文件：可能没有同步完，或者被改坏了")
	}
	if env.Format != SignedFormat {
		return Heartbeat{}, sign.Public{}, refuse("不是状态文件：格式不是“%s”", SignedFormat)
	}
	key, err := env.Check()
	if errors.Is(err, sign.ErrEnvelopeKey) {
		return Heartbeat{}, sign.Public{}, refuse("签名钥匙写得不对：文件被改过")
	}
	if err != nil {
		return Heartbeat{}, key, refuse("签名对不上：文件在展示屏写出以后被改过（或是伪造的）")
	}
	var h Heartbeat
	if err := json.Unmarshal(env.Inner, &h); err != nil || h.Format != Format {
		return Heartbeat{}, key, refuse("签名对得上，但内容读不了：请把汇总用的清风程序升级到和展示屏一样的版本")
	}
	return h, key, nil
}

// OpenSeconds is how long, between from and to, the kiosk that wrote h
// should have been open: the overlap with its hours, and all of the time
// after the last of them (a kiosk silent for longer than it told its hours
// for is not given the benefit of the doubt), or all of it when it is
// always open.
func (h Heartbeat) OpenSeconds(from, to time.Time) float64 {
	if !to.After(from) {
		return 0
	}
	if h.AlwaysOpen || len(h.Hours) == 0 {
		return to.Sub(from).Seconds()
	}
	var s float64
	last := from
	for _, iv := range h.Hours {
		lo, hi := later(iv.From, from), earlier(iv.Until, to)
		if hi.After(lo) {
			s += hi.Sub(lo).Seconds()
		}
		last = later(last, iv.Until)
	}
	if to.After(last) {
		s += to.Sub(last).Seconds()
	}
	return s
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
