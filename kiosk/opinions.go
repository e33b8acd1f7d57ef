package kiosk

import (
	"image/color"

	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qingfeng/content"
	"qingfeng/kiosk/pinyin"
	qtheme "qingfeng/kiosk/theme"
	"qingfeng/kiosk/widgets"
)

// OpinionSettings shape the 我有话说 screens.
type OpinionSettings struct {
	// Categories a resident picks from; the first is preselected.
	Categories []string
	// Topics are the tap-only "what is it about" choices of a rating.
	Topics []string
	// Phrases are the keyboard's one-tap common phrases.
	Phrases []string
	// MinInterval is the least time between two submissions at this
	// screen; zero allows any.
	MinInterval time.Duration
	// MaxLength is the most characters an opinion's text may have.
	MaxLength int
	// Contacts offers the optional name and phone fields; only when the
	// office's key is configured, since they are stored sealed with it.
	Contacts bool
}

func (s *OpinionSettings) fill() {
	if len(s.Categories) == 0 {
		s.Categories = content.DefaultOpinionCategories
	}
	if len(s.Topics) == 0 {
		s.Topics = []string{"村务公开", "办事服务", "环境卫生", "食堂", "其他"}
	}
	if s.MaxLength <= 0 {
		s.MaxLength = content.DefaultOpinionMaxLength
	}
}

// The three faces of the quick rating, best first.
var ratings = []struct {
	value int
	label string
	face  widgets.Mood
}{
	{content.RatingHappy, content.RatingWord(content.RatingHappy), widgets.Happy},
	{content.RatingSoSo, content.RatingWord(content.RatingSoSo), widgets.Neutral},
	{content.RatingUnhappy, content.RatingWord(content.RatingUnhappy), widgets.Unhappy},
}

// opinionsScreen asks how the resident wants to speak: a tap-only rating,
// or a written opinion.
func (k *Kiosk) opinionsScreen(subject string) *screen {
	return &screen{name: "opinions", title: TileOpinions, build: func() (fyne.CanvasObject, bool) {
		rate := k.tile("打个分", "只需点一下：满意、一般、不满意", theme.ConfirmIcon(), func() { k.push(k.ratingScreen(subject)) })
		write := k.tile("写意见", "反映问题、提建议、表扬、咨询", theme.DocumentCreateIcon(), func() { k.push(k.opinionForm(subject, 0)) })
		note := wrapped(k.privacyNote(), fyne.TextStyle{})
		note.Alignment = fyne.TextAlignCenter
		return container.NewPadded(container.NewBorder(nil, note, nil, nil, k.grid(2, rate, write))), true
	}}
}

func (k *Kiosk) privacyNote() string {
	if k.cfg.Opinions.Contacts {
		return "可以不留姓名。留下的姓名和电话会加密保存，只有负责处理意见的部门能看到。"
	}
	return "不需要留姓名。提交后会给您一个回执号，请拍照保存。"
}

// ratingScreen is the quick path for people who will not type: three big
// faces and optional topics, all taps.
func (k *Kiosk) ratingScreen(subject string) *screen {
	s := &screen{name: "rating", title: "打个分"}
	s.build = func() (fyne.CanvasObject, bool) {
		rating := 0
		topic := subject
		var faces []*widgets.FaceButton
		var submit *widget.Button
		for _, r := range ratings {
			r := r
			f := widgets.NewFaceButton(r.face, r.label, nil)
			f.OnTapped = func() {
				k.Touched()
				rating = r.value
				for _, g := range faces {
					g.SetSelected(g == f)
				}
				submit.Enable()
			}
			faces = append(faces, f)
		}
		var topicButtons []*widget.Button
		topics := container.New(&flowRow{})
		for _, t := range k.cfg.Opinions.Topics {
			t := t
			b := k.button(t, nil, nil)
			b.OnTapped = func() {
				k.Touched()
				if topic == t {
					topic = subject
				} else {
					topic = t
				}
				highlight(topicButtons, topic)
			}
			topicButtons = append(topicButtons, b)
			topics.Add(b)
		}
		submit = k.primary("提交评价", theme.ConfirmIcon(), func() {
			k.submitOpinion(content.Opinion{Category: k.cfg.Opinions.Categories[0], Subject: topic, Rating: rating}, submit)
		})
		submit.Disable()
		more := k.button("我还想写几句", theme.DocumentCreateIcon(), func() { k.push(k.opinionForm(topic, rating)) })
		q := k.heading("您对这里的服务满意吗？")
		var faceObjs []fyne.CanvasObject
		for _, f := range faces {
			faceObjs = append(faceObjs, f)
		}
		about := canvas.NewText("是关于哪方面的？（可以不选）", qtheme.Ink)
		about.TextSize = k.size(theme.SizeNameSubHeadingText)
		// The faces take what room there is up to their designed size.
		faceRow := container.NewGridWithColumns(3, faceObjs...)
		grow := faceRow.MinSize().Height + widgets.FaceDesign - widgets.FaceMin
		body := container.NewBorder(container.NewCenter(q), container.NewCenter(container.NewHBox(submit, more)), nil, nil,
			container.New(growFirst{most: grow}, faceRow, container.NewCenter(about), topics))
		return container.NewPadded(body), true
	}
	return s
}

// inputField is a box the keyboard types into: tapping it makes it the
// one typed into. It is no Entry: a focused Entry would summon the
// system's input method, which a kiosk has no use for.
type inputField struct {
	widget.BaseWidget
	label       string
	placeholder string
	text        string
	active      bool
	lines       int
	onTap       func()
	mask        func(string) string // how the text is shown, nil: as is
}

func newInputField(label, placeholder string, lines int, onTap func()) *inputField {
	f := &inputField{label: label, placeholder: placeholder, lines: lines, onTap: onTap}
	f.ExtendBaseWidget(f)
	return f
}

func (f *inputField) Tapped(*fyne.PointEvent) {
	if f.onTap != nil {
		f.onTap()
	}
}

func (f *inputField) setText(s string) {
	f.text = s
	f.Refresh()
}

// deleteLast removes the last character.
func (f *inputField) deleteLast() {
	if f.text == "" {
		return
	}
	_, n := utf8.DecodeLastRuneInString(f.text)
	f.setText(f.text[:len(f.text)-n])
}

func (f *inputField) setActive(on bool) {
	f.active = on
	f.Refresh()
}

func (f *inputField) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(qtheme.White)
	bg.CornerRadius = 8
	bg.StrokeWidth = 2
	caption := canvas.NewText(f.label, qtheme.Grey)
	caption.TextSize = theme.Size(theme.SizeNameCaptionText)
	body := widget.NewLabel("")
	body.Wrapping = fyne.TextWrapWord
	strut := canvas.NewRectangle(color.Transparent)
	r := &inputRenderer{f: f, bg: bg, caption: caption, body: body, strut: strut}
	r.content = container.NewStack(bg, strut, container.NewPadded(container.NewBorder(caption, nil, nil, nil, body)))
	r.Refresh()
	return r
}

type inputRenderer struct {
	f       *inputField
	bg      *canvas.Rectangle
	caption *canvas.Text
	body    *widget.Label
	strut   *canvas.Rectangle
	content *fyne.Container
}

func (r *inputRenderer) Layout(s fyne.Size)           { r.content.Resize(s) }
func (r *inputRenderer) MinSize() fyne.Size           { return r.content.MinSize() }
func (r *inputRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.content} }
func (r *inputRenderer) Destroy()                     {}
func (r *inputRenderer) Refresh() {
	f := r.f
	r.bg.StrokeColor = qtheme.Line
	if f.active {
		r.bg.StrokeColor = qtheme.Red
		r.bg.StrokeWidth = 4
	} else {
		r.bg.StrokeWidth = 2
	}
	text := f.text
	if f.mask != nil && !f.active {
		text = f.mask(text)
	}
	switch {
	case text == "" && !f.active:
		r.body.Importance = widget.LowImportance
		r.body.SetText(f.placeholder)
	default:
		r.body.Importance = widget.MediumImportance
		if f.active {
			text += "｜" // the caret: where the next character goes
		}
		r.body.SetText(text)
	}
	lineH := fyne.MeasureText("清", theme.Size(theme.SizeNameText), fyne.TextStyle{}).Height
	r.strut.SetMinSize(fyne.NewSize(0, float32(f.lines)*lineH*1.4+theme.Size(theme.SizeNameCaptionText)+2*theme.Padding()))
	r.bg.Refresh()
	r.content.Refresh()
}

// opinionForm is the written opinion: category, subject, text and, when
// the office key is configured, an optional name and phone, typed with the
// kiosk's own keyboard. Nothing of it survives leaving the screen or going
// idle: the screen is rebuilt empty, with a new opinionForm.
type opinionForm struct {
	k        *Kiosk
	rules    content.OpinionRules
	rating   int
	category string

	kb      *widgets.Keyboard
	active  *inputField // the field typed into
	fields  []*inputField
	limits  map[*inputField]int // the most characters each field takes
	counter *canvas.Text
	scroll  *widgets.TouchScroll
	submit  *widget.Button

	subjectField, textField *inputField
	nameField, phoneField   *inputField // nil when contacts are not collected
}

func (k *Kiosk) opinionForm(subject string, rating int) *screen {
	s := &screen{name: "opinion-form", title: "写意见"}
	s.build = func() (fyne.CanvasObject, bool) {
		return k.newOpinionForm(s, subject, rating).layout(), true
	}
	return s
}

// opinionRules are the rules the form holds an opinion to before it
// submits it: the recorder's own (content.CheckOpinion).
func (s *OpinionSettings) opinionRules() content.OpinionRules {
	return content.OpinionRules{Categories: s.Categories, MaxLength: s.MaxLength, Contacts: s.Contacts, MinInterval: s.MinInterval}
}

func (k *Kiosk) newOpinionForm(s *screen, subject string, rating int) *opinionForm {
	set := k.cfg.Opinions
	f := &opinionForm{k: k, rules: set.opinionRules(), rating: rating, category: set.Categories[0],
		limits: map[*inputField]int{}}
	f.kb = k.keyboard(s)
	f.kb.Phrases = set.Phrases
	f.counter = canvas.NewText("", qtheme.Grey)
	f.counter.TextSize = k.size(theme.SizeNameCaptionText)

	f.subjectField = f.field("事项（选填）", "点这里写是关于哪件事，比如“村道路灯”", 1, "subject")
	f.subjectField.text = subject
	lines := 3
	if k.cfg.Portrait {
		lines = 8 // a tall screen has room to see what one has written
	}
	f.textField = f.field("您的意见", "点这里，再用下面的字母键输入拼音写字", lines, "text")
	if set.Contacts {
		f.nameField = f.field("姓名（选填）", "可以不填", 1, "name")
		f.nameField.mask = content.MaskName
		f.phoneField = f.field("电话（选填）", "可以不填", 1, "phone")
		f.phoneField.mask = content.MaskPhone
	}
	f.kb.OnText = f.typed
	f.kb.OnDelete = func() {
		if f.active != nil {
			f.active.deleteLast()
			f.updateCounter()
		}
	}
	f.kb.OnDone = func() { f.activate(f.textField) }
	f.submit = k.primary("提交", theme.MailSendIcon(), f.send)
	f.updateCounter()
	f.activate(f.textField)
	return f
}

// field adds an input field taking as many characters as the rules allow
// for the opinion's field name.
func (f *opinionForm) field(label, placeholder string, lines int, name string) *inputField {
	var in *inputField
	in = newInputField(label, placeholder, lines, func() { f.activate(in) })
	f.limits[in] = content.OpinionFieldLimit(f.rules, name)
	f.fields = append(f.fields, in)
	return in
}

// activate makes in the field typed into.
func (f *opinionForm) activate(in *inputField) {
	f.k.Touched()
	if f.active == in {
		return
	}
	f.active = in
	for _, g := range f.fields {
		g.setActive(g == in)
	}
	f.kb.SetDigits(in == f.phoneField)
	if f.scroll != nil {
		// In 大字 mode the fields do not all fit above the
		// keyboard: the one typed into comes into view.
		f.scroll.ScrollToShow(in)
	}
}

// typed adds what the keyboard gives to the active field.
func (f *opinionForm) typed(t string) {
	if f.active == nil {
		f.activate(f.textField)
	}
	if f.active == f.phoneField {
		t = content.OpinionPhoneDigits(t)
	}
	now := f.active.text + t
	if utf8.RuneCountInString(now) > f.limits[f.active] {
		f.k.showNotice(fmt.Sprintf("最多只能写%d个字", f.limits[f.active]))
		return
	}
	f.active.setText(now)
	f.updateCounter()
}

func (f *opinionForm) updateCounter() {
	f.counter.Text = fmt.Sprintf("已写 %d / %d 字", utf8.RuneCountInString(f.textField.text), f.rules.MaxLength)
	f.counter.Refresh()
}

// send asks the rules about the opinion and, if they take it, submits it;
// if not, it says why and points at the field concerned.
func (f *opinionForm) send() {
	f.kb.Reset()
	o := content.Opinion{Category: f.category, Subject: f.subjectField.text, Text: f.textField.text, Rating: f.rating}
	if f.nameField != nil {
		o.Name = f.nameField.text
		o.Phone = f.phoneField.text
	}
	o = content.TrimOpinion(o)
	if err := content.CheckOpinion(f.rules, o); err != nil {
		var refused *content.OpinionError
		if errors.As(err, &refused) {
			f.k.showNotice(refused.Msg)
			if in := f.fieldFor(refused.Field); in != nil {
				f.activate(in)
			}
		}
		return
	}
	f.k.submitOpinion(o, f.submit)
}

// fieldFor is the input of an OpinionError's Field; nil for none.
func (f *opinionForm) fieldFor(name string) *inputField {
	switch name {
	case "subject":
		return f.subjectField
	case "text":
		return f.textField
	case "name":
		return f.nameField
	case "phone":
		return f.phoneField
	}
	return nil
}

// layout places the form above the keyboard.
func (f *opinionForm) layout() fyne.CanvasObject {
	k := f.k
	var catButtons []*widget.Button
	cats := container.New(&flowRow{leading: true})
	for _, c := range f.rules.Categories {
		b := k.button(c, nil, nil)
		b.OnTapped = func() {
			k.Touched()
			f.category = c
			highlight(catButtons, f.category)
		}
		if c == f.category {
			b.Importance = widget.HighImportance
		}
		catButtons = append(catButtons, b)
		cats.Add(b)
	}
	catLabel := canvas.NewText("类别", qtheme.Ink)
	catLabel.TextSize = k.size(theme.SizeNameSubHeadingText)
	// 提交 stays in sight at the top right whatever the screen and the
	// text size; the keyboard stays at the bottom.
	top := container.NewBorder(nil, nil, container.NewHBox(catLabel), f.submit, cats)
	var details fyne.CanvasObject = f.subjectField
	if f.nameField != nil {
		if k.cfg.Portrait {
			details = container.NewVBox(f.subjectField, container.NewGridWithColumns(2, f.nameField, f.phoneField))
		} else {
			details = container.NewGridWithColumns(3, f.subjectField, f.nameField, f.phoneField)
		}
	}
	note := line(k.privacyNote(), theme.SizeNameCaptionText, theme.ColorNamePlaceHolder, false)
	note.Segments[0].(*widget.TextSegment).Style.Alignment = fyne.TextAlignLeading
	form := container.NewVBox(top, f.textField, container.NewBorder(nil, nil, nil, f.counter, note), details)
	f.scroll = k.scroll(container.NewPadded(form))
	return container.NewBorder(nil, k.keyboardArea(f.kb), nil, nil, f.scroll)
}

// highlight marks the chosen one of a row of choice buttons.
func highlight(buttons []*widget.Button, chosen string) {
	for _, b := range buttons {
		b.Importance = widget.MediumImportance
		if b.Text == chosen {
			b.Importance = widget.HighImportance
		}
		b.Refresh()
	}
}

// keyboard is the kiosk's keyboard for screen s: it counts as activity,
// and it picks the dictionary up on s's tick if it was still loading.
func (k *Kiosk) keyboard(s *screen) *widgets.Keyboard {
	kb := widgets.NewKeyboard(k.dictionary())
	kb.OnTouch = k.Touched
	s.tick = func(time.Time) {
		if kb.Dict == nil {
			if d := k.dictionary(); d != nil {
				kb.Dict = d
				kb.Reset()
			}
		}
	}
	return kb
}

// keyboardArea places the keyboard at the bottom of a screen. It follows
// 大字 mode like the rest of the screen: keeping it at the standard size
// took a Fyne theme override, and each override's refresh made Fyne parse
// and keep the whole CJK font again (350 MB of heap in twenty forms).
func (k *Kiosk) keyboardArea(kb *widgets.Keyboard) fyne.CanvasObject {
	return container.New(sidePadIfRoom{}, kb)
}

// dictionary is the keyboard's dictionary, or nil while it loads.
func (k *Kiosk) dictionary() widgets.Dictionary {
	if k.src.Pinyin == nil {
		return nil
	}
	if d := k.src.Pinyin(); d != nil {
		return pinyinDict{d}
	}
	return nil
}

// pinyinDict lets the keyboard widget use the pinyin engine.
type pinyinDict struct{ d *pinyin.Dict }

func (p pinyinDict) Lookup(input string, limit int) []widgets.Candidate {
	found := p.d.Lookup(input, limit)
	out := make([]widgets.Candidate, len(found))
	for i, c := range found {
		out[i] = widgets.Candidate{Text: c.Text, Consumed: c.Consumed}
	}
	return out
}

func (p pinyinDict) Segment(input string) string { return p.d.Segment(input) }

// submitOpinion stores the opinion and, only once it is durably stored,
// thanks the resident with the receipt number. The button is disabled
// meanwhile so a double tap sends one opinion.
func (k *Kiosk) submitOpinion(o content.Opinion, button *widget.Button) {
	k.Touched()
	now := k.clock.Now()
	if err := content.CheckOpinionInterval(k.cfg.Opinions.opinionRules(), k.lastOpinion, now); err != nil {
		k.showNotice(err.Error()) // an *OpinionError, worded for the resident
		return
	}
	if k.src.Opinions == nil {
		k.showNotice("本机暂时不能收意见")
		return
	}
	o.At = now
	label := button.Text
	button.Disable()
	button.SetText("正在提交…")
	shown := k.top()
	var receipt string
	var err error
	k.run(func() {
		receipt, err = k.src.Opinions.RecordOpinion(k.ctx, o)
	}, func() {
		if k.top() != shown {
			// The screen changed meanwhile (idle): the opinion is stored,
			// the next visitor is not shown someone else's receipt.
			if err == nil {
				k.lastOpinion = now
			}
			return
		}
		if err != nil {
			button.Enable()
			button.SetText(label)
			var refused *content.OpinionError
			if errors.As(err, &refused) {
				k.showNotice(refused.Msg) // worded for the resident
				return
			}
			k.cfg.Log.Error("opinion not stored", "err", err)
			k.showNotice("没有提交成功，请再点一次“" + label + "”")
			return
		}
		k.lastOpinion = now
		k.cfg.Log.Info("opinion stored", "receipt", receipt)
		k.stack = k.stack[:1] // back goes Home, not to the filled form
		k.push(k.thanksScreen(receipt, o))
	})
}

// thanksScreen shows the receipt number large, with its QR code.
func (k *Kiosk) thanksScreen(receipt string, o content.Opinion) *screen {
	return &screen{name: "thanks", title: "提交成功", build: func() (fyne.CanvasObject, bool) {
		thanks := k.heading("谢谢您！您的意见已经收到")
		label := canvas.NewText("回执号", qtheme.Ink)
		label.TextSize = k.size(theme.SizeNameSubHeadingText)
		number := canvas.NewText(receipt, qtheme.Red)
		number.TextStyle = fyne.TextStyle{Bold: true}
		number.TextSize = k.size(theme.SizeNameHeadingText) * 2.2
		qr := widgets.NewQRCode("回执号 " + receipt)
		qr.Caption = "手机扫一扫，保存回执号"
		line := func(text string) fyne.CanvasObject {
			t := canvas.NewText(text, qtheme.Ink)
			t.TextSize = k.size(theme.SizeNameText)
			return k.fitLine(t, k.size(theme.SizeNameCaptionText))
		}
		col := container.NewVBox(k.fitLine(thanks, k.size(theme.SizeNameText)), container.NewCenter(label), k.fitLine(number, k.size(theme.SizeNameHeadingText)))
		if o.Name != "" || o.Phone != "" {
			contact := strings.TrimSpace(content.MaskName(o.Name) + "  " + content.MaskPhone(o.Phone))
			col.Add(line("联系方式：" + contact + "（已加密保存）"))
		}
		col.Add(line("请拍照或记下回执号，以后可以凭它询问办理情况。"))
		home := k.primary("返回首页", theme.HomeIcon(), func() { k.Home() })
		col.Add(container.NewCenter(home))
		if k.cfg.Portrait {
			col.Add(container.NewCenter(qr))
			return container.NewCenter(col), true
		}
		return container.NewCenter(container.NewHBox(col, qr)), true
	}}
}

// OpinionRecorder stores a resident's opinion durably and returns its
// receipt number; it returns only once the opinion would survive a power
// cut.
type OpinionRecorder interface {
	RecordOpinion(ctx context.Context, o content.Opinion) (receipt string, err error)
}
