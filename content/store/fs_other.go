//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package store

import "context"

// dirLock is a no-op where flock is missing: there the store relies on one
// process owning the data folder, and on Store's mutex within it.
type dirLock struct{}

func openDirLock(string) (*dirLock, error) { return &dirLock{}, nil }

func (*dirLock) lock(context.Context) error { return nil }

func (*dirLock) unlock() error { return nil }

func (*dirLock) close() error { return nil }
