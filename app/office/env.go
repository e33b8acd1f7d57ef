// Package office holds the district office's commands that both programs
// run: the kiosk's qingfeng (every command) and qingfeng-office (the office's
// commands alone, for Windows and Linux PCs without a screen toolkit):
// the office's keys, checking and signing packages, collecting the kiosks'
// outboxes, importing and packing the answers to residents, exporting a
// kiosk's opinions from its data folder, and packing a signed software
// release of the kiosk's programs. It may import content/... and the
// standard library, never Fyne, Ebiten, kiosk/... or exhibits/...
package office

import (
	"io"
	"log/slog"
	"time"

	"qingfeng/content/parse"
)

// Env is what a command needs from the program running it.
type Env struct {
	Out io.Writer
	Log *slog.Logger
	// Loc is the time zone the office's reports are in.
	Loc *time.Location
	// Trusted are the publishers' keys (their texts) a kiosk trusts.
	Trusted []string
	// Parse is how packages are read (limits, site, categories).
	Parse parse.Options
	// Progress returns a fresh progress line for one long step.
	Progress func() func(stage string, done, total int)
}
