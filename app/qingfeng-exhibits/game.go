package main

import (
	"fmt"
	"image"
	"io"
	"log/slog"
	"math"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"qingfeng/content"
	"qingfeng/exhibits/launch"
	"qingfeng/exhibits/play"
	"qingfeng/kiosk/panel"
)

// scene is one exhibit as the game loop sees it: its rules (Update, Done,
// Outcome) and its picture in two layers. The still layer is what changes
// only now and then (the board, cards, pieces at rest); it is drawn into
// an image of its own when its key changes. The moving layer (a dragged
// cup, a feedback animation) is drawn over it every frame its key changes.
// When neither key changes the frame is not drawn at all: on a software
// renderer every pixel drawn costs, and most of a kiosk's frames show
// what the last one showed.
type scene interface {
	Update(now time.Time, in play.Input)
	Done() bool
	Outcome() play.Outcome
	// view takes the rules' view as of the last Update and returns the
	// keys of the two layers.
	view() (still, moving string)
	drawStill(dst *ebiten.Image)
	drawMoving(dst *ebiten.Image)
	// movingBounds covers every pixel drawMoving may touch, shadows and
	// shakes included.
	movingBounds() []play.Rect
	// sound is what the last Update should be heard as (-1: nothing).
	sound() sound
	// drive is the benchmark's visitor: the input of a busy visitor at now.
	drive(now time.Time) play.Input
}

type game struct {
	spec  launch.Spec
	hooks []hook // a fault for tests, the benchmark: see hooks.go
	log   *slog.Logger
	out   io.Writer
	paint *painter
	fonts <-chan fonts
	next  <-chan exhibit // what to play: known at start, or sent later (standby)
	// standby: the window is up (off screen) and warmed, waiting for the
	// shell to send what to play, so that a tap shows the exhibit at once.
	standby  bool
	windowed bool
	warmed   int  // standby warm-up frames drawn
	hidden   bool // moved off screen
	warm     *quizScene
	spk      *speaker
	ptr      pointers
	// release runs once the warm-up is done (releaseMemory: what the
	// warm-up allocated is garbage by then); nil: nothing.
	release func()

	canvas     play.Size // fixed when the scene is made
	outW, outH int
	sc         scene
	still      *ebiten.Image
	stillKey   string
	shownKey   string
	movingKey  string
	lastBounds []play.Rect
	drawn      bool
	lastAlive  time.Time
	readyAt    time.Time
	fullCount  int // frames that drew the whole still layer
}

func (g *game) say(line string) { fmt.Fprintln(g.out, line) }

func (g *game) Layout(outW, outH int) (int, int) {
	if g.sc != nil {
		// The rules laid themselves out once; a resized window scales.
		return int(g.canvas.W), int(g.canvas.H)
	}
	g.outW, g.outH = outW, outH
	return outW, outH
}

func (g *game) Update() error {
	now := time.Now()
	if now.Sub(g.lastAlive) >= time.Second {
		g.lastAlive = now
		g.say(launch.LineAlive)
	}
	if g.sc == nil {
		if err := g.begin(); err != nil || g.sc == nil {
			return err
		}
	}
	in := g.ptr.read()
	for _, h := range g.hooks {
		h.before(now, g, &in)
	}
	g.sc.Update(now, in)
	if s := g.sc.sound(); s >= 0 {
		g.spk.play(s)
	}
	if g.sc.Done() {
		g.say(launch.EndLine(g.sc.Outcome().String()))
		return ebiten.Termination
	}
	for _, h := range g.hooks {
		if err := h.after(now, g); err != nil {
			return err
		}
	}
	return nil
}

// begin makes the scene once the window has its size and the exhibit is
// known (at once, or when the shell sends it to a program standing by);
// until then g.sc stays nil.
func (g *game) begin() error {
	if g.outW == 0 {
		return nil
	}
	if g.standby && !g.windowed && !g.hidden {
		// Out of sight until a visitor asks for it. (Set before
		// RunGame, the position is not kept when the window is made
		// as large as the screen.)
		g.hidden = true
		ebiten.SetWindowPosition(-g.outW-64, 0)
	}
	// Until the spec says the shell's scale (and for a spec without
	// one), the scale the shell would choose for this window's pixels.
	auto := panel.Choose(panel.Screen{Width: g.outW, Height: g.outH}, panel.Wish{}).Scale
	g.canvas = play.Size{W: float64(g.outW), H: float64(g.outH), Scale: float64(auto)}
	if g.paint == nil {
		f := <-g.fonts
		if f.err != nil {
			return f.err
		}
		g.paint = f.paint
		g.still = newStill(g.outW, g.outH)
	}
	var e exhibit
	if g.standby {
		select {
		case e = <-g.next:
		default:
			return nil // no visitor yet; Draw warms up meanwhile
		}
		g.standby = false
		g.warm = nil
		if e.err == nil {
			ebiten.SetWindowTitle(e.spec.Title)
			if !g.windowed {
				ebiten.SetFullscreen(true)
			}
		}
	} else {
		e = <-g.next
	}
	if e.err != nil {
		return e.err
	}
	g.spec = e.spec
	if e.spec.Scale > 0 {
		// The shell's scale, so the exhibit matches its screens.
		g.canvas.Scale = e.spec.Scale
	}
	if b := g.still.Bounds(); b.Dx() != g.outW || b.Dy() != g.outH {
		// The window changed size while standing by.
		g.still.Deallocate()
		g.still = newStill(g.outW, g.outH)
	}
	sc, err := newScene(e, g.canvas, g.paint)
	if err != nil {
		return err
	}
	g.sc = sc
	return nil
}

func (g *game) Draw(screen *ebiten.Image) {
	if g.sc == nil {
		if g.standby {
			g.warmUp(screen)
			return
		}
		screen.Fill(colPaper)
		return
	}
	start, painted := time.Now(), false
	defer func() {
		for _, h := range g.hooks {
			h.drew(start, painted)
		}
	}()
	still, moving := g.sc.view()
	if still != g.stillKey {
		g.stillKey = still
		g.still.Fill(colPaper)
		g.sc.drawStill(g.still)
	}
	if g.drawn && still == g.shownKey && moving == g.movingKey {
		return // the screen already shows this (it is not cleared between frames)
	}
	bounds := g.sc.movingBounds()
	op := &ebiten.DrawImageOptions{Blend: ebiten.BlendCopy}
	if g.drawn && still == g.shownKey {
		// Only moving things changed: put back the still picture where
		// they were and where they are now, and draw them again. A cup
		// dragged across the screen repaints a few percent of it.
		dirty := union(append(g.lastBounds, bounds...)).Intersect(g.still.Bounds())
		if !dirty.Empty() {
			op.GeoM.Translate(float64(dirty.Min.X), float64(dirty.Min.Y))
			screen.DrawImage(g.still.SubImage(dirty).(*ebiten.Image), op)
		}
	} else {
		screen.DrawImage(g.still, op)
		g.fullCount++
	}
	g.sc.drawMoving(screen)
	g.shownKey, g.movingKey, g.lastBounds = still, moving, bounds
	painted = true
	if !g.drawn {
		g.drawn, g.readyAt = true, time.Now()
		g.say(launch.LineReady)
	}
}

// warmUp draws, while standing by, what an exhibit's first frame draws:
// a quiz through both layers and a picture scaled with filtering. Mesa
// compiles a shader the first time it is used and the first frames of a
// window are slow; here that happens before any visitor waits for it.
func (g *game) warmUp(screen *ebiten.Image) {
	const frames = 3
	if g.paint == nil || g.warmed >= frames {
		return
	}
	if g.warm == nil {
		q := launch.Spec{Kind: launch.Quiz, Title: "清廉答题", Questions: []content.Question{
			{Q: "清风正气，廉洁自律，从我做起？", Choices: []string{"对", "错", "不知道", "再想想"}, Answer: 0, Explain: "答对了"}}}
		sc, err := newScene(exhibit{spec: q}, g.canvas, g.paint)
		if err != nil {
			g.log.Warn("warm-up", "err", err)
			g.warmed = frames
			return
		}
		g.warm = sc.(*quizScene)
		g.warm.Update(time.Now(), play.Input{})
	}
	g.still.Fill(colPaper)
	g.warm.drawStill(g.still)
	screen.DrawImage(g.still, &ebiten.DrawImageOptions{Blend: ebiten.BlendCopy})
	g.warm.drawMoving(screen)
	op := &ebiten.DrawImageOptions{Filter: ebiten.FilterLinear}
	op.GeoM.Scale(0.25, 0.25)
	screen.DrawImage(g.still, op)
	g.warmed++
	if g.warmed == frames {
		g.say(launch.LineStandby)
		if g.release != nil {
			go g.release()
		}
	}
}

// newStill is the image the still layer is drawn into: as large as the
// screen, a texture of its own (unmanaged) rather than a region of one of
// Ebiten's shared atlases. On an atlas it is moved between the atlases
// that are drawn into and those drawn from as it is redrawn and copied,
// and the atlas that takes it grows to twice its size or more: with
// Mesa's software renderer, which keeps textures in the process's memory,
// the largest atlas during 剪纸拼图 was 64–80 MiB with the still layer on
// it and 32–48 MiB without.
func newStill(w, h int) *ebiten.Image {
	return ebiten.NewImageWithOptions(image.Rect(0, 0, w, h), &ebiten.NewImageOptions{Unmanaged: true})
}

// union is the smallest whole-pixel rectangle covering rs.
func union(rs []play.Rect) image.Rectangle {
	var u image.Rectangle
	for _, r := range rs {
		if r.Empty() {
			continue
		}
		u = u.Union(image.Rect(int(math.Floor(r.X)), int(math.Floor(r.Y)), int(math.Ceil(r.X+r.W)), int(math.Ceil(r.Y+r.H))))
	}
	return u
}

// blankScene is the empty game the frame rates are measured against: it
// draws nothing, and Ebiten clears the screen every frame.
type blankGame struct {
	out        io.Writer
	bench      time.Duration
	from       time.Time
	frames     int
	startFrame int
	w, h       int
	ready      bool
}

func (b *blankGame) Layout(w, h int) (int, int) { b.w, b.h = w, h; return w, h }

func (b *blankGame) Update() error {
	if !b.ready {
		return nil
	}
	now := time.Now()
	if b.from.IsZero() {
		b.from, b.startFrame = now, b.frames
	} else if d := now.Sub(b.from); b.bench > 0 && d >= b.bench {
		n := b.frames - b.startFrame
		fps := float64(n) / d.Seconds()
		fmt.Fprintf(b.out, "fps %.2f moving %.2f frames %d seconds %.2f drawn %d full %d size %dx%d\n", fps, fps, n, d.Seconds(), n, n, b.w, b.h)
		return ebiten.Termination
	}
	return nil
}

func (b *blankGame) Draw(*ebiten.Image) {
	b.frames++
	if !b.ready {
		b.ready = true
		fmt.Fprintln(b.out, launch.LineReady)
	}
}
