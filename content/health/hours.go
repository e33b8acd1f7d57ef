package health

import (
	"time"

	"qingfeng/content/fleet"
)

// OpenIntervals is when open says the kiosk is open between from and
// until, as intervals (UTC), found a minute at a time: opening hours are
// set to the minute. A heartbeat gives two weeks of them, 20160 questions.
func OpenIntervals(open func(time.Time) bool, from, until time.Time) []fleet.Interval {
	var out []fleet.Interval
	from = from.Truncate(time.Minute)
	var start time.Time
	in := false
	t := from
	for ; t.Before(until); t = t.Add(time.Minute) {
		switch o := open(t); {
		case o && !in:
			start, in = t, true
		case !o && in:
			out = append(out, fleet.Interval{From: start.UTC(), Until: t.UTC()})
			in = false
		}
	}
	if in {
		out = append(out, fleet.Interval{From: start.UTC(), Until: t.UTC()})
	}
	return out
}
