//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package durable

// SyncDir does nothing here: Windows cannot flush a folder handle (and NTFS
// journals its metadata), and an export or keygen on an office PC must not
// fail on it.
func SyncDir(string) error { return nil }
