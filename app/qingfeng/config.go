package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"go.yaml.in/yaml/v3"

	"qingfeng/content"
)

// Config is the one settings file of a kiosk (qingfeng.yaml). Every key has
// a default; docs/config.md describes each.
type Config struct {
	Site struct {
		ID   string `yaml:"id"`
		Name string `yaml:"name"`
		Kind string `yaml:"kind"` // 茶馆, 纪念馆 or 联络站
	} `yaml:"site"`
	Screen struct {
		Orientation string        `yaml:"orientation"` // landscape (1920×1080) or portrait (1080×1920)
		IdleAfter   time.Duration `yaml:"idle_after"`  // no touch this long: the attract loop starts
		Slide       time.Duration `yaml:"slide"`       // how long each attract slide and carousel item stays
		Touch       bool          `yaml:"touch"`       // a touch screen: the mouse cursor is hidden
	} `yaml:"screen"`
	// Strings overrides the shell's wording by key (kiosk.DefaultStrings).
	Strings  map[string]string `yaml:"strings"`
	DataDir  string            `yaml:"data_dir"`
	Inboxes  []string          `yaml:"inboxes"`
	TimeZone string            `yaml:"time_zone"`
	Import   struct {
		Quiet  time.Duration `yaml:"quiet"`
		GiveUp time.Duration `yaml:"give_up"`
		Poll   time.Duration `yaml:"poll"`
	} `yaml:"import"`
	Limits struct {
		PackageMB       int64 `yaml:"package_mb"`
		Files           int   `yaml:"files"`
		TextMB          int64 `yaml:"text_mb"`
		SheetMB         int64 `yaml:"sheet_mb"`
		ImageMB         int64 `yaml:"image_mb"`
		AudioMB         int64 `yaml:"audio_mb"`
		ImageMegapixels int64 `yaml:"image_megapixels"`
		Rows            int   `yaml:"rows"`
	} `yaml:"limits"`

	location *time.Location
	// defaultInbox: no inboxes were configured, so the inbox follows the
	// data folder (also when --data moves it).
	defaultInbox bool
}

func defaultConfig() Config {
	var c Config
	c.Site.ID = "demo-site"
	c.Site.Name = "清厢茶馆"
	c.Site.Kind = "茶馆"
	c.Screen.Orientation = "landscape"
	c.Screen.IdleAfter = 90 * time.Second
	c.Screen.Slide = 8 * time.Second
	c.Screen.Touch = true
	c.DataDir = "data"
	c.TimeZone = "Asia/Shanghai"
	c.Import.Quiet = 400 * time.Millisecond
	c.Import.GiveUp = 2 * time.Minute
	c.Import.Poll = 10 * time.Second
	l := content.DefaultLimits()
	c.Limits.PackageMB = l.MaxPackageBytes >> 20
	c.Limits.Files = l.MaxFiles
	c.Limits.TextMB = l.MaxTextBytes >> 20
	c.Limits.SheetMB = l.MaxSheetBytes >> 20
	c.Limits.ImageMB = l.MaxImageBytes >> 20
	c.Limits.AudioMB = l.MaxAudioBytes >> 20
	c.Limits.ImageMegapixels = l.MaxImagePixels / 1_000_000
	c.Limits.Rows = l.MaxRows
	return c
}

// loadConfig reads path over the defaults. A missing file is fine when the
// path was not asked for explicitly; unknown keys are errors, since a typo
// in a kiosk's config would otherwise be silently ignored for months.
func loadConfig(path string, explicit bool) (Config, error) {
	c := defaultConfig()
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !explicit:
	case err != nil:
		return c, fmt.Errorf("config: %w", err)
	default:
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) { // EOF: an empty file, all defaults
			return c, fmt.Errorf("config %s: %w", path, err)
		}
	}
	return c, c.finish()
}

func (c *Config) finish() error {
	if len(c.Inboxes) == 0 || c.defaultInbox {
		c.defaultInbox = true
		c.Inboxes = []string{filepath.Join(c.DataDir, "inbox")}
	}
	if c.Screen.Orientation != "landscape" && c.Screen.Orientation != "portrait" {
		return fmt.Errorf("config: screen.orientation must be landscape or portrait, not %q", c.Screen.Orientation)
	}
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return fmt.Errorf("config: time_zone %q: %w", c.TimeZone, err)
	}
	c.location = loc
	return nil
}

func (c *Config) limits() content.Limits {
	return content.Limits{
		MaxPackageBytes: c.Limits.PackageMB << 20,
		MaxFiles:        c.Limits.Files,
		MaxTextBytes:    c.Limits.TextMB << 20,
		MaxSheetBytes:   c.Limits.SheetMB << 20,
		MaxImageBytes:   c.Limits.ImageMB << 20,
		MaxAudioBytes:   c.Limits.AudioMB << 20,
		MaxImagePixels:  c.Limits.ImageMegapixels * 1_000_000,
		MaxRows:         c.Limits.Rows,
	}
}
