package kiosk

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Schedule is a site's opening hours: for each weekday, the spans of the
// day the screen is open, and dates that differ (public holidays, make-up
// working days). The zero Schedule is open around the clock.
type Schedule struct {
	set   bool
	week  [7][]span         // by time.Weekday
	dates map[string][]span // "2006-01-02" → that day's spans (empty: closed)
}

// span is a part of a day, in minutes since midnight: [from, to).
type span struct{ from, to int }

// weekdays by the names a config may use.
var weekdays = map[string]time.Weekday{
	"mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday, "thu": time.Thursday,
	"fri": time.Friday, "sat": time.Saturday, "sun": time.Sunday,
	"周一": time.Monday, "周二": time.Tuesday, "周三": time.Wednesday, "周四": time.Thursday,
	"周五": time.Friday, "周六": time.Saturday, "周日": time.Sunday,
}

var dayNames = [7]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// ParseSchedule reads opening hours. hours maps days to their spans:
// "mon-fri": "08:30-12:00, 13:30-17:30", "sat": "09:00-12:00", "sun":
// "closed" (Chinese day names 周一…周日 work too). A day not named is
// closed. dates maps a date to that day's spans or "closed", over its
// weekday's. Both empty: open around the clock. Errors say which entry is
// wrong and how, for a config file's reader.
func ParseSchedule(hours, dates map[string]string) (Schedule, error) {
	var s Schedule
	if len(hours) == 0 && len(dates) == 0 {
		return s, nil
	}
	s.set = true
	if len(hours) == 0 {
		for d := range s.week {
			s.week[d] = []span{{0, 24 * 60}}
		}
	}
	named := map[time.Weekday]string{}
	// Sorted, so that an error is the same from run to run.
	for _, key := range sortedKeys(hours) {
		days, err := parseDays(key)
		if err != nil {
			return s, err
		}
		spans, err := parseSpans(hours[key])
		if err != nil {
			return s, fmt.Errorf("%s: %w", key, err)
		}
		for _, d := range days {
			if other, ok := named[d]; ok {
				return s, fmt.Errorf("%s is named twice, in %q and %q", dayNames[d], other, key)
			}
			named[d] = key
			s.week[d] = spans
		}
	}
	s.dates = map[string][]span{}
	for _, key := range sortedKeys(dates) {
		d, err := time.Parse("2006-01-02", strings.TrimSpace(key))
		if err != nil {
			return s, fmt.Errorf("%q is not a date like 2026-10-01", key)
		}
		spans, err := parseSpans(dates[key])
		if err != nil {
			return s, fmt.Errorf("%s: %w", key, err)
		}
		s.dates[d.Format("2006-01-02")] = spans
	}
	return s, nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// parseDays reads "mon", "mon-fri", "sat,sun" or "周一-周五".
func parseDays(key string) ([]time.Weekday, error) {
	var days []time.Weekday
	for _, part := range strings.Split(key, ",") {
		part = strings.ToLower(strings.TrimSpace(part))
		from, to, isRange := strings.Cut(part, "-")
		a, ok := weekdays[strings.TrimSpace(from)]
		if !ok {
			return nil, fmt.Errorf("%q: %q is not a day (mon, tue, wed, thu, fri, sat, sun)", key, from)
		}
		if !isRange {
			days = append(days, a)
			continue
		}
		b, ok := weekdays[strings.TrimSpace(to)]
		if !ok {
			return nil, fmt.Errorf("%q: %q is not a day (mon, tue, wed, thu, fri, sat, sun)", key, to)
		}
		// Monday first: "fri-mon" is Friday to Monday.
		for d := a; ; d = (d + 1) % 7 {
			days = append(days, d)
			if d == b {
				break
			}
		}
	}
	return days, nil
}

// parseSpans reads "08:30-12:00, 13:30-17:30" or "closed".
func parseSpans(v string) ([]span, error) {
	v = strings.TrimSpace(v)
	if v == "closed" || v == "闭馆" || v == "" {
		return []span{}, nil
	}
	// Typed by people: a Chinese comma, a dash or 至 between the times.
	v = strings.NewReplacer("，", ",", "、", ",", "–", "-", "—", "-", "~", "-", "～", "-", "至", "-").Replace(v)
	var spans []span
	for _, part := range strings.Split(v, ",") {
		from, to, ok := strings.Cut(strings.TrimSpace(part), "-")
		if !ok {
			return nil, fmt.Errorf("%q is not hours like 08:30-17:30", part)
		}
		a, err := parseClock(from)
		if err != nil {
			return nil, err
		}
		b, err := parseClock(to)
		if err != nil {
			return nil, err
		}
		if b <= a {
			return nil, fmt.Errorf("%q ends before it begins (hours past midnight belong to the next day)", part)
		}
		spans = append(spans, span{a, b})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].from < spans[j].from })
	for i := 1; i < len(spans); i++ {
		if spans[i].from < spans[i-1].to {
			return nil, fmt.Errorf("%q: the hours overlap", v)
		}
	}
	return spans, nil
}

func parseClock(s string) (int, error) {
	s = strings.TrimSpace(s)
	h, m, ok := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || hh == 24 && mm > 0 {
		return 0, fmt.Errorf("%q is not a time like 08:30", s)
	}
	return hh*60 + mm, nil
}

// Always reports whether the schedule is open around the clock.
func (s Schedule) Always() bool { return !s.set }

// day is the spans of t's calendar day.
func (s Schedule) day(t time.Time) []span {
	if spans, ok := s.dates[t.Format("2006-01-02")]; ok {
		return spans
	}
	return s.week[t.Weekday()]
}

// Open reports whether the screen is open at t (read in t's location).
func (s Schedule) Open(t time.Time) bool {
	if !s.set {
		return true
	}
	m := t.Hour()*60 + t.Minute()
	for _, sp := range s.day(t) {
		if sp.from <= m && m < sp.to {
			return true
		}
	}
	return false
}

// NextOpen is when the screen next opens after t, within two weeks
// (ok=false: not within them, or it never closes).
func (s Schedule) NextOpen(t time.Time) (time.Time, bool) {
	if !s.set {
		return time.Time{}, false
	}
	midnight := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	for i := 0; i < 15; i++ {
		day := midnight.AddDate(0, 0, i)
		for _, sp := range s.day(day) {
			at := time.Date(day.Year(), day.Month(), day.Day(), sp.from/60, sp.from%60, 0, 0, t.Location())
			if at.After(t) && !s.Open(at.Add(-time.Minute)) {
				return at, true
			}
		}
	}
	return time.Time{}, false
}

// Hours says a day's opening hours in words: "08:30–12:00　13:30–17:30",
// or "闭馆".
func (s Schedule) Hours(t time.Time) string {
	spans := s.day(t)
	if len(spans) == 0 {
		return "闭馆"
	}
	var parts []string
	for _, sp := range spans {
		parts = append(parts, fmt.Sprintf("%02d:%02d–%02d:%02d", sp.from/60, sp.from%60, sp.to/60, sp.to%60))
	}
	return strings.Join(parts, "　")
}

// whenOpens says when the screen opens next, as a visitor reads it:
// "今天 13:30", "明天 08:30", "周一 08:30", or "" if not within two weeks.
func (s Schedule) whenOpens(now time.Time) string {
	at, ok := s.NextOpen(now)
	if !ok {
		return ""
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	days := int(time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, at.Location()).Sub(today).Hours()+12) / 24
	clock := at.Format("15:04")
	switch {
	case days == 0:
		return "今天 " + clock
	case days == 1:
		return "明天 " + clock
	case days == 2:
		return "后天 " + clock
	case days < 7:
		return dayNames[at.Weekday()] + " " + clock
	}
	return fmt.Sprintf("%d月%d日 %s", at.Month(), at.Day(), clock)
}
