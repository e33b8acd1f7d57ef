// Package kiosk is the Fyne shell visitors touch: home, stories,
// disclosures, search, and the attract loop shown when nobody is there. It
// reads content through the small interfaces below, which the app wires to
// the store; it never imports the store itself.
package kiosk

import (
	"context"
	"time"

	"qingfeng/content"
)

// StoryCard is a story as a list shows it. Thumb is the file of its cover
// thumbnail ("" if none): lists never decode full-size pictures.
type StoryCard struct {
	PkgID, ID string
	Title     string
	Category  string
	Summary   string
	Featured  bool
	Thumb     string
	Cover     string // full-size cover file, for the reading view and attract loop
}

// StoryPage is a story with what its reading view needs. Images maps the
// package paths the Markdown body uses to files on disk.
type StoryPage struct {
	StoryCard
	Body   string
	URL    string
	Audio  string // file of the narration, "" if none
	Images map[string]string
}

// DisclosureCard is a disclosure as a list shows it.
type DisclosureCard struct {
	PkgID, ID string
	Title     string
	Category  string
	Period    string
	Unit      string
	Window    content.Window
	Rows      int
}

// Table is a disclosure with its rows.
type Table struct {
	DisclosureCard
	Header        []string
	AmountColumns []int
	Rows          []content.Row
}

// Hit is a search result; Row is the matching row of a disclosure, or -1.
type Hit struct {
	Story   bool
	PkgID   string
	ItemID  string
	Row     int
	Title   string
	Snippet string
}

// StoryLister gives the stories visible at now.
type StoryLister interface {
	Stories(ctx context.Context, now time.Time, category string) ([]StoryCard, error)
	Story(ctx context.Context, now time.Time, pkgID, id string) (StoryPage, bool, error)
}

// DisclosureLister gives the disclosures visible at now.
type DisclosureLister interface {
	Disclosures(ctx context.Context, now time.Time, category string) ([]DisclosureCard, error)
	Disclosure(ctx context.Context, now time.Time, pkgID, id string) (Table, bool, error)
}

// Searcher finds stories and disclosure rows containing a query.
type Searcher interface {
	Search(ctx context.Context, query string, now time.Time) ([]Hit, error)
}

// Narrator plays a story's audio narration. Play fails on a kiosk without
// a sound device; the shell then offers no play button.
type Narrator interface {
	Play(file string) error
	Pause()
	Resume()
	Playing() bool
	Stop()
}

// Clock is the kiosk's sense of time; tests inject a fake one.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }
