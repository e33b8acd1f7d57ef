package store

import (
	"sort"
	"strings"
	"time"
)

// UsageStats is what staff mode shows of the statistics: a few numbers a
// station's staff can act on, over the last days.
type UsageStats struct {
	Days []DayUse // one per calendar day, oldest first, days without use included
	// Top are the stories and disclosures most viewed, most first.
	Top []ItemUse
	// Exhibits are the exhibits played, most first.
	Exhibits []ItemUse
	// Hours are the touches by hour of the day (local time).
	Hours [24]int
}

// Screens that are not a visitor's: the attract loop and the closed
// screen (nobody there), staff mode.
func idleScreen(screen string) bool  { return screen == "attract" || screen == "closed" }
func staffScreen(screen string) bool { return screen == "staff" || screen == "staff-pin" }

// DayUse is one day's use of the kiosk.
type DayUse struct {
	Date    time.Time     // local midnight
	Visits  int           // a visit: from the attract loop (or a closed screen) to the first screen touched
	Pages   int           // screens shown to visitors (not the attract loop or the closed screen)
	Touches int           // on visitors' screens
	Attract time.Duration // time in the attract loop
}

// ItemUse is one story's, disclosure's or exhibit's use.
type ItemUse struct {
	Screen, Item, Title string
	Views               int
	Dwell               time.Duration // in all
}

// SummariseUsage counts views (ordered by time) by day for the days days
// ending with the day of now, in loc, and keeps the top most viewed
// stories and disclosures.
func SummariseUsage(views []UsageView, now time.Time, days, top int, loc *time.Location) UsageStats {
	var st UsageStats
	local := now.In(loc)
	last := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	first := last.AddDate(0, 0, -(days - 1))
	index := map[string]int{}
	for i := range days {
		d := first.AddDate(0, 0, i)
		st.Days = append(st.Days, DayUse{Date: d})
		index[d.Format("2006-01-02")] = i
	}
	items := map[string]*ItemUse{}
	idle := true // the kiosk starts without a visitor
	for _, v := range views {
		at := v.At.In(loc)
		i, ok := index[at.Format("2006-01-02")]
		if !ok {
			idle = idleScreen(v.Screen)
			continue
		}
		d := &st.Days[i]
		if staffScreen(v.Screen) {
			continue // staff at work: not a visit, and the visit goes on after
		}
		if idleScreen(v.Screen) {
			if v.Screen == "attract" {
				d.Attract += v.Dwell
			}
			idle = true
			continue
		}
		if idle {
			d.Visits++
			idle = false
		}
		d.Pages++
		d.Touches += v.Taps
		st.Hours[at.Hour()] += v.Taps // the hour the view began
		switch v.Screen {
		case "story", "table", "exhibit":
			key := v.Screen + "\x00" + v.Item
			it := items[key]
			if it == nil {
				it = &ItemUse{Screen: v.Screen, Item: v.Item}
				items[key] = it
			}
			it.Views++
			it.Dwell += v.Dwell
			if v.Title != "" {
				it.Title = v.Title // the latest title
			}
		}
	}
	for _, it := range items {
		if it.Title == "" {
			it.Title = it.Item
		}
		if it.Screen == "exhibit" {
			st.Exhibits = append(st.Exhibits, *it)
		} else {
			st.Top = append(st.Top, *it)
		}
	}
	for _, l := range []*[]ItemUse{&st.Top, &st.Exhibits} {
		sort.Slice(*l, func(i, j int) bool {
			a, b := (*l)[i], (*l)[j]
			if a.Views != b.Views {
				return a.Views > b.Views
			}
			if a.Dwell != b.Dwell {
				return a.Dwell > b.Dwell
			}
			return strings.Compare(a.Item, b.Item) < 0
		})
	}
	if len(st.Top) > top {
		st.Top = st.Top[:top]
	}
	return st
}
