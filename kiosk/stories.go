package kiosk

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qingfeng/content"
	"qingfeng/content/markdown"
	qtheme "qingfeng/kiosk/theme"
	"qingfeng/kiosk/widgets"
)

// storiesScreen lists stories of one category ("" = all) as cards with
// their import-time thumbnails, under a row of category tabs.
func (k *Kiosk) storiesScreen(category string) *screen {
	s := &screen{name: "stories", title: "清廉故事"}
	s.build = func() (fyne.CanvasObject, bool) {
		all, err := k.src.Stories.Stories(k.ctx, k.clock.Now(), "")
		if err != nil {
			k.cfg.Log.Error("stories", "err", err)
		}
		// Tabs only for categories that have stories, in the configured
		// order.
		present := map[string]bool{}
		var cats []string
		for _, st := range all {
			if !present[st.Category] {
				cats = append(cats, st.Category)
			}
			present[st.Category] = true
		}
		tabs := container.NewHBox()
		addTab := func(label, cat string) {
			b := k.button(label, nil, func() {
				category = cat
				k.rebuild()
			})
			if cat == category {
				b.Importance = 1 // widget.HighImportance
			}
			tabs.Add(b)
		}
		addTab("全部", "")
		for _, c := range content.OrderCategories(k.storyCategories(), cats) {
			if present[c] {
				addTab(c, c)
			}
		}
		var cards []fyne.CanvasObject
		var parts []*widgets.Deferred
		for _, st := range all {
			if category != "" && st.Category != category {
				continue
			}
			// A list may hold hundreds of stories: only the cards near
			// the screen are drawn.
			d := widgets.NewDeferred(k.storyCard(st))
			cards = append(cards, d)
			parts = append(parts, d)
		}
		var body fyne.CanvasObject
		if len(cards) == 0 {
			body = container.NewCenter(k.heading("暂无内容"))
		} else {
			list := k.scroll(container.NewPadded(k.grid(3, cards...)))
			list.Defer(parts...)
			body = list
		}
		tabScroll := k.scroll(tabs)
		tabScroll.Direction = container.ScrollHorizontalOnly
		return container.NewBorder(container.NewPadded(tabScroll), nil, nil, nil, body), true
	}
	return s
}

func (k *Kiosk) storyCard(st StoryCard) fyne.CanvasObject {
	img := k.picture(st.Thumb, fyne.NewSize(420, 236))
	title := wrapped(st.Title, fyne.TextStyle{Bold: true})
	cat := canvas.NewText(st.Category, qtheme.Red)
	cat.TextSize = k.size("captionText")
	summary := wrapped(st.Summary, fyne.TextStyle{})
	pkg, id := st.PkgID, st.ID
	return newCard(container.NewVBox(img, cat, title, summary), func() {
		k.Touched()
		k.push(k.storyScreen(pkg, id))
	})
}

// storyCoverSize is the box of a story's cover in the reading view.
var storyCoverSize = fyne.NewSize(960, 540)

// storyScreen is the reading view: cover, Markdown body with its pictures,
// and a QR code of the story's link.
func (k *Kiosk) storyScreen(pkgID, id string) *screen {
	s := &screen{name: "story", title: "清廉故事", item: pkgID + "/" + id}
	s.build = func() (fyne.CanvasObject, bool) {
		st, ok, err := k.src.Stories.Story(k.ctx, k.clock.Now(), pkgID, id)
		if err != nil {
			k.cfg.Log.Error("story", "id", id, "err", err)
		}
		if !ok {
			return nil, false
		}
		s.title, s.itemTitle = st.Category, st.Title
		col := container.NewVBox()
		title := wrapped(st.Title, fyne.TextStyle{Bold: true})
		title.SizeName = "headingText"
		s.tick = nil
		if listen := k.listenButton(st.Audio); listen != nil {
			col.Add(container.NewBorder(nil, nil, nil, listen.button, title))
			s.tick = listen.tick
		} else {
			col.Add(title)
		}
		if st.Cover != "" {
			col.Add(k.readingPicture(st.Cover, storyCoverSize))
		}
		// The body is drawn as it scrolls into view: a long story no
		// longer rasterises every paragraph before its first frame.
		var parts []*widgets.Deferred
		add := func(o fyne.CanvasObject) {
			d := widgets.NewDeferred(o)
			parts = append(parts, d)
			col.Add(d)
		}
		k.storyBody(st, add)
		var side fyne.CanvasObject
		if st.URL != "" {
			qr := widgets.NewQRCode(st.URL)
			qr.Caption = "扫码了解更多"
			side = container.NewVBox(qr)
		}
		scroll := k.scroll(container.New(readingWidth{Max: 1280}, container.NewPadded(col)))
		scroll.Defer(parts...)
		if side == nil {
			return scroll, true
		}
		if k.cfg.Portrait {
			return container.NewBorder(nil, container.NewCenter(side), nil, nil, scroll), true
		}
		return container.NewBorder(nil, nil, nil, container.NewPadded(side), scroll), true
	}
	return s
}

// listen is the play/pause button of a narrated story.
type listen struct {
	button *widget.Button
	tick   func(time.Time)
}

// listenButton offers the story's narration, or nil when there is none or
// the kiosk cannot play sound.
func (k *Kiosk) listenButton(file string) *listen {
	n := k.src.Narrator
	if file == "" || n == nil {
		return nil
	}
	l := &listen{}
	started, paused := false, false
	label := func() {
		if n.Playing() {
			l.button.SetText("暂停讲解")
			l.button.SetIcon(theme.MediaPauseIcon())
		} else {
			l.button.SetText("听讲解")
			l.button.SetIcon(theme.MediaPlayIcon())
		}
	}
	l.button = k.primary("听讲解", theme.MediaPlayIcon(), func() {
		switch {
		case n.Playing():
			n.Pause()
			paused = true
		case started && paused:
			n.Resume()
			paused = false
		default:
			if err := n.Play(file); err != nil {
				k.cfg.Log.Warn("narration", "file", file, "err", err)
				k.showNotice("本机暂时无法播放声音")
				return
			}
			started, paused = true, false
		}
		label()
	})
	l.tick = func(time.Time) {
		if started && !paused && !n.Playing() {
			started = false // finished: the next tap starts again
		}
		label()
	}
	return l
}

// storyBody lays out a story's body: each run of text as a RichText whose
// segments are built here from the checked tree, each picture as a picture
// box of the store's copy.
//
// Why not widget.NewRichTextFromMarkdown, even on the checked body: Fyne
// turns a link into a HyperlinkSegment, which on a tap hands the URL to
// the system's opener (xdg-open: a browser, a file manager), and a picture
// into an ImageSegment that Fyne reads from whatever path or URL it names.
// Cleaning its output afterwards means knowing every segment kind it makes,
// now and after each upgrade. Built here, the only kinds on screen are
// text, lists and rules, and a picture is found only in st.Images (the
// story's media as the store keeps them): a link is words, a destination
// the store does not hold is nothing, whatever the check let through.
func (k *Kiosk) storyBody(st StoryPage, add func(fyne.CanvasObject)) {
	var segs []widget.RichTextSegment
	flush := func() {
		if len(segs) > 0 {
			rt := widget.NewRichText(segs...)
			rt.Wrapping = fyne.TextWrapWord
			add(rt)
			segs = nil
		}
	}
	for _, b := range markdown.Parse(st.Body).Blocks {
		if b.Kind != markdown.Picture {
			segs = append(segs, richBlock(b, false)...)
			continue
		}
		file := st.Images[b.Image.Path()]
		if file == "" {
			continue // not a picture of the package: the check said so
		}
		flush()
		add(k.readingPicture(file, fyne.NewSize(800, 450)))
		if b.Image.Alt != "" {
			add(container.NewCenter(widget.NewLabel(b.Image.Alt)))
		}
	}
	flush()
}

// richBlock is a block as RichText segments, styled as Fyne's own Markdown
// renderer styles them, so stories look as they did.
func richBlock(b markdown.Block, quote bool) []widget.RichTextSegment {
	switch b.Kind {
	case markdown.Paragraph:
		segs := richSpans(b.Spans, quote)
		if quote {
			// Quoted text is drawn in italics, a paragraph to a line.
			return append(segs, &widget.TextSegment{Style: widget.RichTextStyleBlockquote})
		}
		return append(segs, &widget.TextSegment{Style: widget.RichTextStyleParagraph})
	case markdown.Heading:
		var text strings.Builder
		for _, s := range b.Spans {
			text.WriteString(s.Text)
		}
		style := widget.RichTextStyleParagraph
		style.TextStyle.Bold = true
		switch b.Level {
		case 1:
			style = widget.RichTextStyleHeading
		case 2:
			style = widget.RichTextStyleSubHeading
		}
		return []widget.RichTextSegment{&widget.TextSegment{Style: style, Text: text.String()}}
	case markdown.Rule:
		return []widget.RichTextSegment{&widget.SeparatorSegment{}}
	case markdown.Code:
		return []widget.RichTextSegment{&widget.TextSegment{Style: widget.RichTextStyleCodeBlock, Text: b.Text}}
	case markdown.Quote:
		var segs []widget.RichTextSegment
		for _, in := range b.Blocks {
			segs = append(segs, richBlock(in, true)...)
		}
		return segs
	case markdown.List:
		l := &widget.ListSegment{Ordered: b.Ordered}
		if b.Ordered {
			l.SetStartNumber(b.Start)
		}
		for _, item := range b.Items {
			var texts []widget.RichTextSegment
			for _, in := range item {
				if in.Kind == markdown.Paragraph && b.Tight {
					texts = append(texts, richSpans(in.Spans, quote)...)
					continue
				}
				texts = append(texts, richBlock(in, quote)...)
			}
			l.Items = append(l.Items, &widget.ParagraphSegment{Texts: texts})
		}
		return []widget.RichTextSegment{l}
	}
	return nil
}

func richSpans(spans []markdown.Span, quote bool) []widget.RichTextSegment {
	segs := make([]widget.RichTextSegment, 0, len(spans))
	for _, s := range spans {
		style := widget.RichTextStyleInline
		switch {
		case s.Code:
			style = widget.RichTextStyleCodeInline
		case s.Strong:
			style = widget.RichTextStyleStrong
		}
		style.TextStyle.Italic = s.Emphasis || quote
		// A hard line break: the line ends after this span.
		style.Inline = !s.Break
		segs = append(segs, &widget.TextSegment{Style: style, Text: s.Text})
	}
	return segs
}
