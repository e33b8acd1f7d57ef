package kiosk

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	qtheme "qingfeng/kiosk/theme"
	"qingfeng/kiosk/widgets"
)

// button is every tappable control of the shell: large, and it counts as
// visitor activity for the idle timer.
func (k *Kiosk) button(label string, icon fyne.Resource, tapped func()) *widget.Button {
	b := widget.NewButtonWithIcon(label, icon, func() {
		k.Touched()
		tapped()
	})
	return b
}

// primary is a button in the site's red, for the main action of a screen.
func (k *Kiosk) primary(label string, icon fyne.Resource, tapped func()) *widget.Button {
	b := k.button(label, icon, tapped)
	b.Importance = widget.HighImportance
	return b
}

// topBar is the bar above every screen but Home: back, home, title, 大字.
func (k *Kiosk) topBar(title string) fyne.CanvasObject {
	if b, ok := k.bars[title]; ok {
		return b
	}
	back := k.primary("返回", theme.NavigateBackIcon(), k.Back)
	home := k.button("首页", theme.HomeIcon(), func() { k.Home() })
	heading := k.heading(title)
	bare := widget.NewButtonWithIcon("", theme.HomeIcon(), nil).MinSize().Width
	bar := container.New(&barLayout{title: heading, size: heading.TextSize, least: k.size(theme.SizeNameCaptionText),
		home: home, homeLabel: home.Text, homeSaves: home.MinSize().Width - bare},
		container.NewHBox(back, home), heading, k.largeToggle())
	line := canvas.NewRectangle(qtheme.Red)
	line.SetMinSize(fyne.NewSize(0, 4))
	b := container.NewVBox(container.NewPadded(bar), line)
	if k.bars == nil {
		k.bars = map[string]fyne.CanvasObject{}
	}
	k.bars[title] = b
	return b
}

func (k *Kiosk) largeToggle() fyne.CanvasObject {
	label := "大字"
	if k.large {
		label = "标准字"
	}
	return k.button(label, theme.ZoomInIcon(), func() { k.SetLarge(!k.large) })
}

// heading is a bold title in the heading size.
func (k *Kiosk) heading(text string) *canvas.Text {
	t := canvas.NewText(text, qtheme.Ink)
	t.TextStyle = fyne.TextStyle{Bold: true}
	t.TextSize = k.size(theme.SizeNameHeadingText)
	return t
}

// fitLine centres a line of text, drawn smaller, down to least, when it
// is wider than the window: a sentence must not make a screen wider than
// an upright 720-wide panel in 大字. (Measured against the window when
// the screen is built; a new panel builds screens again.)
func (k *Kiosk) fitLine(t *canvas.Text, least float32) fyne.CanvasObject {
	room := k.win.Canvas().Size().Width - 4*theme.Padding()
	if w := fyne.MeasureText(t.Text, t.TextSize, t.TextStyle).Width; room > 0 && w > room {
		t.TextSize = max(min(least, t.TextSize), t.TextSize*room/w)
	}
	return container.NewCenter(t)
}

func (k *Kiosk) size(name fyne.ThemeSizeName) float32 {
	return k.app.Settings().Theme().Size(name)
}

// wrapped is body text that wraps at the screen edge.
func wrapped(text string, style fyne.TextStyle) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, style)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// line is text in a theme size and colour that wraps, centred, when its
// space is narrower than it: a title or a note that must not make a
// screen wider than a small panel.
func line(text string, size fyne.ThemeSizeName, color fyne.ThemeColorName, bold bool) *widget.RichText {
	t := widget.NewRichText(&widget.TextSegment{Text: text, Style: widget.RichTextStyle{
		Alignment: fyne.TextAlignCenter, ColorName: color, SizeName: size, TextStyle: fyne.TextStyle{Bold: bold}}})
	t.Wrapping = fyne.TextWrapWord
	return t
}

// card is a tappable panel: a picture, a title and a line of text.
type card struct {
	widget.BaseWidget
	content fyne.CanvasObject
	onTap   func()
	plain   bool // no panel: a tappable thing that looks like its content
}

func newCard(content fyne.CanvasObject, onTap func()) *card {
	c := &card{content: content, onTap: onTap}
	c.ExtendBaseWidget(c)
	return c
}

func (c *card) Tapped(*fyne.PointEvent) {
	if c.onTap != nil {
		c.onTap()
	}
}

func (c *card) CreateRenderer() fyne.WidgetRenderer {
	if c.plain {
		return widget.NewSimpleRenderer(c.content)
	}
	bg := canvas.NewRectangle(color.White)
	bg.CornerRadius = 16
	bg.StrokeColor = lineColor
	bg.StrokeWidth = 2
	return widget.NewSimpleRenderer(container.NewStack(bg, container.NewPadded(c.content)))
}

// picture shows an image file as large as min or the space given allows,
// with its proportions, or a plain panel when there is none; min keeps
// lists lined up. See images.go for how pictures are decoded and kept.
// readingPicture is a picture in a reading column: at most most, and
// narrower with its proportions on a column narrower than that.
func (k *Kiosk) readingPicture(path string, most fyne.Size) fyne.CanvasObject {
	b := newPictureBox(k.images, path, most)
	b.shrinks = true
	k.boxes.next = append(k.boxes.next, b)
	return b
}

func (k *Kiosk) picture(path string, min fyne.Size) fyne.CanvasObject {
	if path != "" {
		b := newPictureBox(k.images, path, min)
		k.boxes.next = append(k.boxes.next, b)
		return b
	}
	r := canvas.NewRectangle(panelColor)
	r.SetMinSize(min)
	return r
}

// scroll is a finger-scrollable area; scrolling counts as visitor activity,
// so someone reading a long story is not sent to the attract loop.
func (k *Kiosk) scroll(content fyne.CanvasObject) *widgets.TouchScroll {
	s := widgets.NewTouchScroll(content)
	s.OnScrolled = func(fyne.Position) { k.Touched() }
	return s
}

// grid lays cards out in columns: landscapeCols on a screen as wide as
// the design's, half as many upright, fewer where the cards do not fit
// side by side (see flowGrid).
func (k *Kiosk) grid(landscapeCols int, objs ...fyne.CanvasObject) *fyne.Container {
	cols := landscapeCols
	if k.cfg.Portrait {
		cols = max(1, landscapeCols/2)
	}
	return container.New(&flowGrid{most: cols}, objs...)
}

func spacer() fyne.CanvasObject { return layout.NewSpacer() }

var (
	lineColor  = qtheme.Line
	panelColor = qtheme.Tan
)
