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

	"qingfeng/content"
	qtheme "qingfeng/kiosk/theme"
)

// TileFilms is the Home tile of the halls' films, shown when the kiosk
// has a player and films to play.
const TileFilms = "观看视频"

// FilmCard is a film as the 视频 list shows it. Thumb is the file of its
// cover's thumbnail ("" if none).
type FilmCard struct {
	PkgID, ID string
	Title     string
	Category  string
	Thumb     string
	Duration  time.Duration
}

// FilmPage is a film with what playing it needs: its file and its cues.
type FilmPage struct {
	FilmCard
	Video string
	Cues  []content.Cue
}

// FilmLister gives the films visible at now.
type FilmLister interface {
	Films(ctx context.Context, now time.Time) ([]FilmCard, error)
	Film(ctx context.Context, now time.Time, pkgID, id string) (FilmPage, bool, error)
}

// FilmArea is where on the window a film is drawn, in the window's
// canvas units from its top left corner.
type FilmArea struct{ X, Y, W, H float32 }

// FilmPlayer plays a film's file in its own process over area of the
// shell's window; the shell draws the subtitles and the controls around
// it.
type FilmPlayer interface {
	PlayFilm(file string, area FilmArea) (FilmRun, error)
}

// FilmRun is a film playing. Ready is its first frame; Done its end, by
// itself (the film is over) or stopped; Result's Err a player that
// failed.
type FilmRun interface {
	ExhibitRun
	// SetPaused pauses or resumes.
	SetPaused(paused bool)
	// Seek goes to a time from the film's start.
	Seek(to time.Duration)
	// Louder turns the sound up one step (down for a negative step).
	Louder(step int)
	// Position is where the film is and how long it is, as last reported.
	Position() (at, length time.Duration)
}

// Sizes a finger and an old reader need: controls at least 64 px high
// (a fingertip is 8–10 mm, a 1080p 21" panel has ~4 px a mm), subtitles
// at least 40 px on a dark band.
const (
	filmControlHeight = 88
	filmCueSize       = 52
	filmCueBand       = 2*filmCueSize*1.3 + 16
)

// filmView is the film screen's widgets, updated as the film plays.
type filmView struct {
	page      FilmPage
	pl        *playing
	run       FilmRun
	video     *fyne.Container // where the player draws
	status    *widget.Label
	cue       [2]*canvas.Text
	subtitles bool
	paused    bool
	// pausedAt is when the visitor paused: a film paused for the idle
	// time means they have gone (a playing one never does).
	pausedAt time.Time
	pause    *widget.Button
	subs     *widget.Button
	progress *widget.Slider
	dragging bool
	clock    *widget.Label
}

// filmsScreen lists the films, each a card with its cover; a tap plays it.
func (k *Kiosk) filmsScreen() *screen {
	return &screen{name: "films", title: TileFilms, build: func() (fyne.CanvasObject, bool) {
		list, err := k.src.Films.Films(k.ctx, k.clock.Now())
		if err != nil {
			k.cfg.Log.Error("films", "err", err)
		}
		if len(list) == 0 {
			return container.NewCenter(k.heading("这里暂时还没有视频")), true
		}
		cards := make([]fyne.CanvasObject, 0, len(list))
		for _, f := range list {
			cards = append(cards, k.filmCard(f))
		}
		return k.scroll(container.NewPadded(container.NewVBox(k.grid(3, cards...)))), true
	}}
}

func (k *Kiosk) filmCard(f FilmCard) fyne.CanvasObject {
	size := fyne.NewSize(480, 270)
	var cover fyne.CanvasObject
	if f.Thumb != "" {
		cover = k.picture(f.Thumb, size)
	} else {
		cover = k.filmEmblem(size)
	}
	title := canvas.NewText(f.Title, qtheme.Ink)
	title.TextStyle = fyne.TextStyle{Bold: true}
	title.TextSize = k.size(theme.SizeNameSubHeadingText)
	what := filmLength(f.Duration)
	if f.Category != "" {
		what = f.Category + " · " + what
	}
	sub := canvas.NewText(what, qtheme.Gold)
	sub.TextSize = k.size(theme.SizeNameText)
	start := canvas.NewText("点一下，播放", qtheme.Red)
	start.TextStyle = fyne.TextStyle{Bold: true}
	start.TextSize = k.size(theme.SizeNameText)
	body := container.NewVBox(cover, title, container.NewBorder(nil, nil, sub, start))
	return newCard(body, func() {
		k.Touched()
		k.startFilm(f)
	})
}

// filmEmblem stands in for a cover: 影 in a seal on red.
func (k *Kiosk) filmEmblem(min fyne.Size) fyne.CanvasObject {
	back := canvas.NewRectangle(qtheme.Red)
	back.SetMinSize(min)
	back.CornerRadius = 12
	t := canvas.NewText("影", qtheme.Paper)
	t.TextStyle = fyne.TextStyle{Bold: true}
	t.TextSize = min.Height * 0.42
	return container.NewStack(back, container.NewCenter(t))
}

// filmLength says how long a film is: 3分20秒.
func filmLength(d time.Duration) string {
	d = d.Round(time.Second)
	if d < time.Minute {
		return fmt.Sprintf("%d秒", int(d.Seconds()))
	}
	return fmt.Sprintf("%d分%02d秒", int(d.Minutes()), int(d.Seconds())%60)
}

// clockText is a position in a film: 1:05 / 3:20.
func clockText(at, length time.Duration) string {
	f := func(d time.Duration) string {
		s := int(d.Round(time.Second).Seconds())
		return fmt.Sprintf("%d:%02d", s/60, s%60)
	}
	return f(at) + " / " + f(length)
}

// startFilm shows the film's screen and starts the player over its video
// area. While it plays the shell is in the exhibit's mode: idle does not
// end it, another screen stops it, its end comes back to the list.
func (k *Kiosk) startFilm(card FilmCard) {
	if k.mode != modeBrowsing || k.src.FilmPlayer == nil {
		return
	}
	page, ok, err := k.src.Films.Film(k.ctx, k.clock.Now(), card.PkgID, card.ID)
	if err != nil || !ok {
		k.cfg.Log.Error("film not found", "pkg", card.PkgID, "id", card.ID, "err", err)
		k.showNotice("这个视频已经下架了")
		return
	}
	fv := &filmView{page: page, subtitles: len(page.Cues) > 0}
	fv.pl = &playing{ex: Exhibit{Name: card.PkgID + "/" + card.ID, Kind: "film", Title: page.Title}}
	fv.pl.scr = &screen{name: "film", title: page.Title, item: card.PkgID + "/" + card.ID, itemTitle: page.Title,
		build: func() (fyne.CanvasObject, bool) { return k.filmBody(fv), true },
		tick:  func(now time.Time) { k.pollFilm(fv, now) }}
	k.push(fv.pl.scr)
	k.startPlayer(fv, 0)
}

// startPlayer starts the player over the film screen's video area once
// the window has drawn it: before its first paint the driver does not
// know where an object is (it would say the top left corner).
func (k *Kiosk) startPlayer(fv *filmView, tries int) {
	if k.top() != fv.pl.scr || k.mode != modeBrowsing {
		return // the visitor left before it started
	}
	if !k.inline && k.app.Driver().CanvasForObject(fv.video) == nil && tries < 25 {
		time.AfterFunc(20*time.Millisecond, func() { fyne.Do(func() { k.startPlayer(fv, tries+1) }) })
		return
	}
	area := k.filmArea(fv.video)
	run, err := k.src.FilmPlayer.PlayFilm(fv.page.Video, area)
	if err != nil {
		k.cfg.Log.Error("film did not start", "file", fv.page.Video, "err", err)
		k.Back()
		k.showNotice("这个视频暂时放不了，请换一个试试")
		return
	}
	fv.run, fv.pl.run = run, run
	fv.pl.status = fv.status
	if !k.enterExhibit(fv.pl) {
		run.Stop()
		return
	}
	if !k.inline {
		go func() {
			t := time.NewTicker(200 * time.Millisecond) // subtitles a fifth of a second late at most
			defer t.Stop()
			for {
				select {
				case <-run.Done():
					fyne.Do(k.pollExhibit)
					return
				case <-t.C:
					fyne.Do(func() { k.pollFilm(fv, k.clock.Now()) })
				}
			}
		}()
	}
}

// filmArea is where the video placeholder is on the window.
func (k *Kiosk) filmArea(obj fyne.CanvasObject) FilmArea {
	pos := k.app.Driver().AbsolutePositionForObject(obj)
	size := obj.Size()
	return FilmArea{X: pos.X, Y: pos.Y, W: size.Width, H: size.Height}
}

// fingerSized gives obj at least a finger's height and width w.
func fingerSized(obj fyne.CanvasObject, w float32) fyne.CanvasObject {
	min := canvas.NewRectangle(color.Transparent)
	min.SetMinSize(fyne.NewSize(w, filmControlHeight))
	return container.NewStack(min, obj)
}

// filmBody is the film screen: the player's area, the subtitle band and
// the controls.
func (k *Kiosk) filmBody(fv *filmView) fyne.CanvasObject {
	fv.status = widget.NewLabel("正在打开视频，请稍候……")
	fv.status.Alignment = fyne.TextAlignCenter
	fv.status.TextStyle = fyne.TextStyle{Bold: true}
	if fv.pl != nil && fv.pl.status != nil {
		fv.pl.status = fv.status
		if fv.pl.ready {
			fv.status.SetText("")
		}
	}
	black := canvas.NewRectangle(color.Black)
	fv.video = container.NewStack(black, container.NewCenter(fv.status))

	band := canvas.NewRectangle(color.NRGBA{0, 0, 0, 230})
	band.SetMinSize(fyne.NewSize(0, filmCueBand))
	lines := container.NewVBox()
	for i := range fv.cue {
		t := canvas.NewText("", color.White)
		t.TextSize = filmCueSize
		t.TextStyle = fyne.TextStyle{Bold: true}
		t.Alignment = fyne.TextAlignCenter
		fv.cue[i] = t
		lines.Add(t)
	}
	subtitles := container.NewStack(band, container.NewCenter(lines))

	fv.pause = k.primary("暂停", theme.MediaPauseIcon(), func() { k.filmPause(fv, !fv.paused) })
	if fv.paused {
		fv.pause.SetText("继续")
		fv.pause.SetIcon(theme.MediaPlayIcon())
	}
	fv.subs = k.button("", theme.VisibilityIcon(), func() { k.filmSubtitles(fv, !fv.subtitles) })
	fv.subs.SetText(subsWord(fv.subtitles))
	if len(fv.page.Cues) == 0 {
		fv.subs.SetText("本片无字幕")
		fv.subs.Disable()
	}
	quieter := k.button("小声", theme.VolumeDownIcon(), func() {
		k.filmTouched(fv)
		if fv.run != nil {
			fv.run.Louder(-1)
		}
	})
	louder := k.button("大声", theme.VolumeUpIcon(), func() {
		k.filmTouched(fv)
		if fv.run != nil {
			fv.run.Louder(1)
		}
	})
	back := k.primary("返回", theme.NavigateBackIcon(), k.Back)
	fv.progress = widget.NewSlider(0, 1)
	fv.progress.Step = 0.001
	fv.progress.OnChanged = func(float64) { fv.dragging = true; k.Touched() }
	fv.progress.OnChangeEnded = func(v float64) {
		fv.dragging = false
		k.filmTouched(fv)
		if fv.run != nil {
			_, length := fv.run.Position()
			fv.run.Seek(time.Duration(v * float64(length)))
		}
	}
	fv.clock = widget.NewLabel(clockText(0, fv.page.Duration))
	fv.clock.TextStyle = fyne.TextStyle{Bold: true, Monospace: true}
	left := container.NewHBox(fingerSized(fv.pause, 180), fingerSized(back, 180))
	right := container.NewHBox(fv.clock, fingerSized(fv.subs, 200), fingerSized(quieter, 160), fingerSized(louder, 160))
	controls := container.NewBorder(nil, nil, left, right, fingerSized(fv.progress, 200))
	k.showCue(fv)
	return container.NewBorder(nil, container.NewVBox(subtitles, controls), nil, nil, fv.video)
}

func subsWord(on bool) string {
	if on {
		return "字幕：开"
	}
	return "字幕：关"
}

// filmTouched is a touch on the film's controls: a paused film waits
// the idle time from the last one.
func (k *Kiosk) filmTouched(fv *filmView) {
	if fv.paused {
		fv.pausedAt = k.clock.Now()
	}
}

func (k *Kiosk) filmPause(fv *filmView, paused bool) {
	if fv.run == nil {
		return
	}
	fv.paused = paused
	fv.run.SetPaused(paused)
	if paused {
		fv.pausedAt = k.clock.Now()
		fv.pause.SetText("继续")
		fv.pause.SetIcon(theme.MediaPlayIcon())
	} else {
		fv.pause.SetText("暂停")
		fv.pause.SetIcon(theme.MediaPauseIcon())
	}
}

func (k *Kiosk) filmSubtitles(fv *filmView, on bool) {
	k.filmTouched(fv)
	fv.subtitles = on
	fv.subs.SetText(subsWord(on))
	k.showCue(fv)
}

// showCue puts the cue at the film's position on the band.
func (k *Kiosk) showCue(fv *filmView) {
	text := ""
	if fv.subtitles && fv.run != nil {
		at, _ := fv.run.Position()
		text = content.CueAt(fv.page.Cues, at)
	}
	lines := strings.SplitN(text, "\n", 2)
	for i, t := range fv.cue {
		s := ""
		if i < len(lines) {
			s = lines[i]
		}
		if t.Text != s {
			t.Text = s
			t.Refresh()
		}
	}
}

// pollFilm brings the screen up to date with the film: its position, its
// subtitle, and a pause that has lasted the idle time.
func (k *Kiosk) pollFilm(fv *filmView, now time.Time) {
	if k.mode != modeExhibit || k.playing != fv.pl || fv.run == nil {
		return
	}
	k.pollExhibit()
	if k.playing != fv.pl {
		return // it ended
	}
	at, length := fv.run.Position()
	if length <= 0 {
		length = fv.page.Duration
	}
	// The bar and the clock move once a second, together: every change
	// repaints the window, which the film's own frames compete with on a
	// board without a GPU for the shell.
	if s := clockText(at, length); fv.clock.Text != s {
		fv.clock.SetText(s)
		if length > 0 && !fv.dragging {
			fv.progress.Value = float64(at) / float64(length)
			fv.progress.Refresh()
		}
	}
	k.showCue(fv)
	if fv.paused && now.Sub(fv.pausedAt) >= k.cfg.IdleAfter {
		fv.pl.idled = true
		fv.run.Stop()
	}
}
