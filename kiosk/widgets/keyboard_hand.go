package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Recogniser turns the strokes written on the pad (positions on the pad,
// y down) into characters, best first.
type Recogniser interface {
	Recognize(strokes [][]fyne.Position, limit int) []string
}

// Follower is a Dictionary that also knows what often follows a
// character: after a handwritten character is picked the bar offers it.
type Follower interface {
	Following(text string, limit int) []string
}

// handCandidates is how many characters the pad's recognition offers
// (over pages of the bar): the right one is among ten far more often than
// it is first.
const handCandidates = 10

// handKeep is the height the pad leaves to the rest of the screen (its
// title bar, the candidate bar and the first lines of the form): the pad
// is 600 units at 1080p, less on a low panel (1366×768), so the text
// being written stays in sight above it.
const handKeep = 450

// SetHandwriting switches between the pinyin keys (false) and the
// writing pad (true). Without a recogniser it stays on pinyin. What was
// pending in either is dropped.
func (k *Keyboard) SetHandwriting(on bool) {
	on = on && k.Hand != nil
	if k.hand == on && k.layout != nil {
		return
	}
	k.hand = on
	k.input, k.page, k.handCands = "", 0, nil
	if k.pad != nil {
		k.pad.Clear()
	}
	k.rebuild()
}

// Handwriting reports whether the writing pad is shown.
func (k *Keyboard) Handwriting() bool { return k.hand }

// Pad is the writing pad (nil before the keyboard is first drawn).
func (k *Keyboard) Pad() *HandPad { return k.pad }

// switchTo is a tap on the 拼音 | 手写 switch.
func (k *Keyboard) switchTo(hand bool) {
	k.touch()
	if hand == k.hand {
		return
	}
	k.SetHandwriting(hand)
	if k.OnHand != nil {
		k.OnHand(k.hand)
	}
}

// handSwitch is the 拼音 | 手写 switch beside the pad: two keys, 手写
// highlighted.
func (k *Keyboard) handSwitch() []fyne.CanvasObject {
	pinyin := k.key("拼音", func() { k.switchTo(false) })
	hand := k.key("手写", func() { k.switchTo(true) })
	if k.hand {
		hand.Importance = widget.HighImportance
	} else {
		pinyin.Importance = widget.HighImportance
	}
	return []fyne.CanvasObject{pinyin, hand}
}

// handColumn is the width of the keys beside the pad: two keys a row,
// each wide enough for a two-character label at the text size shown
// (keyRow shortens the labels only where even that does not fit).
func (k *Keyboard) handColumn() float32 {
	label := fyne.MeasureText("重写", theme.SizeForWidget(theme.SizeNameText, k), fyne.TextStyle{Bold: true}).Width +
		2*theme.SizeForWidget(theme.SizeNameInnerPadding, k) + 2
	return 2*max(minKey, label) + theme.Padding()
}

// padSide is the pad's side for the canvas the keyboard is on: 600 where
// there is room, less on a low or narrow panel, never less than five
// keys' height.
func (k *Keyboard) padSide() float32 {
	side := float32(600)
	if c := fyne.CurrentApp().Driver().CanvasForObject(k); c != nil && c.Size().Height > 0 {
		s := c.Size()
		side = min(side, s.Height-handKeep, s.Width-k.handColumn()-4*theme.Padding())
		side = max(side, 5*minKey)
	}
	return side
}

// handKeys is the pad with its keys beside it: 重写, 删除, punctuation.
func (k *Keyboard) handKeys() fyne.CanvasObject {
	if k.pad == nil {
		k.pad = NewHandPad()
		k.pad.OnTouch = k.touch
		k.pad.OnStroke = func([][]fyne.Position) { k.recognise() }
	}
	k.pad.Side = k.padSide()
	rewrite := k.key("重写", func() {
		k.touch()
		k.pad.Clear()
		k.handCands, k.page = nil, 0
		k.updateBar()
	})
	punct := func(p string) fyne.CanvasObject { return k.key(p, func() { k.punct(p) }) }
	space := k.key("空格", func() {
		k.touch()
		if len(k.pad.Strokes()) > 0 {
			k.flush()
			return
		}
		k.send(" ")
	})
	wide := canvas.NewRectangle(color.Transparent)
	wide.SetMinSize(fyne.NewSize(k.handColumn(), 0))
	column := container.NewStack(wide, container.NewGridWithRows(4,
		keyRow(k.handSwitch()...),
		keyRow(rewrite, k.key("删除", k.handBackspace)),
		keyRow(punct("，"), punct("。")),
		keyRow(punct("？"), space)))
	return container.NewHBox(layout.NewSpacer(), k.pad, column, layout.NewSpacer())
}

// recognise offers the characters for what is on the pad.
func (k *Keyboard) recognise() {
	k.handCands, k.page = nil, 0
	if strokes := k.pad.Strokes(); len(strokes) > 0 && k.Hand != nil {
		k.handCands = k.Hand.Recognize(strokes, handCandidates)
	}
	k.updateBar()
}

// handBackspace takes back the last stroke, or deletes in the field.
func (k *Keyboard) handBackspace() {
	k.touch()
	if k.pad.Undo() {
		k.recognise()
		return
	}
	k.handCands, k.page = nil, 0
	k.updateBar()
	if k.OnDelete != nil {
		k.OnDelete()
	}
}

// pickHand commits a character (or a following word), wipes the pad and
// offers what often follows it.
func (k *Keyboard) pickHand(text string) {
	k.touch()
	k.send(text)
	k.pad.Clear()
	k.handCands, k.page = nil, 0
	if f, ok := k.Dict.(Follower); ok && k.Dict != nil {
		k.handCands = f.Following(text, handCandidates)
	}
	k.updateBar()
}

// flushHand commits the best character for what is on the pad.
func (k *Keyboard) flushHand() {
	if k.pad != nil && len(k.pad.Strokes()) > 0 && len(k.handCands) > 0 {
		k.send(k.handCands[0])
	}
	if k.pad != nil {
		k.pad.Clear()
	}
	k.handCands, k.page = nil, 0
	k.updateBar()
}

// HandCandidates are what the bar offers now in handwriting (the current
// page): characters for the pad, or what may follow the one picked.
func (k *Keyboard) HandCandidates() []string {
	c, _ := k.handPage()
	return c
}

func (k *Keyboard) handPage() ([]string, bool) {
	n := k.perPage()
	if k.page*n >= len(k.handCands) {
		return nil, false
	}
	page := k.handCands[k.page*n:]
	if len(page) > n {
		return page[:n], true
	}
	return page, false
}

// updateHandBar shows the candidates for the pad, or a hint.
func (k *Keyboard) updateHandBar() {
	hint := canvas.NewText("请在下面的方框里写一个字", theme.ColorForWidget(theme.ColorNamePlaceHolder, k))
	hint.TextSize = theme.SizeForWidget(theme.SizeNameText, k)
	cands, more := k.handPage()
	var objs []fyne.CanvasObject
	if len(cands) == 0 {
		if k.pad != nil && len(k.pad.Strokes()) > 0 {
			hint.Text = "认不出这个字，请点“重写”再写一次"
		}
		objs = append(objs, hint)
	}
	if k.page > 0 {
		objs = append(objs, widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() {
			k.touch()
			k.page--
			k.updateBar()
		}))
	}
	for _, c := range cands {
		c := c
		b := widget.NewButton(c, func() { k.pickHand(c) })
		b.Importance = widget.HighImportance
		wide := canvas.NewRectangle(color.Transparent)
		wide.SetMinSize(fyne.NewSize(minKey, 0))
		objs = append(objs, container.NewStack(wide, b))
	}
	if more {
		objs = append(objs, widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() {
			k.touch()
			k.page++
			k.updateBar()
		}))
	}
	k.bar.Objects = objs
	k.bar.Refresh()
}
