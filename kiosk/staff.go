package kiosk

import (
	"context"
	"fmt"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	qtheme "qingfeng/kiosk/theme"
	"qingfeng/kiosk/widgets"
)

// Staff mode: a hidden gesture (five taps on the site's name on Home
// within three seconds) opens a PIN pad; the right PIN opens the staff
// screen. Wrong PINs lock the pad for longer each time.

// StaffOverview is what the staff screen shows.
type StaffOverview struct {
	Packages []StaffPackage
	Imports  []StaffImport // most recent first
	Opinions int
	Held     int
	Status   string // one line: version, uptime, free disk
	Usage    StaffUsage
}

// StaffUsage is the statistics staff mode charts.
type StaffUsage struct {
	Summary string // one line: visits, pages, exhibits played, over how many days
	// Days label the days charted ("11/24"); Visits and Pages have one
	// number per day.
	Days          []string
	Visits, Pages []float64
	// Top are the most viewed stories and disclosures, TopViews their views.
	Top      []string
	TopViews []float64
	// Hours are the touches by hour of the day.
	Hours [24]float64
}

// StaffPackage is an installed package.
type StaffPackage struct {
	ID, Title string
	Version   int
	Installed time.Time
	Items     int
}

// StaffImport is one import and its report.
type StaffImport struct {
	At      time.Time
	Source  string
	Package string
	Version int
	OK      bool
	Report  string
}

// StaffDesk is what staff mode does; nil: no staff mode.
type StaffDesk interface {
	// CheckPIN reports whether pin is the staff PIN (a slow hash: it is
	// called off the UI thread).
	CheckPIN(pin string) bool
	Overview(ctx context.Context) (StaffOverview, error)
	// Act does one of the staff buttons' jobs and says in a line what it
	// did.
	Act(ctx context.Context, action StaffAction) (string, error)
}

// StaffAction is one of the staff screen's buttons. The screen offers
// exactly StaffActions, so the desk is never asked for anything else.
type StaffAction int

// The staff actions, in the order of their buttons.
const (
	// ExportOpinions writes every opinion to the export folder.
	ExportOpinions StaffAction = iota + 1
	// ExportUsage writes the usage statistics to the export folder.
	ExportUsage
	// Rescan checks the inboxes now.
	Rescan
	// USBSync writes the outbox onto a USB stick and imports the
	// packages on it (a site without network).
	USBSync
	// Restart ends the shell asking the service manager to start it again.
	Restart
	// Leave ends kiosk mode.
	Leave
)

// StaffActions are the buttons of the staff screen, in order.
var StaffActions = []StaffAction{ExportOpinions, ExportUsage, Rescan, USBSync, Restart, Leave}

var staffActionNames = map[StaffAction]struct{ label, name string }{
	ExportOpinions: {"导出意见到U盘", "export"},
	ExportUsage:    {"导出统计到U盘", "export-usage"},
	Rescan:         {"立即检查收件箱", "rescan"},
	USBSync:        {"与U盘同步", "usb-sync"},
	Restart:        {"重新启动", "restart"},
	Leave:          {"退出展示模式", "leave"},
}

// Label is the action's button text.
func (a StaffAction) Label() string { return staffActionNames[a].label }

// String names the action for logs.
func (a StaffAction) String() string {
	if n, ok := staffActionNames[a]; ok {
		return n.name
	}
	return fmt.Sprintf("StaffAction(%d)", int(a))
}

// Staff gesture and lockout.
const (
	staffTaps       = 5
	staffTapsWithin = 3 * time.Second
	staffFreeTries  = 3                // wrong PINs before the pad locks
	staffLockFirst  = 30 * time.Second // then 60 s, 120 s, … up to staffLockMax
	staffLockMax    = 15 * time.Minute
)

// staffGate counts the gesture's taps and the wrong PINs. It lives as
// long as the shell: a visitor cannot reset the lockout by walking away.
type staffGate struct {
	taps        []time.Time
	wrong       int
	lockedUntil time.Time
}

// tap records a tap on the site's name and reports whether it completes
// the gesture.
func (g *staffGate) tap(now time.Time) bool {
	keep := g.taps[:0]
	for _, t := range g.taps {
		if now.Sub(t) < staffTapsWithin {
			keep = append(keep, t)
		}
	}
	g.taps = append(keep, now)
	if len(g.taps) >= staffTaps {
		g.taps = nil
		return true
	}
	return false
}

// locked reports how long the pad stays locked from now (0: open).
func (g *staffGate) locked(now time.Time) time.Duration {
	if now.Before(g.lockedUntil) {
		return g.lockedUntil.Sub(now)
	}
	return 0
}

// failed records a wrong PIN and locks the pad if it was one too many.
func (g *staffGate) failed(now time.Time) {
	g.wrong++
	if n := g.wrong - staffFreeTries - 1; n >= 0 {
		lock := staffLockFirst << min(n, 10)
		g.lockedUntil = now.Add(min(lock, staffLockMax))
	}
}

func (g *staffGate) succeeded() { g.wrong, g.lockedUntil = 0, time.Time{} }

// staffTap is a tap on the site's name on Home.
func (k *Kiosk) staffTap() {
	k.Touched()
	if k.src.Staff == nil || !k.staff.tap(k.clock.Now()) {
		return
	}
	k.push(k.staffPINScreen())
}

// staffPINScreen is the PIN pad.
func (k *Kiosk) staffPINScreen() *screen {
	s := &screen{name: "staff-pin", title: "工作人员"}
	pin := ""
	s.build = func() (fyne.CanvasObject, bool) {
		dots := canvas.NewText("", qtheme.Ink)
		dots.TextSize = k.size(theme.SizeNameHeadingText) * 1.5
		note := widget.NewLabel("请输入工作人员密码")
		note.Alignment = fyne.TextAlignCenter
		show := func() {
			dots.Text = strings.Repeat("●", len(pin)) + strings.Repeat("○", max(0, 6-len(pin)))
			dots.Refresh()
			if left := k.staff.locked(k.clock.Now()); left > 0 {
				note.SetText(fmt.Sprintf("密码错误次数太多，请 %d 秒后再试", int(left.Seconds()+0.999)))
			}
		}
		key := func(d string) *widget.Button {
			return k.button(d, nil, func() {
				if len(pin) < 12 {
					pin += d
				}
				show()
			})
		}
		var pad []fyne.CanvasObject
		for _, d := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} {
			pad = append(pad, key(d))
		}
		del := k.button("删除", nil, func() {
			if pin != "" {
				pin = pin[:len(pin)-1]
			}
			show()
		})
		enter := k.primary("进入", nil, func() {
			now := k.clock.Now()
			if k.staff.locked(now) > 0 || pin == "" {
				show()
				return
			}
			try := pin
			pin = ""
			var ok bool
			k.run(func() { ok = k.src.Staff.CheckPIN(try) }, func() {
				if ok {
					k.staff.succeeded()
					k.cfg.Log.Info("staff mode entered")
					k.stack = k.stack[:len(k.stack)-1]
					k.push(k.staffScreen())
					return
				}
				k.staff.failed(k.clock.Now())
				k.cfg.Log.Warn("wrong staff PIN", "wrong", k.staff.wrong)
				note.SetText("密码不对，请再试一次")
				show()
			})
		})
		pad = append(pad, del, key("0"), enter)
		grid := container.NewGridWithColumns(3, pad...)
		show()
		return container.NewCenter(container.NewVBox(container.NewCenter(dots), note,
			container.NewGridWrap(fyne.NewSize(420, 96*4+24), grid))), true
	}
	return s
}

// staffScreen shows what is installed, the imports and their reports, the
// opinions, and the staff buttons.
func (k *Kiosk) staffScreen() *screen {
	s := &screen{name: "staff", title: "工作人员"}
	var said string
	// result is the line of the screen as last built: an import during a
	// button's job (与U盘同步) rebuilds the screen before the job says
	// what it did.
	var result *widget.RichText
	s.build = func() (fyne.CanvasObject, bool) {
		// The overview reads the database (the statistics of two weeks):
		// off the UI thread, which an import may keep waiting.
		col := container.NewVBox(wrapped("正在读取本机状态……", fyne.TextStyle{}))
		var o StaffOverview
		var err error
		k.run(func() { o, err = k.src.Staff.Overview(k.ctx) }, func() {
			if err != nil {
				k.cfg.Log.Error("staff overview", "err", err)
			}
			col.RemoveAll()
			k.staffOverview(col, o)
		})
		// What a button did, in large text: a clerk reads it from
		// arm's length before pulling the stick out.
		result = line(said, theme.SizeNameSubHeadingText, theme.ColorNameForeground, true)
		result.Segments[0].(*widget.TextSegment).Style.Alignment = fyne.TextAlignLeading
		act := func(action StaffAction) fyne.CanvasObject {
			return k.primary(action.Label(), nil, func() {
				var line string
				var err error
				k.run(func() { line, err = k.src.Staff.Act(k.ctx, action) }, func() {
					if err != nil {
						line = "没有成功：" + err.Error()
					}
					said = line
					result.Segments[0].(*widget.TextSegment).Text = line
					result.Refresh()
				})
			})
		}
		buttons := container.New(&flowGrid{most: 3})
		for _, a := range StaffActions {
			buttons.Add(act(a))
		}
		return container.NewBorder(nil, container.NewVBox(result, buttons), nil, nil, k.scroll(container.NewPadded(col))), true
	}
	return s
}

// staffOverview fills col with the kiosk's state, packages, imports,
// opinions and statistics.
func (k *Kiosk) staffOverview(col *fyne.Container, o StaffOverview) {
	head := func(t string) {
		h := canvas.NewText(t, qtheme.Red)
		h.TextStyle = fyne.TextStyle{Bold: true}
		h.TextSize = k.size(theme.SizeNameSubHeadingText)
		col.Add(h)
	}
	head("本机状态")
	col.Add(wrapped(o.Status, fyne.TextStyle{}))
	head(fmt.Sprintf("已安装的内容包（%d 个）", len(o.Packages)))
	for _, p := range o.Packages {
		col.Add(wrapped(fmt.Sprintf("%s　%s　第 %d 版　%d 项　%s 导入", p.Title, p.ID, p.Version, p.Items,
			p.Installed.In(k.cfg.Location).Format("2006-01-02 15:04")), fyne.TextStyle{}))
	}
	head("最近的导入")
	for _, im := range o.Imports {
		verdict := "导入成功"
		if !im.OK {
			verdict = "没有导入"
		}
		line := fmt.Sprintf("%s　%s　%s　%s 第 %d 版", im.At.In(k.cfg.Location).Format("01-02 15:04"), verdict, im.Source, im.Package, im.Version)
		col.Add(wrapped(line, fyne.TextStyle{Bold: !im.OK}))
		if !im.OK && im.Report != "" {
			col.Add(wrapped(firstLines(im.Report, 3), fyne.TextStyle{}))
		}
	}
	head("群众意见")
	col.Add(wrapped(fmt.Sprintf("共 %d 条，其中待核查 %d 条", o.Opinions, o.Held), fyne.TextStyle{}))
	k.staffUsage(col, head, o.Usage)
}

// staffUsage adds the statistics and their charts to the staff screen.
func (k *Kiosk) staffUsage(col *fyne.Container, head func(string), u StaffUsage) {
	head("使用统计")
	if u.Summary != "" {
		col.Add(wrapped(u.Summary, fyne.TextStyle{}))
	}
	used := 0.0
	for i := range u.Visits {
		used += u.Visits[i] + u.Pages[i]
	}
	if used == 0 {
		col.Add(wrapped("最近还没有人使用过展示屏。", fyne.TextStyle{}))
		return
	}
	chart := func(c *widgets.BarChart, height float32) {
		room := canvas.NewRectangle(color.Transparent)
		room.SetMinSize(fyne.NewSize(0, height))
		col.Add(container.NewStack(room, c))
	}
	chart(widgets.NewBarChart("每天来访", u.Days,
		widgets.Series{Name: "来访人次", Values: u.Visits},
		widgets.Series{Name: "浏览页数", Values: u.Pages}), 420)
	if len(u.Top) > 0 {
		top := widgets.NewBarChart("看得最多的内容（次）", u.Top, widgets.Series{Name: "浏览次数", Values: u.TopViews})
		top.Horizontal = true
		chart(top, float32(120+56*len(u.Top)))
	}
	hours := make([]string, 24)
	for h := range hours {
		hours[h] = fmt.Sprintf("%d时", h)
	}
	chart(widgets.NewBarChart("一天里哪个时段最忙（触摸次数）", hours, widgets.Series{Name: "触摸次数", Values: u.Hours[:]}), 380)
}

// firstLines is s up to its n-th line.
func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return strings.Join(lines, "\n")
}
