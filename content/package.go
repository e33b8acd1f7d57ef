package content

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Window is the time span in which an item may be shown. A zero From means
// "since always", a zero Until "until withdrawn".
type Window struct {
	From  time.Time
	Until time.Time
}

// Contains reports whether t falls inside the window (From inclusive, Until
// exclusive).
func (w Window) Contains(t time.Time) bool {
	if !w.From.IsZero() && t.Before(w.From) {
		return false
	}
	if !w.Until.IsZero() && !t.Before(w.Until) {
		return false
	}
	return true
}

// Intersect narrows w by o: an item inside a package is shown only while both
// the item and its package are.
func (w Window) Intersect(o Window) Window {
	r := w
	if !o.From.IsZero() && (r.From.IsZero() || o.From.After(r.From)) {
		r.From = o.From
	}
	if !o.Until.IsZero() && (r.Until.IsZero() || o.Until.Before(r.Until)) {
		r.Until = o.Until
	}
	return r
}

// Package is a validated content package: everything one folder or .zip
// delivers. A package replaces the installed package with the same ID only if
// its Version is higher.
type Package struct {
	ID      string
	Title   string
	Version int
	Sites   []string // empty: every kiosk
	Window  Window
	// SignedBy is the text of the publisher key whose valid signature the
	// package carries ("" if unsigned); whether that key is trusted is the
	// kiosk's decision.
	SignedBy string
	// Plain is set for a folder without package.yaml: its id and title
	// come from the folder's name, and the store numbers its versions,
	// replacing the installed one whenever Digest differs from it.
	Plain bool
	// Digest is the hex SHA-256 over the path and bytes of every file
	// read for use; set for a plain package only.
	Digest string

	Stories     []Story
	Disclosures []Disclosure
	Quizzes     []Quiz
	TeaSets     []TeaSet
	Puzzles     []Puzzle
	Media       []Media
	Replies     []Reply // the district office's replies to opinions (replies.csv)
	Notices     []Notice
	Films       []Film

	// Settled, if set, is asked by the installer just before it commits:
	// an error (ErrSourceChanged) abandons the install and leaves the
	// installed version as it was. It tells whether the source the package
	// was read from is still as it was read (a folder still being copied
	// must not become a version).
	Settled func() error
}

// ErrSourceChanged is Settled's answer when the package's source changed
// after it was read.
var ErrSourceChanged = errors.New("the package changed while it was being installed")

// TargetsSite reports whether the package is meant for the kiosk of site.
func (p *Package) TargetsSite(site string) bool {
	if len(p.Sites) == 0 {
		return true
	}
	for _, s := range p.Sites {
		if s == site {
			return true
		}
	}
	return false
}

// StoryCategories are the story categories a kiosk groups by when its
// config names none. Kept short so the category tabs fit a portrait screen.
var StoryCategories = []string{"廉史人物", "清廉阵地", "清廉村居", "数治监督", "清廉单元", "家风家训"}

// DisclosureCategories are the kinds of public disclosure a village shows
// when the kiosk's config names none.
var DisclosureCategories = []string{"财务", "工程项目", "食堂", "资产资源", "其他"}

// MaxCategories and MaxCategoryLen bound a configured list of categories:
// each is a tab on the screen and may be a folder's name, and more or
// longer ones do not fit a portrait screen's row of tabs.
const (
	MaxCategories  = 12
	MaxCategoryLen = 8
)

// CheckCategories says what is wrong with a configured list of
// categories, or nil: empty, too many, a name empty, too long, twice, or
// one that cannot be a folder's name.
func CheckCategories(list []string) error {
	if len(list) == 0 {
		return errors.New("the list is empty")
	}
	if len(list) > MaxCategories {
		return fmt.Errorf("%d categories, at most %d fit the screen", len(list), MaxCategories)
	}
	for i, c := range list {
		switch {
		case strings.TrimSpace(c) != c || c == "":
			return fmt.Errorf("category %d %q is empty or has spaces around it", i+1, c)
		case utf8.RuneCountInString(c) > MaxCategoryLen:
			return fmt.Errorf("category %q is longer than %d characters", c, MaxCategoryLen)
		case strings.ContainsAny(c, `/\:*?"<>|`) || strings.IndexFunc(c, unicode.IsControl) >= 0:
			return fmt.Errorf("category %q cannot be a folder's name", c)
		case slices.Contains(list[:i], c):
			return fmt.Errorf("category %q is listed twice", c)
		}
	}
	return nil
}

// OrderCategories is the order of category tabs: the configured ones
// first, as configured, then any other that present holds (content
// installed before the config changed), sorted, so no item loses its tab.
func OrderCategories(configured, present []string) []string {
	out := slices.Clone(configured)
	var extra []string
	for _, c := range present {
		if c != "" && !slices.Contains(out, c) && !slices.Contains(extra, c) {
			extra = append(extra, c)
		}
	}
	slices.Sort(extra)
	return append(out, extra...)
}

// Story is one integrity story: Markdown body with optional cover, audio
// narration and a link shown as a QR code. Cover and Audio are package paths
// ("media/teahouse.png").
type Story struct {
	ID       string
	File     string // package path of the .md file
	Title    string
	Category string
	Summary  string
	Cover    string
	Audio    string
	URL      string
	Featured bool
	Window   Window
	Body     string   // Markdown
	Images   []string // package paths of images the body refers to
}

// Disclosure is one public-disclosure table (village finances, projects,
// canteen menus, asset rentals).
type Disclosure struct {
	ID       string // file name without extension, unique in its package
	File     string // package path of the .csv or .xlsx file
	Title    string
	Category string
	Period   string
	Unit     string // the responsible unit
	Window   Window
	Header   []string
	Rows     []Row
	// AmountColumns are indexes into Header of the columns that hold money.
	AmountColumns []int
}

// Row is one data row of a disclosure. Line is where it stands in its file
// (the row number for a spreadsheet). Amounts holds the parsed value of each
// amount column, in the order of Disclosure.AmountColumns; a blank cell is NaN.
type Row struct {
	Line    int
	Cells   []string
	Amounts []float64
}

// Quiz is a set of multiple-choice questions used by the quiz exhibit.
type Quiz struct {
	ID        string
	File      string
	Title     string
	Questions []Question
}

// Question is one quiz question; Answer is a 0-based index into Choices.
type Question struct {
	Q       string
	Choices []string
	Answer  int
	Explain string
}

// TeaSet is the tea ↔ saying pairs of the 七味茶 matching exhibit. Footnote
// tells visitors where the sayings come from ("" when they are original).
type TeaSet struct {
	ID       string
	File     string
	Title    string
	Footnote string
	Pairs    []TeaPair
	Window   Window
}

// TeaPair is one tea and the saying its cup belongs to.
type TeaPair struct {
	Tea    string
	Saying string
}

// Puzzle is a picture for the 剪纸拼图 jigsaw exhibit. Image is a package path
// ("media/papercut-fans.png"); Rows and Cols are 0 when the exhibit chooses.
type Puzzle struct {
	ID     string
	File   string
	Title  string
	Image  string
	Rows   int
	Cols   int
	Window Window
}

// MediaKind says what a media file is.
type MediaKind string

const (
	Image MediaKind = "image"
	Audio MediaKind = "audio"
)

// Media is one file under media/. SHA256 is the hex digest of its bytes, the
// name it is stored under. Thumb, for images, is a small JPEG made once at
// import so lists never decode full-size pictures.
type Media struct {
	Path   string
	Kind   MediaKind
	Format string // "jpeg", "png", "mp3", "ogg"
	Size   int64
	SHA256 string
	Width  int
	Height int
	Thumb  []byte
	// Open reads the file's bytes again; it is valid until the package
	// source is closed.
	Open func() (io.ReadCloser, error)
}

// ErrNotNewer is returned when a package's version is not higher than the
// installed version of the same id: only a newer version replaces content.
var ErrNotNewer = errors.New("package version is not newer than the installed one")

// ErrUnchanged is returned, together with ErrNotNewer, when a plain
// package is the same as the installed one (same id, same digest): the
// same folder dropped again.
var ErrUnchanged = errors.New("the folder is the same as the installed package")
