//go:build e2e

package main

import (
	"fmt"
	"testing"
)

// The kiosk fits itself to the screen it starts on: Xvfb reports no
// believable physical size, so the pixel rule chooses (docs/config.md).
func TestE2EScaleFromScreen(t *testing.T) {
	for _, tc := range []struct {
		w, h  int
		scale string
	}{
		{3840, 2160, "2"},
		{1366, 768, "1"},
	} {
		t.Run(fmt.Sprintf("%dx%d", tc.w, tc.h), func(t *testing.T) {
			d := startXvfb(t, tc.w, tc.h)
			k := startKiosk(t, d, "screen:\n  slide: 1h\n  idle_after: 1h\n")
			if !k.logged("screen fitted", fmt.Sprintf("pixels=%dx%d", tc.w, tc.h), "scale="+tc.scale+" ") {
				t.Fatalf("no log line saying scale %s for %dx%d; the log:\n%s", tc.scale, tc.w, tc.h, k.tail(30))
			}
			id := d.window(t)
			if g, want := d.geometry(id), fmt.Sprintf("%dx%d+0+0", tc.w, tc.h); g != want {
				t.Fatalf("the kiosk window is %s, want the whole screen %s", g, want)
			}
			if s := spread(d.shot(fmt.Sprintf("scale-%dx%d-home", tc.w, tc.h))); s < 20 {
				t.Fatalf("Home looks blank at %dx%d (spread %.1f)", tc.w, tc.h, s)
			}
			k.stop(t)
		})
	}
}
