// Package assets holds what the binaries embed: the demo content package
// (written from the 2022 萧山 newspaper feature, see assets/demo/package.yaml).
package assets

import (
	"embed"
	"io/fs"
)

//go:embed demo
var demo embed.FS

// Demo returns the bundled demo content package, rooted at its package.yaml.
func Demo() fs.FS {
	sub, err := fs.Sub(demo, "demo")
	if err != nil {
		panic(err) // the embed directive guarantees the folder exists
	}
	return sub
}
