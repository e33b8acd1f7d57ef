package kiosk

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

type fakeUsage struct{ views []View }

func (f *fakeUsage) Viewed(v View) { f.views = append(f.views, v) }

// Each screen left is one view, with its item, how long it was on and how
// many touches it had; the attract loop counts too.
func TestUsageViews(t *testing.T) {
	u := &fakeUsage{}
	r := newRig(t, landscape, func(_ *Config, s *Sources) { s.Usage = u })
	r.clock.Add(5 * time.Second)
	test.Tap(r.cardWith(t, TileStories))
	r.clock.Add(3 * time.Second)
	test.Tap(r.cardWith(t, "清厢茶馆"))
	r.clock.Add(20 * time.Second)
	r.k.Touched() // a scroll…
	r.k.Touched() // …reaching two handlers at once: one touch
	r.clock.Add(20 * time.Second)
	test.Tap(r.button(t, "返回"))
	r.clock.Add(2 * time.Minute)
	r.k.Tick() // idle: attract
	r.clock.Add(10 * time.Minute)
	r.k.endAttract()
	r.k.EndUsage()

	want := []struct {
		screen string
		dwell  time.Duration
		taps   int
		item   bool
	}{
		{"home", 5 * time.Second, 1, false},
		{"stories", 3 * time.Second, 1, false},
		{"story", 40 * time.Second, 2, true},
		{"stories", 2 * time.Minute, 0, false},
		{"attract", 10 * time.Minute, 1, false},
		{"home", 0, 0, false},
	}
	if len(u.views) != len(want) {
		t.Fatalf("%d views: %+v", len(u.views), u.views)
	}
	for i, w := range want {
		v := u.views[i]
		if v.Screen != w.screen || v.Dwell != w.dwell || v.Taps != w.taps || (v.Item != "") != w.item {
			t.Errorf("view %d = %+v, want %+v", i, v, w)
		}
	}
	if s := u.views[2]; s.Title == "" || s.Item == "" {
		t.Errorf("the story view does not say which story: %+v", s)
	}
}

// A kiosk shutting down reports the screen on show once, from whichever
// goroutine finishes the stop, and nothing after that.
func TestEndUsageReportsTheLastScreenOnce(t *testing.T) {
	u := &fakeUsage{}
	r := newRig(t, landscape, func(_ *Config, s *Sources) { s.Usage = u })
	r.clock.Add(5 * time.Second)
	test.Tap(r.cardWith(t, TileStories))
	r.clock.Add(7 * time.Second)
	r.k.Touched()
	done := make(chan struct{})
	go func() { // as the shell's stop does when Fyne's loop is stuck
		r.k.EndUsage()
		close(done)
	}()
	<-done
	r.k.EndUsage()
	test.Tap(r.button(t, "首页")) // a late event: not a view any more
	if len(u.views) != 2 {
		t.Fatalf("%d views, want home and stories: %+v", len(u.views), u.views)
	}
	if v := u.views[1]; v.Screen != "stories" || v.Dwell != 7*time.Second || v.Taps != 1 {
		t.Fatalf("last view %+v, want stories for 7s with one touch", v)
	}
}
