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
// few messages. Both bounded whatever the kiosk logs: a count per hour for
// a day, and the newest keepErrors messages.
const (
	keepErrors      = 20
	errorMessageMax = 300 // runes of one message kept
	errorHours      = 24
)

// Errors remembers the records logged at Error for the heartbeat. The zero
// Errors is ready; it is safe for concurrent use.
type Errors struct {
	mu     sync.Mutex
	recent [keepErrors]fleet.LogEntry // a ring: next is where the newest goes
	next   int
	n      int
	hours  [errorHours + 1]struct {
		hour  int64 // unix hour the count belongs to
		count int
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
	h := at.Unix() / 3600
	b := &e.hours[h%int64(len(e.hours))]
	if b.hour != h {
		b.hour, b.count = h, 0
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
	// By whole hours: this hour and the 23 before it (at 10:30, from
	// 11:00 yesterday).
	h := now.Unix() / 3600
	for _, b := range e.hours {
		if b.count > 0 && b.hour > h-errorHours && b.hour <= h {
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
