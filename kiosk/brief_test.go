package kiosk

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// Work done at once continues in place: no "busy" state is shown for it,
// so the answer is in the frame after the tap.
func TestRunBrieflyContinuesInPlaceWhenQuick(t *testing.T) {
	test.NewTempApp(t)
	k := &Kiosk{}
	var order []string
	k.runBriefly(func() { order = append(order, "work") },
		func() { order = append(order, "meanwhile") },
		func() { order = append(order, "then") })
	if got := len(order); got != 2 || order[0] != "work" || order[1] != "then" {
		t.Fatalf("quick work: %v, want [work then] before runBriefly returns", order)
	}
}

// Slow work shows the busy state first and continues when it is done,
// not on the tap's frame.
func TestRunBrieflyShowsBusyWhenSlow(t *testing.T) {
	test.NewTempApp(t)
	k := &Kiosk{}
	release, finished := make(chan struct{}), make(chan struct{})
	meanwhile, thenEarly := false, false
	start := time.Now()
	k.runBriefly(func() { <-release },
		func() { meanwhile = true },
		func() { close(finished) })
	select {
	case <-finished:
		thenEarly = true
	default:
	}
	if waited := time.Since(start); waited < briefly {
		t.Errorf("runBriefly returned after %v, before giving the work %v", waited, briefly)
	}
	if !meanwhile || thenEarly {
		t.Fatalf("slow work: meanwhile %v, then before the work ended %v; want the busy state and then later", meanwhile, thenEarly)
	}
	close(release)
	select {
	case <-finished:
	case <-time.After(5 * time.Second):
		t.Fatal("then was not called after the work ended")
	}
}
