package systemd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// notifyListener is systemd's end of NOTIFY_SOCKET: a unixgram socket at
// name (a path, or @abstract), set in the environment for NewWatchdog.
func notifyListener(t *testing.T, name string) *net.UnixConn {
	t.Helper()
	c, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: name, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	t.Setenv("NOTIFY_SOCKET", name)
	return c
}

// notifyRecv returns the next datagram; sends are synchronous, so one that was
// sent is already waiting.
func notifyRecv(t *testing.T, c *net.UnixConn) string {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 256)
	n, err := c.Read(buf)
	if err != nil {
		t.Fatalf("no notification: %v", err)
	}
	return string(buf[:n])
}

// notifyNothing fails if a datagram is waiting. The sender has returned before
// this is called, so a short deadline only covers the read itself.
func notifyNothing(t *testing.T, c *net.UnixConn) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
	buf := make([]byte, 256)
	n, err := c.Read(buf)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("want no notification, got %q (%v)", buf[:n], err)
	}
}

// watchdogClock is the watchdog's now, moved by the test.
type watchdogClock struct{ t atomic.Int64 }

func (f *watchdogClock) now() time.Time          { return time.Unix(0, f.t.Load()) }
func (f *watchdogClock) advance(d time.Duration) { f.t.Add(int64(d)) }

func testWatchdog(t *testing.T, usec, pid string) (*Watchdog, *watchdogClock, *bytes.Buffer) {
	t.Helper()
	t.Setenv("WATCHDOG_USEC", usec)
	t.Setenv("WATCHDOG_PID", pid)
	var logged bytes.Buffer
	w := NewWatchdog(slog.New(slog.NewTextHandler(&logged, nil)))
	clock := &watchdogClock{}
	clock.t.Store(time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC).UnixNano())
	w.now = clock.now
	w.Beat()
	return w, clock, &logged
}

// runReturns fails unless Run returns at once (no pings wanted).
func runReturns(t *testing.T, w *Watchdog) {
	t.Helper()
	done := make(chan struct{})
	go func() { w.Run(context.Background()); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run kept running with no watchdog asked for")
	}
}

func TestNotifyReadyOnceAndStopping(t *testing.T) {
	sock := notifyListener(t, filepath.Join(t.TempDir(), "notify"))
	w, _, _ := testWatchdog(t, "", "")
	for _, v := range []string{"NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"} {
		if s, ok := os.LookupEnv(v); ok {
			t.Errorf("%s=%q left for child processes", v, s)
		}
	}
	w.Ready()
	w.Ready()
	if got := notifyRecv(t, sock); got != "READY=1" {
		t.Fatalf("got %q, want READY=1", got)
	}
	notifyNothing(t, sock) // READY=1 once only
	w.Stopping()
	if got := notifyRecv(t, sock); got != "STOPPING=1" {
		t.Fatalf("got %q, want STOPPING=1", got)
	}
	runReturns(t, w) // no WATCHDOG_USEC: no pings
}

func TestNotifyAbstractSocket(t *testing.T) {
	sock := notifyListener(t, fmt.Sprintf("@qingfeng-test-%d-%d", os.Getpid(), time.Now().UnixNano()))
	w, _, _ := testWatchdog(t, "60000000", strconv.Itoa(os.Getpid()))
	w.Ready()
	if got := notifyRecv(t, sock); got != "READY=1" {
		t.Fatalf("got %q, want READY=1", got)
	}
	w.tick()
	if got := notifyRecv(t, sock); got != "WATCHDOG=1" {
		t.Fatalf("got %q, want WATCHDOG=1", got)
	}
}

func TestWatchdogPingsWhileBeating(t *testing.T) {
	sock := notifyListener(t, filepath.Join(t.TempDir(), "notify"))
	w, clock, logged := testWatchdog(t, "60000000", strconv.Itoa(os.Getpid()))
	if w.interval != time.Minute {
		t.Fatalf("interval %v, want 1m", w.interval)
	}
	for i := 0; i < 10; i++ {
		clock.advance(29 * time.Second) // a beat 29 s ago is still recent (limit 30 s)
		w.tick()
		if got := notifyRecv(t, sock); got != "WATCHDOG=1" {
			t.Fatalf("tick %d: got %q, want WATCHDOG=1", i, got)
		}
		w.Beat()
	}
	if logged.Len() > 0 {
		t.Errorf("logged while the UI was alive:\n%s", logged)
	}
}

func TestWatchdogWithheldWhenBeatsStop(t *testing.T) {
	sock := notifyListener(t, filepath.Join(t.TempDir(), "notify"))
	w, clock, logged := testWatchdog(t, "60000000", "")
	w.tick()
	if got := notifyRecv(t, sock); got != "WATCHDOG=1" {
		t.Fatalf("got %q, want WATCHDOG=1", got)
	}
	// The UI thread hangs: no Beat from here on.
	for i := 0; i < 5; i++ {
		clock.advance(30 * time.Second)
		w.tick()
		if i == 0 {
			notifyRecv(t, sock) // 30 s since the beat: still within the limit
			continue
		}
		notifyNothing(t, sock)
	}
	if n := strings.Count(logged.String(), "UI thread not responding"); n != 1 {
		t.Errorf("logged the withheld pings %d times, want once:\n%s", n, logged)
	}
	if !strings.Contains(logged.String(), "level=ERROR") {
		t.Errorf("a hung UI thread is not logged as an error:\n%s", logged)
	}
	// It comes back (a very long stall systemd did not act on in time).
	w.Beat()
	w.tick()
	if got := notifyRecv(t, sock); got != "WATCHDOG=1" {
		t.Fatalf("after the UI came back: got %q, want WATCHDOG=1", got)
	}
	if !strings.Contains(logged.String(), "UI thread responding again") {
		t.Errorf("resumed pings not logged:\n%s", logged)
	}
}

// Run itself, on the real clock with a 100 ms watchdog: pings arrive while
// something beats, and Run ends with its context.
func TestWatchdogRun(t *testing.T) {
	sock := notifyListener(t, filepath.Join(t.TempDir(), "notify"))
	t.Setenv("WATCHDOG_USEC", "100000")
	t.Setenv("WATCHDOG_PID", strconv.Itoa(os.Getpid()))
	w := NewWatchdog(slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	beating := make(chan struct{})
	go func() {
		for {
			select {
			case <-ctx.Done():
				close(beating)
				return
			case <-time.After(5 * time.Millisecond):
				w.Beat()
			}
		}
	}()
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	for i := 0; i < 3; i++ {
		if got := notifyRecv(t, sock); got != "WATCHDOG=1" {
			t.Fatalf("got %q, want WATCHDOG=1", got)
		}
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not end with its context")
	}
	<-beating
}

func TestNotifySocketUnset(t *testing.T) {
	t.Setenv("NOTIFY_SOCKET", "")
	os.Unsetenv("NOTIFY_SOCKET")
	w, clock, logged := testWatchdog(t, "60000000", strconv.Itoa(os.Getpid()))
	if w.addr != nil {
		t.Fatalf("a socket without NOTIFY_SOCKET: %v", w.addr)
	}
	w.Ready()
	w.Beat()
	w.Stopping()
	clock.advance(time.Hour)
	runReturns(t, w)
	if logged.Len() > 0 {
		t.Errorf("logged outside systemd:\n%s", logged)
	}
}

func TestWatchdogOtherPID(t *testing.T) {
	sock := notifyListener(t, filepath.Join(t.TempDir(), "notify"))
	w, _, _ := testWatchdog(t, "60000000", strconv.Itoa(os.Getpid()+1))
	if w.interval != 0 {
		t.Fatalf("took the watchdog meant for pid %d: interval %v", os.Getpid()+1, w.interval)
	}
	runReturns(t, w)
	notifyNothing(t, sock)
	w.Ready() // the notify socket itself is still this process's
	if got := notifyRecv(t, sock); got != "READY=1" {
		t.Fatalf("got %q, want READY=1", got)
	}
}

func TestWatchdogBadUsec(t *testing.T) {
	name := filepath.Join(t.TempDir(), "notify")
	notifyListener(t, name)
	for _, usec := range []string{"0", "-5", "soon"} {
		t.Setenv("NOTIFY_SOCKET", name) // NewWatchdog removes it
		w, _, logged := testWatchdog(t, usec, "")
		if w.interval != 0 {
			t.Errorf("WATCHDOG_USEC=%s: interval %v", usec, w.interval)
		}
		if !strings.Contains(logged.String(), "WATCHDOG_USEC") {
			t.Errorf("WATCHDOG_USEC=%s not reported", usec)
		}
	}
}
