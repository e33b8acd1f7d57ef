package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"qingfeng/content"
	"qingfeng/content/outbox"
	"qingfeng/content/parse"
	"qingfeng/content/sign"
	"qingfeng/kiosk"
	"qingfeng/kiosk/panel"
	"qingfeng/kiosk/staffpin"
)

// loadConfig reads path over the defaults. A missing file is fine when the
// path was not asked for explicitly; unknown keys are errors, since a typo
// in a kiosk's config would otherwise be silently ignored for months.
func loadConfig(path string, explicit bool) (Config, error) {
	c := defaultConfig()
	c.dir = filepath.Dir(path)
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
	c.notes, c.problems = nil, nil
	if len(c.Inboxes) == 0 || c.defaultInbox {
		c.defaultInbox = true
		c.Inboxes = []string{filepath.Join(c.DataDir, "inbox")}
	}
	if c.Staff.ExportDir == "" || c.defaultExport {
		c.defaultExport = true
		c.Staff.ExportDir = filepath.Join(c.DataDir, "export")
	}
	if c.Staff.PINHash != "" && !strings.HasPrefix(c.Staff.PINHash, "$argon2id$") {
		return fmt.Errorf("config: staff.pin_hash: %w", staffpin.ErrHash)
	}
	if c.Log.File == "" || c.defaultLog {
		c.defaultLog = true
		c.Log.File = filepath.Join(c.DataDir, "qingfeng.log")
	}
	if c.Log.MaxMB <= 0 {
		c.Log.MaxMB = 10
	}
	if c.Log.Keep <= 0 {
		c.Log.Keep = 3
	}
	if c.Outbox == "" || c.defaultOutbox {
		c.defaultOutbox = true
		c.Outbox = filepath.Join(c.DataDir, "outbox")
	}
	// The district refuses batches from a site id it cannot be: say so
	// here, at the kiosk, not months later at the office; but never refuse
	// to start over it (a kiosk that does not start is a black screen and
	// a restart loop). Its batches wait, unwritten, until the id is mended.
	if !outbox.ValidSite(c.Site.ID) {
		c.problems = append(c.problems, fmt.Sprintf("config: site.id %q: the district refuses batches from it (at most %d characters, no spaces, no / or \\, nothing invisible); opinions stay on this kiosk until it is changed", c.Site.ID, outbox.MaxSite))
	}
	if err := panel.Valid(c.screenWish()); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	hours, err := kiosk.ParseSchedule(c.Schedule.Hours, c.Schedule.Dates)
	if err != nil {
		return fmt.Errorf("config: schedule: %w", err)
	}
	c.hours = hours
	if c.Screenshot.Every < 0 || c.Screenshot.Every > 0 && c.Screenshot.Every < time.Minute {
		return fmt.Errorf("config: screenshot.every must be 0 (none) or at least 1m, not %s", c.Screenshot.Every)
	}
	if c.Screenshot.Keep <= 0 {
		c.Screenshot.Keep = 24
	}
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return fmt.Errorf("config: time_zone %q: %w", c.TimeZone, err)
	}
	c.location = loc
	if c.trusted, err = c.publisherKeys("trusted_publishers", c.TrustedPublishers); err != nil {
		return err
	}
	if c.releasers, err = c.publisherKeys("update.publishers", c.Update.Publishers); err != nil {
		return err
	}
	for _, id := range c.AllowPublisherChange {
		if !parse.ValidID(id) {
			return fmt.Errorf("config: allow_publisher_change: %q is not a package id (lowercase letters, digits and -)", id)
		}
	}
	if err := content.CheckCategories(c.Categories.Stories); err != nil {
		return fmt.Errorf("config: categories.stories: %w", err)
	}
	if err := content.CheckCategories(c.Categories.Disclosures); err != nil {
		return fmt.Errorf("config: categories.disclosures: %w", err)
	}
	if c.Opinions.MaxLength > outbox.MaxText {
		// Longer opinions would be cut on their way to the district.
		c.notes = append(c.notes, fmt.Sprintf("config: opinions.max_length %d is more than the district takes: %d used", c.Opinions.MaxLength, outbox.MaxText))
		c.Opinions.MaxLength = outbox.MaxText
	}
	return c.Opinions.finish(c.dir)
}

// screenWish is what the configuration asks of the screen's fit.
func (c *Config) screenWish() panel.Wish {
	return panel.Wish{Scale: c.Screen.Scale, Orientation: c.Screen.Orientation}
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
		MaxMemoryBytes:  c.Limits.MemoryMB << 20,
	}
}

// publisherKeys reads the keys a setting lists (each a key's text, or a
// file relative to the config's folder) as their texts.
func (c *Config) publisherKeys(setting string, list []string) ([]string, error) {
	var keys []string
	for _, t := range list {
		var k sign.Public
		var err error
		if strings.HasPrefix(strings.TrimSpace(t), sign.PublicPrefix) {
			k, err = sign.ParsePublic(t)
		} else {
			p := t
			if !filepath.IsAbs(p) {
				p = filepath.Join(c.dir, p)
			}
			k, err = sign.ReadPublicFile(p)
		}
		if err != nil {
			return nil, fmt.Errorf("config: %s: %w", setting, err)
		}
		keys = append(keys, k.String())
	}
	return keys, nil
}
