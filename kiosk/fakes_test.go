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

// fakeReplyBook is what a kiosk knows of replies: the office's, by
// receipt, and the receipts written here and whether they have left.
type fakeReplyBook struct {
	mu      sync.Mutex
	replies []content.Reply // in the order the office sent them
	local   map[string]bool // receipt written here → sent
	asked   []string        // receipts looked up
	fail    error
}

func (b *fakeReplyBook) LookupReply(_ context.Context, receipt string) (ReplyLookup, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.asked = append(b.asked, receipt)
	if b.fail != nil {
		return ReplyLookup{}, b.fail
	}
	var l ReplyLookup
	sent, local := b.local[receipt]
	l.Local, l.Sent = local, sent
	for _, r := range b.replies {
		if r.Receipt == receipt {
			l.Reply, l.Found = r, true
		}
	}
	return l, nil
}

// PublicReplies keeps the office's order: the screen puts the newest first.
func (b *fakeReplyBook) PublicReplies(_ context.Context, category string) ([]content.Reply, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []content.Reply
	for _, r := range b.replies {
		if r.Public && (category == "" || r.Category == category) {
			out = append(out, r)
		}
	}
	return out, nil
}

func (b *fakeReplyBook) AnsweredSince(_ context.Context, t time.Time) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, r := range b.replies {
		if r.Status.Answered() && !r.Replied.Before(t) {
			n++
		}
	}
	return n, nil
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// demoReplies are what a district's package of replies holds: answered,
// forwarded, received; public or not; with and without the resident's
// text.
func demoReplies() []content.Reply {
	return []content.Reply{
		{Receipt: "K7M2-Q9X2", Status: content.StatusReplied, Category: "意见建议", Received: day("2026-02-03"),
			Forwarded: day("2026-02-04"), Unit: "镇农业农村办", Replied: day("2026-02-20"),
			Text: "村道路灯已于2月18日全部修复，今后由村委会每月巡查一次。感谢您的反映！", Public: true,
			Opinion: "村东头的路灯坏了好几盏，晚上走路不安全。"},
		{Receipt: "ABCD-EFGH", Status: content.StatusForwarded, Category: "投诉举报线索", Received: day("2026-02-10"),
			Forwarded: day("2026-02-12"), Unit: "镇纪委"},
		{Receipt: "HJKM-NPQR", Status: content.StatusReceived, Category: "咨询", Received: day("2026-02-25")},
		{Receipt: "2345-6789", Status: content.StatusClosed, Category: "咨询", Received: day("2026-01-05"),
			Replied: day("2026-01-15"), Text: "低保申请请带户口本和身份证到村便民服务中心办理。", Public: true},
		{Receipt: "STUV-WXYZ", Status: content.StatusReplied, Category: "意见建议", Received: day("2026-02-01"),
			Replied: day("2026-02-26"), Text: "食堂已调整开放时间为上午十一点至下午一点。", Public: true},
		{Receipt: "MNPQ-2345", Status: content.StatusReplied, Category: "表扬", Received: day("2026-02-01"),
			Replied: day("2026-02-27"), Text: "谢谢您的表扬，我们会转达。", Public: false},
	}
}
