//go:build !linux

package inbox

import (
	"io/fs"
	"time"
)

// statusChange falls back to the modification time where the status
// change time is not at hand.
func statusChange(info fs.FileInfo) time.Time { return info.ModTime() }
