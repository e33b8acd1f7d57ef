package kiosk

import (
	"strings"
	"testing"
	"time"
)

var shanghai = time.FixedZone("CST", 8*3600)

// at is a moment in Shanghai: 2026-11-23 was a Monday.
func at(day, hh, mm int) time.Time { return time.Date(2026, 11, day, hh, mm, 0, 0, shanghai) }

func TestScheduleOpen(t *testing.T) {
	s, err := ParseSchedule(map[string]string{
		"mon-fri": "08:30-12:00, 13:30-17:30",
		"sat":     "09:00-12:00",
		"sun":     "closed",
	}, map[string]string{
		"2026-11-25": "closed",      // a Wednesday off
		"2026-11-29": "10:00-11:00", // a Sunday open (调休)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		t    time.Time
		open bool
	}{
		{at(23, 8, 29), false}, {at(23, 8, 30), true}, {at(23, 11, 59), true}, {at(23, 12, 0), false},
		{at(23, 13, 30), true}, {at(23, 17, 29), true}, {at(23, 17, 30), false}, {at(23, 23, 59), false},
		{at(24, 9, 0), true},
		{at(25, 9, 0), false}, // the date wins over its weekday
		{at(28, 9, 0), true}, {at(28, 12, 0), false},
		{at(29, 9, 0), false}, {at(29, 10, 30), true},
		{at(30, 8, 30), true},
	} {
		if got := s.Open(c.t); got != c.open {
			t.Errorf("Open(%s %s) = %v, want %v", c.t.Weekday(), c.t.Format("01-02 15:04"), got, c.open)
		}
	}
	for _, c := range []struct {
		t    time.Time
		next time.Time
		says string
	}{
		{at(23, 7, 0), at(23, 8, 30), "今天 08:30"},
		{at(23, 12, 5), at(23, 13, 30), "今天 13:30"},
		{at(24, 18, 0), at(26, 8, 30), "后天 08:30"}, // Wednesday is off
		{at(27, 18, 0), at(28, 9, 0), "明天 09:00"},
		{at(28, 12, 0), at(29, 10, 0), "明天 10:00"},
		{at(29, 11, 0), at(30, 8, 30), "明天 08:30"},
	} {
		next, ok := s.NextOpen(c.t)
		if !ok || !next.Equal(c.next) {
			t.Errorf("NextOpen(%s) = %s %v, want %s", c.t.Format("01-02 15:04"), next.Format("01-02 15:04"), ok, c.next.Format("01-02 15:04"))
		}
		if got := s.whenOpens(c.t); got != c.says {
			t.Errorf("whenOpens(%s) = %q, want %q", c.t.Format("01-02 15:04"), got, c.says)
		}
	}
	if got := s.Hours(at(23, 7, 0)); got != "08:30–12:00　13:30–17:30" {
		t.Errorf("Hours = %q", got)
	}
	if got := s.Hours(at(25, 7, 0)); got != "闭馆" {
		t.Errorf("Hours on a closed date = %q", got)
	}
}

func TestScheduleAlwaysOpen(t *testing.T) {
	s, err := ParseSchedule(nil, nil)
	if err != nil || !s.Always() || !s.Open(at(29, 3, 0)) {
		t.Fatalf("no hours must mean always open: %v %v", s.Always(), err)
	}
	if _, ok := s.NextOpen(at(29, 3, 0)); ok {
		t.Error("an always-open schedule has no next opening")
	}
	// Only dates: every other day stays open all day.
	s, err = ParseSchedule(nil, map[string]string{"2026-10-01": "closed"})
	if err != nil || !s.Open(at(29, 3, 0)) || s.Open(time.Date(2026, 10, 1, 12, 0, 0, 0, shanghai)) {
		t.Fatalf("dates only: %v", err)
	}
}

func TestScheduleRunsOverMidnight(t *testing.T) {
	// Open till midnight and from midnight: one opening, not two.
	s, err := ParseSchedule(map[string]string{"mon": "20:00-24:00", "tue": "00:00-02:00, 08:00-09:00"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Open(at(23, 23, 59)) || !s.Open(at(24, 0, 0)) || s.Open(at(24, 2, 0)) {
		t.Error("20:00-24:00 then 00:00-02:00 must be open across midnight")
	}
	if next, _ := s.NextOpen(at(23, 21, 0)); !next.Equal(at(24, 8, 0)) {
		t.Errorf("NextOpen during the late opening = %s, want Tuesday 08:00", next)
	}
}

func TestScheduleChineseDays(t *testing.T) {
	s, err := ParseSchedule(map[string]string{"周一-周五": "09:00至12:00，14:00–17:00", "周六,周日": "闭馆"}, nil)
	if err != nil || !s.Open(at(27, 10, 0)) || s.Open(at(27, 13, 0)) || !s.Open(at(27, 16, 0)) || s.Open(at(28, 10, 0)) {
		t.Fatalf("Chinese day names: %v", err)
	}
	// A range that wraps the week: Friday to Monday.
	s, err = ParseSchedule(map[string]string{"fri-mon": "09:00-17:00"}, nil)
	if err != nil || !s.Open(at(29, 10, 0)) || !s.Open(at(23, 10, 0)) || s.Open(at(24, 10, 0)) {
		t.Fatalf("fri-mon: %v", err)
	}
}

func TestScheduleErrors(t *testing.T) {
	for _, c := range []struct {
		hours, dates map[string]string
		says         string
	}{
		{map[string]string{"mon-fri": "8:30-17:30", "fri": "09:00-12:00"}, nil, "named twice"},
		{map[string]string{"monday": "08:30-17:30"}, nil, `"monday" is not a day`},
		{map[string]string{"mon": "08:30 17:30"}, nil, "not hours like"},
		{map[string]string{"mon": "17:30-08:30"}, nil, "ends before it begins"},
		{map[string]string{"mon": "08:30-25:00"}, nil, "not a time"},
		{map[string]string{"mon": "08:00-12:00, 11:00-13:00"}, nil, "overlap"},
		{nil, map[string]string{"10/01": "closed"}, "not a date"},
		{nil, map[string]string{"2026-10-01": "all day"}, "not hours like"},
	} {
		_, err := ParseSchedule(c.hours, c.dates)
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("ParseSchedule(%v, %v) = %v, want an error saying %q", c.hours, c.dates, err, c.says)
		}
	}
}
