//go:build e2e || integration

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
)

// binaries builds qingfeng and qingfeng-exhibits side by side, once per
// test run, as make build does.
var binaries = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "qingfeng-e2e-bin")
	if err != nil {
		return "", err
	}
	for _, pkg := range []string{"qingfeng", "qingfeng-exhibits"} {
		build := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", filepath.Join(dir, pkg), "../"+pkg)
		if out, err := build.CombinedOutput(); err != nil {
			return "", fmt.Errorf("build %s: %v\n%s", pkg, err, out)
		}
	}
	return dir, nil
})
