package health

import (
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"qingfeng/content/fleet"
)

// The errors a heartbeat tells: how many in the last day, and the newest
// few messages. Both bounded whatever the kiosk logs: a count per minute
// for a day (23 KB), and the newest keepErrors messages.
const (
	keepErrors      = fleet.MaxRecentErrors
	errorMessageMax = fleet.MaxRunes // runes of one message kept
	errorMinutes    = 24 * 60
)

// Errors remembers the records logged at Error for the heartbeat. The zero
// Errors is ready; it is safe for concurrent use.
type Errors struct {
	mu      sync.Mutex
	recent  [keepErrors]fleet.LogEntry // a ring: next is where the newest goes
	next    int
	n       int
	minutes [errorMinutes + 1]struct {
		minute int64 // unix minute the count belongs to
		count  int
	}
}

// Add notes an error logged at at.
func (e *Errors) Add(at time.Time, msg string) {
	if utf8.RuneCountInString(msg) > errorMessageMax {
		msg = string([]rune(msg)[:errorMessageMax]) + "…"
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.recent[e.next] = fleet.LogEntry{At: at.UTC(), Message: msg}
	e.next = (e.next + 1) % keepErrors
	e.n = min(e.n+1, keepErrors)
	m := at.Unix() / 60
	b := &e.minutes[m%int64(len(e.minutes))]
	if b.minute != m {
		b.minute, b.count = m, 0
	}
	b.count++
}

// Since is the errors of the day before now: how many, and the newest
// messages of them, newest first.
func (e *Errors) Since(now time.Time) (count int, newest []fleet.LogEntry) {
	e.mu.Lock()
	defer e.mu.Unlock()
	from := now.Add(-24 * time.Hour)
	for i := range e.n {
		r := e.recent[(e.next-1-i+2*keepErrors)%keepErrors]
		if r.At.After(from) {
			newest = append(newest, r)
		}
	}
	// By the minute: this one and the 1439 before it.
	m := now.Unix() / 60
	for _, b := range e.minutes {
		if b.count > 0 && b.minute > m-errorMinutes && b.minute <= m {
			count += b.count
		}
	}
	return count, newest
}

// errorMessage is a record's message with its attributes, as the log
// prints them.
func errorMessage(r slog.Record, attrs []slog.Attr) string {
	var b strings.Builder
	b.WriteString(r.Message)
	add := func(a slog.Attr) {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
	}
	for _, a := range attrs {
		add(a)
	}
	r.Attrs(func(a slog.Attr) bool {
		add(a)
		return b.Len() < 4*errorMessageMax
	})
	return b.String()
}
