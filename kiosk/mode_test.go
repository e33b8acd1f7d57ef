package kiosk

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// modeRig is a shell open 08:00–18:00 with staff mode and one exhibit,
// its clock at 10:00.
func modeRig(t *testing.T) (*rig, *fakeShelf) {
	t.Helper()
	shelf := &fakeShelf{}
	r, _, _ := closingRig(t, landscape, func(_ *Config, s *Sources) {
		s.Exhibits = shelf
		s.Staff = &fakeStaff{pin: "2468"}
	})
	shelf.list = []Exhibit{{Name: "quiz/demo/q", Kind: "quiz", Title: "清廉萧山知识问答", Detail: "10 道题"}}
	return r, shelf
}

// checkMode fails unless the shell is in want, with the state of that
// mode and of no other.
func checkMode(tb testing.TB, k *Kiosk, want mode) {
	tb.Helper()
	if k.mode != want {
		tb.Fatalf("mode %v, want %v (screen %q)", k.mode, want, k.Current())
	}
	if (k.attract != nil) != (want == modeAttract) || (k.closed != nil) != (want == modeClosed) || (k.playing != nil) != (want == modeExhibit) {
		tb.Fatalf("in mode %v: attract %v, closed %v, playing %v", want, k.attract != nil, k.closed != nil, k.playing != nil)
	}
}

func (r *rig) idle(d time.Duration) {
	for end := r.clock.Now().Add(d); r.clock.Now().Before(end); {
		r.clock.Add(10 * time.Second)
		r.k.Tick()
	}
}

func (r *rig) tapAnywhere() { test.TapCanvas(r.w.Canvas(), fyne.NewPos(960, 540)) }

func TestModeTransitions(t *testing.T) {
	toAttract := func(t *testing.T, r *rig, _ *fakeShelf) { r.idle(2 * time.Minute) }
	toStaff := func(t *testing.T, r *rig, _ *fakeShelf) {
		for range staffTaps {
			test.Tap(r.siteName(t))
		}
		r.typePIN(t, "2468")
	}
	toExhibit := func(t *testing.T, r *rig, s *fakeShelf) {
		r.openExhibit(t, "知识问答")
		s.runs[0].show()
		r.k.Tick()
	}
	toClosed := func(t *testing.T, r *rig, _ *fakeShelf) { r.idle(12 * time.Hour) } // 22:00
	for _, c := range []struct {
		name       string
		to         func(*testing.T, *rig, *fakeShelf)
		in         mode
		event      func(*testing.T, *rig, *fakeShelf)
		want       mode
		wantScreen string
	}{
		{"browsing, idle: attract", nil, modeBrowsing, toAttract, modeAttract, "attract"},
		{"attract, tap: browsing", toAttract, modeAttract, func(_ *testing.T, r *rig, _ *fakeShelf) { r.tapAnywhere() }, modeBrowsing, "home"},
		{"attract, slides go on", toAttract, modeAttract, func(_ *testing.T, r *rig, _ *fakeShelf) { r.idle(time.Hour) }, modeAttract, "attract"},
		{"browsing, staff gesture and PIN: staff", nil, modeBrowsing, toStaff, modeStaff, "staff"},
		{"staff, idle: attract", toStaff, modeStaff, toAttract, modeAttract, "attract"},
		{"staff, back: browsing", toStaff, modeStaff, func(_ *testing.T, r *rig, _ *fakeShelf) { r.k.Back() }, modeBrowsing, "home"},
		{"browsing, exhibit started: exhibit", nil, modeBrowsing, toExhibit, modeExhibit, "exhibit"},
		{"exhibit suspends idle", toExhibit, modeExhibit, func(_ *testing.T, r *rig, _ *fakeShelf) { r.idle(10 * time.Minute) }, modeExhibit, "exhibit"},
		{"exhibit ends: browsing", toExhibit, modeExhibit, func(_ *testing.T, r *rig, s *fakeShelf) {
			s.runs[0].end(ExhibitResult{})
			r.k.Tick()
		}, modeBrowsing, "exhibits"},
		{"exhibit times out: attract", toExhibit, modeExhibit, func(_ *testing.T, r *rig, s *fakeShelf) {
			s.runs[0].end(ExhibitResult{TimedOut: true})
			r.k.Tick()
		}, modeAttract, "attract"},
		{"exhibit, its screen left: stopped, the mode lasts until it ends", toExhibit, modeExhibit, func(t *testing.T, r *rig, s *fakeShelf) {
			r.k.Back()
			if s.runs[0].stops != 1 {
				t.Fatalf("leaving the exhibit's screen stopped it %d times", s.runs[0].stops)
			}
			checkMode(t, r.k, modeExhibit)
			r.k.startExhibit(s.list[0]) // a second one waits for the first to end
			if len(s.runs) != 1 {
				t.Fatal("a second exhibit started while the first was stopping")
			}
			s.runs[0].end(ExhibitResult{})
			r.k.Tick()
		}, modeBrowsing, "exhibits"},
		{"exhibit, closing time: waits for it", toExhibit, modeExhibit, toClosed, modeExhibit, "exhibit"},
		{"browsing, idle after closing time: closed", nil, modeBrowsing, toClosed, modeClosed, "closed"},
		{"attract, closing time: closed", toAttract, modeAttract, toClosed, modeClosed, "closed"},
		{"closed ignores the idle timer", toClosed, modeClosed, func(_ *testing.T, r *rig, _ *fakeShelf) { r.idle(3 * time.Hour) }, modeClosed, "closed"},
		{"closed, a tap: still closed", toClosed, modeClosed, func(_ *testing.T, r *rig, _ *fakeShelf) { r.tapAnywhere() }, modeClosed, "closed"},
		{"closed, content changed: still closed", toClosed, modeClosed, func(_ *testing.T, r *rig, _ *fakeShelf) { r.k.Imported() }, modeClosed, "closed"},
		{"closed, the staff gesture: staff", toClosed, modeClosed, func(_ *testing.T, r *rig, _ *fakeShelf) {
			for range staffTaps {
				r.tapAnywhere()
			}
		}, modeStaff, "staff-pin"},
		{"closed, opening hour: attract", toClosed, modeClosed, func(_ *testing.T, r *rig, _ *fakeShelf) { r.idle(10 * time.Hour) }, modeAttract, "attract"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, shelf := modeRig(t)
			if c.to != nil {
				c.to(t, r, shelf)
			}
			checkMode(t, r.k, c.in)
			c.event(t, r, shelf)
			checkMode(t, r.k, c.want)
			r.expect(t, c.wantScreen)
		})
	}
}

// A transition asked for from a mode it does not leave does nothing.
func TestModeTransitionsCheckTheModeTheyLeave(t *testing.T) {
	r, shelf := modeRig(t)
	if r.k.leaveAttract() || r.k.leaveClosed() != nil || r.k.leaveExhibit(&playing{}) {
		t.Fatal("left a mode the shell was not in")
	}
	checkMode(t, r.k, modeBrowsing)
	r.openExhibit(t, "知识问答")
	checkMode(t, r.k, modeExhibit)
	if r.k.enterAttract(&attractLoop{k: r.k}) || r.k.enterClosed() || r.k.enterExhibit(&playing{}) || r.k.leaveExhibit(&playing{}) {
		t.Fatal("an exhibit in play was cut by another mode")
	}
	checkMode(t, r.k, modeExhibit)
	shelf.runs[0].end(ExhibitResult{})
	r.k.Tick()
	checkMode(t, r.k, modeBrowsing)
}
