package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"qingfeng/content"
	"qingfeng/content/outbox"
	"qingfeng/content/seal"
	"qingfeng/content/sign"
	"qingfeng/kiosk"
	"qingfeng/kiosk/panel"
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
		Orientation string        `yaml:"orientation"` // auto (from the screen), landscape or portrait
		Scale       float64       `yaml:"scale"`       // 0: from the screen (kiosk/panel); else this scale
		IdleAfter   time.Duration `yaml:"idle_after"`  // no touch this long: the attract loop starts
		Slide       time.Duration `yaml:"slide"`       // how long each attract slide and carousel item stays
		Touch       bool          `yaml:"touch"`       // a touch screen: the mouse cursor is hidden
	} `yaml:"screen"`
	// Schedule is the opening hours: outside them, once nobody is using
	// it, the screen shows a dim clock; with DisplayOff the display is
	// switched off (DPMS) a while after its last touch.
	Schedule struct {
		Hours      map[string]string `yaml:"hours"` // "mon-fri": "08:30-12:00, 13:30-17:30"
		Dates      map[string]string `yaml:"dates"` // "2026-10-01": closed
		DisplayOff bool              `yaml:"display_off"`
	} `yaml:"schedule"`
	hours kiosk.Schedule
	// Screenshot: what the screen shows is saved into the outbox this
	// often (0: never), for the office to see that the kiosk is alive;
	// Keep screenshots stay there, the oldest are removed.
	Screenshot struct {
		Every time.Duration `yaml:"every"`
		Keep  int           `yaml:"keep"`
	} `yaml:"screenshot"`
	// Strings overrides the shell's wording by key (kiosk.DefaultStrings).
	Strings map[string]string `yaml:"strings"`
	DataDir string            `yaml:"data_dir"`
	Inboxes []string          `yaml:"inboxes"`
	// Staff: the PIN's hash (qingfeng staff-pin) turns staff mode on;
	// ExportDir is where its 导出意见 button writes (a USB stick's
	// folder; default <data_dir>/export).
	Staff struct {
		PINHash   string `yaml:"pin_hash"`
		ExportDir string `yaml:"export_dir"`
	} `yaml:"staff"`
	defaultExport bool
	// Log: a running kiosk also logs into a file, cut at MaxMB and kept
	// Keep files back, so months unattended cannot fill the disk.
	Log struct {
		File  string `yaml:"file"` // default <data_dir>/qingfeng.log
		MaxMB int    `yaml:"max_mb"`
		Keep  int    `yaml:"keep"`
	} `yaml:"log"`
	defaultLog bool
	// Outbox is where batches of opinions are written for the district
	// office (a folder Syncthing sends, or one copied to a stick);
	// default <data_dir>/outbox.
	Outbox   string `yaml:"outbox"`
	TimeZone string `yaml:"time_zone"`
	Import   struct {
		Quiet       time.Duration `yaml:"quiet"`
		FolderQuiet time.Duration `yaml:"folder_quiet"`
		GiveUp      time.Duration `yaml:"give_up"`
		Poll        time.Duration `yaml:"poll"`
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
		MemoryMB        int64 `yaml:"memory_mb"`
	} `yaml:"limits"`
	Opinions OpinionsConfig `yaml:"opinions"`
	// TrustedPublishers are the publisher keys a package must be signed
	// by: each a key's text (qingfeng-publisher-pub:…) or a publisher.pub
	// file. Empty: unsigned packages are imported too.
	TrustedPublishers []string `yaml:"trusted_publishers"`
	trusted           []string // the keys' texts, checked
	// AllowPublisherChange lists package ids that a package signed by
	// another key than the installed one's may replace. Empty: every id
	// stays with the key that first signed it.
	AllowPublisherChange []string `yaml:"allow_publisher_change"`

	location *time.Location
	// dir is the folder of the config file: relative paths in it (the
	// office key) are read from there, wherever qingfeng was started.
	dir string
	// defaultInbox: no inboxes were configured, so the inbox follows the
	// data folder (also when --data moves it). defaultOutbox likewise.
	defaultInbox  bool
	defaultOutbox bool
	// notes (a setting mended) and problems (one the district will
	// refuse) are what the kiosk says in its log when it starts: never a
	// reason not to start.
	notes, problems []string
}

// packageIDRE is what a package id looks like (docs/content-format.md).
var packageIDRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

func defaultConfig() Config {
	var c Config
	c.Site.ID = "demo-site"
	c.Site.Name = "清厢茶馆"
	c.Site.Kind = "茶馆"
	c.Screen.Orientation = panel.Auto
	c.Screen.IdleAfter = 90 * time.Second
	c.Screen.Slide = 8 * time.Second
	c.Screen.Touch = true
	c.DataDir = "data"
	c.Screenshot.Every = time.Hour
	c.Screenshot.Keep = 24
	c.TimeZone = "Asia/Shanghai"
	c.Import.Quiet = 400 * time.Millisecond
	c.Import.FolderQuiet = 3 * time.Second
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
	c.Limits.MemoryMB = l.MaxMemoryBytes >> 20
	c.Opinions = defaultOpinionsConfig()
	c.dir = "."
	return c
}

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
		return fmt.Errorf("config: staff.pin_hash: %w", errPINHash)
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
	c.trusted = nil
	for _, t := range c.TrustedPublishers {
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
			return fmt.Errorf("config: trusted_publishers: %w", err)
		}
		c.trusted = append(c.trusted, k.String())
	}
	for _, id := range c.AllowPublisherChange {
		if !packageIDRE.MatchString(id) {
			return fmt.Errorf("config: allow_publisher_change: %q is not a package id (lowercase letters, digits and -)", id)
		}
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

// OpinionsConfig is the opinions: section: what the opinion screen offers
// and how opinions are checked and protected. The shell reads it as
// a.cfg.Opinions.
type OpinionsConfig struct {
	// OfficeKey is the path of the office's public key file (office.pub,
	// made by `qingfeng keygen`), relative to the config file's folder.
	// Empty: residents' names and phones are not collected at all.
	OfficeKey string `yaml:"office_key"`
	// Categories a resident chooses from, in the order shown.
	Categories []string `yaml:"categories"`
	// HoldWords mark an opinion for staff review when one occurs in its
	// text or subject (case-insensitive substring).
	HoldWords []string `yaml:"hold_words"`
	// MinInterval is the least time between two submissions at this
	// screen, against a resident (or a child) tapping submit over and over.
	MinInterval time.Duration `yaml:"min_interval"`
	// MaxLength is the longest text accepted, in characters (runes).
	MaxLength int `yaml:"max_length"`
	// Phrases fill the common-phrase row of the on-screen keyboard.
	Phrases []string `yaml:"phrases"`

	// PublicKey is OfficeKey's key, read when the config is loaded (an
	// unreadable file is a config error); nil when OfficeKey is empty.
	PublicKey *seal.Public `yaml:"-"`
}

func defaultOpinionsConfig() OpinionsConfig {
	return OpinionsConfig{
		Categories:  slices.Clone(content.DefaultOpinionCategories),
		HoldWords:   []string{},
		MinInterval: 30 * time.Second,
		MaxLength:   content.DefaultOpinionMaxLength,
		Phrases:     []string{"我想反映", "建议", "希望", "什么时候", "谢谢", "村里", "问题"},
	}
}

// CollectsContact tells the opinion screen whether to offer the name and
// phone fields: only when there is an office key to seal them to.
func (o OpinionsConfig) CollectsContact() bool { return o.PublicKey != nil }

func (o *OpinionsConfig) finish(dir string) error {
	if len(o.Categories) == 0 {
		return errors.New("config: opinions.categories must name at least one category")
	}
	if err := checkWords("opinions.categories", o.Categories); err != nil {
		return err
	}
	// A blank hold word would be a substring of every opinion.
	if err := checkWords("opinions.hold_words", o.HoldWords); err != nil {
		return err
	}
	if err := checkWords("opinions.phrases", o.Phrases); err != nil {
		return err
	}
	if o.MinInterval < 0 {
		return fmt.Errorf("config: opinions.min_interval must not be negative, not %s", o.MinInterval)
	}
	if o.MaxLength <= 0 {
		return fmt.Errorf("config: opinions.max_length must be a positive number of characters, not %d", o.MaxLength)
	}
	o.PublicKey = nil
	if o.OfficeKey == "" {
		return nil
	}
	path := o.OfficeKey
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	pub, err := seal.ReadPublicFile(path)
	if err != nil {
		return fmt.Errorf("config: opinions.office_key: %w", err) // the error names the file
	}
	o.PublicKey = &pub
	return nil
}

// checkWords refuses blank and repeated entries in a configured list.
func checkWords(key string, words []string) error {
	seen := map[string]bool{}
	for _, w := range words {
		if strings.TrimSpace(w) == "" {
			return fmt.Errorf("config: %s has a blank entry", key)
		}
		if seen[w] {
			return fmt.Errorf("config: %s lists %q twice", key, w)
		}
		seen[w] = true
	}
	return nil
}
