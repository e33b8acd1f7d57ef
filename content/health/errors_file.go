package health

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
	"unicode/utf8"

	"qingfeng/content/durable"
	"qingfeng/content/fleet"
)

// ErrorsFile is where, in the data folder, the kiosk keeps the day's
// errors across restarts, so a heartbeat's errors_24h covers the day, not
// only the time since the last start (a kiosk that crashed and restarted
// is the one the office most needs to see errors from).
const ErrorsFile = "errors-24h.json"

// errorsFileMax bounds the file, checked before it is read: a count for
// each minute of a day and the newest messages are about 60 KB at most.
const errorsFileMax = 128 << 10

// errorsOnDisk is ErrorsFile's content: the minutes with errors (unix
// minute and count) and the newest messages, oldest first.
type errorsOnDisk struct {
	Minutes [][2]int64       `json:"minutes"`
	Recent  []fleet.LogEntry `json:"recent"`
}

// Save writes the errors of the day before now into dataDir atomically.
func (e *Errors) Save(dataDir string, now time.Time) error {
	e.mu.Lock()
	var d errorsOnDisk
	m := now.Unix() / 60
	for _, b := range e.minutes {
		if b.count > 0 && b.minute > m-errorMinutes && b.minute <= m {
			d.Minutes = append(d.Minutes, [2]int64{b.minute, int64(b.count)})
		}
	}
	for i := e.n - 1; i >= 0; i-- { // oldest first
		d.Recent = append(d.Recent, e.recent[(e.next-1-i+2*keepErrors)%keepErrors])
	}
	e.mu.Unlock()
	data, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return durable.WriteFile(filepath.Join(dataDir, ErrorsFile), data, 0o600)
}

// Restore adds the errors kept in dataDir by Save (an earlier run's) to
// e: nothing when there is no file yet; an error for a file too large or
// unreadable (the kiosk then counts from its start). What is read is
// bounded: the file's size first, then a day's minutes and keepErrors
// messages of errorMessageMax runes at most.
func (e *Errors) Restore(dataDir string) error {
	f, err := os.Open(filepath.Join(dataDir, ErrorsFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, errorsFileMax+1))
	if err != nil {
		return err
	}
	if len(data) > errorsFileMax {
		return fmt.Errorf("%s: over %d KB", ErrorsFile, errorsFileMax>>10)
	}
	var d errorsOnDisk
	if err := json.Unmarshal(data, &d); err != nil {
		return fmt.Errorf("%s: %w", ErrorsFile, err)
	}
	if len(d.Minutes) > errorMinutes+1 || len(d.Recent) > keepErrors {
		return fmt.Errorf("%s: %d minutes and %d messages, more than a day's %d and %d", ErrorsFile, len(d.Minutes), len(d.Recent), errorMinutes+1, keepErrors)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, mc := range d.Minutes {
		if mc[1] <= 0 || mc[1] > 1<<30 {
			continue
		}
		b := &e.minutes[mc[0]%int64(len(e.minutes))]
		switch {
		case mc[0] < 0:
		case b.minute == mc[0]:
			b.count += int(mc[1])
		case b.minute < mc[0]: // a newer minute than the one there
			b.minute, b.count = mc[0], int(mc[1])
		}
	}
	// The kept messages are older than those logged since the start:
	// they go behind them in the ring, the newest kept.
	newer := make([]fleet.LogEntry, 0, e.n)
	for i := e.n - 1; i >= 0; i-- {
		newer = append(newer, e.recent[(e.next-1-i+2*keepErrors)%keepErrors])
	}
	all := append(d.Recent, newer...)
	all = all[max(0, len(all)-keepErrors):]
	e.recent, e.next, e.n = [keepErrors]fleet.LogEntry{}, 0, 0
	for _, r := range all {
		if utf8.RuneCountInString(r.Message) > errorMessageMax {
			r.Message = string([]rune(r.Message)[:errorMessageMax]) + "…"
		}
		e.recent[e.next] = r
		e.next = (e.next + 1) % keepErrors
		e.n = min(e.n+1, keepErrors)
	}
	return nil
}
