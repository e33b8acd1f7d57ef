package kiosk

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	qtheme "qingfeng/kiosk/theme"
	"qingfeng/kiosk/widgets"
)

// The home tiles, in the order visitors see them.
const (
	TileStories     = "清廉故事"
	TileDisclosures = "公开公示"
	TileExhibits    = "互动展项"
	TileOpinions    = "我有话说"
)

func (k *Kiosk) homeScreen() *screen {
	s := &screen{name: "home", title: k.cfg.SiteName}
	var carousel *widgets.Carousel
	var lastAdvance time.Time
	advancing := false
	var featured []StoryCard
	prefetched := false
	var view fyne.CanvasObject
	gen := -1
	var built time.Time // the month Home's count of answers is of
	s.build = func() (fyne.CanvasObject, bool) {
		lastAdvance = k.clock.Now() // a fresh Home shows its first item a full slide
		month := monthStart(k.clock.Now(), k.cfg.Location)
		if view != nil && gen == k.gen && month.Equal(built) {
			return view, true
		}
		gen, built = k.gen, month
		carousel = nil
		featured = k.featured()
		prefetched = false
		site := canvas.NewText(k.cfg.SiteName, qtheme.Red)
		site.TextStyle = fyne.TextStyle{Bold: true}
		site.TextSize = k.size(theme.SizeNameHeadingText) * 1.3
		kind := canvas.NewText(k.cfg.SiteKind+" · "+k.text("tagline"), qtheme.Ink)
		kind.TextSize = k.size(theme.SizeNameSubHeadingText)
		// Five taps on the site's name within three seconds: staff mode.
		siteTaps := newCard(site, k.staffTap)
		siteTaps.plain = true
		header := container.NewBorder(nil, nil, container.NewVBox(siteTaps, kind), container.NewVBox(k.largeToggle()))

		tiles := []fyne.CanvasObject{
			k.tile(TileStories, k.text("stories_subtitle"), theme.DocumentIcon(), func() { k.push(k.storiesScreen("")) }),
			k.tile(TileDisclosures, k.text("disclosures_subtitle"), theme.ListIcon(), func() { k.push(k.disclosuresScreen("")) }),
			k.tile(TileExhibits, k.text("exhibits_subtitle"), theme.MediaPlayIcon(), func() {
				if k.src.Exhibits == nil {
					k.push(k.comingSoon(TileExhibits, "互动展项正在准备中，敬请期待"))
					return
				}
				k.push(k.exhibitsScreen())
			}),
			k.tileNote(TileOpinions, k.text("opinions_subtitle"), k.answeredNote(month), theme.MailComposeIcon(), func() {
				if k.src.Opinions == nil {
					k.push(k.comingSoon(TileOpinions, "本机暂未开通意见箱"))
					return
				}
				k.push(k.opinionsScreen(""))
			}),
		}
		if k.src.Films != nil && k.src.FilmPlayer != nil {
			// After what is read, before what is done: the exhibits and
			// the opinion box keep their places at the right.
			films := k.tile(TileFilms, "警示教育片、专题片", theme.MediaVideoIcon(), func() { k.push(k.filmsScreen()) })
			tiles = []fyne.CanvasObject{tiles[0], tiles[1], films, tiles[2], tiles[3]}
		}
		grid := k.grid(len(tiles), tiles...)
		var middle fyne.CanvasObject = container.NewCenter(k.heading(k.text("welcome")))
		if len(featured) > 0 {
			var items []fyne.CanvasObject
			for _, st := range featured {
				items = append(items, k.featuredItem(st))
			}
			carousel = widgets.NewCarousel(items...)
			carousel.Interval = k.cfg.Slide
			carousel.OnChanged = func(int) {
				if !advancing { // a visitor's swipe or tap, not the slideshow
					k.Touched()
				}
			}
			middle = carousel
		}
		var top fyne.CanvasObject = container.NewPadded(header)
		if cards := k.noticeCards(); cards != nil {
			top = container.NewVBox(top, container.NewPadded(cards))
		}
		view = container.NewPadded(container.NewBorder(top, container.NewPadded(grid), nil, nil, middle))
		// Home's pictures stay with the kept view: they are not let go
		// when another screen replaces it.
		k.boxes.next = nil
		return view, true
	}
	s.tick = func(now time.Time) {
		if !prefetched {
			// A second after Home shows, while nobody has touched it yet:
			// the featured stories' covers at the story view's size, so a
			// tap on the carousel opens a complete story.
			prefetched = true
			for _, st := range featured {
				if st.Cover != "" {
					k.images.prefetch(st.Cover, storyCoverSize)
				}
			}
		}
		if carousel != nil && now.Sub(lastAdvance) >= k.cfg.Slide {
			lastAdvance = now
			advancing = true
			carousel.Tick()
			advancing = false
		}
	}
	return s
}

func (k *Kiosk) featured() []StoryCard {
	all, err := k.src.Stories.Stories(k.ctx, k.clock.Now(), "")
	if err != nil {
		k.cfg.Log.Error("stories", "err", err)
		return nil
	}
	var f []StoryCard
	for _, s := range all {
		if s.Featured {
			f = append(f, s)
		}
	}
	return f
}

// featuredItem is one page of the home carousel: the cover large, the
// title over it; a tap opens the story.
func (k *Kiosk) featuredItem(st StoryCard) fyne.CanvasObject {
	// The carousel takes what room Home has left; the smallest cover is
	// what still leaves the title and the tiles on a 1280×720 panel.
	img := k.picture(st.Cover, fyne.NewSize(160, 90))
	// A long title wraps on an upright 720-wide panel.
	title := line(st.Title, theme.SizeNameSubHeadingText, theme.ColorNameForegroundOnPrimary, true)
	band := canvas.NewRectangle(qtheme.Red)
	caption := container.NewStack(band, title)
	pkg, id := st.PkgID, st.ID
	return newCard(container.NewBorder(nil, caption, nil, nil, img), func() {
		k.Touched()
		k.push(k.storyScreen(pkg, id))
	})
}

// answeredNote is the line Home's opinions tile adds when the office has
// answered opinions since month began: answers come back, and a resident
// may see so before writing. "" when none (or no replies here).
func (k *Kiosk) answeredNote(month time.Time) string {
	if k.src.Replies == nil {
		return ""
	}
	n, err := k.src.Replies.AnsweredSince(k.ctx, month)
	if err != nil {
		k.cfg.Log.Error("answered since", "err", err)
		return ""
	}
	if n <= 0 {
		return ""
	}
	return fmt.Sprintf("本月已答复 %d 条", n)
}

// tile is one of the four big doors on the home screen.
func (k *Kiosk) tile(title, subtitle string, icon fyne.Resource, open func()) fyne.CanvasObject {
	return k.tileNote(title, subtitle, "", icon, open)
}

// tileNote is a tile with a note under its subtitle, "" for none.
func (k *Kiosk) tileNote(title, subtitle, note string, icon fyne.Resource, open func()) fyne.CanvasObject {
	ic := canvas.NewImageFromResource(theme.NewColoredResource(icon, theme.ColorNamePrimary))
	ic.SetMinSize(fyne.NewSize(72, 72))
	t := canvas.NewText(title, qtheme.Red)
	t.TextStyle = fyne.TextStyle{Bold: true}
	t.TextSize = k.size(theme.SizeNameHeadingText)
	// The line under the title wraps: four tiles side by side must fit a
	// 1280-wide panel.
	sub := line(subtitle, theme.SizeNameCaptionText, theme.ColorNameForeground, false)
	body := container.NewVBox(container.NewCenter(ic), container.NewCenter(t), sub)
	if note != "" {
		body.Add(line(note, theme.SizeNameCaptionText, theme.ColorNamePrimary, true))
	}
	return newCard(container.NewPadded(body), func() {
		k.Touched()
		open()
	})
}

// comingSoon is the screen behind a tile whose feature is not installed.
func (k *Kiosk) comingSoon(title, msg string) *screen {
	return &screen{name: "soon", title: title, build: func() (fyne.CanvasObject, bool) {
		return container.NewCenter(k.heading(msg)), true
	}}
}
