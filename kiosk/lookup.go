package kiosk

import (
	"fmt"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qingfeng/content"
	qtheme "qingfeng/kiosk/theme"
)

// 查办理结果: a resident types the receipt the thanks screen gave them on a
// keypad that holds only the receipt's alphabet, and the kiosk shows what
// the office did with the opinion, as far as a package of replies has told
// it.

// Titles of the reply screens, as their tiles and top bars show them.
const (
	TileLookup = "查办理结果"
	TileBoard  = "答复公开"
)

// The rate limit of lookups: a receipt is one of 31⁸, and a kiosk that
// answers five tries a minute makes guessing one hopeless.
const (
	lookupsAllowed = 5
	lookupWindow   = time.Minute
)

// lookupGate counts the lookups of the last minute. It lives as long as
// the shell: walking away and back does not reset it.
type lookupGate struct{ at []time.Time }

// wait is how long from now until another lookup is allowed (0: now).
func (g *lookupGate) wait(now time.Time) time.Duration {
	keep := g.at[:0]
	for _, t := range g.at {
		if now.Sub(t) < lookupWindow {
			keep = append(keep, t)
		}
	}
	g.at = keep
	if len(g.at) < lookupsAllowed {
		return 0
	}
	return g.at[len(g.at)-lookupsAllowed].Add(lookupWindow).Sub(now)
}

// record counts a lookup made at now.
func (g *lookupGate) record(now time.Time) { g.at = append(g.at, now) }

// lookupScreen is the receipt keypad. What is typed survives a rebuild of
// the screen (大字, new content) but not leaving it: the next visitor gets
// a new screen.
func (k *Kiosk) lookupScreen() *screen {
	s := &screen{name: "lookup", title: TileLookup}
	var typed []byte
	s.build = func() (fyne.CanvasObject, bool) {
		p := &receiptPad{k: k, s: s, typed: &typed}
		return p.layout(), true
	}
	return s
}

// receiptPad is the keypad screen as built: the boxes of the receipt, the
// keys and what they do.
type receiptPad struct {
	k     *Kiosk
	s     *screen
	typed *[]byte // the characters typed, without the dash
	busy  bool    // a lookup is under way

	boxes []*canvas.Rectangle
	chars []*canvas.Text
	cells []*fyne.Container // each centres a character: laid out again when it changes
	keys  []*widget.Button
	del   *widget.Button
	clear *widget.Button
	query *widget.Button
	note  *widget.Label
}

// The keypad's columns: three rows on a wide panel, six upright.
const (
	padColumnsLandscape = 11
	padColumnsPortrait  = 6
	padKeyMost          = 140 // units: a key is never larger than this
)

func (p *receiptPad) layout() fyne.CanvasObject {
	k := p.k
	var keys []fyne.CanvasObject
	for _, r := range content.ReceiptAlphabet {
		c := byte(r)
		b := k.button(string(r), nil, func() { p.add(c) })
		p.keys = append(p.keys, b)
		keys = append(keys, b)
	}
	p.del = k.button("删除", nil, func() {
		if t := *p.typed; len(t) > 0 {
			*p.typed = t[:len(t)-1]
		}
		p.refresh()
	})
	p.clear = k.button("清空", nil, func() {
		*p.typed = nil
		p.refresh()
	})
	keys = append(keys, p.del, p.clear)
	cols := padColumnsLandscape
	if k.cfg.Portrait {
		cols = padColumnsPortrait
	}
	pad := container.New(keyGrid{cols: cols, most: padKeyMost}, keys...)
	p.query = k.primary("查询", theme.SearchIcon(), p.lookup)
	p.note = widget.NewLabel("")
	p.note.Alignment = fyne.TextAlignCenter
	p.note.Wrapping = fyne.TextWrapWord
	boxes := p.receiptBoxes()
	var top fyne.CanvasObject
	if k.cfg.Portrait {
		top = container.NewVBox(container.NewCenter(boxes), container.NewCenter(p.query), p.note)
	} else {
		top = container.NewVBox(container.NewCenter(container.NewHBox(boxes, p.query)), p.note)
	}
	p.s.tick = func(time.Time) { p.refresh() } // the seconds left to wait count down
	p.refresh()
	return container.NewPadded(container.NewBorder(top, nil, nil, nil, pad))
}

// receiptBoxes are eight boxes, one for each character, with the dash
// between the fourth and the fifth: the receipt looks as it is printed.
func (p *receiptPad) receiptBoxes() fyne.CanvasObject {
	k := p.k
	pad := theme.Padding()
	dash := canvas.NewText("-", qtheme.Ink)
	// As large as a heading and a half, smaller where eight do not fit
	// across the panel (upright 720 in 大字).
	side := k.size(theme.SizeNameHeadingText) * 1.6
	dash.TextSize = side / 1.6
	dash.TextStyle = fyne.TextStyle{Bold: true}
	room := k.win.Canvas().Size().Width - 6*pad
	if room > 0 {
		dashW := fyne.MeasureText("-", dash.TextSize, dash.TextStyle).Width
		side = max(qtheme.MinTouch, min(side, (room-dashW)/content.ReceiptLen-pad))
	}
	row := container.NewHBox()
	for i := range content.ReceiptLen {
		if i == content.ReceiptLen/2 {
			row.Add(container.NewCenter(dash))
		}
		bg := canvas.NewRectangle(qtheme.White)
		bg.CornerRadius = 8
		bg.StrokeWidth = 3
		bg.SetMinSize(fyne.NewSize(side, side*1.2))
		t := canvas.NewText("", qtheme.Ink)
		t.TextStyle = fyne.TextStyle{Bold: true}
		t.TextSize = side / 1.6
		p.boxes = append(p.boxes, bg)
		p.chars = append(p.chars, t)
		cell := container.NewCenter(t)
		p.cells = append(p.cells, cell)
		row.Add(container.NewStack(bg, cell))
	}
	return row
}

// add types c, one of the alphabet's keys.
func (p *receiptPad) add(c byte) {
	if len(*p.typed) < content.ReceiptLen {
		*p.typed = append(*p.typed, c)
	}
	p.refresh()
}

// refresh shows what is typed and enables the keys that can do something.
func (p *receiptPad) refresh() {
	t := *p.typed
	for i, bg := range p.boxes {
		ch := ""
		if i < len(t) {
			ch = string(t[i])
		}
		if p.chars[i].Text != ch {
			p.chars[i].Text = ch
			p.cells[i].Refresh()
		}
		bg.StrokeColor = qtheme.Line
		if i == len(t) {
			bg.StrokeColor = qtheme.Red // where the next character goes
		}
		bg.Refresh()
	}
	full := len(t) == content.ReceiptLen
	for _, b := range p.keys {
		enable(b, !full && !p.busy)
	}
	enable(p.del, len(t) > 0 && !p.busy)
	enable(p.clear, len(t) > 0 && !p.busy)
	wait := p.k.lookups.wait(p.k.clock.Now())
	enable(p.query, full && !p.busy && wait == 0)
	note := "请点下面的键，输入回执号的8个字母和数字，横线会自动加上"
	switch {
	case wait > 0:
		note = fmt.Sprintf("查询次数太多了，请等 %d 秒再查", int(wait.Seconds()+0.999))
	case full:
		note = "请核对回执号，再点“查询”"
	}
	if p.note.Text != note {
		p.note.SetText(note)
	}
}

// enable enables or disables b, refreshing it only when that changes.
func enable(b *widget.Button, on bool) {
	if on && b.Disabled() {
		b.Enable()
	} else if !on && !b.Disabled() {
		b.Disable()
	}
}

// lookup asks the reply book about the receipt typed, off the Fyne
// thread, and shows the answer in the keypad's place.
func (p *receiptPad) lookup() {
	k := p.k
	now := k.clock.Now()
	receipt, ok := content.NormalizeReceipt(string(*p.typed))
	if !ok || p.busy || k.lookups.wait(now) > 0 || k.src.Replies == nil {
		p.refresh()
		return
	}
	k.lookups.record(now)
	p.busy = true
	shown := k.top()
	var found ReplyLookup
	var err error
	// The lookup takes well under a millisecond: the answer is drawn in
	// the frame after the tap, with no "busy" frame before it, unless the
	// disk is slow.
	k.runBriefly(func() {
		found, err = k.src.Replies.LookupReply(k.ctx, receipt)
	}, func() {
		p.query.SetText("正在查询…")
		p.refresh()
	}, func() {
		if k.top() != shown {
			return // the visitor left (idle): the next one is not shown it
		}
		p.busy = false
		if p.query.Text != "查询" {
			p.query.SetText("查询")
		}
		if err != nil {
			k.cfg.Log.Error("reply lookup", "err", err)
			k.showNotice("暂时查不了，请稍后再试")
			p.refresh()
			return
		}
		k.stack = k.stack[:len(k.stack)-1] // back goes to 我有话说, not to the keypad
		k.push(k.answerScreen(receipt, found))
	})
}

// keyGrid lays keys out in rows of cols square cells, as large as the
// room allows up to most units, centred across and from the top; a cell is never smaller than a
// finger nor than its widest key.
type keyGrid struct {
	cols int
	most float32
}

func (g keyGrid) rows(n int) int { return (n + g.cols - 1) / g.cols }

func (g keyGrid) least(objs []fyne.CanvasObject) float32 {
	side := float32(qtheme.MinTouch)
	for _, o := range objs {
		m := o.MinSize()
		side = max(side, m.Width, m.Height)
	}
	return side
}

func (g keyGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	rows := g.rows(len(objs))
	w := (size.Width - pad*float32(g.cols-1)) / float32(g.cols)
	h := (size.Height - pad*float32(rows-1)) / float32(rows)
	side := max(g.least(objs), min(w, h, g.most))
	x0 := (size.Width - side*float32(g.cols) - pad*float32(g.cols-1)) / 2
	for i, o := range objs {
		r, c := i/g.cols, i%g.cols
		o.Move(fyne.NewPos(x0+float32(c)*(side+pad), float32(r)*(side+pad)))
		o.Resize(fyne.NewSquareSize(side))
	}
}

func (g keyGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	side := g.least(objs)
	rows := g.rows(len(objs))
	return fyne.NewSize(side*float32(g.cols)+pad*float32(g.cols-1), side*float32(rows)+pad*float32(rows-1))
}

// The steps of the timeline, in order, and where each status is on it.
var replySteps = []content.ReplyStatus{content.StatusReceived, content.StatusForwarded, content.StatusReplied}

func replyStep(s content.ReplyStatus) int {
	switch s {
	case content.StatusForwarded:
		return 1
	case content.StatusReplied, content.StatusClosed:
		return 2
	}
	return 0
}

// answerScreen is what the kiosk knows of receipt: the office's handling
// and reply, or why there is none yet.
func (k *Kiosk) answerScreen(receipt string, found ReplyLookup) *screen {
	return &screen{name: "reply", title: TileLookup, build: func() (fyne.CanvasObject, bool) {
		again := k.button("再查一个", theme.SearchIcon(), func() {
			k.stack = k.stack[:len(k.stack)-1]
			k.push(k.lookupScreen())
		})
		board := k.button(TileBoard, theme.ListIcon(), func() { k.push(k.boardScreen("")) })
		actions := container.NewCenter(container.NewHBox(again, board))
		number := canvas.NewText("回执号 "+receipt, qtheme.Red)
		number.TextStyle = fyne.TextStyle{Bold: true}
		number.TextSize = k.size(theme.SizeNameHeadingText)
		head := k.fitLine(number, k.size(theme.SizeNameSubHeadingText))
		if !found.Found {
			msg := wrapped(notFoundWords(found), fyne.TextStyle{})
			msg.SizeName = theme.SizeNameSubHeadingText
			body := container.NewVBox(head, container.New(readingWidth{Max: 1280}, msg), actions)
			return container.NewPadded(body), true
		}
		r := found.Reply
		timeline := k.timeline(r)
		var text fyne.CanvasObject
		if r.Status.Answered() && strings.TrimSpace(r.Text) != "" {
			label := canvas.NewText("答复内容", qtheme.Ink)
			label.TextStyle = fyne.TextStyle{Bold: true}
			label.TextSize = k.size(theme.SizeNameSubHeadingText)
			reply := wrapped(r.Text, fyne.TextStyle{})
			reply.SizeName = theme.SizeNameSubHeadingText
			text = container.NewBorder(label, nil, nil, nil, k.scroll(container.NewPadded(reply)))
		} else {
			wait := wrapped("办公室正在办理，答复后可以在这里看到，请过几天再查。", fyne.TextStyle{})
			wait.SizeName = theme.SizeNameSubHeadingText
			text = container.NewVBox(wait)
		}
		var body fyne.CanvasObject
		if k.cfg.Portrait {
			body = container.NewBorder(container.NewVBox(head, timeline), actions, nil, nil, text)
		} else {
			body = container.NewBorder(head, actions, container.New(fixedWidth{480}, timeline), nil, text)
		}
		return container.NewPadded(body), true
	}}
}

// notFoundWords explain kindly why a receipt has no answer here: what
// this kiosk knows of it decides which explanation is true.
func notFoundWords(l ReplyLookup) string {
	switch {
	case l.Local && !l.Sent:
		return "您的意见还在本机，尚未送到办公室。送到后办公室会登记办理，请过几天再来查。"
	case l.Local:
		return "您的意见已送出，办公室登记后可以查到。办公室的答复送到展示屏需要几天，请过几天再来查。"
	}
	return "暂时查不到这个回执号：可能还没有送到办公室，请过几天再查。办公室登记后，本区任何一台展示屏都能查到。也请核对回执号有没有输错。"
}

// timeline shows the steps of the office's handling, one under another:
// those done in green with their dates, the current one highlighted.
func (k *Kiosk) timeline(r content.Reply) fyne.CanvasObject {
	at := replyStep(r.Status)
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(k.cfg.Location).Format("2006年1月2日")
	}
	col := container.NewVBox()
	for i, st := range replySteps {
		title := string(st)
		var detail []string
		switch st {
		case content.StatusReceived:
			detail = append(detail, date(r.Received))
		case content.StatusForwarded:
			switch {
			case r.Unit != "":
				title += "（" + r.Unit + "）"
			case i < at && r.Forwarded.IsZero():
				// Answered without going to a unit: the step did not
				// happen, and must not read as if it had.
				title = "办公室直接办理"
			}
			detail = append(detail, date(r.Forwarded))
		case content.StatusReplied:
			detail = append(detail, date(r.Replied))
			if r.Status == content.StatusClosed {
				detail = append(detail, string(content.StatusClosed))
			}
		}
		if i > at {
			detail = []string{"尚未" + strings.TrimPrefix(string(st), "已")}
		}
		mark := canvas.NewCircle(qtheme.Line)
		switch {
		case i == at:
			mark.FillColor = qtheme.Red
		case i < at:
			mark.FillColor = qtheme.Green
		}
		markBox := canvas.NewRectangle(color.Transparent)
		markBox.SetMinSize(fyne.NewSquareSize(40))
		name := wrapped(title, fyne.TextStyle{Bold: i == at})
		name.SizeName = theme.SizeNameSubHeadingText
		if i > at {
			name.Importance = widget.LowImportance
		}
		when := wrapped(strings.Join(nonEmpty(detail...), "　"), fyne.TextStyle{})
		row := container.NewBorder(nil, nil, container.NewVBox(container.NewStack(markBox, container.NewPadded(mark))), nil,
			container.NewVBox(name, when))
		if i > 0 {
			// The line from the step before: green where it was passed.
			link := canvas.NewRectangle(qtheme.Line)
			if i <= at {
				link.FillColor = qtheme.Green
			}
			link.SetMinSize(fyne.NewSize(4, 24))
			pad := theme.Padding()
			col.Add(container.New(layout.NewCustomPaddedLayout(0, 0, pad+18, 0), container.NewHBox(link)))
		}
		if i == at {
			bg := canvas.NewRectangle(qtheme.PaleGold)
			bg.CornerRadius = 12
			col.Add(container.NewStack(bg, container.NewPadded(row)))
		} else {
			col.Add(container.NewPadded(row))
		}
	}
	return col
}

// fixedWidth gives its content w units of width, or less if its minimum
// needs more than the room there is.
type fixedWidth struct{ w float32 }

func (f fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.Position{})
		o.Resize(size)
	}
}

func (f fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return fyne.NewSize(max(m.Width, f.w), m.Height)
}
