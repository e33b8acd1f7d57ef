package kiosk

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"qingfeng/content"
	"qingfeng/kiosk/pinyin"
	"qingfeng/kiosk/widgets"
)

type fakeRecorder struct {
	got  []content.Opinion
	fail error
}

func (f *fakeRecorder) RecordOpinion(_ context.Context, o content.Opinion) (string, error) {
	if f.fail != nil {
		return "", f.fail
	}
	f.got = append(f.got, o)
	return fmt.Sprintf("K7M2-Q9X%d", len(f.got)+1), nil
}

func loadDict(tb testing.TB) *pinyin.Dict {
	tb.Helper()
	d, err := pinyin.Default()
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// opinionRig is a kiosk with an opinion box, the real dictionary and the
// contact fields on.
func opinionRig(tb testing.TB, size fyne.Size) (*rig, *fakeRecorder) {
	tb.Helper()
	rec := &fakeRecorder{}
	dict := loadDict(tb)
	r := newRig(tb, size, func(c *Config, s *Sources) {
		s.Opinions = rec
		s.Pinyin = func() *pinyin.Dict { return dict }
		c.Opinions.Contacts = true
		c.Opinions.MinInterval = 30 * time.Second
		c.Opinions.Phrases = []string{"我想反映", "建议", "谢谢"}
	})
	return r, rec
}

func (r *rig) keyboard(tb testing.TB) *widgets.Keyboard {
	tb.Helper()
	var kb *widgets.Keyboard
	walk(r.w.Content(), func(o fyne.CanvasObject) bool {
		k, ok := o.(*widgets.Keyboard)
		if ok {
			kb = k
		}
		return ok
	})
	if kb == nil {
		tb.Fatalf("no keyboard on screen %s", r.k.Current())
	}
	return kb
}

// typeKeys taps the keys of s one by one, as a finger would.
func (r *rig) typeKeys(tb testing.TB, s string) {
	tb.Helper()
	for _, c := range s {
		test.Tap(r.button(tb, string(c)))
	}
}

func (r *rig) field(tb testing.TB, label string) *inputField {
	tb.Helper()
	var f *inputField
	walk(r.w.Content(), func(o fyne.CanvasObject) bool {
		in, ok := o.(*inputField)
		if ok && in.label == label {
			f = in
		}
		return f != nil
	})
	if f == nil {
		tb.Fatalf("no field %q on screen %s", label, r.k.Current())
	}
	return f
}

func (r *rig) openForm(tb testing.TB) {
	tb.Helper()
	test.Tap(r.cardWith(tb, TileOpinions))
	r.expect(tb, "opinions")
	test.Tap(r.cardWith(tb, "写意见"))
	r.expect(tb, "opinion-form")
}

func candidates(kb *widgets.Keyboard) []string {
	var out []string
	for _, c := range kb.Candidates() {
		out = append(out, c.Text)
	}
	return out
}

func TestTypingQinglianEntersIt(t *testing.T) {
	r, _ := opinionRig(t, landscape)
	r.openForm(t)
	r.typeKeys(t, "qinglian")
	kb := r.keyboard(t)
	if c := candidates(kb); len(c) == 0 || c[0] != "清廉" {
		t.Fatalf("candidates for qinglian = %v, want 清廉 first", c)
	}
	if !r.showing("qing lian") {
		t.Error("the typed pinyin is not shown in syllables")
	}
	test.Tap(r.button(t, "清廉"))
	if got := r.field(t, "您的意见").text; got != "清廉" {
		t.Fatalf("text = %q, want 清廉", got)
	}
	if kb.Input() != "" {
		t.Fatalf("pinyin left after the whole word was picked: %q", kb.Input())
	}
	// Character by character: the first syllable's character leaves the rest.
	r.typeKeys(t, "cunwu")
	for _, c := range kb.Candidates() {
		if c.Text == "村" {
			test.Tap(r.button(t, "村"))
			break
		}
	}
	if kb.Input() != "wu" {
		t.Fatalf("after picking 村 the input is %q, want wu", kb.Input())
	}
	test.Tap(r.button(t, "删除"))
	test.Tap(r.button(t, "删除"))
	test.Tap(r.button(t, "删除")) // the pinyin is gone: now the field loses 村
	if got := r.field(t, "您的意见").text; got != "清廉" {
		t.Fatalf("text after deleting = %q, want 清廉", got)
	}
	test.Tap(r.button(t, "，"))
	test.Tap(r.button(t, "建议")) // a common phrase
	if got := r.field(t, "您的意见").text; got != "清廉，建议" {
		t.Fatalf("text = %q, want 清廉，建议", got)
	}
}

func TestInitialsOfferWords(t *testing.T) {
	r, _ := opinionRig(t, landscape)
	r.openForm(t)
	for _, c := range []struct{ keys, want string }{
		{"ql", "清廉"}, {"cw", "村务"}, {"wx", "微信"}, {"ljfl", "垃圾分类"},
	} {
		r.typeKeys(t, c.keys)
		got := candidates(r.keyboard(t))
		found := false
		for i, g := range got {
			if g == c.want && i < 5 {
				found = true
			}
		}
		if !found {
			t.Errorf("%s offers %v, want %s among the first five", c.keys, got, c.want)
		}
		r.keyboard(t).Reset()
	}
}

// The whole written path: category, subject, text, name and phone on the
// number pad, submit, thanks with the receipt and the masked contact.
func TestWrittenOpinionWithContact(t *testing.T) {
	r, rec := opinionRig(t, portrait)
	r.openForm(t)
	test.Tap(r.button(t, "投诉举报线索"))
	test.Tap(r.field(t, "事项（选填）"))
	r.typeKeys(t, "ludeng")
	test.Tap(r.button(t, "路灯"))
	test.Tap(r.field(t, "您的意见"))
	r.typeKeys(t, "cunwu")
	test.Tap(r.button(t, "村务"))
	test.Tap(r.field(t, "姓名（选填）"))
	r.typeKeys(t, "zhang")
	test.Tap(r.button(t, "张"))
	test.Tap(r.field(t, "电话（选填）"))
	if !r.keyboard(t).Digits() {
		t.Fatal("the phone field must bring up the number pad")
	}
	r.typeKeys(t, "13812345678")
	test.Tap(r.button(t, "完成"))
	if r.keyboard(t).Digits() {
		t.Fatal("完成 must go back to the letters")
	}
	test.Tap(r.button(t, "提交"))
	r.expect(t, "thanks")
	if len(rec.got) != 1 {
		t.Fatalf("%d opinions stored, want 1", len(rec.got))
	}
	got := rec.got[0]
	want := content.Opinion{Category: "投诉举报线索", Subject: "路灯", Text: "村务", Name: "张", Phone: "13812345678"}
	got.At = time.Time{}
	if got != want {
		t.Fatalf("stored %+v, want %+v", got, want)
	}
	if !r.showing("K7M2-Q9X2") {
		t.Error("the receipt number is not shown")
	}
	if !r.showing("138****5678") || r.showing("13812345678") {
		t.Error("the phone must be shown masked on the thanks screen")
	}
	test.Tap(r.button(t, "返回"))
	r.expect(t, "home")
}

// The quick path: a face and a topic, no typing.
func TestRatingOnly(t *testing.T) {
	r, rec := opinionRig(t, landscape)
	test.Tap(r.cardWith(t, TileOpinions))
	test.Tap(r.cardWith(t, "打个分"))
	r.expect(t, "rating")
	if !r.button(t, "提交评价").Disabled() {
		t.Fatal("submit must wait for a face")
	}
	var faces []*widgets.FaceButton
	walk(r.w.Content(), func(o fyne.CanvasObject) bool {
		if f, ok := o.(*widgets.FaceButton); ok {
			faces = append(faces, f)
		}
		return false
	})
	if len(faces) != 3 {
		t.Fatalf("%d faces, want 3", len(faces))
	}
	test.Tap(faces[1]) // 一般
	test.Tap(r.button(t, "食堂"))
	test.Tap(r.button(t, "提交评价"))
	r.expect(t, "thanks")
	if len(rec.got) != 1 || rec.got[0].Rating != 2 || rec.got[0].Subject != "食堂" || rec.got[0].Text != "" {
		t.Fatalf("stored %+v", rec.got)
	}
}

// A rating can grow into a written opinion, and a disclosure's own screen
// opens the form about it.
func TestRatingThenWritingAndFromADisclosure(t *testing.T) {
	r, rec := opinionRig(t, landscape)
	test.Tap(r.cardWith(t, TileOpinions))
	test.Tap(r.cardWith(t, "打个分"))
	var unhappy *widgets.FaceButton
	walk(r.w.Content(), func(o fyne.CanvasObject) bool {
		f, ok := o.(*widgets.FaceButton)
		if ok && f.Label == "不满意" {
			unhappy = f
		}
		return unhappy != nil
	})
	test.Tap(unhappy)
	test.Tap(r.button(t, "我还想写几句"))
	r.expect(t, "opinion-form")
	r.typeKeys(t, "wenti")
	test.Tap(r.button(t, "问题"))
	test.Tap(r.button(t, "提交"))
	r.expect(t, "thanks")
	if len(rec.got) != 1 || rec.got[0].Rating != 1 || rec.got[0].Text != "问题" {
		t.Fatalf("stored %+v", rec.got)
	}

	r.clock.Add(time.Minute)
	test.Tap(r.button(t, "返回首页"))
	test.Tap(r.cardWith(t, TileDisclosures))
	test.Tap(r.button(t, "财务"))
	test.Tap(r.cardWith(t, "示例村2022年"))
	test.Tap(r.button(t, "对此提意见"))
	test.Tap(r.cardWith(t, "写意见"))
	if got := r.field(t, "事项（选填）").text; got == "" {
		t.Fatal("the disclosure's title should be the subject")
	}
}

func TestEmptyOpinionAndTooSoonAreRefused(t *testing.T) {
	r, rec := opinionRig(t, landscape)
	r.openForm(t)
	test.Tap(r.button(t, "提交"))
	if r.k.Current() != "opinion-form" || len(rec.got) != 0 {
		t.Fatal("an empty opinion was submitted")
	}
	r.typeKeys(t, "xiexie")
	test.Tap(r.button(t, "谢谢"))
	test.Tap(r.button(t, "提交"))
	r.expect(t, "thanks")
	test.Tap(r.button(t, "返回首页"))
	r.clock.Add(10 * time.Second)
	r.openForm(t)
	r.typeKeys(t, "xiexie")
	test.Tap(r.button(t, "谢谢"))
	test.Tap(r.button(t, "提交"))
	if r.k.Current() != "opinion-form" || len(rec.got) != 1 {
		t.Fatal("a second opinion 10 s after the first was taken; the minimum interval is 30 s")
	}
	if r.k.Notice() == "" {
		t.Error("refusing a submission must say why")
	}
	r.clock.Add(25 * time.Second)
	test.Tap(r.button(t, "提交"))
	if len(rec.got) != 2 {
		t.Fatal("after the interval the opinion must be taken")
	}
}

func TestFailedStoreKeepsTheForm(t *testing.T) {
	r, rec := opinionRig(t, landscape)
	rec.fail = errors.New("disk full")
	r.openForm(t)
	r.typeKeys(t, "xiexie")
	test.Tap(r.button(t, "谢谢"))
	test.Tap(r.button(t, "提交"))
	r.expect(t, "opinion-form")
	if got := r.field(t, "您的意见").text; got != "谢谢" {
		t.Fatalf("the text was lost after a failed submit: %q", got)
	}
	if b := r.button(t, "提交"); b.Disabled() {
		t.Fatal("submit stays disabled after a failure")
	}
	// A refusal worded for the resident is shown as it is.
	rec.fail = &content.OpinionError{Field: "text", Msg: "意见太长了"}
	test.Tap(r.button(t, "提交"))
	if r.k.Notice() != "意见太长了" {
		t.Fatalf("notice = %q", r.k.Notice())
	}
}

func TestTextLengthIsLimited(t *testing.T) {
	r, _ := opinionRig(t, landscape)
	r.k.cfg.Opinions.MaxLength = 4
	r.openForm(t)
	for range 3 {
		test.Tap(r.button(t, "谢谢"))
	}
	if got := r.field(t, "您的意见").text; got != "谢谢谢谢" {
		t.Fatalf("text = %q, want it stopped at 4 characters", got)
	}
}

// Going idle wipes a half-filled form: the next visitor starts empty.
func TestIdleWipesAHalfFilledForm(t *testing.T) {
	r, rec := opinionRig(t, landscape)
	r.openForm(t)
	r.typeKeys(t, "ludeng")
	test.Tap(r.button(t, "路灯"))
	test.Tap(r.field(t, "电话（选填）"))
	r.typeKeys(t, "138")
	r.clock.Add(2 * time.Minute)
	r.k.Tick()
	r.expect(t, "attract")
	test.TapCanvas(r.w.Canvas(), fyne.NewPos(960, 540))
	r.expect(t, "home")
	r.openForm(t)
	if got := r.field(t, "您的意见").text + r.field(t, "电话（选填）").text; got != "" {
		t.Fatalf("the last visitor's text survived going idle: %q", got)
	}
	if r.keyboard(t).Input() != "" || len(rec.got) != 0 {
		t.Fatal("pinyin or an opinion survived going idle")
	}
}

func TestNoOpinionBoxSaysSo(t *testing.T) {
	r := newRig(t, landscape)
	test.Tap(r.cardWith(t, TileOpinions))
	r.expect(t, "soon")
}

func TestDictionaryStillLoading(t *testing.T) {
	var dict *pinyin.Dict
	r := newRig(t, landscape, func(c *Config, s *Sources) {
		s.Opinions = &fakeRecorder{}
		s.Pinyin = func() *pinyin.Dict { return dict }
	})
	r.openForm(t)
	r.typeKeys(t, "ql")
	if !r.showing("词库正在加载") {
		t.Fatal("typing before the dictionary is loaded must say it is loading")
	}
	dict = loadDict(t)
	r.k.Tick()
	r.typeKeys(t, "ql")
	if len(r.keyboard(t).Candidates()) == 0 {
		t.Fatal("the dictionary loaded but the keyboard did not pick it up")
	}
}

func TestOpinionGoldens(t *testing.T) {
	inBothOrientations(t, func(t *testing.T, size fyne.Size, golden func(*testing.T, fyne.Window, string)) {
		r, _ := opinionRig(t, size)
		snap := func(screen string) {
			t.Helper()
			golden(t, r.w, screen)
		}
		test.Tap(r.cardWith(t, TileOpinions))
		snap("opinions")
		test.Tap(r.cardWith(t, "打个分"))
		var happy *widgets.FaceButton
		walk(r.w.Content(), func(obj fyne.CanvasObject) bool {
			f, ok := obj.(*widgets.FaceButton)
			if ok && f.Label == "满意" {
				happy = f
			}
			return happy != nil
		})
		test.Tap(happy)
		snap("rating")
		test.Tap(r.button(t, "首页"))
		r.openForm(t)
		r.typeKeys(t, "cunwugongkai")
		snap("form")
		test.Tap(r.field(t, "电话（选填）"))
		r.typeKeys(t, "13812345678")
		snap("phonepad")
		test.Tap(r.field(t, "您的意见"))
		r.typeKeys(t, "xiexie")
		test.Tap(r.button(t, "谢谢"))
		test.Tap(r.button(t, "提交"))
		r.expect(t, "thanks")
		snap("thanks")
	})
}

// Search is typed on the same keyboard: no system input method is needed.
func TestSearchTypedOnTheKeyboard(t *testing.T) {
	r, _ := opinionRig(t, landscape)
	test.Tap(r.cardWith(t, TileDisclosures))
	test.Tap(r.field(t, "搜索"))
	r.expect(t, "search-typing")
	r.typeKeys(t, "yinzhang") // pending pinyin is turned into 印章 by 搜索
	test.Tap(r.button(t, "搜索"))
	r.expect(t, "search")
	if !r.showing("印章") {
		t.Fatal("the search for 印章 shows nothing about it")
	}
	if got := r.field(t, "搜索").text; got != "印章" {
		t.Fatalf("the results' search box says %q, want 印章", got)
	}
}

// In 大字 mode not every field fits above the keyboard: the one typed into
// is scrolled into view.
func TestLargeTextFormShowsTheActiveField(t *testing.T) {
	r, _ := opinionRig(t, landscape)
	r.k.SetLarge(true)
	r.openForm(t)
	test.Tap(r.field(t, "电话（选填）"))
	text := r.field(t, "您的意见")
	test.Tap(text)
	d := fyne.CurrentApp().Driver()
	s := r.scroller(t)
	top := d.AbsolutePositionForObject(s).Y
	y := d.AbsolutePositionForObject(text).Y - top
	if y < -0.5 || y+text.Size().Height > s.Size().Height+0.5 {
		t.Fatalf("the text field is at %v..%v in a view of %v: not fully visible", y, y+text.Size().Height, s.Size().Height)
	}
}
