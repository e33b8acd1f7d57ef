//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package store

import (
	"context"
	"errors"
	"os"
	"syscall"
	"time"
)

// dirLock is an advisory flock on a file in the data folder. The kernel drops
// it when the process dies, so a crashed install never leaves it stuck.
type dirLock struct{ f *os.File }

func openDirLock(path string) (*dirLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	return &dirLock{f: f}, nil
}

// lock polls a non-blocking flock so that a caller can give up through ctx
// while another process holds the lock for a long install.
func (l *dirLock) lock(ctx context.Context) error {
	for {
		err := syscall.Flock(int(l.f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (l *dirLock) unlock() error {
	return syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
}

func (l *dirLock) close() error { return l.f.Close() }
