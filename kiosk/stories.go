package kiosk

import (
	"regexp"
	"strings"
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

// storiesScreen lists stories of one category ("" = all) as cards with
// their import-time thumbnails, under a row of category tabs.
func (k *Kiosk) storiesScreen(category string) *screen {
	s := &screen{name: "stories", title: "清廉故事"}
	s.build = func() (fyne.CanvasObject, bool) {
		all, err := k.src.Stories.Stories(k.ctx, k.clock.Now(), "")
		if err != nil {
			k.cfg.Log.Error("stories", "err", err)
		}
		// Tabs only for categories that have stories, in the fixed order.
		present := map[string]bool{}
		for _, st := range all {
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
		for _, c := range content.StoryCategories {
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

// mdImageLine matches a Markdown image standing on its own line.
var mdImageLine = regexp.MustCompile(`^\s*!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)\s*$`)

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
			col.Add(k.picture(st.Cover, storyCoverSize))
		}
		// The body is drawn as it scrolls into view: a long story no
		// longer rasterises every paragraph before its first frame.
		var parts []*widgets.Deferred
		add := func(o fyne.CanvasObject) {
			d := widgets.NewDeferred(o)
			parts = append(parts, d)
			col.Add(d)
		}
		for _, part := range splitBody(st.Body) {
			if part.image != "" {
				if file := st.Images[part.image]; file != "" {
					add(k.picture(file, fyne.NewSize(800, 450)))
					if part.alt != "" {
						add(container.NewCenter(widget.NewLabel(part.alt)))
					}
				}
				continue
			}
			rt := widget.NewRichTextFromMarkdown(part.text)
			rt.Wrapping = fyne.TextWrapWord
			add(rt)
		}
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

// bodyPart is a run of Markdown text, or one picture.
type bodyPart struct {
	text       string
	image, alt string
}

// splitBody cuts a story body at pictures that stand on their own line, so
// each picture can be shown at a size chosen for the screen.
func splitBody(md string) []bodyPart {
	var parts []bodyPart
	var cur []string
	flush := func() {
		if t := strings.TrimSpace(strings.Join(cur, "\n")); t != "" {
			parts = append(parts, bodyPart{text: t})
		}
		cur = nil
	}
	for _, line := range strings.Split(md, "\n") {
		if m := mdImageLine.FindStringSubmatch(line); m != nil {
			flush()
			parts = append(parts, bodyPart{image: strings.TrimPrefix(m[2], "./"), alt: m[1]})
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return parts
}
