package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	qtheme "qingfeng/kiosk/theme"
)

// attractLoop is the full-screen slideshow shown when nobody has touched
// the screen for a while: featured stories and the newest disclosures. Any
// touch ends it and brings a fresh Home.
type attractLoop struct {
	k      *Kiosk
	slides []fyne.CanvasObject
	index  int
	holder *fyne.Container
}

type slide struct {
	title, subtitle, image string
}

func (k *Kiosk) startAttract() {
	a := &attractLoop{k: k, holder: container.NewStack()}
	if !k.enterAttract(a) {
		return
	}
	a.reload()
	k.shown = nil
	k.nowViewing("attract", "", "")
	k.exhibitsLeft(nil)
	if k.src.Narrator != nil {
		k.src.Narrator.Stop()
	}
	k.lastSlide = k.clock.Now()
	k.clearNotice()
	tap := &tapCatcher{onTap: k.endAttract}
	k.setPage(container.NewStack(canvas.NewRectangle(qtheme.Paper), a.holder, tap))
	if k.cfg.OnShow != nil {
		k.cfg.OnShow("attract")
	}
}

// endAttract is the first touch of a new visitor: everything the last one
// left (navigation, scroll positions, half-typed search, large text) is
// reset, and Home is shown.
func (k *Kiosk) endAttract() {
	if !k.leaveAttract() {
		return
	}
	k.Touched()
	if k.large {
		k.large = false
		k.app.Settings().SetTheme(qtheme.New(false))
		k.changed()
	}
	k.Home()
}

// reload rebuilds the slides from current content (after an import).
func (a *attractLoop) reload() {
	k := a.k
	var slides []slide
	for _, st := range k.featured() {
		slides = append(slides, slide{title: st.Title, subtitle: st.Summary, image: st.Cover})
	}
	if ds, err := k.src.Disclosures.Disclosures(k.ctx, k.clock.Now(), ""); err == nil {
		for i, d := range ds {
			if i == 3 {
				break
			}
			slides = append(slides, slide{title: "公示：" + d.Title, subtitle: d.Period})
		}
	}
	if len(slides) == 0 {
		slides = append(slides, slide{title: k.cfg.SiteName, subtitle: k.text("welcome")})
	}
	// Notices come first: an urgent one is what a passer-by must read.
	a.slides = append(a.slides[:0], a.noticeSlides()...)
	for _, s := range slides {
		a.slides = append(a.slides, a.render(s))
	}
	a.index %= len(a.slides)
	a.show()
}

func (a *attractLoop) render(s slide) fyne.CanvasObject {
	k := a.k
	title := canvas.NewText(s.title, qtheme.Red)
	title.TextStyle = fyne.TextStyle{Bold: true}
	title.TextSize = k.size(theme.SizeNameHeadingText) * 1.2
	sub := widget.NewLabelWithStyle(s.subtitle, fyne.TextAlignCenter, fyne.TextStyle{})
	sub.Wrapping = fyne.TextWrapWord
	hint := canvas.NewText(k.text("attract_hint"), qtheme.Ink)
	hint.TextSize = k.size(theme.SizeNameSubHeadingText)
	var img fyne.CanvasObject = canvas.NewRectangle(panelColor)
	if s.image != "" {
		// The picture fills what the text leaves; its smallest size is
		// only a floor that fits the smallest panel, upright too.
		img = k.picture(s.image, fyne.NewSize(320, 180))
	}
	text := container.NewVBox(k.fitLine(title, k.size(theme.SizeNameSubHeadingText)), sub, k.fitLine(hint, k.size(theme.SizeNameText)))
	return container.NewPadded(container.NewBorder(nil, text, nil, nil, img))
}

func (a *attractLoop) next() {
	a.index = (a.index + 1) % len(a.slides)
	a.show()
}

func (a *attractLoop) show() {
	a.holder.Objects = []fyne.CanvasObject{a.slides[a.index]}
	a.holder.Refresh()
}

// tapCatcher covers the attract loop so any touch anywhere ends it.
type tapCatcher struct {
	widget.BaseWidget
	onTap func()
}

func (t *tapCatcher) Tapped(*fyne.PointEvent) { t.onTap() }

func (t *tapCatcher) CreateRenderer() fyne.WidgetRenderer {
	t.ExtendBaseWidget(t)
	return widget.NewSimpleRenderer(canvas.NewRectangle(nil))
}
