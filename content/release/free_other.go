//go:build !linux

package release

import "errors"

// FreeBytes is not known on this system: a release is refused.
func FreeBytes(string) (int64, error) { return 0, errors.New("unsupported") }
