package kiosk

import (
	"context"
	"fmt"
	"image/color"
	"log/slog"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qingfeng/kiosk/handwriting"
	"qingfeng/kiosk/pinyin"
	qtheme "qingfeng/kiosk/theme"
	"qingfeng/kiosk/widgets"
)

// Config is what the shell needs to know about its site and screen.
type Config struct {
	// SiteID is the kiosk's site id: a notice for other sites is not
	// shown here.
	SiteID   string
	SiteName string
	SiteKind string // 茶馆, 纪念馆 or 联络站
	// IdleAfter is how long without a touch before the attract loop starts.
	IdleAfter time.Duration
	// Slide is how long each attract slide and carousel item stays.
	Slide time.Duration
	// Touch hides the mouse cursor (a touch screen has no pointer to show).
	Touch bool
	// Portrait lays screens out for a 1080×1920 screen.
	Portrait bool
	// Location is the time zone dates are shown in.
	Location *time.Location
	// Strings overrides the shell's own wording by key (see DefaultStrings):
	// a memorial hall greets visitors differently from a teahouse.
	Strings map[string]string
	// Opinions shapes the 我有话说 screens.
	Opinions OpinionSettings
	// StoryCategories and DisclosureCategories are the category tabs, in
	// order (the config's); nil: content's defaults.
	StoryCategories      []string
	DisclosureCategories []string
	// Hours are the opening hours (the zero Schedule: always open).
	// Outside them, once nobody is using it, the screen shows a dim clock.
	Hours Schedule
	// Display, if set, switches the display off (false) and on (true):
	// the closed screen goes dark a while after its last touch.
	Display func(on bool)
	// OnShow, if set, is told the name of each screen as it is shown
	// ("attract" for the attract loop): for usage statistics, and for a
	// test that must act the instant a screen is reached.
	OnShow func(name string)
	// OnQuiet, if set, is called once when nobody has touched a visitor's
	// screen for QuietAfter (a visitor reading, or gone before the attract
	// loop): the moment to give back what the screens left behind held.
	OnQuiet func()
	Log     *slog.Logger
}

// QuietAfter is how long without a touch makes a visitor's screen quiet
// (Config.OnQuiet). It is longer than Fyne's texture cache (FYNE_CACHE,
// set by the shell), so the textures of every screen left have expired.
const QuietAfter = 15 * time.Second

// keepDrawn has Fyne draw a frame of the screen shown every DrawEvery
// while a visitor is at it, reading (not touching it this last second)
// and not in an exhibit, whose program is drawing. Fyne lets a texture go
// once it has not been drawn for its cache time, and frees what expired
// only when it draws: with a short cache a still screen would otherwise
// lose its own text textures after a few seconds of reading and rasterise
// them all again at the next touch, while the screens already left would
// keep theirs until then. Drawing the same picture again changes nothing
// on the glass; it costs a frame (35-60 ms of CPU at 1080p with Mesa's
// software renderer), so not while touches draw anyway.
func (k *Kiosk) keepDrawn(now time.Time, sinceTouch time.Duration) {
	if k.mode == modeExhibit || sinceTouch < time.Second || now.Sub(k.lastDrawn) < DrawEvery {
		return
	}
	k.lastDrawn = now
	k.DrawAgain()
}

// DrawAgain has Fyne draw a frame of the screen shown, freeing first the
// textures whose cache time has passed; nothing on the glass changes.
// Call it on the UI thread.
func (k *Kiosk) DrawAgain() {
	if k.drawn == nil {
		k.drawn = canvas.NewRectangle(color.Transparent)
	}
	k.win.Canvas().Refresh(k.drawn)
}

// DrawEvery is how often keepDrawn draws: under Fyne's cache time
// (internal/fynecache in the command, 3 s) by the length of a tick.
const DrawEvery = 2 * time.Second

// Sources are where the shell reads content.
type Sources struct {
	Stories     StoryLister
	Disclosures DisclosureLister
	Search      Searcher
	Narrator    Narrator // nil: stories are not narrated
	// Opinions stores what residents leave; nil: the 我有话说 tile says
	// the opinion box is not open here.
	Opinions OpinionRecorder
	// Usage, if set, is told of every screen a visitor leaves.
	Usage UsageRecorder
	// Staff is staff mode; nil: the gesture opens nothing.
	Staff StaffDesk
	// Exhibits lists and starts the interactive exhibits; nil: the
	// 互动展项 tile says they are being prepared.
	Exhibits ExhibitLauncher
	// Replies answers 查办理结果 and the board of public answers; nil:
	// neither is offered.
	Replies ReplyBook
	// Notices gives the notices installed; nil: none are shown.
	Notices NoticeBoard
	// Films lists the halls' films and FilmPlayer plays them; without
	// either Home has no 观看视频 tile.
	Films      FilmLister
	FilmPlayer FilmPlayer
	// Pinyin returns the keyboard's dictionary, nil while it is still
	// loading (it loads after start-up, not before the first frame).
	Pinyin func() *pinyin.Dict
	// Handwriting returns the recogniser of the keyboard's writing pad,
	// nil while it loads or if the model is not installed: the keyboard
	// then offers pinyin only (no 拼音 | 手写 switch).
	Handwriting func() *handwriting.Recognizer
}

// Kiosk is the shell: it owns the window's content, the navigation stack
// and the idle timer. Every method must run on the Fyne thread (tests call
// them directly; goroutines go through fyne.Do).
type Kiosk struct {
	app   fyne.App
	win   fyne.Window
	cfg   Config
	src   Sources
	clock Clock
	ctx   context.Context

	stack      []*screen
	root       *fyne.Container // background, page, notice, cursor overlay
	page       *fyne.Container
	notice     *fyne.Container
	noticeText string
	noticeEnd  time.Time
	// overlay holds the import banner (importbanner.go) over everything
	// else; banner is the one shown, nil if none.
	overlay *fyne.Container
	banner  *importBanner

	shown  *screen
	images *imageCache
	// boxes are the pictures of the screen shown (shown) and of what has
	// been built since (next); the shown ones are released when another
	// screen replaces it.
	boxes     struct{ shown, next []*pictureBox }
	large     bool
	lastTouch time.Time
	// quietFor is the last touch OnQuiet was called for.
	quietFor time.Time
	// drawn is what DrawAgain refreshes (nothing on screen), lastDrawn
	// when keepDrawn last did.
	drawn     fyne.CanvasObject
	lastDrawn time.Time
	// home is the Home screen, kept with what it built while gen, the
	// generation of content and look, stays the same: Home is where every
	// visit returns, and rebuilding it each time made new buttons, icons
	// and renderers for Fyne to cache (+20 % memory over the first hundred
	// visits). bars are the top bars by title, kept the same way.
	home *screen
	gen  int
	bars map[string]fyne.CanvasObject
	// lastOpinion is when this screen last stored an opinion.
	lastOpinion time.Time
	// run does slow work (storing an opinion) off the Fyne thread and
	// then continues on it; tests run both in place.
	run    func(work, then func())
	inline bool
	// viewing is what is on screen since when, for usage statistics;
	// usageEnded is set when the kiosk is stopping. viewMu guards both.
	viewMu     sync.Mutex
	viewing    View
	usageEnded bool
	staff      staffGate
	// lookups are the receipts looked up lately, for the rate limit of
	// 查办理结果.
	lookups lookupGate
	// mode is what the shell is doing (mode.go); playing, attract and
	// closed are the state of their modes, nil in any other.
	mode mode
	// playing is the exhibit running over the shell.
	playing   *playing
	attract   *attractLoop
	lastSlide time.Time
	// closed is the screen shown outside the opening hours.
	closed *closedView
	// notices are the notices shown and the urgent band (notices.go).
	notices noticeState

	// handwriting: the keyboard shows the writing pad (手写) until idle.
	handwriting bool
}

// screen is one entry of the navigation stack. build makes its content
// afresh (so live content shows up); it returns ok=false when what the
// screen shows has been withdrawn.
type screen struct {
	name  string
	title string
	build func() (fyne.CanvasObject, bool)
	// tick, if set, is called every Tick while the screen is shown.
	tick func(now time.Time)
	// item names what the screen shows for usage statistics (a story's or
	// disclosure's package/id, an exhibit's name), itemTitle its title;
	// build sets the title.
	item, itemTitle string
	// page is the scrolled area body was last shown in, kept with it so a
	// kept body (Home's) is shown again without a new one.
	page     *widgets.TouchScroll
	pageBody fyne.CanvasObject
}

// New builds the shell into win and shows Home.
func New(a fyne.App, win fyne.Window, cfg Config, src Sources, clock Clock) *Kiosk {
	return newKiosk(a, win, cfg, src, clock, false)
}

func inBackground(work, then func()) {
	go func() {
		work()
		fyne.Do(then)
	}()
}

func inPlace(work, then func()) {
	work()
	then()
}

// briefly is how long runBriefly waits on the Fyne thread for work that
// is usually done at once. A frame of a 1080p screen drawn in software
// takes 30–40 ms; waiting a little less than one spares the frame that
// would only say "busy".
const briefly = 25 * time.Millisecond

// runBriefly does work off the Fyne thread and, when it is done within
// briefly, continues with then in place: the next frame shows its
// result. Work that takes longer gets meanwhile (a "busy" state) in that
// frame, and then on the Fyne thread when the work is done. Tests run
// everything in place, without meanwhile.
func (k *Kiosk) runBriefly(work, meanwhile, then func()) {
	if k.inline {
		work()
		then()
		return
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		work()
	}()
	t := time.NewTimer(briefly)
	defer t.Stop()
	select {
	case <-done:
		then()
		return
	case <-t.C:
	}
	meanwhile()
	go func() {
		<-done
		fyne.Do(then)
	}()
}

// newKiosk is New; inline does the slow work (decoding pictures, storing
// opinions) in place instead of on goroutines, for tests.
func newKiosk(a fyne.App, win fyne.Window, cfg Config, src Sources, clock Clock, inline bool) *Kiosk {
	if cfg.IdleAfter <= 0 {
		cfg.IdleAfter = 90 * time.Second
	}
	if cfg.Slide <= 0 {
		cfg.Slide = 8 * time.Second
	}
	if cfg.Location == nil {
		cfg.Location = time.Local
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if clock == nil {
		clock = SystemClock{}
	}
	cfg.Opinions.fill()
	k := &Kiosk{app: a, win: win, cfg: cfg, src: src, clock: clock, ctx: context.Background()}
	// About twelve covers at story size: what a visitor's last few screens
	// show, so going back is instant, and little against the renderer's
	// own copies of the same pixels.
	load, run := backgroundLoader(), inBackground
	if inline {
		load, run = inlineLoader, inPlace
	}
	k.images = newImageCache(24, PictureBudget(win.Canvas().Scale()), load, cfg.Log)
	k.run, k.inline = run, inline
	a.Settings().SetTheme(qtheme.New(false))
	k.page = container.NewStack()
	k.notice = container.NewVBox()
	bg := canvas.NewRectangle(qtheme.Paper)
	k.overlay = container.NewStack()
	// The urgent notices' band takes its own space above every screen.
	k.notices.band = container.NewStack()
	k.notices.band.Hide()
	k.notices.frame = container.NewBorder(k.notices.band, nil, nil, nil, k.page)
	objs := []fyne.CanvasObject{bg, k.notices.frame, container.NewVBox(layout.NewSpacer(), container.NewCenter(k.notice), widget.NewLabel("")), k.overlay}
	if cfg.Touch {
		objs = append(objs, &hiddenCursor{})
	}
	k.root = container.NewStack(objs...)
	win.SetContent(k.root)
	k.lastTouch = clock.Now()
	k.noticeTick(clock.Now())
	// A kiosk started (or restarted) outside the opening hours goes
	// straight to the closed screen: no lit Home at night.
	if now := clock.Now(); !cfg.Hours.Always() && !cfg.Hours.Open(now.In(cfg.Location)) {
		k.closeScreen(now)
	} else {
		k.Home()
	}
	return k
}

// DefaultStrings is the shell's own wording, by the keys Config.Strings
// may override.
var DefaultStrings = map[string]string{
	"tagline":              "清风展示屏",
	"welcome":              "欢迎参观",
	"attract_hint":         "轻触屏幕开始浏览",
	"stories_subtitle":     "读一读身边的清廉故事",
	"disclosures_subtitle": "村务、财务、工程、食堂公开",
	"exhibits_subtitle":    "动手玩一玩，答题、拼图",
	"opinions_subtitle":    "留下您的意见和建议",
}

// text is the wording for key: the site's own if configured.
func (k *Kiosk) text(key string) string {
	if s, ok := k.cfg.Strings[key]; ok && s != "" {
		return s
	}
	return DefaultStrings[key]
}

// Touched records visitor activity; every control of the shell calls it.
func (k *Kiosk) Touched() {
	now := k.clock.Now()
	// One touch often reaches several handlers (a button, then the screen
	// it opens); for the statistics, touches closer than this are one.
	if now.Sub(k.lastTouch) >= touchApart {
		k.viewMu.Lock()
		k.viewing.Taps++
		k.viewMu.Unlock()
	}
	k.lastTouch = now
}

// touchApart: touches closer together count as one in the statistics.
const touchApart = 100 * time.Millisecond

// Tick advances time-driven things: idle → attract, attract slides, the
// home carousel, notices. The app calls it about once a second.
func (k *Kiosk) Tick() {
	now := k.clock.Now()
	k.bannerTick(now)
	k.noticeTick(now)
	if !k.cfg.Hours.Always() && k.scheduleTick(now) {
		return
	}
	if k.mode == modeExhibit {
		// The visitor is at the exhibit, not gone: its own idle timer
		// decides when they are.
		k.lastTouch = now
		k.pollExhibit()
	}
	if k.mode != modeAttract && k.src.Narrator != nil && k.src.Narrator.Playing() {
		k.lastTouch = now // someone is listening
	}
	if k.mode == modeAttract {
		if now.Sub(k.lastSlide) >= k.cfg.Slide {
			k.lastSlide = now
			k.attract.next()
		}
		return
	}
	if now.Sub(k.lastTouch) >= k.cfg.IdleAfter {
		k.startAttract()
		return
	}
	if since := now.Sub(k.lastTouch); since < QuietAfter {
		k.keepDrawn(now, since)
	} else if k.cfg.OnQuiet != nil && !k.quietFor.Equal(k.lastTouch) {
		k.quietFor = k.lastTouch
		k.cfg.OnQuiet()
	}
	if !k.noticeEnd.IsZero() && !now.Before(k.noticeEnd) {
		k.clearNotice()
	}
	if top := k.top(); top != nil && top.tick != nil {
		top.tick(now)
	}
}

// Current names the screen shown ("attract" during the attract loop).
func (k *Kiosk) Current() string {
	switch k.mode {
	case modeClosed:
		return "closed"
	case modeAttract:
		return "attract"
	}
	if top := k.top(); top != nil {
		return top.name
	}
	return ""
}

func (k *Kiosk) top() *screen {
	if len(k.stack) == 0 {
		return nil
	}
	return k.stack[len(k.stack)-1]
}

// push shows a new screen on top of the stack.
func (k *Kiosk) push(s *screen) {
	obj, ok := s.build()
	if !ok {
		k.showNotice("该内容已下架或暂不展示")
		return
	}
	k.stack = append(k.stack, s)
	k.show(s, obj)
}

func (k *Kiosk) show(s *screen, body fyne.CanvasObject) {
	if k.src.Narrator != nil && s != k.shown {
		// Narration belongs to the story it was started on.
		k.src.Narrator.Stop()
	}
	if s != k.shown {
		k.nowViewing(s.name, s.item, s.itemTitle)
	}
	k.shown = s
	k.showingScreen(s)
	k.exhibitsLeft(s)
	if k.cfg.OnShow != nil {
		defer k.cfg.OnShow(s.name)
	}
	// A screen taller than the panel (大字 on a 768-high one) scrolls
	// under the top bar instead of pushing the window past the glass;
	// one that fits is laid out as if the scroll were not there.
	if s.pageBody != body || s.page == nil {
		s.page, s.pageBody = k.scroll(body), body
	}
	page := s.page
	var content fyne.CanvasObject = page
	if s.name != "home" {
		content = container.NewBorder(k.topBar(s.title), nil, nil, nil, page)
	}
	k.setPage(content)
}

// setPage replaces what the window shows, and lets go of the pictures of
// what it showed before.
func (k *Kiosk) setPage(content fyne.CanvasObject) {
	k.page.Objects = []fyne.CanvasObject{content}
	k.page.Refresh()
	for _, b := range k.boxes.shown {
		b.release()
	}
	k.boxes.shown, k.boxes.next = k.boxes.next, nil
}

// Back returns to the previous screen, rebuilt with current content.
func (k *Kiosk) Back() {
	k.Touched()
	if len(k.stack) <= 1 {
		k.Home()
		return
	}
	k.stack = k.stack[:len(k.stack)-1]
	k.rebuild()
}

// rebuild redraws the top screen; screens whose content was withdrawn are
// popped, with a notice, until one can be shown.
func (k *Kiosk) rebuild() {
	for len(k.stack) > 0 {
		s := k.top()
		if obj, ok := s.build(); ok {
			k.show(s, obj)
			return
		}
		k.stack = k.stack[:len(k.stack)-1]
		k.showNotice("您正在看的内容已下架，已为您返回上一页")
	}
	k.Home()
}

// ContentChanged is called when the pipeline committed a package or a
// publish/expire boundary passed: the current screen is rebuilt, and a
// visitor reading something withdrawn is taken back with a notice.
func (k *Kiosk) ContentChanged() {
	k.changed()
	k.notices.loaded = false // read again at the next tick
	switch k.mode {
	case modeClosed:
		return // the opening hour starts from fresh content anyway
	case modeAttract:
		k.attract.reload()
		return
	}
	k.rebuild()
}

// changed starts a new generation: content or the look changed, so kept
// screens are built again.
func (k *Kiosk) changed() {
	k.gen++
	k.bars = nil
	k.showNoticeBand() // its lines are cut to the window's width and the text's size
}

// Home resets navigation to the home screen.
func (k *Kiosk) Home() {
	k.stack = nil
	if k.home == nil {
		k.home = k.homeScreen()
	}
	k.push(k.home)
}

// showNotice shows a short message at the bottom for a few seconds.
func (k *Kiosk) showNotice(msg string) {
	bg := canvas.NewRectangle(qtheme.Ink)
	bg.CornerRadius = 12
	text := canvas.NewText(msg, qtheme.Paper)
	text.TextSize = k.app.Settings().Theme().Size(theme.SizeNameSubHeadingText)
	text.TextStyle = fyne.TextStyle{Bold: true}
	k.notice.Objects = []fyne.CanvasObject{container.NewStack(bg, container.NewPadded(container.NewPadded(text)))}
	k.notice.Refresh()
	k.noticeText = msg
	k.noticeEnd = k.clock.Now().Add(5 * time.Second)
}

func (k *Kiosk) clearNotice() {
	k.notice.RemoveAll()
	k.noticeText = ""
	k.noticeEnd = time.Time{}
}

// Progress shows a content import under way, so a visitor (and the staff
// member who just plugged in a stick) sees why the screen may change. It
// is called through fyne.Do by the importer.
func (k *Kiosk) Progress(stage string, done, total int) {
	if k.importProgress(stage, done, total) {
		return // a package a person brought: the banner shows it
	}
	if k.mode == modeAttract || k.mode == modeClosed {
		return
	}
	k.showNotice(fmt.Sprintf("正在更新展示内容：%s %d/%d", stage, done, total))
}

// Imported is called when a package has been committed: the screen is
// rebuilt with the new content and says so.
func (k *Kiosk) Imported() {
	k.ContentChanged()
	if k.mode == modeClosed || k.banner != nil {
		return
	}
	if k.mode != modeAttract && k.Notice() == "" || strings.HasPrefix(k.Notice(), "正在更新") {
		k.showNotice("展示内容已更新")
	}
}

// Notice returns the notice currently shown, "" if none.
func (k *Kiosk) Notice() string { return k.noticeText }

// SetLarge switches the 大字 (large text) mode.
func (k *Kiosk) SetLarge(large bool) {
	k.large = large
	k.app.Settings().SetTheme(qtheme.New(large))
	k.changed()
	k.rebuild()
}

// Large reports whether large text is on.
func (k *Kiosk) Large() bool { return k.large }

// hiddenCursor covers the window and hides the mouse pointer: a touch
// kiosk has no pointer, and an arrow left in the middle of the screen looks
// broken. It takes no events, so taps reach what is below.
type hiddenCursor struct{ widget.BaseWidget }

func (h *hiddenCursor) Cursor() desktop.Cursor { return desktop.HiddenCursor }

func (h *hiddenCursor) CreateRenderer() fyne.WidgetRenderer {
	h.ExtendBaseWidget(h)
	return widget.NewSimpleRenderer(canvas.NewRectangle(nil))
}
