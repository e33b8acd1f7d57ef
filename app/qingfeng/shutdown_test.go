package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the guard's goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestStopGuardLogsACleanStop(t *testing.T) {
	var logs, dump syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	exited := make(chan int, 1)
	stopped := stopGuard(ctx, time.Minute, slog.New(slog.NewTextHandler(&logs, nil)), &dump, func(c int) { exited <- c })
	cancel()
	time.Sleep(20 * time.Millisecond) // the shutdown's own work
	stopped()
	out := logs.String()
	if !strings.Contains(out, `msg="kiosk stopping"`) || !strings.Contains(out, `msg="kiosk stopped"`) {
		t.Fatalf("log should say stopping, then stopped:\n%s", out)
	}
	if strings.Index(out, "kiosk stopping") > strings.Index(out, "kiosk stopped") {
		t.Fatalf("stopped logged before stopping:\n%s", out)
	}
	if dump.String() != "" || len(exited) > 0 {
		t.Fatalf("a clean stop dumped stacks or exited: %q", dump.String())
	}
}

func TestStopGuardSaysNothingWhenNotStopping(t *testing.T) {
	var logs, dump syncBuffer
	stopped := stopGuard(context.Background(), time.Millisecond, slog.New(slog.NewTextHandler(&logs, nil)), &dump, func(int) { t.Error("exit called") })
	stopped()
	stopped() // twice is harmless
	time.Sleep(10 * time.Millisecond)
	if logs.String() != "" || dump.String() != "" {
		t.Fatalf("nothing was stopping, yet: %q %q", logs.String(), dump.String())
	}
}

// A shutdown stuck past the limit leaves the stacks (this very test's
// among them) in the log and exits with 1.
func TestStopGuardDumpsAStuckStop(t *testing.T) {
	var logs, dump syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	exited := make(chan int, 1)
	stopped := stopGuard(ctx, 30*time.Millisecond, slog.New(slog.NewTextHandler(&logs, nil)), &dump, func(c int) { exited <- c })
	cancel()
	select {
	case c := <-exited:
		if c != 1 {
			t.Fatalf("exit status %d, want 1", c)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a stuck stop did not exit")
	}
	stopped()
	if !strings.Contains(logs.String(), "kiosk did not stop in time") {
		t.Fatalf("no word of the stuck stop:\n%s", logs.String())
	}
	if !strings.Contains(dump.String(), "TestStopGuardDumpsAStuckStop") {
		t.Fatalf("the dump lacks the goroutine that was waiting:\n%.2000s", dump.String())
	}
	if strings.Contains(logs.String(), `msg="kiosk stopped"`) {
		t.Fatal("a stuck stop was logged as stopped")
	}
}
