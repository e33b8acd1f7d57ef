package health

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"qingfeng/content/fleet"
)

func TestErrorsKeepsTheDay(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 30, 0, 0, time.UTC)
	tests := []struct {
		name   string
		ages   []time.Duration // before now, oldest first
		count  int
		newest []string
	}{
		{"none", nil, 0, nil},
		{"one old, one new", []time.Duration{25 * time.Hour, time.Minute}, 1, []string{"e1"}},
		{"more than are kept", func() (d []time.Duration) {
			for i := range 30 {
				d = append(d, time.Duration(30-i)*time.Minute)
			}
			return d
		}(), 30, []string{"e29", "e28", "e27"}},
		{"a day of errors every hour", func() (d []time.Duration) {
			for i := range 48 {
				d = append(d, time.Duration(48-i)*time.Hour)
			}
			return d
		}(), 23, []string{"e47", "e46"}}, // the one exactly a day old is not in the day
		{"a minute short of a day, and a minute over", []time.Duration{24*time.Hour + time.Minute, 24*time.Hour - time.Minute}, 1, []string{"e1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e Errors
			for i, age := range tt.ages {
				e.Add(now.Add(-age), fmt.Sprintf("e%d", i))
			}
			n, newest := e.Since(now)
			if n != tt.count || len(newest) > keepErrors {
				t.Errorf("count %d (%d messages), want %d", n, len(newest), tt.count)
			}
			for i, w := range tt.newest {
				if i >= len(newest) || newest[i].Message != w {
					t.Errorf("newest %+v, want %v first", newest, tt.newest)
					break
				}
			}
		})
	}
}

func TestErrorCountKeepsMessages(t *testing.T) {
	var out bytes.Buffer
	e := &Errors{}
	log := slog.New(ErrorCount{Handler: slog.NewTextHandler(&out, nil), N: &atomic.Int64{}, Recent: e})
	log.With("dir", "/inbox").Error("inbox watcher stopped", "err", "disk gone")
	log.Error(strings.Repeat("长", 1000))
	log.Warn("not kept")
	n, newest := e.Since(time.Now())
	if n != 2 || len(newest) != 2 || newest[1].Message != "inbox watcher stopped dir=/inbox err=disk gone" ||
		len([]rune(newest[0].Message)) != errorMessageMax+1 {
		t.Errorf("%d %+v", n, newest)
	}
}

func TestAddQuiet(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	at := func(ago time.Duration) fleet.Sample {
		return fleet.Sample{At: now.Add(-ago), MB: float64(ago / time.Hour)}
	}
	tests := []struct {
		name  string
		in    []fleet.Sample
		added bool
		n     int
	}{
		{"first", nil, true, 1},
		{"an hour after the last", []fleet.Sample{at(2 * time.Hour), at(time.Hour)}, true, 3},
		{"too soon after the last", []fleet.Sample{at(2 * time.Hour), at(30 * time.Minute)}, false, 2},
		{"a week old is dropped", []fleet.Sample{at(8 * 24 * time.Hour), at(2 * time.Hour)}, true, 2},
		{"one from the future is dropped", []fleet.Sample{at(-time.Hour)}, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, added := AddQuiet(tt.in, now, 80)
			if added != tt.added || len(out) != tt.n {
				t.Fatalf("added %v, %d samples %+v", added, len(out), out)
			}
			if added && (out[len(out)-1].MB != 80 || !out[len(out)-1].At.Equal(now)) {
				t.Errorf("the new sample is not last: %+v", out)
			}
		})
	}
	// A week of hourly samples stays a week, and survives a restart.
	var s []fleet.Sample
	for i := range 10 * 24 {
		s, _ = AddQuiet(s, now.Add(time.Duration(i)*time.Hour), float64(i))
	}
	if len(s) != quietMax {
		t.Errorf("%d samples kept, want %d", len(s), quietMax)
	}
	dir := t.TempDir()
	if err := SaveQuiet(dir, s); err != nil {
		t.Fatal(err)
	}
	back, err := LoadQuiet(dir)
	if err != nil || len(back) != len(s) || back[0].MB != s[0].MB {
		t.Errorf("read back %d %v", len(back), err)
	}
	os.WriteFile(filepath.Join(dir, QuietFile), make([]byte, quietFileMax+1), 0o600)
	if _, err := LoadQuiet(dir); err == nil {
		t.Error("an oversized file was read")
	}
}

func TestQuietFollowsScreens(t *testing.T) {
	t0 := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	var q Quiet
	for i, step := range []struct {
		screen string
		at     time.Duration
		want   time.Duration // QuietFor at +1 minute
	}{
		{"home", 0, 0},
		{"attract", time.Minute, time.Minute},
		{"closed", 2 * time.Minute, 2 * time.Minute}, // still quiet since the attract loop
		{"story", 3 * time.Minute, 0},
	} {
		q.Shown(step.screen, t0.Add(step.at))
		if got := q.QuietFor(t0.Add(step.at + time.Minute)); got != step.want {
			t.Errorf("step %d (%s): quiet for %v, want %v", i, step.screen, got, step.want)
		}
	}
}

func TestOpenIntervals(t *testing.T) {
	day := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	mornings := func(t time.Time) bool { return t.Hour() >= 8 && t.Hour() < 12 }
	got := OpenIntervals(mornings, day, day.Add(48*time.Hour))
	if len(got) != 2 || !got[0].From.Equal(day.Add(8*time.Hour)) || !got[0].Until.Equal(day.Add(12*time.Hour)) || !got[1].From.Equal(day.Add(32*time.Hour)) {
		t.Errorf("%+v", got)
	}
	// Open at the end: the interval ends there.
	got = OpenIntervals(func(time.Time) bool { return true }, day, day.Add(time.Hour))
	if len(got) != 1 || !got[0].Until.Equal(day.Add(time.Hour)) {
		t.Errorf("%+v", got)
	}
}

func TestFirstReason(t *testing.T) {
	tests := []struct{ name, report, want string }{
		{"an error line", "原因：内容包有错误，没有导入\n\n发现的问题：错误 1 个，警告 1 个\n（说明）\n\n  a.md:2: 警告: 小事\n  b.md:5: 错误: 没有标题\n", "b.md:5: 错误: 没有标题"},
		{"only a reason", "结果：没有导入\r\n原因：版本不比本机的新\r\n", "版本不比本机的新"},
		{"a success", "结果：导入成功\n", ""},
		{"overlong", "原因：" + strings.Repeat("长", 500) + "\n", strings.Repeat("长", reasonMax) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FirstReason(tt.report); got != tt.want {
				t.Errorf("%q, want %q", got, tt.want)
			}
		})
	}
}

// update.json is the kiosk's own, but a full disk or a hand edit can
// leave anything there: it is read bounded, and a bad one is said, not
// fatal.
func TestReadUpdate(t *testing.T) {
	tests := []struct {
		name    string
		file    string // "" no file
		outcome string
		err     bool
	}{
		{"none", "", "", false},
		{"installed", `{"at":"2026-12-06T08:00:00+08:00","from":"1.0.0","to":"1.1.0","outcome":"installed"}`, fleet.UpdateInstalled, false},
		{"half written", `{"at":"2026-12-06T08:00:00+08:00","fro`, "", true},
		{"oversized", `{"reason":"` + strings.Repeat("x", updateFileMax) + `"}`, "", true},
		{"an overlong reason", `{"outcome":"rolled-back","reason":"` + strings.Repeat("长", 5000) + `"}`, fleet.UpdateRolledBack, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.file != "" {
				os.WriteFile(filepath.Join(dir, fleet.UpdateFile), []byte(tt.file), 0o600)
			}
			u, err := ReadUpdate(dir)
			if (err != nil) != tt.err {
				t.Fatalf("err %v", err)
			}
			switch {
			case tt.outcome == "" && u != nil:
				t.Errorf("%+v, want none", u)
			case tt.outcome != "" && (u == nil || u.Outcome != tt.outcome || len([]rune(u.Reason)) > reasonMax+1 || u.At.Location() != time.UTC):
				t.Errorf("%+v", u)
			}
		})
	}
}

// The day's errors outlive a restart: what one run kept in the data folder
// is counted by the next, with the errors the next logged before reading
// it, and only the day's.
func TestErrorsKeptAcrossRestart(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 30, 0, 0, time.UTC)
	data := t.TempDir()
	var before Errors
	before.Add(now.Add(-25*time.Hour), "old") // not in the day
	for i := range 25 {
		before.Add(now.Add(-time.Duration(25-i)*time.Minute), fmt.Sprintf("before %d", i))
	}
	if err := before.Save(data, now); err != nil {
		t.Fatal(err)
	}
	var after Errors
	after.Add(now.Add(time.Minute), "after the restart")
	if err := after.Restore(data); err != nil {
		t.Fatal(err)
	}
	n, newest := after.Since(now.Add(2 * time.Minute))
	if n != 26 {
		t.Errorf("errors of the day after a restart: %d, want 26", n)
	}
	if len(newest) != keepErrors || newest[0].Message != "after the restart" || newest[1].Message != "before 24" {
		t.Errorf("newest: %+v", newest)
	}
}

// The file is a thing on disk anything may have written: too large, too
// many entries or not JSON, it is refused without being decoded whole, and
// the kiosk counts from its start.
func TestErrorsFileHostile(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"too large", bytes.Repeat([]byte(" "), errorsFileMax+1)},
		{"not JSON", []byte("{")},
		{"too many minutes", []byte(`{"minutes":[` + strings.Repeat(`[1,1],`, errorMinutes+1) + `[1,1]]}`)},
		{"too many messages", []byte(`{"recent":[` + strings.Repeat(`{},`, keepErrors) + `{}]}`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := t.TempDir()
			if err := os.WriteFile(filepath.Join(data, ErrorsFile), tc.data, 0o600); err != nil {
				t.Fatal(err)
			}
			var e Errors
			if err := e.Restore(data); err == nil {
				t.Error("taken")
			}
			if n, newest := e.Since(time.Now()); n != 0 || len(newest) != 0 {
				t.Errorf("kept %d, %+v", n, newest)
			}
		})
	}
}
