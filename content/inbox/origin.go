package inbox

import (
	"os"
	"path/filepath"
)

// Synced reports whether the inbox folder dir is kept by Syncthing (a
// .stfolder marker in it or in a folder above it) rather than filled by a
// person: a USB stick, or a copy by hand. A package a person brings is
// worth telling them about on the screen itself; one that comes in the
// night by sync is not, and must not light up a closed screen.
func Synced(dir string) bool {
	d, err := filepath.Abs(dir)
	if err != nil {
		d = dir
	}
	for {
		if _, err := os.Stat(filepath.Join(d, ".stfolder")); err == nil {
			return true
		}
		up := filepath.Dir(d)
		if up == d {
			return false
		}
		d = up
	}
}
