package kiosk

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qingfeng/content"
	"qingfeng/kiosk/handwriting"
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
		tiles := k.grid(2, rate, write)
		if k.src.Replies != nil {
			// Where the district's answers come back: by receipt, and
			// the ones the office made public.
			lookup := k.tile(TileLookup, "凭回执号查看办理进度和答复", theme.SearchIcon(), func() { k.push(k.lookupScreen()) })
			board := k.tile(TileBoard, "看看办公室公开的答复", theme.ListIcon(), func() { k.push(k.boardScreen("")) })
			// Two by two: 打个分 and 写意见 stay in the first row, where
			// a hand that knows the screen finds them.
			tiles = k.grid(2, rate, write, lookup, board)
		}
		return container.NewPadded(container.NewBorder(nil, note, nil, nil, tiles)), true
	}}
}

// privacyNote is two sentences on two lines: wrapped as one, a line of
// its own could start with the closing "。" (Fyne breaks CJK text at any
// character).
func (k *Kiosk) privacyNote() string {
	if k.cfg.Opinions.Contacts {
		return "可以不留姓名。\n留下的姓名和电话会加密保存，只有负责处理意见的部门能看到。"
	}
	return "不需要留姓名。\n提交后会给您一个回执号，请拍照保存。"
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
	kb.Hand = k.recogniser()
	// 手写, once chosen, stays until the kiosk is left idle. The pad is
	// taller than the letters: the screen is laid out again around it
	// (the desktop driver would notice at its next frame, a test canvas
	// never does).
	kb.OnHand = func(on bool) {
		k.handwriting = on
		k.warmHandwriting()
		k.page.Refresh()
	}
	kb.SetHandwriting(k.handwriting)
	k.warmHandwriting()
	s.tick = func(time.Time) {
		if kb.Dict == nil {
			if d := k.dictionary(); d != nil {
				kb.Dict = d
				kb.Reset()
			}
		}
		if kb.Hand == nil {
			if r := k.recogniser(); r != nil {
				kb.Hand = r
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

// recogniser is the writing pad's recogniser, or nil (loading, or no
// model installed).
func (k *Kiosk) recogniser() widgets.Recogniser {
	if k.src.Handwriting == nil {
		return nil
	}
	if r := k.src.Handwriting(); r != nil {
		return handRecogniser{r}
	}
	return nil
}

// warmHandwriting maps the writing pad's model while the pad is shown, off
// the UI thread, so that the first stroke does not wait for it (the model
// is let go when the kiosk falls idle).
func (k *Kiosk) warmHandwriting() {
	if !k.handwriting || k.src.Handwriting == nil {
		return
	}
	if r := k.src.Handwriting(); r != nil {
		go func() {
			if err := r.Warm(); err != nil {
				k.cfg.Log.Warn("handwriting model not mapped", "err", err)
			}
		}()
	}
}

// handRecogniser lets the writing pad use the recogniser.
type handRecogniser struct{ r *handwriting.Recognizer }

func (h handRecogniser) Recognize(strokes [][]fyne.Position, limit int) []string {
	in := make([]handwriting.Stroke, len(strokes))
	for i, s := range strokes {
		in[i] = make(handwriting.Stroke, len(s))
		for j, p := range s {
			in[i][j] = handwriting.Point{X: p.X, Y: p.Y}
		}
	}
	return h.r.Recognize(in, limit)
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

// Following offers what often follows a handwritten character.
func (p pinyinDict) Following(text string, limit int) []string { return p.d.Following(text, limit) }

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
		if k.src.Replies != nil {
			// The promise this kiosk can keep: where to ask.
			col.Add(line("请拍照或记下回执号，凭它在“" + TileLookup + "”查询。"))
		} else {
			col.Add(line("请拍照或记下回执号，以后可以凭它询问办理情况。"))
		}
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
