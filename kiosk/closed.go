package kiosk

import (
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	qtheme "qingfeng/kiosk/theme"
)

// Outside the opening hours (Config.Hours) the shell closes: once nobody
// is using it, the screen turns dark with a dim clock and when the site
// opens next. A touch lights it up for a while; with Config.Display the
// screen itself is switched off (DPMS) after that while. Five taps on the
// clock open staff mode, as the site's name does on Home.

const (
	// closedAwake is how long the closed screen stays lit after a touch
	// (and how long after closing before Display(false)).
	closedAwake = 30 * time.Second
	// closedShift is how often the clock moves a little, so that nothing
	// stands still on the panel all night.
	closedShift = time.Minute
)

var (
	closedDim    = color.NRGBA{R: 0x60, G: 0x60, B: 0x60, A: 0xFF}
	closedBright = color.NRGBA{R: 0xE0, G: 0xDA, B: 0xCC, A: 0xFF}
)

// closedView is the screen shown outside the opening hours.
type closedView struct {
	k           *Kiosk
	obj         fyne.CanvasObject
	site, clock *canvas.Text
	date, note  *canvas.Text
	hint        *canvas.Text
	place       *shifted
	awakeUntil  time.Time
	lastShift   time.Time
	dark        bool // Display(false) was called
	shown       string
}

// Closed reports whether the shell is showing its closed screen.
func (k *Kiosk) Closed() bool { return k.mode == modeClosed }

// ScreenDark reports whether the shell switched the display off.
func (k *Kiosk) ScreenDark() bool { return k.mode == modeClosed && k.closed.dark }

// scheduleTick follows the opening hours; it reports whether the closed
// screen is shown, so that Tick does nothing else.
func (k *Kiosk) scheduleTick(now time.Time) bool {
	open := k.cfg.Hours.Open(now.In(k.cfg.Location))
	if k.mode == modeClosed {
		if open {
			k.reopen()
			return true
		}
		k.closed.tick(now)
		return true
	}
	// Closing waits for the visitor: only a screen nobody is using (the
	// attract loop, or idle as long as it takes to start it) closes.
	if !open && k.mode != modeExhibit && (k.mode == modeAttract || now.Sub(k.lastTouch) >= k.cfg.IdleAfter) {
		k.closeScreen(now)
		return true
	}
	return false
}

// closeScreen ends whatever was shown and shows the closed screen.
func (k *Kiosk) closeScreen(now time.Time) {
	if !k.enterClosed() {
		return
	}
	k.stack = nil
	k.shown = nil
	k.exhibitsLeft(nil)
	if k.src.Narrator != nil {
		k.src.Narrator.Stop()
	}
	k.clearNotice()
	if k.large {
		k.large = false
		k.app.Settings().SetTheme(qtheme.New(false))
		k.changed()
	}
	k.nowViewing("closed", "", "")
	c := k.newClosedView(now)
	k.closed = c
	k.setPage(c.obj)
	k.cfg.Log.Info("closed: outside the opening hours", "opens", c.k.cfg.Hours.whenOpens(now.In(k.cfg.Location)))
	if k.cfg.OnShow != nil {
		k.cfg.OnShow("closed")
	}
}

// reopen is the opening hour: the display comes back on, and the attract
// loop invites the first visitors.
func (k *Kiosk) reopen() {
	c := k.leaveClosed()
	if c == nil {
		return
	}
	if c.dark && k.cfg.Display != nil {
		k.cfg.Display(true)
	}
	k.cfg.Log.Info("open: within the opening hours")
	k.startAttract()
}

func (k *Kiosk) newClosedView(now time.Time) *closedView {
	c := &closedView{k: k, lastShift: now, awakeUntil: now.Add(closedAwake)}
	big := k.size(theme.SizeNameHeadingText)
	c.site = canvas.NewText(k.cfg.SiteName, closedDim)
	c.site.TextSize = big
	c.site.Alignment = fyne.TextAlignCenter
	c.clock = canvas.NewText("", closedDim)
	c.clock.TextSize = big * 4
	c.clock.Alignment = fyne.TextAlignCenter
	c.date = canvas.NewText("", closedDim)
	c.date.TextSize = big
	c.date.Alignment = fyne.TextAlignCenter
	c.note = canvas.NewText("", closedDim)
	c.note.TextSize = k.size(theme.SizeNameSubHeadingText)
	c.note.Alignment = fyne.TextAlignCenter
	c.hint = canvas.NewText("", closedDim)
	c.hint.TextSize = k.size(theme.SizeNameSubHeadingText)
	c.hint.Alignment = fyne.TextAlignCenter
	c.place = &shifted{}
	body := container.New(c.place, container.NewVBox(c.site, c.clock, c.date, c.note, c.hint))
	bg := canvas.NewRectangle(color.Black)
	c.obj = container.NewStack(bg, body, &tapCatcher{onTap: c.touched})
	c.show(now)
	return c
}

// tick updates the clock, moves it now and then, dims it and switches the
// display off once nobody has touched it for a while.
func (c *closedView) tick(now time.Time) {
	if now.Sub(c.lastShift) >= closedShift {
		c.lastShift = now
		c.place.step()
		c.obj.Refresh()
	}
	if !now.Before(c.awakeUntil) && !c.dark && c.k.cfg.Display != nil {
		c.dark = true
		c.k.cfg.Display(false)
	}
	c.show(now)
}

// touched: someone touched the dark screen. It lights up and says when
// the site opens; five taps open staff mode.
func (c *closedView) touched() {
	k := c.k
	k.Touched()
	now := k.clock.Now()
	c.awakeUntil = now.Add(closedAwake)
	if c.dark {
		c.dark = false
		if k.cfg.Display != nil {
			k.cfg.Display(true)
		}
	}
	c.show(now)
	if k.src.Staff != nil && k.staff.tap(now) {
		k.push(k.staffPINScreen()) // leaves the closed mode for staff
	}
}

// show writes the clock and the notes, bright while awake.
func (c *closedView) show(now time.Time) {
	k := c.k
	local := now.In(k.cfg.Location)
	awake := now.Before(c.awakeUntil)
	col := closedDim
	if awake {
		col = closedBright
	}
	hint := ""
	if awake {
		hint = "现在不是开放时间，欢迎开放时间再来"
	}
	note := "今日闭馆"
	if h := k.cfg.Hours.Hours(local); h != "闭馆" {
		note = "今日开放时间　" + h
	}
	if when := k.cfg.Hours.whenOpens(local); when != "" {
		note = "下次开放　" + when
	}
	date := fmt.Sprintf("%d月%d日　%s", local.Month(), local.Day(), dayNames[local.Weekday()])
	key := fmt.Sprint(local.Format("15:04"), date, note, hint, awake)
	if key == c.shown {
		return
	}
	c.shown = key
	for _, t := range []struct {
		text *canvas.Text
		s    string
	}{{c.site, k.cfg.SiteName}, {c.clock, local.Format("15:04")}, {c.date, date}, {c.note, note}, {c.hint, hint}} {
		t.text.Text = t.s
		t.text.Color = col
		t.text.Refresh()
	}
}

// shifted centres its one object, moved by a small offset that steps
// round a square, so that no pixel of the panel shows the same thing all
// night.
type shifted struct{ n int }

var shiftSteps = [][2]float32{{0, 0}, {40, 0}, {40, 30}, {0, 30}, {-40, 30}, {-40, 0}, {-40, -30}, {0, -30}, {40, -30}}

func (s *shifted) step() { s.n = (s.n + 1) % len(shiftSteps) }

func (s *shifted) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	d := shiftSteps[s.n]
	for _, o := range objs {
		m := o.MinSize()
		o.Resize(m)
		o.Move(fyne.NewPos((size.Width-m.Width)/2+d[0], (size.Height-m.Height)/2+d[1]))
	}
}

func (s *shifted) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return m.AddWidthHeight(80, 60)
}
