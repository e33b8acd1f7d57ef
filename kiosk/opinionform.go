package kiosk

import (
	"errors"
	"fmt"
	"image/color"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qingfeng/content"
	qtheme "qingfeng/kiosk/theme"
	"qingfeng/kiosk/widgets"
)

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
	// consent: the resident agreed that the text may be shown with a
	// public reply. Off until they tap it, and off again on a new form.
	consent     bool
	consentMark *canvas.Image
}

// ConsentChoice is the words of the form's choice to let the text be
// published with the office's public reply.
const ConsentChoice = "同意公开我的意见内容（不含姓名电话）"

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
	o := content.Opinion{Category: f.category, Subject: f.subjectField.text, Text: f.textField.text, Rating: f.rating,
		Consent: f.consent}
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
	noteRow := container.NewBorder(nil, nil, nil, f.counter, note)
	var form *fyne.Container
	if k.cfg.Portrait {
		form = container.NewVBox(top, f.textField, noteRow, details, f.consentChoice())
	} else {
		// Beside the note, so it is in sight above the keyboard.
		form = container.NewVBox(top, f.textField, container.NewGridWithColumns(2, f.consentChoice(), noteRow), details)
	}
	f.scroll = k.scroll(container.NewPadded(form))
	return container.NewBorder(nil, k.keyboardArea(f.kb), nil, nil, f.scroll)
}

// consentChoice is a tick box with its words beside it, the whole of it a
// finger's target; the words wrap on a narrow panel.
func (f *opinionForm) consentChoice() fyne.CanvasObject {
	k := f.k
	f.consentMark = canvas.NewImageFromResource(f.consentIcon())
	f.consentMark.SetMinSize(fyne.NewSquareSize(48))
	words := line(ConsentChoice, theme.SizeNameText, theme.ColorNameForeground, false)
	words.Segments[0].(*widget.TextSegment).Style.Alignment = fyne.TextAlignLeading
	return newCard(container.NewBorder(nil, nil, container.NewCenter(f.consentMark), nil, words), func() {
		k.Touched()
		f.consent = !f.consent
		f.consentMark.Resource = f.consentIcon()
		f.consentMark.Refresh()
	})
}

func (f *opinionForm) consentIcon() fyne.Resource {
	if f.consent {
		return theme.NewColoredResource(theme.CheckButtonCheckedIcon(), theme.ColorNamePrimary)
	}
	return theme.NewColoredResource(theme.CheckButtonIcon(), theme.ColorNameForeground)
}
