// Package systemd speaks systemd's notify protocol for the kiosk: readiness,
// stopping, and the watchdog ping that proves the UI thread alive. It uses
// the standard library only (no Fyne: the caller beats from its UI thread).
package systemd

import (
	"context"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Watchdog speaks systemd's notify protocol (sd_notify(3)): READY=1 once
// the kiosk shows its window, WATCHDOG=1 while the UI thread is alive, and
// STOPPING=1 on the way out. The unit (build/systemd/qingfeng.service) has
// Type=notify and WatchdogSec=, so a kiosk whose UI thread hangs stops
// pinging and systemd kills and restarts it; a goroutine that merely keeps
// running does not count as alive, only Beat from the UI thread does.
//
// Every method is a no-op when qingfeng is not started by systemd
// (NOTIFY_SOCKET unset), and the pings are when systemd asked for none
// (WATCHDOG_USEC unset, or WATCHDOG_PID naming another process).
type Watchdog struct {
	log      *slog.Logger
	addr     *net.UnixAddr // nil: not under systemd
	interval time.Duration // WATCHDOG_USEC; 0: no watchdog pings wanted
	now      func() time.Time

	// last is the last Beat. A time.Time keeps the monotonic clock's
	// reading: a wall clock stepped by NTP (a board without a battery
	// clock, at boot) neither fakes a hang nor hides one.
	last     atomic.Pointer[time.Time]
	ready    sync.Once
	mu       sync.Mutex // guards withheld
	withheld bool       // pings are being withheld (logged once)
}

// NewWatchdog reads the environment systemd gives a notify service. The
// variables are removed from the environment afterwards, as sd_notify's
// unset_environment does: programs started from the kiosk (the exhibits)
// must not think they are the service.
func NewWatchdog(log *slog.Logger) *Watchdog {
	w := &Watchdog{log: log, now: time.Now}
	w.Beat()
	sock := os.Getenv("NOTIFY_SOCKET")
	usec := os.Getenv("WATCHDOG_USEC")
	pid := os.Getenv("WATCHDOG_PID")
	os.Unsetenv("NOTIFY_SOCKET")
	os.Unsetenv("WATCHDOG_USEC")
	os.Unsetenv("WATCHDOG_PID")
	switch {
	case sock == "":
		return w
	case strings.HasPrefix(sock, "/") || strings.HasPrefix(sock, "@"):
		// Go maps a leading @ to the abstract namespace (a leading NUL).
		w.addr = &net.UnixAddr{Name: sock, Net: "unixgram"}
	default:
		// systemd 254 may also hand out vsock: addresses (virtual
		// machines); a kiosk is not one.
		log.Warn("NOTIFY_SOCKET is not a unix socket path: not telling systemd anything", "NOTIFY_SOCKET", sock)
		return w
	}
	if usec == "" {
		return w
	}
	if pid != "" && pid != strconv.Itoa(os.Getpid()) {
		return w // meant for another process (our parent, say)
	}
	n, err := strconv.ParseUint(usec, 10, 63)
	if err != nil || n == 0 {
		log.Warn("WATCHDOG_USEC unreadable: no watchdog pings", "WATCHDOG_USEC", usec)
		return w
	}
	w.interval = time.Duration(n) * time.Microsecond
	return w
}

// Ready tells systemd the kiosk is up (the first time only).
func (w *Watchdog) Ready() {
	w.ready.Do(func() { w.send("READY=1") })
}

// Stopping tells systemd the kiosk is shutting down on purpose.
func (w *Watchdog) Stopping() {
	w.send("STOPPING=1")
}

// Beat records that the UI thread is alive; call it from the UI thread
// (inside fyne.Do) about once a second. It costs one small allocation
// and an atomic store.
func (w *Watchdog) Beat() {
	now := w.now()
	w.last.Store(&now)
}

// Run pings systemd every half watchdog interval while the last Beat is
// recent, until ctx ends. It returns at once when no pings are wanted.
func (w *Watchdog) Run(ctx context.Context) {
	if w.addr == nil || w.interval <= 0 {
		return
	}
	t := time.NewTicker(w.interval / 2)
	defer t.Stop()
	for {
		w.tick()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// maxSilence is how long the UI thread may go without a Beat before the
// pings stop: half the interval. A hang is then noticed by systemd within
// one and a half intervals (90 s with WatchdogSec=60), and a UI thread
// busy for a few seconds (a large picture, a long table) is never taken
// for a hung one. WatchdogSec must therefore be well above the one-second
// beat: 10 s at the very least, 60 s in the unit.
func (w *Watchdog) maxSilence() time.Duration { return w.interval / 2 }

// tick sends one ping if the UI thread beat recently, and says (once)
// when it withholds them, and when beats come back.
func (w *Watchdog) tick() {
	since := w.now().Sub(*w.last.Load())
	alive := since <= w.maxSilence()
	w.mu.Lock()
	was := w.withheld
	w.withheld = !alive
	w.mu.Unlock()
	if !alive {
		if !was {
			w.log.Error("UI thread not responding: withholding the systemd watchdog ping, systemd will restart the kiosk",
				"last_beat", since.Round(time.Second), "watchdog", w.interval)
		}
		return
	}
	if was {
		w.log.Info("UI thread responding again: systemd watchdog pings resumed")
	}
	w.send("WATCHDOG=1")
}

// send writes one datagram to systemd's socket; failures are logged, never
// fatal (the kiosk runs on without systemd hearing from it).
func (w *Watchdog) send(state string) {
	if w.addr == nil {
		return
	}
	c, err := net.DialUnix("unixgram", nil, w.addr)
	if err == nil {
		_, err = c.Write([]byte(state))
		c.Close()
	}
	if err != nil {
		w.log.Warn("cannot notify systemd", "state", state, "socket", w.addr.Name, "err", err)
	}
}
