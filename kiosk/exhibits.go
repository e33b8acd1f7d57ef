package kiosk

import (
	"context"
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	qtheme "qingfeng/kiosk/theme"
)

// Exhibit is an installed interactive exhibit as the 互动展项 screen lists
// it.
type Exhibit struct {
	Name   string // what StartExhibit takes
	Kind   string // "quiz", "teas" or "jigsaw"
	Title  string
	Detail string // 共 8 道题, 7 味茶, 12 块
	// Preview is a picture file to show ("" draws the kind's emblem).
	Preview string
}

// ExhibitRun is an exhibit playing in its own process, full screen over
// the shell.
type ExhibitRun interface {
	// Ready is closed when the exhibit shows its first frame (or has
	// failed before it could).
	Ready() <-chan struct{}
	// Done is closed when the exhibit has ended, by itself or killed.
	Done() <-chan struct{}
	// Result is how it ended; valid once Done is closed.
	Result() ExhibitResult
	// Stop ends it (the visitor left the shell's screen for it).
	Stop()
}

// ExhibitResult is how an exhibit ended.
type ExhibitResult struct {
	// TimedOut: nobody touched it for the idle time; the visitor has gone.
	TimedOut bool
	// Err is set when it did not end by itself: it crashed, hung or never
	// showed a frame, and was killed. The shell says so and carries on.
	Err error
}

// ExhibitLauncher lists the installed exhibits and starts one.
type ExhibitLauncher interface {
	Exhibits(ctx context.Context, now time.Time) ([]Exhibit, error)
	StartExhibit(name string) (ExhibitRun, error)
	// Prepare(true) says the list is on screen: a visitor is about to pick
	// one, and the launcher may get ready to start it at once.
	// Prepare(false) says they have gone elsewhere.
	Prepare(on bool)
}

// playing is the exhibit running now, the state of modeExhibit.
type playing struct {
	ex     Exhibit
	run    ExhibitRun
	ready  bool
	status *widget.Label
	scr    *screen
	// idled: a film left paused for the idle time, ended by the shell;
	// it comes back as an exhibit that timed out.
	idled bool
}

// kindWords names an exhibit's kind for visitors.
var kindWords = map[string]string{"quiz": "清廉答题", "teas": "七味茶", "jigsaw": "剪纸拼图"}

// exhibitsScreen lists the installed exhibits, each a card with its
// preview; a tap starts it.
func (k *Kiosk) exhibitsScreen() *screen {
	return &screen{name: "exhibits", title: TileExhibits, build: func() (fyne.CanvasObject, bool) {
		list, err := k.src.Exhibits.Exhibits(k.ctx, k.clock.Now())
		if err != nil {
			k.cfg.Log.Error("exhibits", "err", err)
		}
		// Something to play: get it ready to start at once.
		k.src.Exhibits.Prepare(len(list) > 0)
		if len(list) == 0 {
			return container.NewCenter(k.heading("这里暂时还没有互动展项")), true
		}
		cards := make([]fyne.CanvasObject, 0, len(list))
		for _, e := range list {
			cards = append(cards, k.exhibitCard(e))
		}
		// In a VBox the cards keep their own height instead of sharing
		// out the screen's.
		return k.scroll(container.NewPadded(container.NewVBox(k.grid(3, cards...)))), true
	}}
}

func (k *Kiosk) exhibitCard(e Exhibit) fyne.CanvasObject {
	size := fyne.NewSize(480, 270)
	var preview fyne.CanvasObject
	if e.Preview != "" {
		preview = k.picture(e.Preview, size)
	} else {
		preview = k.emblem(e.Kind, size)
	}
	title := canvas.NewText(e.Title, qtheme.Ink)
	title.TextStyle = fyne.TextStyle{Bold: true}
	title.TextSize = k.size(theme.SizeNameSubHeadingText)
	what := kindWords[e.Kind]
	if e.Detail != "" {
		what += " · " + e.Detail
	}
	sub := canvas.NewText(what, qtheme.Gold)
	sub.TextSize = k.size(theme.SizeNameText)
	start := canvas.NewText("点一下，开始", qtheme.Red)
	start.TextStyle = fyne.TextStyle{Bold: true}
	start.TextSize = k.size(theme.SizeNameText)
	body := container.NewVBox(preview, title, container.NewBorder(nil, nil, sub, start))
	return newCard(body, func() {
		k.Touched()
		k.startExhibit(e)
	})
}

// emblem stands in for a preview picture: the kind's character, large,
// in a seal's square on the kind's colour.
func (k *Kiosk) emblem(kind string, min fyne.Size) fyne.CanvasObject {
	bg, char := color.Color(qtheme.Red), "答"
	switch kind {
	case "teas":
		bg, char = qtheme.Green, "茶"
	case "jigsaw":
		bg, char = qtheme.Gold, "拼"
	}
	back := canvas.NewRectangle(bg)
	back.SetMinSize(min)
	back.CornerRadius = 12
	seal := canvas.NewRectangle(color.Transparent)
	seal.StrokeColor = qtheme.Paper
	seal.StrokeWidth = 6
	seal.CornerRadius = 10
	seal.SetMinSize(fyne.NewSize(min.Height*0.62, min.Height*0.62))
	t := canvas.NewText(char, qtheme.Paper)
	t.TextStyle = fyne.TextStyle{Bold: true}
	t.TextSize = min.Height * 0.42
	return container.NewStack(back, container.NewCenter(container.NewStack(seal, container.NewCenter(t))))
}

// startExhibit starts e and shows, under it, a screen that says so: should
// the exhibit's window ever not cover the shell, a visitor still sees
// what is happening and can end it.
func (k *Kiosk) startExhibit(e Exhibit) {
	if k.mode != modeBrowsing {
		return // one at a time: the first is still coming up or stopping
	}
	run, err := k.src.Exhibits.StartExhibit(e.Name)
	if err != nil {
		k.cfg.Log.Error("exhibit did not start", "name", e.Name, "err", err)
		k.showNotice("这个展项暂时打不开，请换一个试试")
		return
	}
	pl := &playing{ex: e, run: run, status: widget.NewLabel("正在打开展项，请稍候……")}
	pl.status.Alignment = fyne.TextAlignCenter
	pl.status.TextStyle = fyne.TextStyle{Bold: true}
	pl.scr = &screen{name: "exhibit", title: e.Title, item: e.Name, itemTitle: e.Title, build: func() (fyne.CanvasObject, bool) {
		stop := k.primary("结束展项", theme.CancelIcon(), func() { pl.run.Stop() })
		what := canvas.NewText(kindWords[e.Kind], qtheme.Gold)
		what.TextSize = k.size(theme.SizeNameSubHeadingText)
		return container.NewCenter(container.NewVBox(
			container.NewCenter(k.emblem(e.Kind, fyne.NewSize(320, 180))),
			container.NewCenter(what), pl.status, container.NewCenter(stop))), true
	}, tick: func(time.Time) { k.pollExhibit() }}
	if !k.enterExhibit(pl) {
		run.Stop()
		return
	}
	k.push(pl.scr)
	if !k.inline {
		go func() {
			select {
			case <-run.Ready():
				fyne.Do(k.pollExhibit)
			case <-run.Done():
			}
			<-run.Done()
			fyne.Do(k.pollExhibit)
		}()
	}
}

// pollExhibit brings the shell up to date with the exhibit playing: its
// first frame, its end. Goroutines watching the exhibit call it through
// fyne.Do; Tick calls it too.
func (k *Kiosk) pollExhibit() {
	if k.mode != modeExhibit {
		return
	}
	pl := k.playing
	select {
	case <-pl.run.Done():
		k.exhibitEnded(pl)
		return
	default:
	}
	if !pl.ready {
		select {
		case <-pl.run.Ready():
			pl.ready = true
			if pl.ex.Kind == "film" {
				pl.status.SetText("") // the film covers it
			} else {
				pl.status.SetText("展项进行中，玩好后会自动回到这里")
			}
		default:
		}
	}
}

// exhibitEnded comes back from an exhibit: to the list after a visitor
// ended it, to the attract loop after it timed out (the visitor has gone),
// with a word after a failure.
func (k *Kiosk) exhibitEnded(pl *playing) {
	if !k.leaveExhibit(pl) {
		return
	}
	res := pl.run.Result()
	k.Touched()
	if top := k.top(); top == pl.scr {
		k.stack = k.stack[:len(k.stack)-1]
		if res.TimedOut || pl.idled {
			k.Home()
			k.startAttract()
			return
		}
		k.rebuild()
	}
	if res.Err != nil {
		// The launcher has logged the failure with its details (one error
		// in the count staff see); this says what the visitor was shown.
		k.cfg.Log.Info("exhibit failure shown to the visitor", "name", pl.ex.Name)
		what := "展项"
		if pl.ex.Kind == "film" {
			what = "视频"
		}
		k.showNotice(fmt.Sprintf("%s“%s”出了点问题，已经关闭，请换一个试试", what, pl.ex.Title))
	}
}

// exhibitsLeft tells the launcher when the visitor has left the exhibits
// altogether for next (nil for the attract loop and the closed screen).
func (k *Kiosk) exhibitsLeft(next *screen) {
	if k.src.Exhibits != nil && (next == nil || next.name != "exhibits" && next.name != "exhibit") {
		k.src.Exhibits.Prepare(false)
	}
}
