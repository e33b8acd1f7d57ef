// Package fynecache shortens how long Fyne keeps what it drew of objects
// no longer on screen, before Fyne reads the setting.
//
// Fyne keeps each object's renderer and textures, and the texture of every
// text it rasterised, for a minute after they were last drawn (FYNE_CACHE,
// read once in Fyne's package initialisation). A kiosk builds a new screen
// for each visit, so that minute holds the textures of every screen seen in
// it: with Mesa's software renderer they are the process's own memory, the
// largest part of what a walk through the stories adds. Three seconds still
// covers a screen and the one before it while a visitor goes back and
// forth; the kiosk draws the screen shown once a second while a visitor is
// at it, so its own textures do not expire under them (kiosk.keepDrawn).
// FYNE_CACHE already in the environment is left alone.
//
// Like the locale package beside it, this must be initialised before Fyne:
// it imports only syscall, so Go's initialisation order (by import path
// among the packages whose imports are ready) runs it as soon as syscall
// is ready, before time, which Fyne's cache needs. TestFyneKeepsDrawnThingsBriefly
// in the command's tests reads the duration Fyne took. It may import
// nothing else.
package fynecache

import "syscall"

// Duration is what FYNE_CACHE is set to.
const Duration = "3s"

func init() {
	if v, _ := syscall.Getenv("FYNE_CACHE"); v != "" {
		return
	}
	syscall.Setenv("FYNE_CACHE", Duration)
}
