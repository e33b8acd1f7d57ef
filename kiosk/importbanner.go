package kiosk

import (
	"fmt"
	"image/color"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	qtheme "qingfeng/kiosk/theme"
)

// The import banner: when staff plug in a stick, the screen itself says
// what happens to the package on it, over whatever is shown (a visitor's
// screen, the attract loop, the closed screen): its progress, then the
// result in large text for a while. Staff used to learn of a refused
// package only by reading the report on the stick at the office.

const (
	// bannerShown is how long a result stays on the screen.
	bannerShown = 20 * time.Second
	// bannerStale: a progress banner with no news for this long is taken
	// down. The package was found still arriving (its copy unfinished);
	// its result comes later, or never if the stick was pulled.
	bannerStale = 2 * time.Minute
	// bannerLines is how many problems or items the banner names; the
	// report on the stick has them all.
	bannerLines = 3
	// bannerShort is the height (in units) below which a refusal names
	// one problem only: on a 1366×768 or 1280×720 panel three long ones
	// pushed "详见U盘上的导入报告" off the card.
	bannerShort = 900
	// bannerRunes cuts a line the banner shows: a problem can be long.
	bannerRunes = 90
)

// scrim darkens what is under the banner so the banner reads as news
// over it, not as part of the screen.
var scrim = color.NRGBA{R: 0x22, G: 0x22, B: 0x22, A: 0xB8}

// ImportNews is what the banner says about one finished package.
type ImportNews struct {
	// Name is the folder or file staff put on the stick.
	Name string
	// Title is the package's own title, "" if it could not be read.
	Title    string
	Imported bool
	// Summary is what a first install brought (故事 3 篇，公示 2 张);
	// Added, Changed and Removed what a new version did to the one before
	// (故事《…》), each empty when nothing.
	Summary                 string
	Added, Changed, Removed []string
	// Reason is why the package was not imported; Problems its first
	// problems (file:line: message) and More how many others there are.
	Reason   string
	Problems []string
	More     int
}

// importBanner is the banner shown, in progress or with a result.
type importBanner struct {
	obj   fyne.CanvasObject
	text  []string // what it says, line by line (Banner)
	until time.Time
	// name is the package in progress, "" once the result is shown.
	name  string
	stage *widget.RichText
	bar   *widget.ProgressBar
	// batch is the packages finished while a banner has been up, by name
	// and verdict: a stick with several packages shows one after another,
	// and the last banner must not hide how the earlier ones went.
	batch []string
}

// batch is what the banner shown has finished so far, nil if none is shown.
func (k *Kiosk) batch() []string {
	if k.banner == nil {
		return nil
	}
	return k.banner.batch
}

// batchLine names the packages of the batch: 清风村.zip 导入成功、村务.zip 没有导入.
func batchLine(head string, batch []string) string {
	return head + names(batch, bannerLines)
}

// ImportStarted shows that the package name, brought by a person, is being
// read. Progress then moves its bar.
func (k *Kiosk) ImportStarted(name string) {
	k.wakeForBanner(bannerStale)
	stage := line("正在检查内容包……", theme.SizeNameSubHeadingText, theme.ColorNameForeground, false)
	bar := widget.NewProgressBar()
	bar.TextFormatter = func() string { return "" }
	title := cut("正在导入："+name, bannerRunes)
	hint := "导入完成前请不要拔出U盘"
	b := &importBanner{name: name, stage: stage, bar: bar, text: []string{title, "正在检查内容包……", hint}, batch: k.batch()}
	body := container.NewVBox(stage, bar, line(hint, theme.SizeNameSubHeadingText, theme.ColorNameForeground, true))
	if len(b.batch) > 0 {
		done := cut(batchLine("这一批已经完成：", b.batch), bannerRunes)
		b.text = append(b.text, done)
		body.Add(line(done, theme.SizeNameSubHeadingText, theme.ColorNameForeground, false))
	}
	b.obj = k.bannerFrame(qtheme.Ink, title, body)
	b.until = k.clock.Now().Add(bannerStale)
	k.showBanner(b)
}

// importProgress moves the bar of the banner in progress; false if none
// is shown.
func (k *Kiosk) importProgress(stage string, done, total int) bool {
	b := k.banner
	if b == nil || b.name == "" {
		return false
	}
	words := fmt.Sprintf("%s：%d/%d", stage, done, total)
	b.stage.Segments[0].(*widget.TextSegment).Text = words
	b.stage.Refresh()
	b.text[1] = words
	if total > 0 {
		b.bar.SetValue(float64(done) / float64(total))
	}
	b.until = k.clock.Now().Add(bannerStale)
	return true
}

// ImportFinished shows the result of a package a person brought, in large
// text, until a tap or for bannerShown.
func (k *Kiosk) ImportFinished(n ImportNews) {
	k.wakeForBanner(bannerShown)
	var lines []fyne.CanvasObject
	earlier := k.batch()
	b := &importBanner{}
	add := func(text string, bold bool) {
		text = cut(text, bannerRunes)
		b.text = append(b.text, text)
		lines = append(lines, line(text, theme.SizeNameSubHeadingText, theme.ColorNameForeground, bold))
	}
	// A problem is read from its start, file name first: it stands at the
	// left, not centred.
	addProblem := func(text string) {
		add(text, false)
		l := lines[len(lines)-1].(*widget.RichText)
		l.Segments[0].(*widget.TextSegment).Style.Alignment = fyne.TextAlignLeading
	}
	// On a short panel (1366×768, 1280×720) the card names one problem or
	// item of each list and leaves the package's title out: three long
	// ones pushed the last line, where the report is, off the card.
	named, short := bannerLines, k.win.Canvas().Size().Height < bannerShort
	if short {
		named = 1
	}
	var title string
	band := qtheme.Green
	if n.Imported {
		title = "导入成功：" + n.Name
		if n.Title != "" && n.Title != n.Name && !short {
			add("《"+n.Title+"》", true)
		}
		if n.Summary != "" {
			add(n.Summary, false)
		}
		for _, l := range []struct {
			what  string
			items []string
		}{{"新增", n.Added}, {"修改", n.Changed}, {"删除", n.Removed}} {
			if len(l.items) > 0 {
				add(fmt.Sprintf("%s%d项：%s", l.what, len(l.items), names(l.items, named)), false)
			}
		}
		if n.Summary == "" && len(n.Added)+len(n.Changed)+len(n.Removed) == 0 {
			add("内容和原来的一样，没有变化", false)
		}
		add("展示内容已经更新", true)
	} else {
		band = qtheme.Red
		title = "没有导入：" + n.Name
		if n.Reason != "" {
			add(n.Reason, true)
		}
		for _, p := range n.Problems[:min(len(n.Problems), named)] {
			addProblem(p)
		}
		if more := n.More + max(0, len(n.Problems)-named); more > 0 {
			add(fmt.Sprintf("还有 %d 个问题", more), false)
		}
		add("展示屏上原有的内容保持不变。详见U盘上的导入报告", true)
	}
	verdict := "导入成功"
	if !n.Imported {
		verdict = "没有导入"
	}
	if len(earlier) > 0 {
		add(batchLine("这一批前面的：", earlier), false)
	}
	b.batch = append(slices.Clip(earlier), cut(n.Name, 30)+" "+verdict)
	b.text = append([]string{cut(title, bannerRunes)}, b.text...)
	b.obj = k.bannerFrame(band, b.text[0], container.NewVBox(lines...))
	b.until = k.clock.Now().Add(bannerShown)
	k.showBanner(b)
}

// Banner returns what the import banner says, line by line; nil when none
// is shown.
func (k *Kiosk) Banner() []string {
	if k.banner == nil {
		return nil
	}
	return append([]string(nil), k.banner.text...)
}

// DismissBanner takes the banner down (a tap on it does the same).
func (k *Kiosk) DismissBanner() {
	k.banner = nil
	// Emptied and refreshed: RemoveAll alone leaves the last frame on a
	// real screen (seen under Xvfb).
	k.overlay.Objects = nil
	k.overlay.Refresh()
}

func (k *Kiosk) showBanner(b *importBanner) {
	k.banner = b
	if k.noticeText != "" && k.noticeEnd.After(k.clock.Now()) {
		k.clearNotice() // the banner says it all, larger
	}
	k.overlay.Objects = []fyne.CanvasObject{b.obj}
	k.overlay.Refresh()
}

// bannerTick takes the banner down when its time is over; the first thing
// Tick does, whatever the mode.
func (k *Kiosk) bannerTick(now time.Time) {
	if k.mode == modeExhibit {
		// The exhibit's window is in front of the shell's: the banner
		// waits under it, and is shown its full time once it ends
		// (bannerAfterExhibit).
		return
	}
	if k.banner != nil && !now.Before(k.banner.until) {
		k.DismissBanner()
	}
}

// bannerAfterExhibit gives a result that came while an exhibit was in
// front its full time on screen from the exhibit's end: staff who plugged
// a stick in during a quiz still see how it went.
func (k *Kiosk) bannerAfterExhibit() {
	if b := k.banner; b != nil && b.name == "" {
		if end := k.clock.Now().Add(bannerShown); b.until.Before(end) {
			b.until = end
		}
	}
}

// wakeForBanner lights a dark closed screen, and keeps it lit while the
// banner is shown: staff at the kiosk after hours must see the result.
func (k *Kiosk) wakeForBanner(d time.Duration) {
	c := k.closed
	if k.mode != modeClosed || c == nil {
		return
	}
	now := k.clock.Now()
	c.awakeUntil = now.Add(d)
	if c.dark {
		c.dark = false
		if k.cfg.Display != nil {
			k.cfg.Display(true)
		}
	}
	c.show(now)
}

// bannerFrame is the banner's look: the screen dimmed, a card with a band
// of colour saying what happened, the lines under it, and how to close it.
func (k *Kiosk) bannerFrame(band color.Color, title string, body fyne.CanvasObject) fyne.CanvasObject {
	head := canvas.NewText(title, qtheme.White)
	head.TextStyle = fyne.TextStyle{Bold: true}
	head.TextSize = k.size(theme.SizeNameHeadingText) * 1.2
	bandBg := canvas.NewRectangle(band)
	dismiss := canvas.NewText("轻触屏幕任意处关闭", qtheme.Grey)
	dismiss.TextSize = k.size(theme.SizeNameCaptionText)
	dismiss.Alignment = fyne.TextAlignCenter
	paper := canvas.NewRectangle(qtheme.Paper)
	paper.CornerRadius = 16
	pad := theme.Padding() * 4
	card := container.NewStack(paper, container.NewBorder(
		container.NewStack(bandBg, container.New(&fittedText{text: head, pad: pad}, head)),
		container.NewPadded(dismiss), nil, nil,
		container.New(&inset{pad: pad}, body)))
	return container.NewStack(canvas.NewRectangle(scrim), &tapCatcher{onTap: k.DismissBanner},
		container.New(&bannerPlace{}, card))
}

// bannerPlace lays the card out across most of the screen's width, as
// tall as its lines need, in the middle.
type bannerPlace struct{}

func (bannerPlace) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		w := min(size.Width*0.86, 1600)
		o.Resize(fyne.NewSize(w, o.MinSize().Height)) // wrapped text knows its height once it knows its width
		h := min(o.MinSize().Height, size.Height*0.92)
		o.Resize(fyne.NewSize(w, h))
		o.Move(fyne.NewPos((size.Width-w)/2, (size.Height-h)/2))
	}
}

func (bannerPlace) MinSize(objs []fyne.CanvasObject) fyne.Size { return fyne.NewSize(0, 0) }

// fittedText is a line of text with room around it, drawn smaller when it
// is wider than its space: a long package name must not widen the card.
type fittedText struct {
	text *canvas.Text
	pad  float32
	size float32 // the size it asked for
}

func (f *fittedText) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if f.size == 0 {
		f.size = f.text.TextSize
	}
	room := size.Width - 2*f.pad
	f.text.TextSize = f.size
	if w := fyne.MeasureText(f.text.Text, f.size, f.text.TextStyle).Width; room > 0 && w > room {
		f.text.TextSize = f.size * room / w
	}
	for _, o := range objs {
		o.Resize(fyne.NewSize(room, size.Height-f.pad))
		o.Move(fyne.NewPos(f.pad, f.pad/2))
	}
}

func (f *fittedText) MinSize(objs []fyne.CanvasObject) fyne.Size {
	size := f.size
	if size == 0 {
		size = f.text.TextSize
	}
	return fyne.NewSize(0, fyne.MeasureText("清", size, f.text.TextStyle).Height+f.pad)
}

// inset is padding of a given width on every side.
type inset struct{ pad float32 }

func (in *inset) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(fyne.NewSize(size.Width-2*in.pad, size.Height-2*in.pad))
		o.Move(fyne.NewPos(in.pad, in.pad))
	}
}

func (in *inset) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s.AddWidthHeight(2*in.pad, 2*in.pad)
}

// names lists the first few items, and how many more there are.
func names(items []string, most int) string {
	s := ""
	for i, it := range items {
		if i == most {
			return s + fmt.Sprintf(" 等%d项", len(items))
		}
		if i > 0 {
			s += "、"
		}
		s += it
	}
	return s
}

// cut shortens s to at most n characters, marking the cut.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
