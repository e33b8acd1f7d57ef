//go:build unix

package release

import (
	"os"
	"path/filepath"
	"syscall"
)

// withLock runs fn holding root's lock, so the release on trial telling
// it is ready and the previous one deciding cannot cross.
func withLock(root string, fn func() error) error {
	f, err := os.OpenFile(filepath.Join(root, lockFile), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		return err
	}
	defer syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return fn()
}
