package kiosk

import "time"

// View is one stay on one screen, for usage statistics: what was shown,
// from when, for how long, and how many touches it got. Nothing in it says
// who the visitor was.
type View struct {
	Screen string // home, stories, story, table, exhibit, attract, …
	Item   string // a story's or disclosure's package/id, an exhibit's name; "" for the other screens
	Title  string // the item's title
	At     time.Time
	Dwell  time.Duration
	Taps   int
}

// UsageRecorder is told of every screen a visitor leaves. It is called on
// the Fyne thread and must not block.
type UsageRecorder interface {
	Viewed(v View)
}

// nowViewing ends the view on screen (if any) and starts the next.
func (k *Kiosk) nowViewing(screen, item, title string) {
	now := k.clock.Now()
	if v := k.viewing; v.Screen != "" && k.src.Usage != nil {
		v.Dwell = now.Sub(v.At)
		k.src.Usage.Viewed(v)
	}
	k.viewing = View{Screen: screen, Item: item, Title: title, At: now}
}

// FlushUsage reports the view on screen now, and starts it afresh: for a
// kiosk shutting down, or a statistics export that should include now.
func (k *Kiosk) FlushUsage() {
	v := k.viewing
	if v.Screen == "" {
		return
	}
	k.nowViewing(v.Screen, v.Item, v.Title)
}
