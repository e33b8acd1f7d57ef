package main

import (
	"testing"
	"time"
	_ "unsafe" // go:linkname, to read what Fyne took

	"qingfeng/app/qingfeng/internal/fynecache"
)

// fyneCacheTime is how long Fyne keeps what it drew of objects no longer
// drawn, as its cache package read it at initialisation. Only this test
// reads Fyne's internals; the program sets the environment.
//
//go:linkname fyneCacheTime fyne.io/fyne/v2/internal/cache.ValidDuration
var fyneCacheTime time.Duration

// The setting reaches Fyne: it is read in Fyne's package initialisation,
// so a Setenv anywhere later (as the shell once did) is ignored and Fyne
// keeps a minute of screens.
func TestFyneKeepsDrawnThingsBriefly(t *testing.T) {
	want, err := time.ParseDuration(fynecache.Duration)
	if err != nil {
		t.Fatal(err)
	}
	if fyneCacheTime != want {
		t.Fatalf("Fyne keeps drawn things for %v, want %v (FYNE_CACHE set too late?)", fyneCacheTime, want)
	}
}
