package main

import (
	"os"
	"path/filepath"
)

// useDataTemp points the kiosk's temporary files (photos turned or
// reduced during an import) at <data_dir>/tmp: under its systemd unit
// (ProtectSystem=strict, no PrivateTmp because of X's sockets) /tmp is
// read-only, and the data folder is the one place the kiosk may write.
// What an earlier run left there (killed mid-import) is removed.
func (a *app) useDataTemp() {
	dir := filepath.Join(a.cfg.DataDir, "tmp")
	if err := os.RemoveAll(dir); err != nil {
		a.log.Warn("leftover temporary files not removed", "dir", dir, "err", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		a.log.Warn("temporary folder not made; the system's is used", "dir", dir, "err", err)
		return
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return
	}
	os.Setenv("TMPDIR", abs)
}
