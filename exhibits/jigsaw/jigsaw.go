// Package jigsaw holds the rules of 剪纸拼图: a picture (a paper-cut) cut into
// a grid of rectangular pieces that start scattered in a tray beside the
// board. Visitors drag pieces, several at once with several fingers; a
// piece released near its home snaps there and stays. It draws nothing and
// decodes no image: the caller gives the picture's size, and the drawer
// blits each piece's source rectangle to its place.
package jigsaw

import (
	"errors"
	"fmt"
	"image"
	"math/rand/v2"
	"time"

	"qingfeng/exhibits/play"
)

// ErrShape is returned by New for a picture or grid it cannot cut.
var ErrShape = errors.New("jigsaw cannot be cut")

// MaxSide bounds rows and columns: beyond it pieces get too small for a
// finger on a hall screen.
const MaxSide = 10

// Defaults.
const (
	DefaultSnap      = 40                      // canvas units from home that still snap
	DefaultSnapFor   = 300 * time.Millisecond  // a snapped piece's settle
	DefaultFinishFor = 1500 * time.Millisecond // the finished picture's reveal
)

// Options shape one run of the puzzle.
type Options struct {
	Canvas play.Size // zero: play.Landscape
	Timing play.Timing
	// Image is the picture's size in pixels.
	Image image.Point
	// Rows and Cols cut the picture; zero: 3×4 for a picture wider than
	// tall, 4×3 otherwise, so pieces stay near square.
	Rows, Cols int
	// Seed scatters the pieces; the same seed gives the same tray.
	Seed uint64
	// Snap is how near its home, in canvas units, a released piece must
	// be to snap; zero: DefaultSnap.
	Snap float64
	// Title for the title bar; empty: 剪纸拼图.
	Title   string
	TapSlop float64 // zero: play.DefaultTapSlop
}

// PieceState is what a piece is doing.
type PieceState int

const (
	Loose  PieceState = iota // lying where it was left, free to pick up
	Held                     // following a finger
	Placed                   // snapped home, locked
)

func (s PieceState) String() string {
	switch s {
	case Loose:
		return "loose"
	case Held:
		return "held"
	case Placed:
		return "placed"
	}
	return "unknown"
}

type piece struct {
	src   image.Rectangle
	home  play.Rect
	pos   play.Point // top-left now
	state PieceState
	anim  play.Anim
}

// Exhibit is one visitor's run of the puzzle.
type Exhibit struct {
	opt        Options
	frame      play.Frame
	taps       play.Taps
	sess       play.Session
	now        time.Time
	board      play.Rect
	tray       play.Rect
	area       play.Rect // where pieces may be dragged
	hint       play.Rect
	count      play.Rect
	finale     play.Rect
	scale      float64
	pieces     []piece
	drag       *play.Drag // the pieces' paint order, and which finger holds which
	say        play.Caption
	placed     int
	finish     play.Anim
	finishedIn time.Duration
}

// New cuts the picture and scatters the pieces. It refuses an empty
// picture, a grid outside 1..MaxSide, and pieces smaller than a pixel.
func New(opt Options) (*Exhibit, error) {
	if opt.Image.X <= 0 || opt.Image.Y <= 0 {
		return nil, fmt.Errorf("picture size %v: %w", opt.Image, ErrShape)
	}
	if opt.Rows == 0 && opt.Cols == 0 {
		opt.Rows, opt.Cols = 3, 4
		if opt.Image.Y >= opt.Image.X {
			opt.Rows, opt.Cols = 4, 3
		}
	}
	if opt.Rows < 1 || opt.Cols < 1 || opt.Rows > MaxSide || opt.Cols > MaxSide {
		return nil, fmt.Errorf("%d×%d pieces, want 1 to %d a side: %w", opt.Rows, opt.Cols, MaxSide, ErrShape)
	}
	if opt.Rows*opt.Cols < 2 {
		return nil, fmt.Errorf("a single piece is no puzzle: %w", ErrShape)
	}
	if opt.Image.X < opt.Cols || opt.Image.Y < opt.Rows {
		return nil, fmt.Errorf("a %v picture cannot be cut %d×%d: %w", opt.Image, opt.Rows, opt.Cols, ErrShape)
	}
	if opt.Canvas.W <= 0 || opt.Canvas.H <= 0 {
		opt.Canvas = play.Landscape
	}
	if opt.Snap <= 0 {
		opt.Snap = DefaultSnap
	}
	if opt.Title == "" {
		opt.Title = "剪纸拼图"
	}
	x := &Exhibit{
		opt:   opt,
		frame: play.NewFrame(opt.Canvas),
		taps:  play.Taps{Slop: opt.TapSlop},
		sess:  play.NewSession(opt.Timing),
		say:   play.Caption{Hint: "把碎片拖到图中它的位置，靠近了会自动吸住"},
	}
	x.lay()
	x.cut()
	x.scatter()
	return x, nil
}

// cut divides the picture by whole pixels, so the pieces tile it exactly
// even when its size does not divide by the grid.
func (x *Exhibit) cut() {
	w, h := x.opt.Image.X, x.opt.Image.Y
	rows, cols := x.opt.Rows, x.opt.Cols
	for r := range rows {
		for c := range cols {
			src := image.Rect(c*w/cols, r*h/rows, (c+1)*w/cols, (r+1)*h/rows)
			home := play.Rect{
				X: x.board.X + float64(src.Min.X)*x.scale,
				Y: x.board.Y + float64(src.Min.Y)*x.scale,
				W: float64(src.Dx()) * x.scale,
				H: float64(src.Dy()) * x.scale,
			}
			x.pieces = append(x.pieces, piece{src: src, home: home})
		}
	}
}

// scatter lays the pieces on the tray: one per cell of a grid shaped like
// the tray, in a shuffled order, each jittered within its cell. Pieces may
// overlap a little, like paper on a table, but every one shows a corner.
func (x *Exhibit) scatter() {
	n := len(x.pieces)
	r := rand.New(rand.NewPCG(x.opt.Seed, x.opt.Seed^0x2545f4914f6cdd1d))
	pw, ph := x.pieces[0].home.W, x.pieces[0].home.H
	// The cell grid that wastes least: the one whose cells best fit a piece.
	best, bestCols := -1.0, 1
	for cols := 1; cols <= n; cols++ {
		rows := (n + cols - 1) / cols
		fit := min(x.tray.W/float64(cols)/pw, x.tray.H/float64(rows)/ph)
		if fit > best {
			best, bestCols = fit, cols
		}
	}
	cols := bestCols
	rows := (n + cols - 1) / cols
	cells := x.tray.Grid(rows, cols, 0)
	slots := r.Perm(len(cells))[:n]
	for i := range x.pieces {
		p := &x.pieces[i]
		cell := cells[slots[i]]
		c := cell.Center()
		jx := (r.Float64() - 0.5) * max(cell.W-p.home.W, cell.W*0.3)
		jy := (r.Float64() - 0.5) * max(cell.H-p.home.H, cell.H*0.3)
		at := play.Point{X: c.X - p.home.W/2 + jx, Y: c.Y - p.home.H/2 + jy}
		p.pos = p.home.At(at).Clamp(x.tray).Min()
	}
	x.drag = play.NewDrag(n, r.Perm(n))
}

// Update advances the puzzle to now, applying this tick's pointer events.
// After the exhibit is done it ignores everything.
func (x *Exhibit) Update(now time.Time, in play.Input) {
	if x.sess.Done() {
		return
	}
	x.now = now
	for _, e := range in.Events {
		if at, tap := x.taps.Observe(e); tap && x.frame.Exit.Contains(at) {
			x.sess.Exit()
			return
		}
		x.pointer(now, e)
	}
	x.sess.Tick(now, in)
}

func (x *Exhibit) pointer(now time.Time, e play.Event) {
	d := x.drag.Pointer(e, pieces{x}, x.area)
	p := &x.pieces[d.Thing]
	switch d.Kind {
	case play.DragGrabbed:
		p.state = Held
	case play.DragMoved:
		p.pos = d.At
	case play.DragDropped:
		x.drop(now, d.Thing)
	case play.DragLost:
		// Left where it is: a lost touch is not a placement.
		p.state = Loose
	}
}

// pieces are the puzzle's pieces as play.Drag sees them.
type pieces struct{ x *Exhibit }

func (ps pieces) Rect(i int) play.Rect {
	p := ps.x.pieces[i]
	return p.home.At(p.pos)
}

// Grabbable: placed pieces are part of the board and never picked up, so
// a finger on one reaches nothing.
func (ps pieces) Grabbable(i int) bool { return ps.x.pieces[i].state == Loose }

func (x *Exhibit) drop(now time.Time, i int) {
	p := &x.pieces[i]
	if p.pos.Dist(p.home.Min()) > x.opt.Snap {
		p.state = Loose
		return
	}
	p.state, p.pos, p.anim = Placed, p.home.Min(), play.StartAnim(now, DefaultSnapFor)
	x.drag.Lower(i)
	x.placed++
	x.say.Say(now, "放对了！", 2*time.Second)
	if x.placed == len(x.pieces) {
		x.finish = play.StartAnim(now, DefaultFinishFor)
		x.finishedIn = now.Sub(x.sess.Started())
		x.sess.Finish(now)
	}
}

// Done reports whether the exhibit should close.
func (x *Exhibit) Done() bool { return x.sess.Done() }

// Outcome is how the exhibit ended, or play.Running.
func (x *Exhibit) Outcome() play.Outcome { return x.sess.Outcome() }

// Piece is one piece as drawn: copy Src of the picture, scaled by
// View.Scale, to Rect.
type Piece struct {
	Index int // row*Cols + col
	Row   int
	Col   int
	Src   image.Rectangle // in the picture's pixels
	Rect  play.Rect       // where it is now, Src's size times Scale
	Home  play.Rect       // where it belongs on the board
	State PieceState
	Anim  float64 // 0→1 as a placed piece settles; 1 otherwise
}

// View is everything the drawer shows for one frame.
type View struct {
	Title play.Text
	Exit  play.Text
	Hint  play.Text // how to play, or 放对了！ for a moment
	Count play.Text // 已拼好 3/12
	// Board is where the whole picture lies when done: draw a faint
	// outline or ghost of it so visitors know where pieces go.
	Board play.Rect
	Tray  play.Rect // where the pieces started
	// Scale is canvas units per picture pixel, for blitting pieces.
	Scale  float64
	Pieces []Piece // in paint order: draw first to last
	Placed int
	Total  int
	// Finished: every piece is home. Finale says so (with the time
	// taken); FinishAnim runs 0→1 over 1.5 s, for the reveal.
	Finished   bool
	Finale     play.Text
	FinishAnim float64
	Outcome    play.Outcome
}

// View returns the state to draw, as of the last Update.
func (x *Exhibit) View() View {
	f, now := x.frame, x.now
	v := View{
		Title:   f.TitleText(x.opt.Title),
		Exit:    f.ExitText(),
		Hint:    play.Text{Str: x.say.Text(now), Rect: x.hint, Size: f.Font(play.FontBody)},
		Count:   play.Text{Str: fmt.Sprintf("已拼好 %d/%d", x.placed, len(x.pieces)), Rect: x.count, Size: f.Font(play.FontBody)},
		Board:   x.board,
		Tray:    x.tray,
		Scale:   x.scale,
		Placed:  x.placed,
		Total:   len(x.pieces),
		Outcome: x.sess.Outcome(),
	}
	for _, i := range x.drag.Order() {
		p := x.pieces[i]
		v.Pieces = append(v.Pieces, Piece{
			Index: i,
			Row:   i / x.opt.Cols,
			Col:   i % x.opt.Cols,
			Src:   p.src,
			Rect:  p.home.At(p.pos),
			Home:  p.home,
			State: p.state,
			Anim:  p.anim.Progress(now),
		})
	}
	if _, done := x.sess.Finished(); done {
		v.Finished = true
		v.Finale = play.Text{Str: "拼好了！" + Took(x.finishedIn), Rect: x.finale, Size: f.Font(play.FontLarge)}
		v.FinishAnim = x.finish.Progress(now)
	}
	return v
}

// Took says how long the visitor took, the way a clock is read aloud.
func Took(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s < 60 {
		return fmt.Sprintf("用时 %d 秒", s)
	}
	return fmt.Sprintf("用时 %d 分 %02d 秒", s/60, s%60)
}

// lay places the board, the tray and the texts: the board beside the tray
// on a landscape screen, above it on a portrait one.
func (x *Exhibit) lay() {
	f := x.frame
	u, gap := f.Unit, f.Gap
	body := f.Body
	x.hint, x.count, body = play.HintAndCount(f, body, 320*u)
	_, body = body.Top(gap)
	x.area = body
	var boardArea play.Rect
	if f.Canvas.IsPortrait() {
		boardArea, x.tray = body.Top(body.H * 0.55)
		_, x.tray = x.tray.Top(40 * u)
	} else {
		boardArea, x.tray = body.Left(body.W * 0.6)
		_, x.tray = x.tray.Left(40 * u)
	}
	x.board, x.scale = boardArea.Fit(play.Size{W: float64(x.opt.Image.X), H: float64(x.opt.Image.Y)})
	x.finale = play.Rect{X: x.board.X, Y: x.board.Y + x.board.H*0.35, W: x.board.W, H: x.board.H * 0.3}
}
