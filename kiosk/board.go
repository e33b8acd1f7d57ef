package kiosk

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qingfeng/content"
	qtheme "qingfeng/kiosk/theme"
	"qingfeng/kiosk/widgets"
)

// boardMost is how many answers the board shows: the newest, as many as a
// visitor will scroll through.
const boardMost = 200

// boardScreen is 答复公开: the answers the office marked public, newest
// first, under a row of category tabs like the stories list.
func (k *Kiosk) boardScreen(category string) *screen {
	s := &screen{name: "board", title: TileBoard}
	s.build = func() (fyne.CanvasObject, bool) {
		all, err := k.src.Replies.PublicReplies(k.ctx, "")
		if err != nil {
			k.cfg.Log.Error("public replies", "err", err)
		}
		// Tabs for the categories that have answers: the configured ones
		// in their order, then any other the office used.
		present := map[string]bool{}
		for _, r := range all {
			present[r.Category] = true
		}
		var cats []string
		for _, c := range k.cfg.Opinions.Categories {
			if present[c] {
				cats = append(cats, c)
				delete(present, c)
			}
		}
		for _, r := range all {
			if present[r.Category] && r.Category != "" {
				cats = append(cats, r.Category)
				delete(present, r.Category)
			}
		}
		tabs := container.NewHBox()
		addTab := func(label, cat string) {
			b := k.button(label, nil, func() {
				category = cat
				k.rebuild()
			})
			if cat == category {
				b.Importance = widget.HighImportance
			}
			tabs.Add(b)
		}
		addTab("全部", "")
		for _, c := range cats {
			addTab(c, c)
		}
		shown := all
		if category != "" {
			shown, err = k.src.Replies.PublicReplies(k.ctx, category)
			if err != nil {
				k.cfg.Log.Error("public replies", "category", category, "err", err)
			}
		}
		shown = newestFirst(shown)
		var cards []fyne.CanvasObject
		var parts []*widgets.Deferred
		for _, r := range shown[:min(len(shown), boardMost)] {
			d := widgets.NewDeferred(k.replyCard(r))
			cards = append(cards, d)
			parts = append(parts, d)
		}
		var body fyne.CanvasObject
		if len(cards) == 0 {
			body = container.NewCenter(k.heading("还没有公开的答复"))
		} else {
			// One answer under another, each as tall as its words: answers
			// differ in length more than stories' cards do.
			list := k.scroll(container.New(readingWidth{Max: 1280}, container.NewPadded(container.NewVBox(cards...))))
			list.Defer(parts...)
			body = list
		}
		tabScroll := k.scroll(tabs)
		tabScroll.Direction = container.ScrollHorizontalOnly
		return container.NewBorder(container.NewPadded(tabScroll), nil, nil, nil, body), true
	}
	return s
}

// newestFirst orders replies by the day they were answered, the latest
// first, keeping the book's order within a day.
func newestFirst(rs []content.Reply) []content.Reply {
	out := slices.Clone(rs)
	slices.SortStableFunc(out, func(a, b content.Reply) int { return b.Replied.Compare(a.Replied) })
	return out
}

// replyCard is one public answer: its category and date, the resident's
// words when they agreed to show them, and the office's reply. It shows
// no receipt, name or phone.
func (k *Kiosk) replyCard(r content.Reply) fyne.CanvasObject {
	cat := canvas.NewText(r.Category, qtheme.Red)
	cat.TextStyle = fyne.TextStyle{Bold: true}
	cat.TextSize = k.size(theme.SizeNameCaptionText)
	info := r.Replied.In(k.cfg.Location).Format("2006年1月2日") + " 答复"
	if r.Unit != "" {
		info = r.Unit + "　" + info
	}
	// The unit's name may be long: the line wraps on a narrow panel.
	when := wrapped(info, fyne.TextStyle{})
	when.Importance = widget.LowImportance
	col := container.NewVBox(cat, when)
	if r.Opinion != "" {
		asked := wrapped("群众意见："+r.Opinion, fyne.TextStyle{})
		asked.Importance = widget.LowImportance
		col.Add(asked)
	}
	col.Add(wrapped("答复："+r.Text, fyne.TextStyle{}))
	bg := canvas.NewRectangle(qtheme.White)
	bg.CornerRadius = 16
	bg.StrokeColor = lineColor
	bg.StrokeWidth = 2
	return container.NewStack(bg, container.NewPadded(col))
}

// monthStart is the first moment of now's month in loc.
func monthStart(now time.Time, loc *time.Location) time.Time {
	y, m, _ := now.In(loc).Date()
	return time.Date(y, m, 1, 0, 0, 0, 0, loc)
}
