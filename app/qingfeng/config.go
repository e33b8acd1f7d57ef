package main

import (
	"slices"
	"time"

	"qingfeng/content"
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
	// Categories are the story and disclosure categories of this
	// district: the kiosk's tabs, in order, and the only ones a package
	// may use (a sub-folder 故事/家风家训/ names one).
	Categories struct {
		Stories     []string `yaml:"stories"`
		Disclosures []string `yaml:"disclosures"`
	} `yaml:"categories"`
	// TrustedPublishers are the publisher keys a package must be signed
	// by: each a key's text (qingfeng-publisher-pub:…) or a publisher.pub
	// file. Empty: unsigned packages are imported too.
	TrustedPublishers []string `yaml:"trusted_publishers"`
	trusted           []string // the keys' texts, checked
	// AllowPublisherChange lists package ids that a package signed by
	// another key than the installed one's may replace. Empty: every id
	// stays with the key that first signed it.
	AllowPublisherChange []string `yaml:"allow_publisher_change"`
	// Update.Publishers are the keys a software release must be signed
	// by (key text or file, as TrustedPublishers): not every content
	// publisher may replace the programs. Empty: no release is taken.
	Update struct {
		Publishers []string `yaml:"publishers"`
	} `yaml:"update"`
	releasers []string // Update.Publishers' texts, checked

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
	c.Categories.Stories = slices.Clone(content.StoryCategories)
	c.Categories.Disclosures = slices.Clone(content.DisclosureCategories)
	c.dir = "."
	return c
}
