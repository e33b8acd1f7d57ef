//go:build !unix

package release

// withLock runs fn: kiosks run Linux; elsewhere (an office PC making a
// release) no trial is ever run.
func withLock(_ string, fn func() error) error { return fn() }
