package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"qingfeng/content/outbox"
)

func TestConfigSchedule(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "qingfeng.yaml")
	os.WriteFile(p, []byte(`schedule:
  hours:
    mon-fri: 08:30-12:00, 13:30-17:30
    sat: 09:00-12:00
  dates:
    2026-10-01: closed
  display_off: true
screenshot:
  every: 30m
`), 0o644)
	c, err := loadConfig(p, true)
	if err != nil {
		t.Fatal(err)
	}
	sh := mustLoc(t)
	for _, x := range []struct {
		at   time.Time
		open bool
	}{
		{time.Date(2026, 11, 26, 9, 0, 0, 0, sh), true},    // Thursday
		{time.Date(2026, 11, 26, 12, 30, 0, 0, sh), false}, // lunch
		{time.Date(2026, 11, 29, 9, 0, 0, 0, sh), false},   // Sunday, not named
		{time.Date(2026, 10, 1, 9, 0, 0, 0, sh), false},    // the date, read from an unquoted YAML key
	} {
		if got := c.hours.Open(x.at); got != x.open {
			t.Errorf("open at %s = %v, want %v", x.at, got, x.open)
		}
	}
	if !c.Schedule.DisplayOff || c.Screenshot.Every != 30*time.Minute || c.Screenshot.Keep != 24 {
		t.Errorf("display_off %v, screenshot %+v", c.Schedule.DisplayOff, c.Screenshot)
	}

	for body, says := range map[string]string{
		"schedule:\n  hours:\n    mon-fri: 17:30-08:30\n":  "config: schedule: mon-fri",
		"schedule:\n  hours:\n    weekdays: 08:30-17:30\n": `"weekdays" is not a day`,
		"screenshot:\n  every: 5s\n":                       "screenshot.every",
	} {
		os.WriteFile(p, []byte(body), 0o644)
		if _, err := loadConfig(p, true); err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("config %q: error %v, want one saying %q", body, err, says)
		}
	}
}

func mustLoc(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// A site id never stops a kiosk from starting: one installed before ids
// were checked (XS_01, 萧山) is one the district takes; one it would refuse
// is said in the log, at the kiosk, not months later at the office. Before,
// an upgraded kiosk with such an id refused to start: systemd restarted it
// over and over, and the screen stayed black.
func TestConfigSiteID(t *testing.T) {
	p := filepath.Join(t.TempDir(), "qingfeng.yaml")
	tests := []struct {
		id   string
		note bool // the kiosk logs that the district refuses it
	}{
		{"kiosk1", false}, {"xiaoshan-01", false}, {"XS_01", false}, {"萧山", false}, {"Kiosk_1", false},
		{"a/b", true}, {`""`, true}, {`"十里 站"`, true}, {`"a\u202eb"`, true},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			os.WriteFile(p, []byte("site:\n  id: "+tc.id+"\n"), 0o644)
			c, err := loadConfig(p, true)
			if err != nil {
				t.Fatalf("the kiosk does not start: %v", err)
			}
			if noted := strings.Contains(strings.Join(c.problems, "\n"), "site.id"); noted != tc.note {
				t.Errorf("noted %v, want %v: %q", noted, tc.note, c.problems)
			}
		})
	}
}

// opinions.max_length is held to what the district takes (outbox.MaxText),
// with a note for the log: before, a longer one made every batch with a long
// opinion one the district refused whole.
func TestConfigMaxLengthCapped(t *testing.T) {
	p := filepath.Join(t.TempDir(), "qingfeng.yaml")
	os.WriteFile(p, []byte("opinions:\n  max_length: 100000\n"), 0o644)
	c, err := loadConfig(p, true)
	if err != nil {
		t.Fatal(err)
	}
	if c.Opinions.MaxLength != outbox.MaxText || !strings.Contains(strings.Join(c.notes, "\n"), "opinions.max_length") {
		t.Errorf("max_length %d, notes %q", c.Opinions.MaxLength, c.notes)
	}
}

// screen.orientation is optional (the screen's own by default), and the
// values configurations were written with still work.
func TestConfigScreen(t *testing.T) {
	p := filepath.Join(t.TempDir(), "qingfeng.yaml")
	for _, tc := range []struct {
		yaml        string
		orientation string
		scale       float64
		err         string
	}{
		{"", "auto", 0, ""},
		{"screen:\n  orientation: landscape\n", "landscape", 0, ""},
		{"screen:\n  orientation: portrait\n", "portrait", 0, ""},
		{"screen:\n  orientation: auto\n  scale: 1.5\n", "auto", 1.5, ""},
		{"screen:\n  scale: 2\n", "auto", 2, ""},
		{"screen:\n  scale: 0.5\n", "", 0, "screen.scale"},
		{"screen:\n  scale: 9\n", "", 0, "screen.scale"},
		{"screen:\n  orientation: upright\n", "", 0, "screen.orientation"},
	} {
		t.Run(tc.yaml, func(t *testing.T) {
			os.WriteFile(p, []byte(tc.yaml), 0o644)
			c, err := loadConfig(p, true)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want one about %s", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Screen.Orientation != tc.orientation || c.Screen.Scale != tc.scale {
				t.Errorf("orientation %q scale %v, want %q %v", c.Screen.Orientation, c.Screen.Scale, tc.orientation, tc.scale)
			}
		})
	}
}

// A setting the opinion rules cannot apply is refused by the rules
// (content.OpinionRules.Check), and the error names the key to mend.
func TestConfigOpinionsRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "qingfeng.yaml")
	for _, tc := range []struct {
		name, body, says string
	}{
		{"no category", "opinions:\n  categories: []\n", "config: opinions.categories must name at least one category"},
		{"a blank category", "opinions:\n  categories: [表扬, \" \"]\n", "config: opinions.categories has a blank entry"},
		{"a hold word twice", "opinions:\n  hold_words: [红包, 红包]\n", `config: opinions.hold_words lists "红包" twice`},
		{"a blank phrase", "opinions:\n  phrases: [\"\"]\n", "config: opinions.phrases has a blank entry"},
		{"a negative interval", "opinions:\n  min_interval: -1s\n", "config: opinions.min_interval must not be negative, not -1s"},
		{"no length", "opinions:\n  max_length: 0\n", "config: opinions.max_length must be a positive number of characters, not 0"},
		{"a bad package id", "allow_publisher_change: [P 1]\n", `config: allow_publisher_change: "P 1" is not a package id`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.WriteFile(p, []byte(tc.body), 0o644)
			if _, err := loadConfig(p, true); err == nil || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("error %v, want one saying %q", err, tc.says)
			}
		})
	}
	os.WriteFile(p, []byte("opinions:\n  hold_words: [红包]\n  min_interval: 0s\nallow_publisher_change: [shili-2]\n"), 0o644)
	if _, err := loadConfig(p, true); err != nil {
		t.Errorf("a good config refused: %v", err)
	}
}
