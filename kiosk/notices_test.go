package kiosk

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"qingfeng/content"
	"qingfeng/kiosk/pinyin"
)

// fakeNotices is the installed notices; reads counts how often the shell
// asked for them.
type fakeNotices struct {
	list  []content.Notice
	reads int
}

func (f *fakeNotices) Notices(_ context.Context, now time.Time) ([]content.Notice, error) {
	f.reads++
	var out []content.Notice
	for _, n := range f.list {
		if n.Window.Until.After(now) {
			out = append(out, n)
		}
	}
	return out, nil
}

// The rig's clock starts at 2026-03-01 10:00 UTC.
var (
	rigStart = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	waterOff = content.Notice{File: "通知.txt", Line: 1, Title: "明天上午停水", Urgent: true, Sites: []string{"qingfeng-cun"},
		Text:   "因自来水管道维修，3月2日上午8点到12点全村停水，请提前储水。给大家带来不便，敬请谅解。",
		Window: content.Window{From: rigStart.Add(5 * time.Minute), Until: rigStart.Add(15 * time.Minute)}}
	typhoon = content.Notice{File: "通知.txt", Line: 9, Title: "台风预警", Urgent: true, Sites: []string{"xiaoyao-cun"},
		Text: "今晚台风过境，请勿外出。", Window: content.Window{From: rigStart, Until: rigStart.Add(time.Hour)}}
	meeting = content.Notice{File: "通知.txt", Line: 15, Title: "村民议事会",
		Text:   "3月5日晚上7点在村委会二楼开村民议事会，商量村道修缮的事，欢迎大家参加。",
		Window: content.Window{From: rigStart.Add(-time.Hour), Until: rigStart.Add(24 * time.Hour)}}
)

func noticeRig(tb testing.TB, size fyne.Size, board *fakeNotices, more ...func(*Config, *Sources)) *rig {
	tb.Helper()
	return newRig(tb, size, append([]func(*Config, *Sources){func(c *Config, s *Sources) {
		c.SiteID = "qingfeng-cun"
		s.Notices = board
	}}, more...)...)
}

func (r *rig) bandSays(text string) bool {
	return slices.ContainsFunc(r.k.NoticeBand(), func(l string) bool { return strings.Contains(l, text) }) && r.showing(text)
}

// below says whether o starts below the urgent band: the band takes its
// own space, it hides nothing.
func (r *rig) below(tb testing.TB, o fyne.CanvasObject) {
	tb.Helper()
	band := r.k.notices.band
	bottom := fyne.CurrentApp().Driver().AbsolutePositionForObject(band).Y + band.Size().Height
	if y := fyne.CurrentApp().Driver().AbsolutePositionForObject(o).Y; y < bottom || band.Size().Height < 100 {
		tb.Fatalf("control at y=%v, the band (%v high) ends at y=%v", y, band.Size().Height, bottom)
	}
}

// An urgent notice is a band on every screen from its start to its end,
// brought by the one-second tick, and the screen under it stays what it
// was, its controls below the band; another site's urgent notice is not
// shown here.
func TestNoticeBandOverEveryScreen(t *testing.T) {
	for _, tc := range []struct {
		name   string
		screen string
		reach  func(t *testing.T, r *rig)
		below  func(t *testing.T, r *rig) fyne.CanvasObject
	}{
		{"home", "home", func(*testing.T, *rig) {}, func(t *testing.T, r *rig) fyne.CanvasObject { return r.button(t, "大字") }},
		{"a story", "story", func(t *testing.T, r *rig) {
			test.Tap(r.cardWith(t, TileStories))
			test.Tap(r.cardWith(t, "清厢茶馆"))
		}, func(t *testing.T, r *rig) fyne.CanvasObject { return r.button(t, "返回") }},
		{"a table", "table", func(t *testing.T, r *rig) {
			test.Tap(r.cardWith(t, TileDisclosures))
			test.Tap(r.cardWith(t, "示例村2022年"))
		}, func(t *testing.T, r *rig) fyne.CanvasObject { return r.button(t, "首页") }},
		{"the opinion form, half typed", "opinion-form", func(t *testing.T, r *rig) {
			r.openForm(t)
			r.typeKeys(t, "cunwu")
		}, func(t *testing.T, r *rig) fyne.CanvasObject { return r.button(t, "返回") }},
		{"the attract loop", "attract", func(t *testing.T, r *rig) { r.k.startAttract() }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			board := &fakeNotices{list: []content.Notice{waterOff, typhoon}}
			dict := loadDict(t)
			r := noticeRig(t, landscape, board, func(c *Config, s *Sources) {
				c.IdleAfter = time.Hour
				s.Opinions, s.Pinyin = &fakeRecorder{}, func() *pinyin.Dict { return dict }
			})
			tc.reach(t, r)
			r.expect(t, tc.screen)
			if r.k.NoticeBand() != nil || r.showing("台风预警") {
				t.Fatalf("before its start: band %q", r.k.NoticeBand())
			}
			r.clock.set(waterOff.Window.From)
			r.k.Tick()
			if !r.bandSays("紧急通知：明天上午停水") || !r.bandSays("因自来水管道维修") || r.showing("台风预警") {
				t.Fatalf("at its start: band %q", r.k.NoticeBand())
			}
			r.expect(t, tc.screen)
			if tc.below != nil {
				r.below(t, tc.below(t, r))
			}
			if tc.screen == "opinion-form" && len(r.keyboard(t).Candidates()) == 0 {
				t.Fatal("the band came and the half-typed pinyin went: the form must be left as it was")
			}
			r.clock.set(waterOff.Window.Until)
			r.k.Tick()
			if r.k.NoticeBand() != nil || r.showing("明天上午停水") {
				t.Fatalf("after its end: band %q", r.k.NoticeBand())
			}
		})
	}
}

// The band is over the closed clock too: a passer-by outside the opening
// hours reads that the water is off tomorrow.
func TestNoticeBandOverTheClosedClock(t *testing.T) {
	board := &fakeNotices{list: []content.Notice{{Title: "明天停水", Text: "明天停水。", Urgent: true,
		Window: content.Window{From: rigStart.Add(8 * time.Hour), Until: rigStart.Add(12 * time.Hour)}}}}
	r, _, _ := closingRig(t, landscape, func(c *Config, s *Sources) { s.Notices = board })
	r.clock.Add(9 * time.Hour) // 19:00
	r.idle(2 * time.Minute)
	r.expect(t, "closed")
	if !r.bandSays("紧急通知：明天停水") {
		t.Fatalf("band %q over the closed clock", r.k.NoticeBand())
	}
}

// A tap on the band opens the whole notice; it is left, as withdrawn
// content is, when the notice ends while it is read.
func TestNoticeBandOpensTheNotice(t *testing.T) {
	short := waterOff
	short.Window.Until = short.Window.From.Add(30 * time.Second)
	r := noticeRig(t, landscape, &fakeNotices{list: []content.Notice{short}})
	r.clock.set(short.Window.From)
	r.k.Tick()
	test.Tap(r.k.notices.band.Objects[0].(*card))
	r.expect(t, "notice")
	if !r.showing("明天上午停水") || !r.showing("紧急通知") {
		t.Fatal("the notice screen should show the notice")
	}
	r.clock.set(short.Window.Until)
	r.k.Tick()
	r.expect(t, "home")
	if !strings.Contains(r.k.Notice(), "已下架") {
		t.Fatalf("leaving an ended notice should say so, got %q", r.k.Notice())
	}
}

// The attract loop starts with the urgent notices, then the ordinary
// ones, then its usual slides; an urgent notice that starts while it
// plays is shown at once.
func TestNoticeAttractSlides(t *testing.T) {
	board := &fakeNotices{list: []content.Notice{waterOff, meeting}}
	r := noticeRig(t, landscape, board)
	r.idle(6 * time.Minute) // 10:06: both shown
	r.expect(t, "attract")
	slideSays := func(i int, text string) bool {
		return walk(r.k.attract.slides[i], func(o fyne.CanvasObject) bool { return shows(o, text) })
	}
	if len(r.k.attract.slides) < 3 || !slideSays(0, "紧急通知") || !slideSays(0, "明天上午停水") ||
		!slideSays(1, "村民议事会") || slideSays(2, "通知") {
		t.Fatalf("%d slides in the wrong order", len(r.k.attract.slides))
	}

	r2 := noticeRig(t, landscape, board)
	r2.idle(100 * time.Second)
	r2.expect(t, "attract")
	r2.clock.Add(5 * time.Second) // the next slide
	r2.k.Tick()
	r2.clock.set(waterOff.Window.From)
	r2.k.Tick()
	if r2.k.attract.index != 0 || !walk(r2.k.attract.holder, func(o fyne.CanvasObject) bool { return shows(o, "明天上午停水") }) {
		t.Fatalf("the urgent notice should be on screen at its start, slide %d", r2.k.attract.index)
	}
}

// An ordinary notice is a card on Home until its end, and opens whole;
// it is no band. A notice installed later (ContentChanged) is on the
// screen at the next tick, without a restart.
func TestNoticeOnHome(t *testing.T) {
	board := &fakeNotices{}
	r := noticeRig(t, landscape, board)
	if r.showing("村民议事会") {
		t.Fatal("no notice installed yet")
	}
	board.list = []content.Notice{meeting}
	r.k.ContentChanged()
	r.k.Tick()
	if !r.showing("村民议事会") || r.k.NoticeBand() != nil {
		t.Fatalf("the new notice should be on Home and not in the band (%q)", r.k.NoticeBand())
	}
	test.Tap(r.cardWith(t, "村民议事会"))
	r.expect(t, "notice")
	test.Tap(r.button(t, "首页"))
	r.clock.set(meeting.Window.Until)
	r.k.Tick()
	if r.showing("村民议事会") {
		t.Fatal("an ended notice should leave Home")
	}
	if board.reads != 2 {
		t.Errorf("the store was asked %d times; once at start and once after the change", board.reads)
	}
}

// Several urgent notices take turns in the band, a slide's time each.
func TestNoticeBandTakesTurns(t *testing.T) {
	second := waterOff
	second.Title, second.Window.From = "停电通知", waterOff.Window.From.Add(time.Second)
	r := noticeRig(t, landscape, &fakeNotices{list: []content.Notice{waterOff, second}}, func(c *Config, _ *Sources) { c.Slide = 8 * time.Second })
	r.clock.set(second.Window.From)
	r.k.Tick()
	if !r.bandSays("停电通知（1/2）") {
		t.Fatalf("the newest first: %q", r.k.NoticeBand())
	}
	r.clock.Add(8 * time.Second)
	r.k.Tick()
	if !r.bandSays("明天上午停水（2/2）") {
		t.Fatalf("then the other: %q", r.k.NoticeBand())
	}
}

func TestGoldenNotices(t *testing.T) {
	inBothOrientations(t, func(t *testing.T, size fyne.Size, golden func(*testing.T, fyne.Window, string)) {
		r := noticeRig(t, size, &fakeNotices{list: []content.Notice{waterOff, meeting}}, func(c *Config, _ *Sources) { c.IdleAfter = time.Hour })
		r.clock.set(waterOff.Window.From)
		r.k.Tick()
		golden(t, r.w, "notice_home")
		test.Tap(r.cardWith(t, TileStories))
		test.Tap(r.cardWith(t, "清厢茶馆"))
		golden(t, r.w, "notice_story")
		r.k.startAttract()
		golden(t, r.w, "notice_attract")
	})
}

// set moves the clock to t.
func (c *fakeClock) set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

func TestBandLines(t *testing.T) {
	for _, c := range []struct {
		text      string
		per, most int
		want      []string
	}{
		{"一二三四五六", 3, 2, []string{"一二三", "四五六"}},
		{"一二三四五六七", 3, 2, []string{"一二三", "四五…"}},
		// 。 would begin the second line: 三 goes down with it.
		{"一二三。四", 3, 2, []string{"一二", "三。四"}},
		{"一二三，四五六七八", 3, 3, []string{"一二", "三，四", "五六…"}},
		{"一二三四", 3, 1, []string{"一二…"}},
	} {
		if got := bandLines(c.text, c.per, c.most); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("bandLines(%q, %d, %d) = %q, want %q", c.text, c.per, c.most, got, c.want)
		}
	}
}

// On a short panel the band gives the text one line, not two: two pushed
// half of Home below its fold at 1366×768.
func TestNoticeBandOnAShortPanel(t *testing.T) {
	for _, c := range []struct {
		size  fyne.Size
		lines int
	}{{fyne.NewSize(1366, 768), 1}, {portrait, 2}} {
		r := noticeRig(t, c.size, &fakeNotices{list: []content.Notice{waterOff}})
		r.clock.set(waterOff.Window.From)
		r.k.Tick()
		// The heading, the text's lines, the hint.
		if got := len(r.k.NoticeBand()) - 2; got != c.lines {
			t.Errorf("%v: %d lines of text %q, want %d", c.size, got, r.k.NoticeBand(), c.lines)
		}
	}
}
