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
	k.viewMu.Lock()
	defer k.viewMu.Unlock()
	if k.usageEnded {
		return
	}
	now := k.clock.Now()
	k.endView(now)
	k.viewing = View{Screen: screen, Item: item, Title: title, At: now}
}

// endView reports the view on screen until now, if any; viewMu is held.
func (k *Kiosk) endView(now time.Time) {
	if v := k.viewing; v.Screen != "" && k.src.Usage != nil {
		v.Dwell = now.Sub(v.At)
		k.src.Usage.Viewed(v)
	}
}

// EndUsage reports the view on screen now, for a kiosk shutting down;
// later calls, and later screens, report nothing. Unlike the rest of the
// shell it may be called from any goroutine: the stop may have to finish
// without the UI thread.
func (k *Kiosk) EndUsage() {
	k.viewMu.Lock()
	defer k.viewMu.Unlock()
	k.endView(k.clock.Now())
	k.viewing = View{}
	k.usageEnded = true
}
