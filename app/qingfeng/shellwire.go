package main

import (
	"context"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"

	"qingfeng/kiosk"
	"qingfeng/kiosk/handwriting"
	"qingfeng/kiosk/narration"
	"qingfeng/kiosk/pinyin"
	"qingfeng/kiosk/x11"
)

// The kiosk's screens and what feeds them (a step of app.shell).

// wireKiosk builds the kiosk's screens on the window, with their sources:
// the store, the keyboard's dictionary, the exhibits, the statistics,
// staff mode and the display's power, and shows the inbox's progress.
func (s *kioskShell) wireKiosk(ctx context.Context) {
	a := s.a
	// The keyboard's dictionary is not needed before a resident opens the
	// opinion form: it loads a few seconds after the first frame.
	var dict atomic.Pointer[pinyin.Dict]
	go func() {
		select {
		case <-time.After(3 * time.Second):
		case <-ctx.Done():
			return
		}
		started := time.Now()
		d, err := pinyin.Default()
		if err != nil {
			a.log.Error("pinyin dictionary unreadable: the opinion form cannot offer characters", "err", err)
			return
		}
		dict.Store(d)
		a.log.Info("pinyin dictionary loaded", "took", time.Since(started).Round(time.Millisecond))
	}()
	// The writing pad's model (Debian's tegaki-zinnia-simplified-chinese) is
	// checked likewise, then mapped only while the pad is shown; without it
	// the keyboard has no 手写 switch.
	var hand atomic.Pointer[handwriting.Recognizer]
	go func() {
		select {
		case <-time.After(3 * time.Second):
		case <-ctx.Done():
			return
		}
		started := time.Now()
		r, err := handwriting.Open("")
		if err != nil {
			a.log.Warn("handwriting off, the keyboard offers pinyin only", "err", err)
			return
		}
		hand.Store(r)
		a.log.Info("handwriting model checked", "took", time.Since(started).Round(time.Millisecond))
	}()
	// While idle the kiosk gives back what a visit left behind, the
	// writing pad's model included (mapped again when the pad is shown).
	keeper := newMemoryKeeper(a.log)
	keeper.release = func() {
		if r := hand.Load(); r != nil {
			r.Release()
		}
		releaseMemory()
	}
	// A frame that frees the textures which expired (s.k is set below,
	// before the first tick can make the kiosk quiet).
	keeper.settle = func() { fyne.Do(func() { s.k.DrawAgain() }) }
	op := a.cfg.Opinions
	if !op.CollectsContact() {
		a.log.Info("no office key configured: the opinion form offers no name or phone fields")
	}
	s.shelf = &exhibitShelf{a: a, st: s.st, windowed: s.windowed, scale: s.w.Canvas().Scale}
	s.views = &usageLog{}
	var staff kiosk.StaffDesk
	if a.cfg.Staff.PINHash != "" {
		staff = staffDesk{a: a, st: s.st, rescan: a.rescan, usage: s.views, imported: func() { fyne.Do(s.k.Imported) }}
	}
	var power func(bool)
	if a.cfg.Schedule.DisplayOff && !s.windowed {
		power = x11.Power(a.log)
	}
	sources := s.sources
	k := kiosk.New(s.fa, s.w, kiosk.Config{
		SiteID: a.cfg.Site.ID, SiteName: a.cfg.Site.Name, SiteKind: a.cfg.Site.Kind,
		IdleAfter: a.cfg.Screen.IdleAfter, Slide: a.cfg.Screen.Slide,
		Touch: a.cfg.Screen.Touch && !s.windowed, Portrait: s.fit.Portrait,
		Location: a.cfg.location, Strings: a.cfg.Strings, Log: a.log,
		Hours: a.cfg.hours, Display: power,
		OnShow: a.onShow(keeper.shown), OnQuiet: keeper.quiet,
		Opinions: kiosk.OpinionSettings{Categories: op.Categories, Phrases: op.Phrases,
			MinInterval: op.MinInterval, MaxLength: op.MaxLength, Contacts: op.CollectsContact()},
		StoryCategories: a.cfg.Categories.Stories, DisclosureCategories: a.cfg.Categories.Disclosures,
	}, kiosk.Sources{Stories: sources.Stories, Disclosures: sources.Disclosures, Search: sources.Search,
		Narrator: &narration.Player{Log: a.log}, Opinions: newOpinionRecorder(s.st, &a.cfg, a.log),
		Pinyin: dict.Load, Handwriting: hand.Load, Exhibits: s.shelf, Usage: s.views, Staff: staff, Replies: replyBook{st: s.st},
		Notices: s.st, Films: filmLibrary{s.st}, FilmPlayer: newFilmPlayer(s.w, a.log)}, kiosk.SystemClock{})
	s.k = k

	terminal := s.im.Progress
	s.im.Progress = func(stage string, done, total int) {
		terminal(stage, done, total)
		fyne.Do(func() { k.Progress(stage, done, total) })
	}
}
