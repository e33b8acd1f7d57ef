//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package durable

import "os"

// SyncDir fsyncs a folder, so that files created, renamed or removed in it
// stay so after a power cut.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
