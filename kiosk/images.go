package kiosk

import (
	"container/list"
	"context"
	"image"
	_ "image/jpeg" // thumbnails and photos
	_ "image/png"  // illustrations
	"log/slog"
	"math"
	"os"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/image/draw"
)

// Pictures are decoded once, scaled once to exactly the pixels they take
// on screen, and kept in a small cache:
//
//   - Fyne's renderer scales a picture to its object's size itself, with a
//     Catmull-Rom filter, on the Fyne thread, every time it makes a texture:
//     300 ms of the 500 ms between a tap and the story on this machine's
//     2 cores. A picture already at its object's size is uploaded as is.
//   - A picture at screen size holds a half to a quarter of the source's
//     decoded pixels (a 1280×720 cover shown at 960×540).
//   - Decoding and scaling run off the Fyne thread, one picture at a time:
//     a screen appears at once, with a plain panel where a picture that is
//     not ready yet will be, and each picture follows when it is.
//   - The canvas image of a picture at one size is reused on every visit:
//     the renderer keeps one texture per canvas object, and a fresh object
//     per visit grew the kiosk by ~600 MB over a hundred quick visits.

// pictureKey is one picture at one size in pixels.
type pictureKey struct {
	path string
	w, h int
}

// loader runs the decoding of pictures. The shell's runs work on a
// goroutine and hands the result to the Fyne thread; tests decode in place
// so that a screen is complete when the tap that opened it returns.
type loader func(work func() *image.RGBA, show func(*image.RGBA))

// backgroundLoader decodes one picture at a time on a goroutine of its own,
// so a screen of thumbnails does not take both cores from the renderer.
func backgroundLoader() loader {
	one := make(chan struct{}, 1)
	return func(work func() *image.RGBA, show func(*image.RGBA)) {
		go func() {
			one <- struct{}{}
			img := work()
			<-one
			fyne.Do(func() { show(img) })
		}()
	}
}

func inlineLoader(work func() *image.RGBA, show func(*image.RGBA)) { show(work()) }

// imageCache keeps the most recently shown scaled pictures within a count
// and a byte budget. Its methods run on the Fyne thread only.
type imageCache struct {
	max      int   // pictures
	maxBytes int64 // pixels of all of them
	bytes    int64
	order    *list.List // of *cached, most recent first
	byKey    map[pictureKey]*list.Element
	dims     map[string]image.Point // source sizes, read from file headers
	// waiting are the callbacks of pictures being decoded: one decode
	// however many screens ask.
	waiting map[pictureKey][]func(*cached)
	load    loader
	log     *slog.Logger
}

type cached struct {
	key   pictureKey
	view  *canvas.Image // the one canvas object showing this picture
	bytes int64
	// shows counts the boxes showing it now; evicted, that the cache let
	// go of it. Fyne keeps canvas objects it has drawn in its own caches
	// for a while after they leave the screen (measured: ~90 of them,
	// 190 MB of pixels at 4K, after a walk through the demo's stories),
	// so a picture neither cached nor shown drops its pixels from its
	// view: what Fyne keeps then is an empty object.
	shows   int
	evicted bool
}

// show and unshow count a box starting and ending showing e.
func (e *cached) show() { e.shows++ }

func (e *cached) unshow() {
	e.shows--
	e.dropIfUnused()
}

func (e *cached) dropIfUnused() {
	if e.evicted && e.shows <= 0 {
		e.view.Image = nil
	}
}

func newImageCache(max int, maxBytes int64, load loader, log *slog.Logger) *imageCache {
	return &imageCache{
		max: max, maxBytes: maxBytes, order: list.New(),
		byKey: map[pictureKey]*list.Element{}, dims: map[string]image.Point{},
		waiting: map[pictureKey][]func(*cached){}, load: load, log: log,
	}
}

// size returns the pixel size of the picture at path, from its header, or
// false (logged once) if it cannot be read.
func (c *imageCache) size(path string) (image.Point, bool) {
	if d, ok := c.dims[path]; ok {
		return d, d.X > 0 && d.Y > 0
	}
	var d image.Point
	f, err := os.Open(path)
	if err == nil {
		var cfg image.Config
		cfg, _, err = image.DecodeConfig(f)
		f.Close()
		d = image.Pt(cfg.Width, cfg.Height)
	}
	if err != nil {
		c.log.Warn("picture unreadable", "file", path, "err", err)
	}
	c.dims[path] = d
	return d, err == nil && d.X > 0 && d.Y > 0
}

// fit is the largest size with the picture's proportions inside box, in
// whole pixels.
func fit(src image.Point, box image.Point) image.Point {
	if src.X <= 0 || src.Y <= 0 || box.X <= 0 || box.Y <= 0 {
		return image.Point{}
	}
	sx := float64(box.X) / float64(src.X)
	sy := float64(box.Y) / float64(src.Y)
	s := math.Min(sx, sy)
	return image.Pt(max(1, int(math.Round(float64(src.X)*s))), max(1, int(math.Round(float64(src.Y)*s))))
}

// request calls got with the picture at key: at once if it is cached,
// otherwise on the Fyne thread once it is decoded. got is not called if
// the picture cannot be read.
func (c *imageCache) request(key pictureKey, got func(*cached)) {
	if e, ok := c.byKey[key]; ok {
		c.order.MoveToFront(e)
		got(e.Value.(*cached))
		return
	}
	if _, busy := c.waiting[key]; busy {
		c.waiting[key] = append(c.waiting[key], got)
		return
	}
	c.waiting[key] = []func(*cached){got}
	c.load(func() *image.RGBA { return decodeScaled(key, c.log) }, func(img *image.RGBA) {
		waiting := c.waiting[key]
		delete(c.waiting, key)
		if img == nil {
			return
		}
		e := c.add(key, img)
		for _, f := range waiting {
			f(e)
		}
	})
}

// prefetch decodes the picture at path for a box it is about to be shown
// in, so that the screen showing it is complete in its first frame.
func (c *imageCache) prefetch(path string, box fyne.Size) {
	d, ok := c.size(path)
	if !ok {
		return
	}
	px := fit(d, image.Pt(int(box.Width), int(box.Height)))
	c.request(pictureKey{path, px.X, px.Y}, func(*cached) {})
}

func (c *imageCache) add(key pictureKey, img *image.RGBA) *cached {
	v := canvas.NewImageFromImage(img)
	v.FillMode = canvas.ImageFillContain
	v.ScaleMode = canvas.ImageScaleSmooth
	e := &cached{key: key, view: v, bytes: int64(len(img.Pix))}
	c.byKey[key] = c.order.PushFront(e)
	c.bytes += e.bytes
	c.trim()
	return e
}

// trim lets go of the least recently used pictures until the cache is
// within its limits, keeping at least the newest.
func (c *imageCache) trim() {
	for c.order.Len() > 1 && (c.order.Len() > c.max || c.bytes > c.maxBytes) {
		last := c.order.Back()
		old := last.Value.(*cached)
		delete(c.byKey, old.key)
		c.bytes -= old.bytes
		c.order.Remove(last)
		old.evicted = true
		old.dropIfUnused()
	}
}

// PictureBudget is how many bytes of scaled pictures the shell keeps at a
// scale: 12 MiB at 1920×1080, about six story covers and the list's
// thumbnails, so going back is instant; a story read earlier than that
// decodes its pictures again (off the UI thread, its text first). Twice
// that held twelve covers and cost the Go heap 12 MB more after a walk
// through every story, for no tap time the benchmark could tell
// (BENCHMARKS.md, "Lean"). A picture covers scale² as many pixels at a
// larger scale, so the budget grows with it and keeps the same pictures.
func PictureBudget(scale float32) int64 {
	s := max(float64(scale), 1)
	return int64(12 << 20 * s * s)
}

// setBudget changes the byte budget (the screen's scale changed).
func (c *imageCache) setBudget(b int64) {
	c.maxBytes = b
	c.trim()
}

// decodeScaled reads the picture and scales it to key's size. It runs off
// the Fyne thread and touches nothing shared.
func decodeScaled(key pictureKey, log *slog.Logger) *image.RGBA {
	src := takeWarm(key.path)
	if src == nil {
		src = decode(key.path, log)
	}
	if src == nil {
		return nil
	}
	dst := image.NewRGBA(image.Rect(0, 0, key.w, key.h))
	b := src.Bounds()
	// Approximate bilinear is sharp enough down to half size and ten times
	// faster than the exact kernels (25 against 240 ms for three covers
	// here); below half size it skips source pixels and aliases, where
	// Catmull-Rom does not.
	var s draw.Scaler = draw.ApproxBiLinear
	if b.Dx() > 2*key.w || b.Dy() > 2*key.h {
		s = draw.CatmullRom
	}
	s.Scale(dst, dst.Rect, src, b, draw.Src, nil)
	return dst
}

func decode(path string, log *slog.Logger) image.Image {
	f, err := os.Open(path)
	if err != nil {
		log.Warn("picture missing", "file", path, "err", err)
		return nil
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		log.Warn("picture unreadable", "file", path, "err", err)
		return nil
	}
	return img
}

// warm holds pictures decoded before the shell was built (see Warm), each
// taken by the first decode that asks for it.
var warm struct {
	sync.Mutex
	pics map[string]*warmPicture
}

type warmPicture struct {
	done chan struct{}
	img  image.Image
}

// Warm starts decoding, on a goroutine, the cover Home shows first, so it
// is ready by the time the window first draws: the shell calls it before
// it creates the window, which takes a third of a second here with a
// software renderer and leaves the second core idle. Without it, complete
// Home came one decode and one frame after the first (~70 ms).
func Warm(src Sources, clock Clock, log *slog.Logger) {
	if src.Stories == nil {
		return
	}
	if clock == nil {
		clock = SystemClock{}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	all, err := src.Stories.Stories(context.Background(), clock.Now(), "")
	if err != nil {
		return // New will say so
	}
	for _, s := range all {
		if !s.Featured || s.Cover == "" {
			continue
		}
		p := &warmPicture{done: make(chan struct{})}
		warm.Lock()
		if warm.pics == nil {
			warm.pics = map[string]*warmPicture{}
		}
		warm.pics[s.Cover] = p
		warm.Unlock()
		go func() {
			p.img = decode(s.Cover, log)
			close(p.done)
		}()
		return // the carousel shows the first featured story first
	}
}

// takeWarm returns the picture Warm decoded at path (waiting for it if
// need be), or nil if Warm did not start one.
func takeWarm(path string) image.Image {
	warm.Lock()
	p := warm.pics[path]
	delete(warm.pics, path)
	warm.Unlock()
	if p == nil {
		return nil
	}
	<-p.done
	return p.img
}

// len is the number of pictures held.
func (c *imageCache) len() int { return c.order.Len() }

// pictureBox shows one picture as large as its space allows with its
// proportions kept, centred, at exactly the pixels it covers; a plain
// panel until the picture is ready, or for good if it cannot be read.
type pictureBox struct {
	widget.BaseWidget
	cache *imageCache
	path  string
	min   fyne.Size
	r     *pictureRenderer
	// shrinks: min is the most it asks for; on a narrower column it asks
	// for no width and the height of min scaled to the widest column it
	// was laid out in, so a reading column never gets wider than the panel.
	shrinks bool
	widest  float32
}

func newPictureBox(c *imageCache, path string, min fyne.Size) *pictureBox {
	p := &pictureBox{cache: c, path: path, min: min}
	p.ExtendBaseWidget(p)
	return p
}

func (p *pictureBox) MinSize() fyne.Size {
	if !p.shrinks {
		return p.min
	}
	h := p.min.Height
	if p.widest > 0 && p.widest < p.min.Width {
		h = p.min.Height * p.widest / p.min.Width
	}
	return fyne.NewSize(0, h)
}

func (p *pictureBox) CreateRenderer() fyne.WidgetRenderer {
	r := &pictureRenderer{p: p, panel: canvas.NewRectangle(panelColor)}
	r.objects = []fyne.CanvasObject{r.panel}
	p.r = r
	return r
}

// release lets go of the picture of a box whose screen was left: Fyne
// keeps the renderers of screens no longer shown for a while, and with
// them every picture they showed. Laid out again, the box asks again.
func (p *pictureBox) release() {
	if r := p.r; r != nil {
		if r.shown != nil {
			r.shown.unshow()
		}
		r.shown = nil
		r.want = pictureKey{}
		r.objects = []fyne.CanvasObject{r.panel}
	}
}

type pictureRenderer struct {
	p       *pictureBox
	panel   *canvas.Rectangle
	objects []fyne.CanvasObject
	want    pictureKey // the picture at the size last laid out
	at      fyne.Size  // where it goes
	pos     fyne.Position
	shown   *cached
}

func (r *pictureRenderer) Layout(size fyne.Size) {
	p := r.p
	p.widest = max(p.widest, size.Width)
	d, ok := p.cache.size(p.path)
	if !ok {
		r.panel.Resize(size)
		r.panel.Move(fyne.Position{})
		return
	}
	scale := float32(1)
	if c := fyne.CurrentApp().Driver().CanvasForObject(p); c != nil {
		scale = c.Scale()
	}
	px := fit(d, image.Pt(int(size.Width*scale), int(size.Height*scale)))
	if px.X == 0 {
		return
	}
	at := fyne.NewSize(float32(px.X)/scale, float32(px.Y)/scale)
	pos := fyne.NewPos(float32(math.Floor(float64((size.Width-at.Width)/2))), float32(math.Floor(float64((size.Height-at.Height)/2))))
	r.at, r.pos = at, pos
	r.panel.Resize(at)
	r.panel.Move(pos)
	if r.shown != nil {
		r.shown.view.Resize(at)
		r.shown.view.Move(pos)
	}
	key := pictureKey{p.path, px.X, px.Y}
	if key == r.want {
		return
	}
	r.want = key
	p.cache.request(key, func(e *cached) {
		if r.want != e.key {
			return // laid out at another size meanwhile
		}
		if r.shown != e {
			if r.shown != nil {
				r.shown.unshow()
			}
			e.show()
		}
		r.shown = e
		e.view.Resize(r.at)
		e.view.Move(r.pos)
		r.objects = []fyne.CanvasObject{e.view}
		canvas.Refresh(r.p)
	})
}

func (r *pictureRenderer) MinSize() fyne.Size           { return r.p.MinSize() }
func (r *pictureRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *pictureRenderer) Refresh()                     { canvas.Refresh(r.p) }
func (r *pictureRenderer) Destroy()                     {}
