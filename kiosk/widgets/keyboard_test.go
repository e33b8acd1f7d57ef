package widgets

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	qtheme "qingfeng/kiosk/theme"
)

// stubDict knows a few syllables: enough to test the keyboard's own rules
// (the real dictionary is tested in kiosk/pinyin and through the screens).
type stubDict struct{}

func (stubDict) Lookup(in string, limit int) []Candidate {
	var out []Candidate
	switch {
	case strings.HasPrefix(in, "qinglian"):
		out = []Candidate{{"清廉", 8}, {"清", 4}, {"青", 4}, {"轻", 4}, {"情", 4}, {"请", 4}, {"庆", 4}, {"晴", 4}}
	case strings.HasPrefix(in, "lian"):
		out = []Candidate{{"廉", 4}, {"连", 4}}
	case strings.HasPrefix(in, "q"):
		out = []Candidate{{"去", 1}}
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

func (stubDict) Segment(in string) string { return in }

type typed struct {
	text string
}

func newTestKeyboard(t *testing.T) (*Keyboard, *typed, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(qtheme.New(false))
	got := &typed{}
	kb := NewKeyboard(stubDict{})
	kb.Phrases = []string{"谢谢"}
	kb.OnText = func(s string) { got.text += s }
	kb.OnDelete = func() {
		r := []rune(got.text)
		if len(r) > 0 {
			got.text = string(r[:len(r)-1])
		}
	}
	w := test.NewTempWindow(t, kb)
	w.Resize(fyne.NewSize(1200, 600))
	return kb, got, w
}

// buttons visits every button shown, through containers and widgets.
func buttons(o fyne.CanvasObject, f func(*widget.Button)) {
	if o == nil || !o.Visible() {
		return
	}
	switch v := o.(type) {
	case *widget.Button:
		f(v)
	case *fyne.Container:
		for _, c := range v.Objects {
			buttons(c, f)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			buttons(c, f)
		}
	}
}

func tapKey(t *testing.T, w fyne.Window, label string) {
	t.Helper()
	var found *widget.Button
	buttons(w.Content(), func(b *widget.Button) {
		if found == nil && b.Text == label {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no key %q", label)
	}
	test.Tap(found)
}

func TestKeyboardPicksAndKeepsTheRest(t *testing.T) {
	kb, got, w := newTestKeyboard(t)
	for _, c := range "qinglian" {
		tapKey(t, w, string(c))
	}
	if kb.Input() != "qinglian" {
		t.Fatalf("input = %q", kb.Input())
	}
	tapKey(t, w, "清") // the first syllable only
	if got.text != "清" || kb.Input() != "lian" {
		t.Fatalf("after 清: text %q, input %q; want 清 and lian left", got.text, kb.Input())
	}
	tapKey(t, w, "廉")
	if got.text != "清廉" || kb.Input() != "" {
		t.Fatalf("after 廉: text %q, input %q", got.text, kb.Input())
	}
}

func TestKeyboardPagesCandidates(t *testing.T) {
	kb, _, w := newTestKeyboard(t)
	kb.PerPage = 3
	for _, c := range "qinglian" {
		tapKey(t, w, string(c))
	}
	first := kb.Candidates()
	if len(first) != 3 || first[0].Text != "清廉" {
		t.Fatalf("first page %v", first)
	}
	kb.page = 1 // what the ▶ key does
	kb.updateBar()
	if second := kb.Candidates(); len(second) != 3 || second[0].Text != "轻" {
		t.Fatalf("second page %v, want it to start at 轻", second)
	}
}

func TestKeyboardBackspaceTakesPinyinFirst(t *testing.T) {
	kb, got, w := newTestKeyboard(t)
	got.text = "村"
	tapKey(t, w, "q")
	tapKey(t, w, "删除")
	if kb.Input() != "" || got.text != "村" {
		t.Fatalf("backspace with pinyin pending: input %q, text %q", kb.Input(), got.text)
	}
	tapKey(t, w, "删除")
	if got.text != "" {
		t.Fatalf("backspace with no pinyin must delete in the field: %q", got.text)
	}
}

func TestKeyboardPunctuationAndPhrasesCommitTheBestFirst(t *testing.T) {
	kb, got, w := newTestKeyboard(t)
	for _, c := range "qinglian" {
		tapKey(t, w, string(c))
	}
	tapKey(t, w, "，")
	tapKey(t, w, "谢谢")
	if got.text != "清廉，谢谢" || kb.Input() != "" {
		t.Fatalf("text %q input %q", got.text, kb.Input())
	}
	for _, c := range "zzz" { // nothing matches: the letters themselves go in
		tapKey(t, w, string(c))
	}
	tapKey(t, w, "空格")
	if got.text != "清廉，谢谢zzz" {
		t.Fatalf("text %q", got.text)
	}
}

func TestKeyboardNumberPad(t *testing.T) {
	kb, got, w := newTestKeyboard(t)
	done := false
	kb.OnDone = func() { done = true }
	kb.SetDigits(true)
	for _, d := range "138" {
		tapKey(t, w, string(d))
	}
	tapKey(t, w, "删除")
	tapKey(t, w, "完成")
	if got.text != "13" || !done {
		t.Fatalf("number pad: text %q, done %v", got.text, done)
	}
}

// Every key is big enough for a finger: at least 64×64 at 1080p.
func TestKeyboardKeysAreFingerSized(t *testing.T) {
	_, _, w := newTestKeyboard(t)
	w.Resize(fyne.NewSize(1080, 700))
	var small []string
	buttons(w.Content(), func(b *widget.Button) {
		if s := b.Size(); s.Width < 64 || s.Height < 64 {
			small = append(small, b.Text)
		}
	})
	if len(small) > 0 {
		t.Fatalf("keys smaller than 64×64: %v", small)
	}
}
