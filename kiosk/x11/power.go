package x11

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// xset runs xset with args; it says why it failed. A wedged X server
// does not hold it for ever.
func xset(args ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "xset", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("xset %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}

// QuietX turns off the X server's own screen saver and power saving: the
// kiosk decides when the screen is dark (the opening hours), and X's
// default would blank it after ten minutes without a touch.
func QuietX(log *slog.Logger) {
	if err := xset("s", "off", "s", "noblank", "-dpms"); err != nil {
		log.Warn("cannot turn off the X screen saver; the screen may blank by itself", "err", err)
	}
}

// Power switches the display off and on by DPMS, off the UI thread:
// one worker applies the latest wish in order (an off quickly followed by
// an on ends on). When DPMS is not available, the dark closed screen stays
// on instead; a failure is logged when it is new, each switch that worked
// too.
func Power(log *slog.Logger) func(on bool) {
	wish := make(chan bool, 1)
	var start sync.Once
	work := func() {
		lastErr := ""
		for on := range wish {
			var err error
			if on {
				// Forcing DPMS on turns its timers on too: off again, or the
				// screen would blank by itself during opening hours.
				err = errors.Join(xset("dpms", "force", "on"), xset("-dpms"), xset("s", "reset"))
			} else if err = xset("dpms", "force", "off"); err == nil {
				// xset says nothing, and exits 0, on a server without DPMS.
				out, qerr := exec.Command("xset", "q").CombinedOutput()
				if qerr != nil || !strings.Contains(string(out), "Monitor is Off") {
					err = fmt.Errorf("the display did not switch off (no DPMS on this X server?): %s", lastLine(string(out)))
				}
			}
			switch {
			case err != nil && err.Error() != lastErr:
				lastErr = err.Error()
				log.Warn("cannot switch the display by DPMS; the closed screen stays dim instead", "on", on, "err", err)
			case err == nil:
				lastErr = ""
				log.Info("display switched", "on", on)
			}
		}
	}
	return func(on bool) {
		start.Do(func() { go work() })
		for {
			select {
			case wish <- on:
				return
			default:
				select { // replace a wish not yet applied
				case <-wish:
				default:
				}
			}
		}
	}
}

// lastLine is the last non-blank line of s.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
