package widgets

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// stubHand "recognises" by the number of strokes: enough to test the
// keyboard's rules (kiosk/handwriting is tested on real stroke data).
type stubHand struct{ calls int }

func (h *stubHand) Recognize(strokes [][]fyne.Position, limit int) []string {
	h.calls++
	byCount := map[int][]string{1: {"一", "乙", "丨"}, 2: {"十", "二", "人", "八", "入", "儿", "几", "九", "刀", "力"}}
	out := byCount[len(strokes)]
	return out[:min(limit, len(out))]
}

// followDict is stubDict that also knows what follows a character.
type followDict struct{ stubDict }

func (followDict) Following(text string, limit int) []string {
	if text == "十" {
		return []string{"分", "字"}
	}
	return nil
}

func showsKey(w fyne.Window, label string) bool {
	found := false
	buttons(w.Content(), func(b *widget.Button) { found = found || b.Text == label })
	return found
}

func newHandKeyboard(t *testing.T) (*Keyboard, *typed, fyne.Window, *stubHand) {
	t.Helper()
	kb, got, w := newTestKeyboard(t)
	kb.Dict = followDict{}
	h := &stubHand{}
	kb.Hand = h
	kb.Reset()
	w.Resize(fyne.NewSize(1920, 1080))
	return kb, got, w, h
}

func TestKeyboardSwitchHiddenWithoutRecogniser(t *testing.T) {
	kb, _, w := newTestKeyboard(t)
	if showsKey(w, "手写") || showsKey(w, "拼音") {
		t.Fatal("the 拼音 | 手写 switch is shown with no recogniser")
	}
	kb.SetHandwriting(true)
	if kb.Handwriting() {
		t.Fatal("switched to 手写 with no recogniser")
	}
}

func TestKeyboardWritesByHand(t *testing.T) {
	kb, got, w, h := newHandKeyboard(t)
	switched := []bool{}
	kb.OnHand = func(on bool) { switched = append(switched, on) }
	tapKey(t, w, "手写")
	if !kb.Handwriting() || kb.Pad() == nil || !kb.Pad().Visible() || showsKey(w, "q") {
		t.Fatal("手写 did not show the pad in place of the letters")
	}
	if s := kb.Pad().Size(); s.Width < 600 || s.Height < 600 {
		t.Errorf("pad %v at 1080p, want at least 600×600", s)
	}
	pad := kb.Pad()
	drawStroke(pad, fyne.NewPos(100, 300), fyne.NewPos(500, 300))
	if c := kb.HandCandidates(); len(c) == 0 || c[0] != "一" {
		t.Fatalf("after one stroke: %v", c)
	}
	drawStroke(pad, fyne.NewPos(300, 100), fyne.NewPos(300, 500))
	if c := kb.HandCandidates(); len(c) == 0 || c[0] != "十" || h.calls != 2 {
		t.Fatalf("after two strokes: %v (%d recognitions)", c, h.calls)
	}
	tapKey(t, w, "十")
	if got.text != "十" || len(pad.Strokes()) != 0 {
		t.Fatalf("picking 十: text %q, %d strokes left", got.text, len(pad.Strokes()))
	}
	if c := kb.HandCandidates(); !slices.Equal(c, []string{"分", "字"}) {
		t.Fatalf("after 十 the bar offers %v, want what follows it", c)
	}
	tapKey(t, w, "分")
	tapKey(t, w, "拼音")
	if got.text != "十分" || kb.Handwriting() || !showsKey(w, "q") {
		t.Fatalf("text %q, handwriting %v", got.text, kb.Handwriting())
	}
	if !slices.Equal(switched, []bool{true, false}) {
		t.Errorf("OnHand told %v", switched)
	}
}

// 删除 takes back the last stroke first, then deletes in the field; 重写
// wipes the pad; punctuation commits the best character first.
func TestKeyboardHandKeys(t *testing.T) {
	kb, got, w, _ := newHandKeyboard(t)
	kb.SetHandwriting(true)
	pad := kb.Pad()
	got.text = "村"
	drawStroke(pad, fyne.NewPos(100, 300), fyne.NewPos(500, 300))
	drawStroke(pad, fyne.NewPos(300, 100), fyne.NewPos(300, 500))
	tapKey(t, w, "删除")
	if len(pad.Strokes()) != 1 || kb.HandCandidates()[0] != "一" || got.text != "村" {
		t.Fatalf("删除 with strokes: %d strokes, %v, text %q", len(pad.Strokes()), kb.HandCandidates(), got.text)
	}
	tapKey(t, w, "重写")
	if len(pad.Strokes()) != 0 || len(kb.HandCandidates()) != 0 {
		t.Fatal("重写 left strokes or candidates")
	}
	tapKey(t, w, "删除")
	if got.text != "" {
		t.Fatalf("删除 with an empty pad must delete in the field: %q", got.text)
	}
	drawStroke(pad, fyne.NewPos(100, 300), fyne.NewPos(500, 300))
	tapKey(t, w, "。")
	drawStroke(pad, fyne.NewPos(100, 300), fyne.NewPos(500, 300))
	kb.Flush() // a search started with a character still on the pad
	if got.text != "一。一" || len(pad.Strokes()) != 0 {
		t.Fatalf("text %q, %d strokes left", got.text, len(pad.Strokes()))
	}
}

// Every key of the pad's side is big enough for a finger, and on a low
// panel the pad leaves room above the keyboard.
func TestKeyboardHandFits(t *testing.T) {
	kb, _, w, _ := newHandKeyboard(t)
	for _, size := range []fyne.Size{{Width: 1920, Height: 1080}, {Width: 1080, Height: 1920}, {Width: 1366, Height: 768}} {
		w.Resize(size)
		kb.SetHandwriting(false)
		kb.SetHandwriting(true)
		var small []string
		buttons(w.Content(), func(b *widget.Button) {
			if s := b.Size(); s.Width < 64 || s.Height < 64 {
				small = append(small, b.Text)
			}
		})
		if len(small) > 0 {
			t.Errorf("%v: keys smaller than 64×64: %v", size, small)
		}
		if h := kb.MinSize().Height; h > 0.7*size.Height {
			t.Errorf("%v: the keyboard takes %v of the height", size, h)
		}
	}
}
