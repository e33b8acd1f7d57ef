package kiosk

import (
	"context"
	"log/slog"
	"path"
	"strings"
	"sync"
	"testing"
	"time"

	"qingfeng/assets"
	"qingfeng/content"
	"qingfeng/content/parse"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// demoLibrary serves the bundled demo package from memory, the way the
// store would, so screens and golden images show real content.
type demoLibrary struct {
	pkg     *content.Package
	hidden  map[string]bool // story or disclosure ids withdrawn by a test
	mediaTo string          // folder holding the demo's media files
}

func newDemoLibrary(tb testing.TB) *demoLibrary {
	tb.Helper()
	src, err := parse.FromFS("demo", assets.Demo())
	if err != nil {
		tb.Fatal(err)
	}
	pkg, ps := parse.Read(context.Background(), src, parse.Options{})
	if ps.HasErrors() {
		tb.Fatal(ps)
	}
	return &demoLibrary{pkg: pkg, hidden: map[string]bool{}, mediaTo: "../assets/demo"}
}

func (l *demoLibrary) file(p string) string {
	if p == "" {
		return ""
	}
	return path.Join(l.mediaTo, p)
}

func (l *demoLibrary) card(s content.Story) StoryCard {
	return StoryCard{PkgID: l.pkg.ID, ID: s.ID, Title: s.Title, Category: s.Category, Summary: s.Summary,
		Featured: s.Featured, Thumb: l.file(s.Cover), Cover: l.file(s.Cover)}
}

func (l *demoLibrary) Stories(_ context.Context, _ time.Time, category string) ([]StoryCard, error) {
	var out []StoryCard
	for _, s := range l.pkg.Stories {
		if l.hidden[s.ID] || (category != "" && s.Category != category) {
			continue
		}
		out = append(out, l.card(s))
	}
	return out, nil
}

func (l *demoLibrary) Story(_ context.Context, _ time.Time, pkgID, id string) (StoryPage, bool, error) {
	for _, s := range l.pkg.Stories {
		if s.ID == id && !l.hidden[id] {
			p := StoryPage{StoryCard: l.card(s), Body: s.Body, URL: s.URL, Audio: l.file(s.Audio), Images: map[string]string{}}
			for _, im := range s.Images {
				p.Images[im] = l.file(im)
			}
			return p, true, nil
		}
	}
	return StoryPage{}, false, nil
}

func (l *demoLibrary) dcard(d content.Disclosure) DisclosureCard {
	return DisclosureCard{PkgID: l.pkg.ID, ID: d.ID, Title: d.Title, Category: d.Category, Period: d.Period, Unit: d.Unit, Window: d.Window, Rows: len(d.Rows)}
}

func (l *demoLibrary) Disclosures(_ context.Context, _ time.Time, category string) ([]DisclosureCard, error) {
	var out []DisclosureCard
	for _, d := range l.pkg.Disclosures {
		if l.hidden[d.ID] || (category != "" && d.Category != category) {
			continue
		}
		out = append(out, l.dcard(d))
	}
	return out, nil
}

func (l *demoLibrary) Disclosure(_ context.Context, _ time.Time, pkgID, id string) (Table, bool, error) {
	for _, d := range l.pkg.Disclosures {
		if d.ID == id && !l.hidden[id] {
			return Table{DisclosureCard: l.dcard(d), Header: d.Header, AmountColumns: d.AmountColumns, Rows: d.Rows}, true, nil
		}
	}
	return Table{}, false, nil
}

// Search is a plain substring search: enough to drive the screens.
func (l *demoLibrary) Search(_ context.Context, q string, _ time.Time) ([]Hit, error) {
	var hits []Hit
	for _, s := range l.pkg.Stories {
		if strings.Contains(s.Title+s.Body, q) {
			hits = append(hits, Hit{Story: true, PkgID: l.pkg.ID, ItemID: s.ID, Row: -1, Title: s.Title, Snippet: s.Summary})
		}
	}
	for _, d := range l.pkg.Disclosures {
		for i, r := range d.Rows {
			if strings.Contains(strings.Join(r.Cells, " "), q) {
				hits = append(hits, Hit{PkgID: l.pkg.ID, ItemID: d.ID, Row: i, Title: d.Title, Snippet: strings.Join(r.Cells, " ")})
			}
		}
	}
	return hits, nil
}

// fakeNarrator records what the shell asks of the sound.
type fakeNarrator struct {
	playing bool
	played  []string
	stops   int
}

func (f *fakeNarrator) Play(file string) error {
	f.played = append(f.played, file)
	f.playing = true
	return nil
}
func (f *fakeNarrator) Pause()        { f.playing = false }
func (f *fakeNarrator) Resume()       { f.playing = true }
func (f *fakeNarrator) Playing() bool { return f.playing }
func (f *fakeNarrator) Stop()         { f.playing = false; f.stops++ }

func newRigLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
