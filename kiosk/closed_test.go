package kiosk

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// displaySwitch records what the shell asked of the display.
type displaySwitch struct{ calls []bool }

func (d *displaySwitch) set(on bool) { d.calls = append(d.calls, on) }

// closingRig is a shell open 08:00–18:00 every day, its clock at 10:00.
func closingRig(t *testing.T, size fyne.Size, more ...func(*Config, *Sources)) (*rig, *displaySwitch, *fakeUsage) {
	t.Helper()
	hours, err := ParseSchedule(map[string]string{"mon-sun": "08:00-18:00"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := &displaySwitch{}
	v := &fakeUsage{}
	adjust := append([]func(*Config, *Sources){func(c *Config, s *Sources) {
		c.Hours, c.Display, c.Location = hours, d.set, time.UTC
		s.Usage = v
	}}, more...)
	return newRig(t, size, adjust...), d, v
}

func TestClosingWaitsForTheVisitor(t *testing.T) {
	r, display, seen := closingRig(t, landscape)
	r.clock.Add(7*time.Hour + 59*time.Minute) // 17:59
	test.Tap(r.cardWith(t, TileStories))
	test.Tap(r.cardWith(t, "清厢茶馆"))
	r.clock.Add(80 * time.Second) // 18:00:20, still reading
	r.k.Tick()
	r.expect(t, "story")
	r.clock.Add(15 * time.Second) // idle 95 s: closes instead of the attract loop
	r.k.Tick()
	r.expect(t, "closed")
	if !r.showing("下次开放　明天 08:00") || !r.showing("现在不是开放时间，欢迎开放时间再来") {
		t.Error("the closed screen must say when it opens, and why it is dark")
	}
	if last := seen.views[len(seen.views)-1]; last.Screen != "story" {
		t.Errorf("the story's view must end at closing, last view %+v", last)
	}
	if len(display.calls) != 0 {
		t.Fatalf("the display must stay on a while after closing: %v", display.calls)
	}

	// Half a minute on, the screen dims and the display is switched off.
	r.clock.Add(closedAwake)
	r.k.Tick()
	if !r.k.ScreenDark() || len(display.calls) != 1 || display.calls[0] {
		t.Fatalf("display calls %v, dark %v; want one off", display.calls, r.k.ScreenDark())
	}
	if r.showing("现在不是开放时间，欢迎开放时间再来") {
		t.Error("the dimmed screen should only show the clock and the hours")
	}
	// A touch in the night: the display comes on and says when to come.
	test.TapCanvas(r.w.Canvas(), fyne.NewPos(960, 540))
	if r.k.ScreenDark() || len(display.calls) != 2 || !display.calls[1] || !r.showing("现在不是开放时间，欢迎开放时间再来") {
		t.Fatalf("a touch must light the closed screen: calls %v", display.calls)
	}
	r.expect(t, "closed")
	r.clock.Add(closedAwake)
	r.k.Tick()
	if !r.k.ScreenDark() {
		t.Fatal("dark again after the touch's while")
	}

	// An import during the night changes nothing on screen.
	r.k.Imported()
	r.expect(t, "closed")
	if r.k.Notice() != "" {
		t.Errorf("no notice on the closed screen, got %q", r.k.Notice())
	}

	// Next morning after 08:00: the display comes on and the attract loop invites visitors.
	r.clock.Add(14 * time.Hour) // 08:01:35
	r.k.Tick()
	r.expect(t, "attract")
	if !display.calls[len(display.calls)-1] {
		t.Errorf("the display must be on at opening: %v", display.calls)
	}
	closed := seen.views[len(seen.views)-1]
	if closed.Screen != "closed" || closed.Dwell < 13*time.Hour {
		t.Errorf("the night must be counted as one closed view, got %+v", closed)
	}
	test.TapCanvas(r.w.Canvas(), fyne.NewPos(960, 540))
	r.expect(t, "home")
}

func TestClosingNeverCutsAnExhibit(t *testing.T) {
	shelf := &fakeShelf{}
	r, _, _ := closingRig(t, landscape, func(_ *Config, s *Sources) { s.Exhibits = shelf })
	shelf.list = []Exhibit{{Name: "quiz/demo/q", Kind: "quiz", Title: "清廉萧山知识问答", Detail: "10 道题"}}
	r.clock.Add(7*time.Hour + 59*time.Minute) // 17:59
	r.openExhibit(t, "知识问答")
	shelf.runs[0].show()
	r.k.Tick()
	r.expect(t, "exhibit")
	// Closing time passes while the visitor plays (the exhibit keeps its own idle time).
	for range 10 {
		r.clock.Add(time.Minute)
		r.k.Tick()
	}
	r.expect(t, "exhibit")
	if shelf.runs[0].stops != 0 {
		t.Fatal("closing stopped an exhibit in play")
	}
	// The visitor leaves; the exhibit ends on its idle time; the kiosk closes.
	shelf.runs[0].end(ExhibitResult{TimedOut: true})
	r.k.Tick()
	r.clock.Add(time.Second)
	r.k.Tick()
	r.expect(t, "closed")
}

// A kiosk started at night (a restart, power back) shows the closed
// screen at once, not a lit Home, and counts no visit.
func TestStartedAtNight(t *testing.T) {
	hours, _ := ParseSchedule(map[string]string{"mon-sun": "08:00-18:00"}, nil)
	u := &fakeUsage{}
	r := newRig(t, landscape, func(c *Config, s *Sources) {
		c.Hours, c.Location = hours, time.FixedZone("CST", 8*3600) // 10:00 UTC is 18:00 here
		s.Usage = u
	})
	r.expect(t, "closed")
	r.clock.Add(time.Minute)
	r.k.Tick()
	r.k.EndUsage()
	for _, v := range u.views {
		if v.Screen != "closed" {
			t.Errorf("a kiosk started at night recorded a %s view", v.Screen)
		}
	}
}

func TestStaffModeAtNight(t *testing.T) {
	f := &fakeStaff{pin: "2468"}
	r, _, _ := closingRig(t, landscape, func(_ *Config, s *Sources) { s.Staff = f })
	r.clock.Add(12 * time.Hour) // 22:00
	r.k.Tick()
	r.expect(t, "closed")
	for range staffTaps {
		test.TapCanvas(r.w.Canvas(), fyne.NewPos(960, 540))
		r.clock.Add(200 * time.Millisecond)
	}
	r.expect(t, "staff-pin")
	r.typePIN(t, "2468")
	r.expect(t, "staff")
	// Left alone, staff mode gives way to the closed screen again.
	r.clock.Add(2 * time.Minute)
	r.k.Tick()
	r.expect(t, "closed")
}

func TestClosedScreenMovesAndGolden(t *testing.T) {
	inBothOrientations(t, func(t *testing.T, size fyne.Size, golden func(*testing.T, fyne.Window, string)) {
		r, _, _ := closingRig(t, size)
		r.clock.Add(12*time.Hour + 5*time.Minute) // 22:05
		r.k.Tick()
		golden(t, r.w, "closed")
		column := r.k.closed.place
		absolute := fyne.CurrentApp().Driver().AbsolutePositionForObject
		before := absolute(r.k.closed.clock)
		r.clock.Add(closedShift)
		r.k.Tick()
		if after := absolute(r.k.closed.clock); after == before || column.n == 0 {
			t.Errorf("the clock must move a little every minute: %v then %v", before, after)
		}
		if !r.showing("22:06") {
			t.Error("the clock must follow the time")
		}
	})
}

// A site closed all week says so, with no next opening to promise.
func TestClosedAllWeek(t *testing.T) {
	hours, err := ParseSchedule(map[string]string{"mon-sun": "closed"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := newRig(t, landscape, func(c *Config, _ *Sources) { c.Hours = hours })
	r.expect(t, "closed")
	if !r.showing("今日闭馆") || r.showing("下次开放") {
		t.Error("a site closed all week must say 今日闭馆 and promise no opening")
	}
}
