package fleet

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"qingfeng/content/sign"
)

// The office (or Syncthing) reads the heartbeat while the kiosk replaces
// it: every read finds a whole, signed file, the old one or the new one.
func TestHeartbeatNeverSeenHalfWritten(t *testing.T) {
	_, k, err := sign.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	name := filepath.Join(dir, File)
	const writes = 100
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Go(func() {
		defer close(done)
		for i := range writes {
			// Lengths differ from write to write, so a torn file cannot pass
			// for a whole one by luck.
			h := Heartbeat{Site: "kiosk1", Written: time.Unix(int64(i), 0).UTC(), RecentErrors: make([]LogEntry, i%7),
				DisplayLog: DisplayLog{Entries: int64(i), Head: strings.Repeat("a", i%97)}}
			if err := Write(dir, h, k); err != nil {
				t.Error(err)
				return
			}
		}
	})
	var reads, seen int
	var mu sync.Mutex
	for range 2 {
		wg.Go(func() {
			last := int64(-1)
			for {
				select {
				case <-done:
					return
				default:
				}
				h, key, err := ReadFile(name)
				if errors.Is(err, fs.ErrNotExist) && last < 0 {
					continue // not written yet
				}
				if err != nil {
					t.Errorf("read %d: %v", reads, err)
					return
				}
				if key != k.Public() || h.DisplayLog.Entries < last {
					t.Errorf("read a heartbeat of another key, or older than one read before: %d after %d", h.DisplayLog.Entries, last)
					return
				}
				last = h.DisplayLog.Entries
				mu.Lock()
				reads++
				if last > 0 && last < writes-1 {
					seen++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if seen == 0 {
		t.Fatalf("no read happened while the file was being replaced (%d reads)", reads)
	}
	t.Logf("%d reads during %d writes", reads, writes)
}
