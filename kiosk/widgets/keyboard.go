package widgets

import (
	"image/color"

	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Candidate is a character or word the resident can tap for the pinyin
// typed so far; it uses the first Consumed letters of that pinyin.
type Candidate struct {
	Text     string
	Consumed int
}

// Dictionary turns pinyin letters into candidates, best first.
type Dictionary interface {
	Lookup(input string, limit int) []Candidate
	// Segment spaces the letters into syllables for display: "qingl" → "qing l".
	Segment(input string) string
}

// Keyboard is the kiosk's own Chinese input: Fyne's desktop driver has no
// on-screen keyboard, and system input methods only half work with it on
// Linux (fyne-io/fyne#618). Letter keys build a pinyin input, the bar
// above them offers characters and words for it, and a tap on one sends it
// to OnText; the letters it used are taken off the input and the rest stay
// for the next pick. In Digits mode it is a number pad (phone numbers).
type Keyboard struct {
	widget.BaseWidget

	// Dict looks candidates up; nil while the dictionary is still loading.
	Dict Dictionary
	// Phrases are common phrases shown as one-tap keys.
	Phrases []string
	// OnText receives committed text; OnDelete removes the last character
	// of the field being typed into; OnTouch is called on every key.
	OnText   func(string)
	OnDelete func()
	OnTouch  func()
	// OnDone is the number pad's 完成 key.
	OnDone func()
	// PerPage is how many candidates the bar shows at once (default 6).
	PerPage int
	// Hand recognises what is written on the pad; nil: pinyin only, and
	// the 拼音 | 手写 switch is hidden. Set it, then call Reset.
	Hand Recogniser
	// OnHand is told when the resident switches to 手写 (true) or back.
	OnHand func(hand bool)

	digits bool
	input  string
	page   int

	hand      bool     // the writing pad is shown
	handCands []string // what the bar offers for the pad
	pad       *HandPad
	// switchShown: the keys were built with the 拼音 | 手写 switch.
	switchShown bool

	bar    *fyne.Container // pending pinyin and candidates
	keys   *fyne.Container // letters or digits
	layout *fyne.Container
}

// NewKeyboard returns a pinyin keyboard using dict (nil: not loaded yet).
func NewKeyboard(dict Dictionary) *Keyboard {
	k := &Keyboard{Dict: dict}
	k.ExtendBaseWidget(k)
	return k
}

// Input is the pinyin typed and not yet turned into characters.
func (k *Keyboard) Input() string { return k.input }

// SetDigits switches between the pinyin keys and the number pad. Pinyin
// not yet committed is dropped.
func (k *Keyboard) SetDigits(on bool) {
	if k.digits == on && k.layout != nil {
		return
	}
	k.digits = on
	k.input, k.page = "", 0
	k.rebuild()
}

// Digits reports whether the number pad is shown.
func (k *Keyboard) Digits() bool { return k.digits }

// Reset drops the pinyin typed so far and what is on the pad, and shows
// the 拼音 | 手写 switch if Hand has been set since.
func (k *Keyboard) Reset() {
	k.input, k.page, k.handCands = "", 0, nil
	if k.pad != nil {
		k.pad.Clear()
	}
	if k.switchShown != (k.Hand != nil) || (k.hand && k.Hand == nil) {
		k.hand = k.hand && k.Hand != nil
		k.rebuild()
		return
	}
	k.updateBar()
}

// Candidates are what the bar offers now (the current page).
func (k *Keyboard) Candidates() []Candidate {
	c, _ := k.pageOf(k.page)
	return c
}

func (k *Keyboard) CreateRenderer() fyne.WidgetRenderer {
	k.ExtendBaseWidget(k)
	k.bar = container.NewHBox()
	k.keys = container.NewVBox()
	// The bar keeps one height whether it shows a hint or candidate
	// buttons, so the keys do not jump under a finger.
	strut := canvas.NewRectangle(color.Transparent)
	strut.SetMinSize(fyne.NewSize(0, 72))
	k.layout = container.NewVBox(container.NewStack(strut, k.bar), k.keys)
	k.rebuild()
	return widget.NewSimpleRenderer(k.layout)
}

func (k *Keyboard) perPage() int {
	if k.PerPage > 0 {
		return k.PerPage
	}
	// As many as the bar has room for, up to six. Counted in body text
	// heights (so 大字 counts too): the pinyin takes about eight, the
	// arrows three, a candidate four with its gap. Six fill a 1080-wide
	// bar; an upright 720-wide panel has room for three, two in 大字.
	w := k.Size().Width
	if w <= 0 {
		return 6
	}
	text := theme.SizeForWidget(theme.SizeNameText, k)
	if k.hand {
		// No pinyin beside the candidates: about four heights more.
		return max(2, min(8, int((w/text-7)/4)))
	}
	return max(2, min(6, int((w/text-11)/4)))
}

// narrow reports whether the bar is narrower than thirty body text
// heights (an upright 720-wide panel): the pinyin is then drawn at the
// body size, so two candidates still fit beside it.
func (k *Keyboard) narrow() bool {
	w := k.Size().Width
	return w > 0 && w < 30*theme.SizeForWidget(theme.SizeNameText, k)
}

// pageOf returns the candidates of page p and whether there is a next one.
func (k *Keyboard) pageOf(p int) ([]Candidate, bool) {
	if k.input == "" || k.Dict == nil {
		return nil, false
	}
	n := k.perPage()
	all := k.Dict.Lookup(k.input, (p+1)*n+1)
	if len(all) <= p*n {
		return nil, false
	}
	all = all[p*n:]
	if len(all) > n {
		return all[:n], true
	}
	return all, false
}

func (k *Keyboard) touch() {
	if k.OnTouch != nil {
		k.OnTouch()
	}
}

func (k *Keyboard) send(s string) {
	if s != "" && k.OnText != nil {
		k.OnText(s)
	}
}

// letter adds a pinyin letter.
func (k *Keyboard) letter(c string) {
	k.touch()
	if len(k.input) >= 30 {
		return // longer than any phrase anyone types in one go
	}
	k.input += c
	k.page = 0
	k.updateBar()
}

// backspace takes back a pinyin letter, or deletes in the field.
func (k *Keyboard) backspace() {
	k.touch()
	if k.input != "" {
		k.input = k.input[:len(k.input)-1]
		k.page = 0
		k.updateBar()
		return
	}
	if k.OnDelete != nil {
		k.OnDelete()
	}
}

// pick commits a candidate and keeps the letters it did not use.
func (k *Keyboard) pick(c Candidate) {
	k.touch()
	k.send(c.Text)
	rest := ""
	if c.Consumed < len(k.input) {
		rest = strings.TrimLeft(k.input[c.Consumed:], "'")
	}
	k.input, k.page = rest, 0
	k.updateBar()
}

// Flush commits the best candidates for the pinyin still pending, as 空格
// does: for a search that is started with letters still typed.
func (k *Keyboard) Flush() { k.flush() }

// flush commits the best candidate for what is typed (or the letters
// themselves when nothing matches), before punctuation, a phrase or 空格.
func (k *Keyboard) flush() {
	if k.hand {
		k.flushHand()
		return
	}
	for k.input != "" {
		cands, _ := k.pageOf(0)
		if len(cands) == 0 || cands[0].Consumed <= 0 {
			k.send(k.input)
			k.input = ""
			break
		}
		k.pick(cands[0])
	}
	k.page = 0
	k.updateBar()
}

func (k *Keyboard) punct(p string) {
	k.touch()
	k.flush()
	k.send(p)
}

func (k *Keyboard) rebuild() {
	if k.layout == nil {
		return
	}
	switch {
	case k.digits:
		k.keys.Objects = []fyne.CanvasObject{k.numberPad()}
	case k.hand:
		k.keys.Objects = []fyne.CanvasObject{k.handKeys()}
	default:
		k.keys.Objects = []fyne.CanvasObject{k.letterKeys()}
	}
	k.switchShown = k.Hand != nil
	k.keys.Refresh()
	k.updateBar()
}

// key is one key: a button whose label is what it types.
func (k *Keyboard) key(label string, tapped func()) *widget.Button {
	return widget.NewButton(label, tapped)
}

func (k *Keyboard) letterKeys() fyne.CanvasObject {
	rows := []string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}
	var out []fyne.CanvasObject
	for i, row := range rows {
		var ks []fyne.CanvasObject
		for _, r := range row {
			c := string(r)
			ks = append(ks, k.key(c, func() { k.letter(c) }))
		}
		if i == 2 {
			ks = append(ks, k.key("删除", k.backspace))
			if k.Hand != nil {
				// 手写 takes the empty cell before z: the letters stay
				// where they are without it. (The pad shows both sides of
				// the switch.)
				toHand := k.key("手写", func() { k.switchTo(true) })
				ks = append(append([]fyne.CanvasObject{toHand}, ks...), layout.NewSpacer())
			}
		}
		// Every row has ten cells so keys are the same size; short rows
		// are centred with empty cells.
		for len(ks) < 10 {
			if len(ks)%2 == 1 {
				ks = append([]fyne.CanvasObject{layout.NewSpacer()}, ks...)
			} else {
				ks = append(ks, layout.NewSpacer())
			}
		}
		out = append(out, keyRow(ks...))
	}
	var punct []fyne.CanvasObject
	for _, p := range []string{"，", "。", "？", "！", "、", "：", "“", "”"} {
		p := p
		punct = append(punct, k.key(p, func() { k.punct(p) }))
	}
	space := k.key("空格", func() {
		k.touch()
		if k.input != "" {
			k.flush()
			return
		}
		k.send(" ")
	})
	punct = append(punct, space)
	out = append(out, keyRow(punct...))
	if len(k.Phrases) > 0 {
		var ph []fyne.CanvasObject
		for _, p := range k.Phrases {
			p := p
			ph = append(ph, k.key(p, func() {
				k.touch()
				k.flush()
				k.send(p)
			}))
		}
		out = append(out, container.NewGridWithColumns(len(ph), ph...))
	}
	return container.NewVBox(out...)
}

func (k *Keyboard) numberPad() fyne.CanvasObject {
	var ks []fyne.CanvasObject
	for _, d := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} {
		d := d
		ks = append(ks, k.key(d, func() {
			k.touch()
			k.send(d)
		}))
	}
	del := k.key("删除", k.backspace)
	done := k.key("完成", func() {
		k.touch()
		if k.OnDone != nil {
			k.OnDone()
		}
	})
	done.Importance = widget.HighImportance
	zero := k.key("0", func() {
		k.touch()
		k.send("0")
	})
	ks = append(ks, del, zero, done)
	// A phone pad is narrow: three large columns in the middle.
	return container.NewGridWithColumns(3, layout.NewSpacer(), container.NewGridWithColumns(3, ks...), layout.NewSpacer())
}

// updateBar shows the pending pinyin and the current page of candidates.
func (k *Keyboard) updateBar() {
	if k.bar == nil {
		return
	}
	if k.digits {
		k.bar.Objects = nil
		k.bar.Refresh()
		return
	}
	if k.hand {
		k.updateHandBar()
		return
	}
	pending := canvas.NewText("", theme.ColorForWidget(theme.ColorNamePrimary, k))
	pending.TextSize = theme.SizeForWidget(theme.SizeNameSubHeadingText, k)
	if k.narrow() {
		pending.TextSize = theme.SizeForWidget(theme.SizeNameText, k)
	}
	objs := []fyne.CanvasObject{}
	switch {
	case k.input == "":
		pending.Text = "请点字母键输入拼音"
		pending.Color = theme.ColorForWidget(theme.ColorNamePlaceHolder, k)
		objs = append(objs, pending)
	case k.Dict == nil:
		pending.Text = k.input + "  （词库正在加载，请稍候）"
		objs = append(objs, pending)
	default:
		pending.Text = k.Dict.Segment(k.input)
		objs = append(objs, pending)
		cands, more := k.pageOf(k.page)
		if k.page > 0 {
			objs = append(objs, widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() {
				k.touch()
				k.page--
				k.updateBar()
			}))
		}
		for _, c := range cands {
			c := c
			b := widget.NewButton(c.Text, func() { k.pick(c) })
			b.Importance = widget.HighImportance
			// A one-character candidate is narrower than a finger.
			wide := canvas.NewRectangle(color.Transparent)
			wide.SetMinSize(fyne.NewSize(minKey, 0))
			objs = append(objs, container.NewStack(wide, b))
		}
		if len(cands) == 0 {
			none := canvas.NewText("没有对应的字，请检查拼音", theme.ColorForWidget(theme.ColorNamePlaceHolder, k))
			none.TextSize = theme.SizeForWidget(theme.SizeNameText, k)
			objs = append(objs, none)
		}
		if more {
			objs = append(objs, widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() {
				k.touch()
				k.page++
				k.updateBar()
			}))
		}
	}
	k.bar.Objects = objs
	k.bar.Refresh()
}

// keyRow lays keys out in equal cells, as a grid of one row does, but
// asks only for a finger's width per key: a grid asks for its widest
// key's width in every cell (删除, 空格), which made the keyboard wider
// than an upright 720-wide panel although every key fits it.
func keyRow(keys ...fyne.CanvasObject) *fyne.Container {
	l := &keyRowLayout{full: map[*widget.Button]string{}}
	for _, o := range keys {
		if b, ok := o.(*widget.Button); ok && shortLabels[b.Text] != "" {
			l.full[b] = b.Text
		}
	}
	return container.New(l, keys...)
}

// shortLabels are what keys with two-character labels show on a key too
// narrow for them (大字 on an upright 720-wide panel).
var shortLabels = map[string]string{"删除": "删", "空格": "空", "拼音": "拼", "手写": "写", "重写": "重"}

type keyRowLayout struct {
	full map[*widget.Button]string // the keys that have a short label, by their full one
}

// minKey is the kiosk's smallest touch target, in units.
const minKey = 64

// minKeyGap is the least gap between keys: where ten keys and the
// theme's gaps are wider than the panel (大字 on an upright 720-wide
// one) the gaps narrow, the keys do not.
const minKeyGap = 2

func (l *keyRowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	n := len(objs)
	if n == 0 {
		return
	}
	gap := theme.Padding()
	if n > 1 && float32(n)*minKey+float32(n-1)*gap > size.Width {
		gap = max(minKeyGap, (size.Width-float32(n)*minKey)/float32(n-1))
	}
	cell := float64(size.Width-float32(n-1)*gap) / float64(n)
	for b, full := range l.full {
		label := full
		need := fyne.MeasureText(full, theme.SizeForWidget(theme.SizeNameText, b), fyne.TextStyle{Bold: true}).Width +
			2*theme.SizeForWidget(theme.SizeNameInnerPadding, b)
		if float64(need) > cell {
			label = shortLabels[full]
		}
		if b.Text != label {
			b.SetText(label)
		}
	}
	for i, o := range objs {
		x := float32((cell + float64(gap)) * float64(i))
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(float32(cell), size.Height))
	}
}

func (*keyRowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	n := float32(len(objs))
	return fyne.NewSize(n*minKey+(n-1)*minKeyGap, h)
}
