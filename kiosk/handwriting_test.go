package kiosk

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"qingfeng/kiosk/handwriting"
	"qingfeng/kiosk/pinyin"
	"qingfeng/kiosk/widgets"
)

// recogniser opens the installed model (build/deps.sh test installs it).
func recogniser(tb testing.TB) *handwriting.Recognizer {
	tb.Helper()
	r, err := handwriting.Open("")
	if err != nil {
		tb.Fatalf("%v (run build/deps.sh test)", err)
	}
	tb.Cleanup(func() { r.Close() })
	return r
}

// handRig is the opinion rig with the writing pad's recogniser.
func handRig(tb testing.TB, size fyne.Size) (*rig, *fakeRecorder) {
	tb.Helper()
	hand := recogniser(tb)
	rec := &fakeRecorder{}
	dict := loadDict(tb)
	r := newRig(tb, size, func(c *Config, s *Sources) {
		s.Opinions = rec
		s.Pinyin = func() *pinyin.Dict { return dict }
		s.Handwriting = func() *handwriting.Recognizer { return hand }
		c.Opinions.Phrases = []string{"我想反映", "建议", "谢谢"}
	})
	return r, rec
}

// medians are a character's strokes from the recognition's test data
// (hanzi-writer-data: a 1024-unit box, y down).
func medians(tb testing.TB, char string) [][]fyne.Position {
	tb.Helper()
	f, err := os.Open("handwriting/testdata/medians.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		c, rest, _ := strings.Cut(sc.Text(), " ")
		if c != char {
			continue
		}
		var out [][]fyne.Position
		for _, s := range strings.Split(rest, ";") {
			var stroke []fyne.Position
			for _, p := range strings.Fields(s) {
				xs, ys, _ := strings.Cut(p, ",")
				x, _ := strconv.Atoi(xs)
				y, _ := strconv.Atoi(ys)
				stroke = append(stroke, fyne.NewPos(float32(x), float32(y)))
			}
			out = append(out, stroke)
		}
		return out
	}
	tb.Fatalf("no strokes for %s", char)
	return nil
}

// write draws char on the pad with a finger: each stroke of its medians,
// scaled to the pad, as drag events every few units, lifted after it.
func (r *rig) write(tb testing.TB, char string) {
	tb.Helper()
	pad := r.keyboard(tb).Pad()
	if pad == nil || !pad.Visible() {
		tb.Fatal("no writing pad shown")
	}
	scale := pad.Size().Width * 0.8 / 1024
	margin := pad.Size().Width * 0.1
	at := func(p fyne.Position) fyne.Position {
		return fyne.NewPos(margin+p.X*scale, margin+p.Y*scale)
	}
	for _, s := range medians(tb, char) {
		prev := at(s[0])
		for _, p := range s[1:] {
			next := at(p)
			d := next.Subtract(prev)
			n := max(1, int(max(abs(d.X), abs(d.Y))/8))
			for k := 1; k <= n; k++ {
				f := float32(k) / float32(n)
				now := fyne.NewPos(prev.X+d.X*f, prev.Y+d.Y*f)
				step := fyne.NewDelta(d.X/float32(n), d.Y/float32(n))
				pad.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: now}, Dragged: step})
			}
			prev = next
		}
		pad.DragEnd()
	}
}

func abs(f float32) float32 { return max(f, -f) }

// pickHand taps char in the candidate bar, paging on if needed.
func (r *rig) pickHand(tb testing.TB, char string) {
	tb.Helper()
	kb := r.keyboard(tb)
	for range 4 {
		if slices.Contains(kb.HandCandidates(), char) {
			test.Tap(r.button(tb, char))
			return
		}
		var next *widget.Button
		walk(r.w.Content(), func(o fyne.CanvasObject) bool {
			if b, ok := o.(*widget.Button); ok && b.Icon != nil && strings.Contains(b.Icon.Name(), "navigate-next") {
				next = b
			}
			return next != nil
		})
		if next == nil {
			break
		}
		test.Tap(next)
	}
	tb.Fatalf("%s is not among the candidates %v", char, kb.HandCandidates())
}

// switchKeyboard taps 手写 (hand) or 拼音 on the keyboard's switch, by
// its label or, on a narrow panel, the one character it is shortened to.
func (r *rig) switchKeyboard(tb testing.TB, hand bool) {
	tb.Helper()
	full, short := "拼音", "拼"
	if hand {
		full, short = "手写", "写"
	}
	var found *widget.Button
	walk(r.w.Content(), func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widget.Button); ok && (b.Text == full || b.Text == short) {
			found = b
		}
		return found != nil
	})
	if found == nil {
		tb.Fatalf("no %s key on screen %s", full, r.k.Current())
	}
	test.Tap(found)
	if r.keyboard(tb).Handwriting() != hand {
		tb.Fatalf("%s did not switch", full)
	}
}

func TestHandwritingIntoTheOpinion(t *testing.T) {
	r, rec := handRig(t, landscape)
	r.openForm(t)
	r.switchKeyboard(t, true)
	r.write(t, "清")
	r.pickHand(t, "清")
	// After a character the bar offers what follows it.
	r.pickHand(t, "廉")
	r.write(t, "风")
	r.pickHand(t, "风")
	if got := r.field(t, "您的意见").text; got != "清廉风" {
		t.Fatalf("the opinion says %q, want 清廉风", got)
	}
	test.Tap(r.button(t, "提交"))
	r.expect(t, "thanks")
	if len(rec.got) != 1 || rec.got[0].Text != "清廉风" {
		t.Fatalf("stored %+v", rec.got)
	}
}

func TestHandwritingIntoTheSearch(t *testing.T) {
	r, _ := handRig(t, landscape)
	test.Tap(r.cardWith(t, TileDisclosures))
	test.Tap(r.field(t, "搜索"))
	r.expect(t, "search-typing")
	r.switchKeyboard(t, true)
	r.write(t, "印")
	r.pickHand(t, "印")
	r.write(t, "章")
	r.pickHand(t, "章")
	test.Tap(r.button(t, "搜索"))
	r.expect(t, "search")
	if got := r.field(t, "搜索").text; got != "印章" {
		t.Fatalf("the results' search box says %q, want 印章", got)
	}
	if !r.showing("印章") {
		t.Fatal("the search for 印章 shows nothing about it")
	}
}

// 手写 stays chosen from screen to screen until the kiosk is left idle.
func TestHandwritingRememberedUntilIdle(t *testing.T) {
	r, _ := handRig(t, landscape)
	r.openForm(t)
	r.switchKeyboard(t, true)
	test.Tap(r.button(t, "首页"))
	test.Tap(r.cardWith(t, TileDisclosures))
	test.Tap(r.field(t, "搜索"))
	if !r.keyboard(t).Handwriting() {
		t.Fatal("the search's keyboard forgot 手写")
	}
	r.clock.Add(2 * time.Minute)
	r.k.Tick()
	r.expect(t, "attract")
	test.TapCanvas(r.w.Canvas(), fyne.NewPos(960, 540))
	r.openForm(t)
	if r.keyboard(t).Handwriting() {
		t.Fatal("the next visitor found 手写 chosen")
	}
}

// Without the model there is no 手写: the switch appears only once a
// recogniser is there (it loads after the first frame).
func TestHandwritingOnlyWithAModel(t *testing.T) {
	var hand *handwriting.Recognizer
	r := newRig(t, landscape, func(c *Config, s *Sources) {
		s.Opinions = &fakeRecorder{}
		s.Pinyin = func() *pinyin.Dict { return nil }
		s.Handwriting = func() *handwriting.Recognizer { return hand }
	})
	r.openForm(t)
	if texts := r.buttonTexts(); slices.Contains(texts, "手写") || slices.Contains(texts, "写") {
		t.Fatal("手写 offered with no model")
	}
	hand = recogniser(t)
	r.k.Tick()
	r.switchKeyboard(t, true)
	if !r.keyboard(t).Handwriting() {
		t.Fatal("the recogniser loaded but 手写 does not switch")
	}
}

func TestHandwritingGoldens(t *testing.T) {
	inBothOrientations(t, func(t *testing.T, size fyne.Size, golden func(*testing.T, fyne.Window, string)) {
		r, _ := handRig(t, size)
		r.openForm(t)
		r.switchKeyboard(t, true)
		r.write(t, "清")
		r.pickHand(t, "清")
		r.write(t, "风")
		golden(t, r.w, "handwriting")
	})
}

var _ widgets.Recogniser = handRecogniser{}

// A keyboard built with 手写 already chosen (the next screen after it
// was) sizes its pad for the panel too, as one switched on the screen.
func TestHandwritingRememberedFitsALowPanel(t *testing.T) {
	for _, px := range []fyne.Size{{Width: 1366, Height: 768}, {Width: 720, Height: 1280}} {
		t.Run(fmt.Sprintf("%.0fx%.0f", px.Width, px.Height), func(t *testing.T) {
			r, scale := fitRig(t, px)
			want := fyne.NewSize(px.Width/scale, px.Height/scale)
			r.openForm(t)
			r.switchKeyboard(t, true)
			test.Tap(r.homeButton(t))
			test.Tap(r.cardWith(t, TileDisclosures))
			test.Tap(r.field(t, "搜索"))
			r.expect(t, "search-typing")
			if !r.keyboard(t).Handwriting() {
				t.Fatal("手写 was not remembered")
			}
			if bad := misfits(r, want); len(bad) > 0 {
				t.Fatalf("the search with the pad does not fit:\n%s", strings.Join(bad, "\n"))
			}
		})
	}
}
