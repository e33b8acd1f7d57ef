package kiosk

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qingfeng/content"
	"qingfeng/kiosk/pinyin"
	qtheme "qingfeng/kiosk/theme"
)

// replyRig is a kiosk with an opinion box and the district's replies.
func replyRig(tb testing.TB, size fyne.Size, adjust ...func(*Config, *Sources)) (*rig, *fakeReplyBook, *fakeRecorder) {
	tb.Helper()
	book := &fakeReplyBook{replies: demoReplies(), local: map[string]bool{}}
	rec := &fakeRecorder{}
	dict := loadDict(tb)
	r := newRig(tb, size, append([]func(*Config, *Sources){func(c *Config, s *Sources) {
		s.Opinions = rec
		s.Replies = book
		s.Pinyin = func() *pinyin.Dict { return dict }
		c.Location = time.UTC
		c.Opinions.MinInterval = 30 * time.Second
	}}, adjust...)...)
	return r, book, rec
}

// openLookup goes from Home to the receipt keypad.
func (r *rig) openLookup(tb testing.TB) {
	tb.Helper()
	test.Tap(r.cardWith(tb, TileOpinions))
	r.expect(tb, "opinions")
	test.Tap(r.cardWith(tb, TileLookup))
	r.expect(tb, "lookup")
}

// shownReceipt is what the keypad's boxes show, the dash included: the
// large bold characters of the screen.
func (r *rig) shownReceipt() string {
	var b strings.Builder
	walk(r.w.Content(), func(o fyne.CanvasObject) bool {
		if t, ok := o.(*canvas.Text); ok && t.TextStyle.Bold && len([]rune(t.Text)) == 1 &&
			t.TextSize >= theme.Size(theme.SizeNameHeadingText) {
			b.WriteString(t.Text)
		}
		return false
	})
	return b.String()
}

// lookUp types receipt (without its dash) on the keypad and taps 查询.
func (r *rig) lookUp(tb testing.TB, receipt string) {
	tb.Helper()
	r.typeKeys(tb, strings.ReplaceAll(receipt, "-", ""))
	test.Tap(r.button(tb, "查询"))
}

// The keypad holds exactly the receipt's alphabet, each key a finger's
// size; the dash comes by itself; 查询 waits for the eighth character,
// and a ninth cannot be typed.
func TestReceiptKeypad(t *testing.T) {
	for _, size := range []fyne.Size{landscape, portrait} {
		t.Run(fmt.Sprintf("%.0fx%.0f", size.Width, size.Height), func(t *testing.T) {
			r, book, _ := replyRig(t, size)
			r.openLookup(t)
			var keys []string
			walk(r.w.Content(), func(o fyne.CanvasObject) bool {
				if b, ok := o.(*widget.Button); ok && len([]rune(b.Text)) == 1 {
					keys = append(keys, b.Text)
					if s := b.Size(); s.Width < qtheme.MinTouch || s.Height < qtheme.MinTouch {
						t.Errorf("key %s is %v, smaller than a finger", b.Text, s)
					}
				}
				return false
			})
			slices.Sort(keys)
			if got := strings.Join(keys, ""); got != content.ReceiptAlphabet {
				t.Fatalf("the keys are %q, want exactly %q", got, content.ReceiptAlphabet)
			}
			query := r.button(t, "查询")
			for i, c := range "K7M2Q9X2" {
				if !query.Disabled() {
					t.Fatalf("查询 enabled after %d characters", i)
				}
				test.Tap(r.button(t, string(c)))
			}
			if query.Disabled() {
				t.Fatal("查询 stays disabled with 8 characters typed")
			}
			if got := r.shownReceipt(); got != "K7M2-Q9X2" {
				t.Fatalf("the boxes show %q, want K7M2-Q9X2 with the dash put in", got)
			}
			test.Tap(r.button(t, "A")) // a ninth character
			if got := r.shownReceipt(); got != "K7M2-Q9X2" {
				t.Fatalf("a ninth character was typed: %q", got)
			}
			test.Tap(r.button(t, "删除"))
			if got := r.shownReceipt(); got != "K7M2-Q9X" || !query.Disabled() {
				t.Fatalf("after 删除 the boxes show %q and 查询 enabled=%v", got, !query.Disabled())
			}
			test.Tap(r.button(t, "清空"))
			if got := r.shownReceipt(); got != "-" {
				t.Fatalf("after 清空 the boxes show %q", got)
			}
			if len(book.asked) != 0 {
				t.Fatalf("looked up %v before 查询", book.asked)
			}
		})
	}
}

// A receipt the office answered shows the timeline with its dates, the
// current step highlighted, and the reply; one still with a unit shows
// what is done and what is not yet.
func TestLookupShowsTheTimeline(t *testing.T) {
	for _, c := range []struct {
		receipt, current string
		want, not        []string
	}{
		{"K7M2-Q9X2", "已答复", []string{"已转交（镇农业农村办）", "2026年2月3日", "2026年2月4日", "2026年2月20日", "村道路灯已于2月18日全部修复"},
			[]string{"尚未", "办公室正在办理"}},
		{"ABCD-EFGH", "已转交（镇纪委）", []string{"2026年2月10日", "2026年2月12日", "尚未答复", "办公室正在办理"}, []string{"答复内容"}},
		{"HJKM-NPQR", "已收到", []string{"2026年2月25日", "尚未转交", "尚未答复"}, nil},
		// Answered without a unit: the step between says so, not 已转交.
		{"2345-6789", "已答复", []string{"已办结", "低保申请", "办公室直接办理"}, []string{"尚未", "已转交"}},
	} {
		t.Run(c.receipt, func(t *testing.T) {
			r, book, _ := replyRig(t, landscape)
			r.openLookup(t)
			r.lookUp(t, c.receipt)
			r.expect(t, "reply")
			if len(book.asked) != 1 || book.asked[0] != c.receipt {
				t.Fatalf("asked the book %v, want %s", book.asked, c.receipt)
			}
			for _, w := range append(c.want, "回执号 "+c.receipt) {
				if !r.showing(w) {
					t.Errorf("%q is not shown", w)
				}
			}
			for _, w := range c.not {
				if r.showing(w) {
					t.Errorf("%q is shown", w)
				}
			}
			var bold []string
			walk(r.w.Content(), func(o fyne.CanvasObject) bool {
				if l, ok := o.(*widget.Label); ok && l.TextStyle.Bold && strings.HasPrefix(l.Text, "已") {
					bold = append(bold, l.Text)
				}
				return false
			})
			if len(bold) != 1 || bold[0] != c.current {
				t.Errorf("highlighted steps %q, want only %q", bold, c.current)
			}
			test.Tap(r.button(t, "返回"))
			r.expect(t, "opinions") // the answer took the keypad's place
		})
	}
}

// A receipt without an answer here gets the explanation that is true of
// it, and never a name or phone.
func TestLookupNotFoundExplains(t *testing.T) {
	for _, c := range []struct {
		name        string
		local, sent bool
		want        string
	}{
		{"written here, not sent", true, false, "您的意见还在本机，尚未送到办公室"},
		{"written here, sent", true, true, "已送出，办公室登记后可以查到"},
		{"unknown here", false, false, "暂时查不到这个回执号：可能还没有送到办公室，请过几天再查"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, book, _ := replyRig(t, portrait)
			if c.local {
				book.local["PQRS-TUVW"] = c.sent
			}
			r.openLookup(t)
			r.lookUp(t, "PQRS-TUVW")
			r.expect(t, "reply")
			if !r.showing(c.want) {
				t.Fatalf("%q is not shown", c.want)
			}
			for _, other := range []string{"尚未送到办公室", "已送出", "暂时查不到"} {
				if !strings.Contains(c.want, other) && r.showing(other) {
					t.Errorf("%q is shown too", other)
				}
			}
			test.Tap(r.button(t, "再查一个"))
			r.expect(t, "lookup")
			if got := r.shownReceipt(); got != "-" {
				t.Fatalf("再查一个 starts with %q typed", got)
			}
		})
	}
}

// A lookup that fails says so and keeps what was typed.
func TestLookupFailureKeepsTheKeypad(t *testing.T) {
	r, book, _ := replyRig(t, landscape)
	book.fail = errors.New("database is locked")
	r.openLookup(t)
	r.lookUp(t, "K7M2-Q9X2")
	r.expect(t, "lookup")
	if r.k.Notice() == "" || r.shownReceipt() != "K7M2-Q9X2" || r.button(t, "查询").Disabled() {
		t.Fatalf("notice %q, boxes %q, 查询 disabled=%v", r.k.Notice(), r.shownReceipt(), r.button(t, "查询").Disabled())
	}
}

// Five lookups a minute; the sixth waits, and the keypad says how long.
func TestLookupRateLimit(t *testing.T) {
	r, book, _ := replyRig(t, landscape)
	r.openLookup(t)
	for i := range lookupsAllowed {
		r.lookUp(t, "PQRS-TUV"+string(content.ReceiptAlphabet[i]))
		r.expect(t, "reply")
		r.clock.Add(5 * time.Second)
		test.Tap(r.button(t, "再查一个"))
	}
	// The first lookup was 25 s ago: 35 s to wait.
	r.typeKeys(t, "PQRSTUVW")
	if !r.button(t, "查询").Disabled() {
		t.Fatal("a sixth lookup within a minute is allowed")
	}
	if !r.showing("请等 35 秒再查") {
		t.Fatal("the keypad does not say how long to wait")
	}
	test.Tap(r.button(t, "查询"))
	r.clock.Add(20 * time.Second)
	r.k.Tick()
	if !r.showing("请等 15 秒再查") || !r.button(t, "查询").Disabled() {
		t.Fatal("the wait does not count down")
	}
	// Going Home and back does not reset it.
	test.Tap(r.button(t, "首页"))
	r.openLookup(t)
	r.typeKeys(t, "PQRSTUVW")
	if !r.button(t, "查询").Disabled() {
		t.Fatal("leaving the keypad reset the limit")
	}
	r.clock.Add(15 * time.Second)
	r.k.Tick()
	test.Tap(r.button(t, "查询"))
	r.expect(t, "reply")
	if len(book.asked) != lookupsAllowed+1 {
		t.Fatalf("%d lookups reached the book, want %d", len(book.asked), lookupsAllowed+1)
	}
}

func TestLookupGate(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		at   []time.Duration // lookups, from t0
		now  time.Duration
		want time.Duration
	}{
		{"none", nil, 0, 0},
		{"four", []time.Duration{0, 1, 2, 3}, 4 * time.Second, 0},
		{"five within a minute", []time.Duration{0, 10 * time.Second, 20 * time.Second, 30 * time.Second, 40 * time.Second}, 50 * time.Second, 10 * time.Second},
		{"the oldest has aged", []time.Duration{0, 10 * time.Second, 20 * time.Second, 30 * time.Second, 40 * time.Second}, 60 * time.Second, 0},
		{"six: the fifth newest counts", []time.Duration{0, 30 * time.Second, 31 * time.Second, 32 * time.Second, 33 * time.Second, 34 * time.Second}, 61 * time.Second, 29 * time.Second},
	} {
		t.Run(c.name, func(t *testing.T) {
			var g lookupGate
			for _, d := range c.at {
				g.record(t0.Add(d))
			}
			if got := g.wait(t0.Add(c.now)); got != c.want {
				t.Fatalf("wait = %v, want %v", got, c.want)
			}
		})
	}
}

// Going idle leaves no receipt typed for the next visitor.
func TestIdleClearsTheTypedReceipt(t *testing.T) {
	r, _, _ := replyRig(t, landscape)
	r.openLookup(t)
	r.typeKeys(t, "K7M2Q9")
	r.clock.Add(2 * time.Minute)
	r.k.Tick()
	r.expect(t, "attract")
	test.TapCanvas(r.w.Canvas(), fyne.NewPos(960, 540))
	r.expect(t, "home")
	r.openLookup(t)
	if got := r.shownReceipt(); got != "-" {
		t.Fatalf("the last visitor's receipt survived going idle: %q", got)
	}
}

// An answer on screen when the kiosk goes idle is gone too.
func TestIdleLeavesTheAnswer(t *testing.T) {
	r, _, _ := replyRig(t, landscape)
	r.openLookup(t)
	r.lookUp(t, "K7M2-Q9X2")
	r.expect(t, "reply")
	r.clock.Add(2 * time.Minute)
	r.k.Tick()
	r.expect(t, "attract")
	test.TapCanvas(r.w.Canvas(), fyne.NewPos(960, 540))
	r.expect(t, "home")
	if r.showing("K7M2-Q9X2") || r.showing("路灯") {
		t.Fatal("the answer survived going idle")
	}
}

// Without replies, 我有话说 offers neither lookup nor board.
func TestNoRepliesNoLookup(t *testing.T) {
	r, _ := opinionRig(t, landscape)
	test.Tap(r.cardWith(t, TileOpinions))
	if r.showing(TileLookup) || r.showing(TileBoard) {
		t.Fatal("查办理结果 or 答复公开 offered without replies")
	}
}

// The consent choice is off on every new form and travels when ticked.
func TestConsentChoice(t *testing.T) {
	r, _, rec := replyRig(t, landscape)
	send := func(consent bool) {
		t.Helper()
		r.openForm(t)
		if consent {
			test.Tap(r.cardWith(t, ConsentChoice))
		}
		r.typeKeys(t, "xiexie")
		test.Tap(r.button(t, "谢谢"))
		test.Tap(r.button(t, "提交"))
		r.expect(t, "thanks")
		if !r.showing("凭它在“查办理结果”查询") {
			t.Fatal("the thanks screen does not say where the receipt can be looked up")
		}
		test.Tap(r.button(t, "返回首页"))
		r.clock.Add(time.Minute)
	}
	send(false)
	send(true)
	// Ticked, then the visitor leaves: the next form starts unticked.
	r.openForm(t)
	test.Tap(r.cardWith(t, ConsentChoice))
	test.Tap(r.button(t, "首页"))
	send(false)
	// Ticked twice is unticked.
	r.openForm(t)
	test.Tap(r.cardWith(t, ConsentChoice))
	test.Tap(r.cardWith(t, ConsentChoice))
	r.typeKeys(t, "xiexie")
	test.Tap(r.button(t, "谢谢"))
	test.Tap(r.button(t, "提交"))
	var got []bool
	for _, o := range rec.got {
		got = append(got, o.Consent)
	}
	if want := []bool{false, true, false, false}; !slices.Equal(got, want) {
		t.Fatalf("consent of the opinions sent: %v, want %v", got, want)
	}
}

// The board shows the public answers newest first, by category, the
// resident's words only where they are given.
func TestBoard(t *testing.T) {
	r, _, _ := replyRig(t, landscape)
	// answers names the answers shown, in order, by a word of each.
	answers := func() []string {
		var out []string
		walk(r.w.Content(), func(o fyne.CanvasObject) bool {
			if l, ok := o.(*widget.Label); ok && strings.HasPrefix(l.Text, "答复：") {
				for _, w := range []string{"食堂", "路灯", "低保", "表扬"} {
					if strings.Contains(l.Text, w) {
						out = append(out, w)
					}
				}
			}
			return false
		})
		return out
	}
	test.Tap(r.cardWith(t, TileOpinions))
	test.Tap(r.cardWith(t, TileBoard))
	r.expect(t, "board")
	if got, want := answers(), []string{"食堂", "路灯", "低保"}; !slices.Equal(got, want) {
		t.Fatalf("the board shows %v, want %v (newest first, public only)", got, want)
	}
	if !r.showing("群众意见：村东头的路灯") {
		t.Error("the resident's words, given with consent, are not shown")
	}
	var asked int
	walk(r.w.Content(), func(o fyne.CanvasObject) bool {
		if l, ok := o.(*widget.Label); ok && strings.HasPrefix(l.Text, "群众意见：") {
			asked++
		}
		return false
	})
	if asked != 1 {
		t.Errorf("%d answers show the resident's words, want 1", asked)
	}
	for _, c := range []struct {
		tab  string
		want []string
	}{{"咨询", []string{"低保"}}, {"意见建议", []string{"食堂", "路灯"}}, {"全部", []string{"食堂", "路灯", "低保"}}} {
		test.Tap(r.button(t, c.tab))
		if got := answers(); !slices.Equal(got, c.want) {
			t.Errorf("tab %s shows %v, want %v", c.tab, got, c.want)
		}
	}
	for _, none := range []string{"表扬", "投诉举报线索"} { // no public answer in them
		walk(r.w.Content(), func(o fyne.CanvasObject) bool {
			if b, ok := o.(*widget.Button); ok && b.Text == none {
				t.Errorf("a tab %s without public answers", none)
			}
			return false
		})
	}
	// From an answer, too.
	test.Tap(r.button(t, "返回"))
	test.Tap(r.cardWith(t, TileLookup))
	r.lookUp(t, "ABCD-EFGH")
	test.Tap(r.button(t, TileBoard))
	r.expect(t, "board")
}

// Home's opinions tile counts the answers of this month, in the kiosk's
// time zone.
func TestHomeCountsThisMonthsAnswers(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	at := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	for _, c := range []struct {
		name    string
		loc     *time.Location
		replied []time.Time
		want    string
	}{
		{"none this month", time.UTC, nil, ""},
		{"two this month", time.UTC, []time.Time{at("2026-03-01T00:00:00Z"), at("2026-03-01T09:00:00Z")}, "本月已答复 2 条"},
		{"March already in Beijing", cst, []time.Time{at("2026-02-28T16:00:00Z"), at("2026-02-28T15:59:00Z")}, "本月已答复 1 条"},
		{"still February in UTC", time.UTC, []time.Time{at("2026-02-28T16:00:00Z")}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, _, _ := replyRig(t, landscape, func(cfg *Config, s *Sources) {
				cfg.Location = c.loc
				b := s.Replies.(*fakeReplyBook)
				for i, when := range c.replied {
					b.replies = append(b.replies, content.Reply{Receipt: fmt.Sprintf("ZZZZ-ZZZ%d", i+2), Status: content.StatusReplied,
						Category: "咨询", Received: when, Replied: when, Text: "已答复"})
				}
			})
			got := r.showing("本月已答复")
			if c.want == "" && got {
				t.Fatal("Home counts answers though none is of this month")
			}
			if c.want != "" && !r.showing(c.want) {
				t.Fatalf("Home does not say %q", c.want)
			}
		})
	}
}

// A new month starts Home's count again, although nothing else changed.
func TestHomeCountFollowsTheMonth(t *testing.T) {
	r, book, _ := replyRig(t, landscape)
	book.replies = append(book.replies, content.Reply{Receipt: "ZZZZ-ZZZ2", Status: content.StatusReplied, Category: "咨询",
		Replied: time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC), Text: "已答复"})
	r.clock.Add(30 * 24 * time.Hour) // 2026-03-31
	r.k.ContentChanged()
	if !r.showing("本月已答复 1 条") {
		t.Fatal("the answer of this month is not counted")
	}
	r.clock.Add(24 * time.Hour) // April
	test.Tap(r.cardWith(t, TileStories))
	test.Tap(r.button(t, "首页"))
	if r.showing("本月已答复") {
		t.Fatal("Home still counts March's answers in April")
	}
}

func TestReplyGoldens(t *testing.T) {
	inBothOrientations(t, func(t *testing.T, size fyne.Size, golden func(*testing.T, fyne.Window, string)) {
		r, _, _ := replyRig(t, size)
		test.Tap(r.cardWith(t, TileOpinions))
		golden(t, r.w, "opinions_replies")
		test.Tap(r.cardWith(t, TileLookup))
		r.typeKeys(t, "K7M2Q")
		golden(t, r.w, "lookup")
		r.typeKeys(t, "9X2")
		test.Tap(r.button(t, "查询"))
		r.expect(t, "reply")
		golden(t, r.w, "reply")
		test.Tap(r.button(t, TileBoard))
		golden(t, r.w, "board")
	})
}
