package kiosk

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qingfeng/content"
	qtheme "qingfeng/kiosk/theme"
)

// Notices: what the district or the station puts in front of every
// visitor for a while (content.Notice). An urgent one is a red band at the
// top of every screen — stories, tables, the opinion form, staff mode and
// the closed clock alike — in its own space, so it hides no control, and
// the attract loop's first slide; an exhibit's window covers it while the
// exhibit runs, and it is the first thing seen after. An ordinary one is a
// card on Home and a slide of the attract loop. Both appear and go on
// time from the shell's one-second tick, without a restart.

// NoticeBoard gives the notices installed, of every site; the shell picks
// those of its site shown now (content.ActiveNotices).
type NoticeBoard interface {
	Notices(ctx context.Context, now time.Time) ([]content.Notice, error)
}

const (
	// noticeCardRunes cuts the text of Home's card likewise.
	noticeCardRunes = 40
	// noticesOnHome is how many ordinary notices Home shows.
	noticesOnHome = 2
)

// noticeState is what the shell knows of notices: all installed (loaded
// again when content changes), those shown now and a key that changes
// when they do.
type noticeState struct {
	all    []content.Notice
	loaded bool
	active []content.Notice
	key    string
	band   *fyne.Container
	// frame holds the band above the page: laid out again when the band
	// comes or goes.
	frame *fyne.Container
	// urgent is the index of the urgent notice the band shows, when
	// several take turns; turned is when it last changed.
	urgent int
	turned time.Time
	text   []string // what the band says (NoticeBand)
}

// loadNotices reads the installed notices again.
func (k *Kiosk) loadNotices(now time.Time) {
	k.notices.loaded = true
	k.notices.all = nil
	if k.src.Notices == nil {
		return
	}
	all, err := k.src.Notices.Notices(k.ctx, now)
	if err != nil {
		k.cfg.Log.Error("notices", "err", err)
		return
	}
	k.notices.all = all
}

// noticesKey names a set of notices shown: it changes when one starts,
// ends, or is replaced by a new version of its package.
func noticesKey(ns []content.Notice) string {
	var b strings.Builder
	for _, n := range ns {
		b.WriteString(n.File)
		b.WriteString(n.Title)
		b.WriteString(n.Text)
		if n.Urgent {
			b.WriteString("!")
		}
		b.WriteString(n.Window.Until.String())
		b.WriteByte(0)
	}
	return b.String()
}

// noticeTick shows the notices of now: the first thing Tick does after
// the import banner, whatever the mode.
func (k *Kiosk) noticeTick(now time.Time) {
	if !k.notices.loaded {
		k.loadNotices(now)
	}
	active := content.ActiveNotices(k.notices.all, k.cfg.SiteID, now)
	if key := noticesKey(active); key != k.notices.key {
		k.notices.key, k.notices.active = key, active
		k.notices.urgent, k.notices.turned = 0, now
		k.changed() // the band, and Home with its notices, built again
		switch top := k.top(); {
		case k.mode == modeAttract:
			k.attract.index = 0 // an urgent notice is the first slide: shown now, its full time
			k.lastSlide = now
			k.attract.reload()
		case k.mode == modeBrowsing && top != nil && (top.name == "home" || top.name == "notice"):
			k.rebuild() // a notice screen whose notice ended is left
		}
		return
	}
	if u := k.urgentNotices(); len(u) > 1 && now.Sub(k.notices.turned) >= k.cfg.Slide {
		k.notices.urgent = (k.notices.urgent + 1) % len(u)
		k.notices.turned = now
		k.showNoticeBand()
	}
}

func (k *Kiosk) urgentNotices() []content.Notice {
	var u []content.Notice
	for _, n := range k.notices.active {
		if n.Urgent {
			u = append(u, n)
		}
	}
	return u
}

func (k *Kiosk) ordinaryNotices() []content.Notice {
	var o []content.Notice
	for _, n := range k.notices.active {
		if !n.Urgent {
			o = append(o, n)
		}
	}
	return o
}

// NoticeBand returns what the urgent band says, line by line; nil when
// none is shown.
func (k *Kiosk) NoticeBand() []string {
	return append([]string(nil), k.notices.text...)
}

// showNoticeBand puts the urgent notice whose turn it is in the band at
// the top of the window, or empties the band.
func (k *Kiosk) showNoticeBand() {
	band := k.notices.band
	u := k.urgentNotices()
	if len(u) == 0 {
		k.notices.text = nil
		band.Objects = nil
		band.Hide() // hidden, the border gives it no room and no padding either
		k.notices.frame.Refresh()
		return
	}
	n := u[k.notices.urgent%len(u)]
	head := "紧急通知：" + n.Title
	if len(u) > 1 {
		head += "（" + strconv.Itoa(k.notices.urgent%len(u)+1) + "/" + strconv.Itoa(len(u)) + "）"
	}
	hint := "轻触这里看全文"
	title := canvas.NewText(head, qtheme.White)
	title.TextStyle = fyne.TextStyle{Bold: true}
	title.TextSize = k.size(theme.SizeNameHeadingText) * 1.2
	lines := []fyne.CanvasObject{container.New(&fittedText{text: title}, title)}
	k.notices.text = []string{head}
	// The text in at most two lines cut to the window's width, not
	// wrapped: the band's height is known before it is laid out, so it
	// never grows over the screen under it.
	size := k.size(theme.SizeNameSubHeadingText)
	pad := theme.Padding() * 2
	per := int((k.win.Canvas().Size().Width - 4*pad) / fyne.MeasureText("清", size, fyne.TextStyle{Bold: true}).Width)
	// On a short panel (1366×768, 1280×720) one line: two would push
	// half of Home below its fold.
	most := 2
	if k.win.Canvas().Size().Height < bannerShort {
		most = 1
	}
	for _, l := range bandLines(strings.Join(strings.Fields(n.Text), " "), max(per, 10), most) {
		t := canvas.NewText(l, qtheme.White)
		t.TextStyle = fyne.TextStyle{Bold: true}
		t.TextSize = size
		lines = append(lines, t)
		k.notices.text = append(k.notices.text, l)
	}
	more := canvas.NewText(hint, qtheme.White)
	more.TextSize = k.size(theme.SizeNameCaptionText)
	more.Alignment = fyne.TextAlignCenter
	lines = append(lines, more)
	k.notices.text = append(k.notices.text, hint)
	notice := n
	band.Objects = []fyne.CanvasObject{newCard(container.NewStack(canvas.NewRectangle(qtheme.Red),
		container.New(&inset{pad: pad}, container.NewVBox(lines...))),
		func() { k.openNotice(notice) })}
	band.Objects[0].(*card).plain = true
	band.Show()
	k.notices.frame.Refresh()
}

// bandLines splits text into at most most lines of per characters, the
// last cut with "…" when the text is longer.
// A line never begins with closing punctuation: the character before it
// goes down with it, as Chinese typesetting does.
func bandLines(text string, per, most int) []string {
	r := []rune(text)
	var out []string
	for len(r) > 0 && len(out) < most {
		n := min(per, len(r))
		if len(out) == most-1 && len(r) > per {
			out = append(out, string(r[:per-1])+"…")
			break
		}
		if n < len(r) && n > 1 && strings.ContainsRune(closingPunct, r[n]) {
			n--
		}
		out = append(out, string(r[:n]))
		r = r[n:]
	}
	return out
}

// closingPunct are the marks a Chinese line may not begin with.
const closingPunct = "，。、；：？！）》」』”’…,.;:?!)"

// openNotice shows a notice whole: from the band, Home's card, or a tap
// on the attract loop's notice slide.
func (k *Kiosk) openNotice(n content.Notice) {
	switch k.mode {
	case modeAttract:
		k.endAttract()
	case modeBrowsing:
		k.Touched()
	default:
		return // the closed clock, staff mode, an exhibit: not now
	}
	k.push(k.noticeScreen(n))
}

// noticeScreen is one notice in large text; it is left, like withdrawn
// content, once the notice has ended.
func (k *Kiosk) noticeScreen(n content.Notice) *screen {
	title := "通知"
	if n.Urgent {
		title = "紧急通知"
	}
	return &screen{name: "notice", title: title, build: func() (fyne.CanvasObject, bool) {
		if !n.Window.Contains(k.clock.Now()) {
			return nil, false
		}
		head := canvas.NewText(n.Title, qtheme.Red)
		head.TextStyle = fyne.TextStyle{Bold: true}
		head.TextSize = k.size(theme.SizeNameHeadingText) * 1.2
		body := line(n.Text, theme.SizeNameSubHeadingText, theme.ColorNameForeground, false)
		body.Segments[0].(*widget.TextSegment).Style.Alignment = fyne.TextAlignLeading
		until := line("通知有效至 "+n.Window.Until.In(k.cfg.Location).Format("2006年1月2日 15:04"),
			theme.SizeNameText, theme.ColorNameForeground, false)
		return container.NewPadded(container.NewVBox(k.fitLine(head, k.size(theme.SizeNameSubHeadingText)), body, until)), true
	}}
}

// noticeCards are Home's cards of ordinary notices, nil when none.
func (k *Kiosk) noticeCards() fyne.CanvasObject {
	o := k.ordinaryNotices()
	if len(o) == 0 {
		return nil
	}
	var cards []fyne.CanvasObject
	for _, n := range o[:min(len(o), noticesOnHome)] {
		notice := n
		label := canvas.NewText("通知", qtheme.White)
		label.TextStyle = fyne.TextStyle{Bold: true}
		label.TextSize = k.size(theme.SizeNameSubHeadingText)
		tag := container.NewStack(canvas.NewRectangle(qtheme.Red), container.NewPadded(label))
		title := canvas.NewText(notice.Title, qtheme.Red)
		title.TextStyle = fyne.TextStyle{Bold: true}
		title.TextSize = k.size(theme.SizeNameSubHeadingText)
		text := line(cut(strings.Join(strings.Fields(notice.Text), " "), noticeCardRunes),
			theme.SizeNameText, theme.ColorNameForeground, false)
		text.Segments[0].(*widget.TextSegment).Style.Alignment = fyne.TextAlignLeading
		cards = append(cards, newCard(container.NewBorder(nil, nil, container.NewCenter(tag), nil, container.NewVBox(title, text)), func() {
			k.openNotice(notice)
		}))
	}
	return container.NewVBox(cards...)
}

// noticeSlides are the attract loop's slides of the notices shown now,
// urgent ones first.
func (a *attractLoop) noticeSlides() []fyne.CanvasObject {
	k := a.k
	var out []fyne.CanvasObject
	for _, n := range k.notices.active {
		kind, band := "通知", qtheme.Ink
		if n.Urgent {
			kind, band = "紧急通知", qtheme.Red
		}
		label := canvas.NewText(kind, qtheme.White)
		label.TextStyle = fyne.TextStyle{Bold: true}
		label.TextSize = k.size(theme.SizeNameHeadingText) * 1.2
		head := container.NewStack(canvas.NewRectangle(band), container.New(&fittedText{text: label, pad: theme.Padding() * 4}, label))
		title := canvas.NewText(n.Title, qtheme.Red)
		title.TextStyle = fyne.TextStyle{Bold: true}
		title.TextSize = k.size(theme.SizeNameHeadingText) * 1.5
		body := line(n.Text, theme.SizeNameHeadingText, theme.ColorNameForeground, false)
		hint := canvas.NewText(k.text("attract_hint"), qtheme.Ink)
		hint.TextSize = k.size(theme.SizeNameSubHeadingText)
		slide := container.NewBorder(head, k.fitLine(hint, k.size(theme.SizeNameText)), nil, nil,
			container.New(&inset{pad: theme.Padding() * 6},
				container.NewVBox(spacer(), k.fitLine(title, k.size(theme.SizeNameSubHeadingText)), body, spacer())))
		out = append(out, container.NewPadded(slide)) // a tap anywhere ends the loop, as on every slide
	}
	return out
}
