// Package exhibits_test checks that every exhibit fits every panel a hall
// has, as the shell's kiosk/fits_test does for its screens: the exhibits'
// layouts are pure, so this runs headless, measuring text with the bundled
// font the program draws with.
package exhibits_test

import (
	"context"
	"fmt"
	"image"
	_ "image/png"
	"math"
	"path"
	"testing"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"

	"qingfeng/assets"
	"qingfeng/content"
	"qingfeng/content/parse"
	"qingfeng/exhibits/jigsaw"
	"qingfeng/exhibits/play"
	"qingfeng/exhibits/play/playtest"
	"qingfeng/exhibits/quiz"
	"qingfeng/exhibits/teas"
)

// panels are the screens of issue "every panel a hall really has", each at
// the scale the shell would choose there (1 below 1080p: reflow, not
// shrink) and, for the 4K ones, at a configured screen.scale of 1 too.
var panels = []play.Size{
	{W: 1280, H: 720, Scale: 1}, {W: 1280, H: 800, Scale: 1}, {W: 1280, H: 1024, Scale: 1},
	{W: 1366, H: 768, Scale: 1}, {W: 1920, H: 1080, Scale: 1}, {W: 2560, H: 1440, Scale: 1.3},
	{W: 3840, H: 2160, Scale: 2}, {W: 3840, H: 2160, Scale: 1},
	{W: 720, H: 1280, Scale: 1}, {W: 800, H: 1280, Scale: 1}, {W: 1024, H: 1280, Scale: 1},
	{W: 768, H: 1366, Scale: 1}, {W: 1080, H: 1920, Scale: 1}, {W: 1440, H: 2560, Scale: 1.3},
	{W: 2160, H: 3840, Scale: 2}, {W: 2160, H: 3840, Scale: 1},
}

// The rules every view must keep, in design units (× the scale):
//   - every text and touch target lies inside the canvas;
//   - every touch target is at least minTouch in both directions, as the
//     shell's (kiosk/theme MinTouch);
//   - no two touch targets overlap (a tap has one meaning);
//   - every text fits its box as the program draws it (play.Lay: shrunk
//     at most to play.MinShrink), and no text is then smaller than
//     minText, the shell's own body text: a long saying may be drawn
//     smaller than its design size, never smaller than the screens
//     around it;
//   - nothing that should show is empty.
//
// Small print (texts designed under play.FontBody: a footnote, the
// progress line, an explanation) may go down to minSmall, the shell's
// caption size.
const (
	minTouch = 64
	minText  = 28
	minSmall = 22
)

// demo is the demo package's exhibits: the content an installed kiosk
// shows first, and the longest there is.
type demo struct {
	quiz    content.Quiz
	tea     content.TeaSet
	puzzle  content.Puzzle
	picture image.Point
}

func loadDemo(tb testing.TB) demo {
	tb.Helper()
	src, err := parse.FromFS("demo", assets.Demo())
	if err != nil {
		tb.Fatal(err)
	}
	pkg, problems := parse.Read(context.Background(), src, parse.Options{Limits: content.DefaultLimits()})
	if pkg == nil || len(pkg.Quizzes) == 0 || len(pkg.TeaSets) == 0 || len(pkg.Puzzles) == 0 {
		tb.Fatalf("the demo package has no exhibits: %v", problems)
	}
	d := demo{quiz: pkg.Quizzes[0], tea: pkg.TeaSets[0], puzzle: pkg.Puzzles[0]}
	for _, q := range pkg.Quizzes {
		if len(q.Questions) > len(d.quiz.Questions) {
			d.quiz = q
		}
	}
	for _, t := range pkg.TeaSets {
		if len(t.Pairs) > len(d.tea.Pairs) {
			d.tea = t
		}
	}
	f, err := assets.Demo().Open(path.Clean(d.puzzle.Image))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	cfg, _, err := image.DecodeConfig(f)
	if err != nil {
		tb.Fatal(err)
	}
	d.picture = image.Pt(cfg.Width, cfg.Height)
	return d
}

// measure gives a rune's advance in the bundled font (bold, the wider) at
// a size in pixels, as the program's text/v2 does.
type measure struct {
	font  *opentype.Font
	faces map[float64]font.Face
}

func newMeasure(tb testing.TB) *measure {
	tb.Helper()
	f, err := opentype.Parse(assets.FontBold())
	if err != nil {
		tb.Fatal(err)
	}
	return &measure{font: f, faces: map[float64]font.Face{}}
}

func (m *measure) advance(size float64, r rune) float64 {
	size = math.Round(size*2) / 2 // as the program's painter
	f, ok := m.faces[size]
	if !ok {
		var err error
		f, err = opentype.NewFace(m.font, &opentype.FaceOptions{Size: size, DPI: 72})
		if err != nil {
			panic(err)
		}
		m.faces[size] = f
	}
	a, _ := f.GlyphAdvance(r)
	return float64(a) / 64
}

// check collects what is wrong with one view.
type check struct {
	canvas  play.Size
	m       *measure
	faults  []string
	targets map[string]play.Rect
}

func newCheck(c play.Size, m *measure) *check {
	return &check{canvas: c, m: m, targets: map[string]play.Rect{}}
}

func (c *check) fault(format string, args ...any) {
	c.faults = append(c.faults, fmt.Sprintf(format, args...))
}

func (c *check) screen() play.Rect { return play.Rect{W: c.canvas.W, H: c.canvas.H} }

// text checks a text that must show.
func (c *check) text(name string, t play.Text) {
	switch {
	case !t.Visible():
		c.fault("%s is empty", name)
		return
	case t.Rect.Empty():
		c.fault("%s %q has no room: %v", name, t.Str, t.Rect)
		return
	case !t.Rect.Inside(c.screen()):
		c.fault("%s %q lies outside the canvas: %v", name, t.Str, t.Rect)
	}
	l := play.Lay(t, c.m.advance)
	if !l.Fits {
		c.fault("%s %q does not fit %.0f×%.0f even at %.0f px (%d lines)", name, t.Str, t.Rect.W, t.Rect.H, l.Size, len(l.Lines))
	} else if floor := c.floor(t); l.Size < floor-0.01 {
		c.fault("%s %q fits %.0f×%.0f only at %.1f px, under %.0f", name, t.Str, t.Rect.W, t.Rect.H, l.Size, floor)
	}
}

// exit checks the exit button, and that the exhibit is drawn at the
// shell's scale: its word at the design's button size times the scale,
// neither smaller (a 720p panel) nor larger (a 4K panel set to scale 1).
func (c *check) exit(t play.Text) {
	c.text("exit", t)
	c.target("exit", t.Rect)
	if want := play.FontButton * c.canvas.Scale; math.Abs(t.Size-want) > 0.01 {
		c.fault("返回 is drawn at %.1f px, not %.1f: the exhibit does not follow the shell's scale %g", t.Size, want, c.canvas.Scale)
	}
}

// floor is the smallest t may be drawn.
func (c *check) floor(t play.Text) float64 {
	u := c.canvas.Unit()
	if t.Size < play.FontBody*u-0.01 {
		return minSmall * u
	}
	return minText * u
}

// target checks a touch target, and later that it overlaps no other.
func (c *check) target(name string, r play.Rect) {
	u := c.canvas.Unit()
	if !r.Inside(c.screen()) {
		c.fault("%s lies outside the canvas: %v", name, r)
	}
	if r.W < minTouch*u-0.01 || r.H < minTouch*u-0.01 {
		c.fault("%s is %.0f×%.0f, under %.0f", name, r.W, r.H, minTouch*u)
	}
	c.targets[name] = r
}

// area checks a region that must show whole.
func (c *check) area(name string, r play.Rect) {
	if r.Empty() || !r.Inside(c.screen()) {
		c.fault("%s is empty or outside the canvas: %v", name, r)
	}
}

func (c *check) done(t *testing.T, state string) {
	t.Helper()
	names := make([]string, 0, len(c.targets))
	for n := range c.targets {
		names = append(names, n)
	}
	for i, a := range names {
		for _, b := range names[i+1:] {
			if c.targets[a].Overlaps(c.targets[b]) {
				c.fault("touch targets %s and %s overlap", a, b)
			}
		}
	}
	for _, f := range c.faults {
		t.Errorf("%s: %s", state, f)
	}
	c.faults, c.targets = nil, map[string]play.Rect{}
}

func panelName(c play.Size) string { return fmt.Sprintf("%.0fx%.0f@%g", c.W, c.H, c.Scale) }

func TestEveryExhibitFitsEveryPanel(t *testing.T) {
	d := loadDemo(t)
	m := newMeasure(t)
	for _, canvas := range panels {
		t.Run("quiz/"+panelName(canvas), func(t *testing.T) { quizFits(t, d, m, canvas) })
		t.Run("teas/"+panelName(canvas), func(t *testing.T) { teasFits(t, d, m, canvas) })
		t.Run("jigsaw/"+panelName(canvas), func(t *testing.T) { jigsawFits(t, d, m, canvas) })
	}
}

func quizFits(t *testing.T, d demo, m *measure, canvas play.Size) {
	x, err := quiz.New(d.quiz, quiz.Options{Canvas: canvas})
	if err != nil {
		t.Fatal(err)
	}
	dr := playtest.New(t, x)
	c := newCheck(canvas, m)
	frame := func(v quiz.View) {
		c.text("title", v.Title)
		c.exit(v.Exit)
	}
	for i, q := range d.quiz.Questions {
		v := x.View()
		frame(v)
		c.text("progress", v.Progress)
		c.text("question", v.Question)
		if len(v.Choices) != len(q.Choices) {
			t.Fatalf("question %d shows %d choices of %d", i+1, len(v.Choices), len(q.Choices))
		}
		for j, ch := range v.Choices {
			c.target(fmt.Sprintf("choice %s", quiz.Letter(j)), ch.Rect)
			c.text("letter", ch.Letter)
			c.text("choice", ch.Text)
			if !ch.Text.Rect.Inside(ch.Rect) || !ch.Letter.Rect.Inside(ch.Rect) {
				c.fault("choice %s's words lie outside its box", quiz.Letter(j))
			}
		}
		c.done(t, fmt.Sprintf("question %d asked", i+1))

		dr.Tap(v.Choices[(q.Answer+1)%len(q.Choices)].Rect.Center()) // a wrong answer: the longer feedback
		v = x.View()
		frame(v)
		c.text("progress", v.Progress)
		c.text("question", v.Question)
		for j, ch := range v.Choices {
			c.area(fmt.Sprintf("choice %s", quiz.Letter(j)), ch.Rect)
		}
		c.text("feedback", v.Feedback)
		if q.Explain != "" {
			c.text("explanation", v.Explain)
		}
		c.text("next", v.Next)
		c.target("next", v.Next.Rect)
		if v.Explain.Rect.Overlaps(v.Next.Rect) || v.Feedback.Rect.Overlaps(v.Next.Rect) {
			c.fault("the next button lies over the feedback")
		}
		c.done(t, fmt.Sprintf("question %d answered", i+1))
		dr.Tap(v.Next.Rect.Center())
	}
	v := x.View()
	if v.Phase != quiz.Scored {
		t.Fatalf("after every question the quiz is %v, not scored", v.Phase)
	}
	frame(v)
	c.text("score", v.Score)
	c.text("verdict", v.Message)
	c.done(t, "scored")
}

func teasFits(t *testing.T, d demo, m *measure, canvas play.Size) {
	pairs := make([]teas.Pair, len(d.tea.Pairs))
	for i, p := range d.tea.Pairs {
		pairs[i] = teas.Pair{Tea: p.Tea, Saying: p.Saying}
	}
	x, err := teas.New(pairs, teas.Options{Canvas: canvas, Title: d.tea.Title, Footnote: d.tea.Footnote, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	dr := playtest.New(t, x)
	c := newCheck(canvas, m)
	v := x.View()
	board := func(v teas.View) {
		c.text("title", v.Title)
		c.exit(v.Exit)
		c.text("hint", v.Hint)
		c.text("count", v.Count)
		c.text("footnote", v.Footnote)
		for i, card := range v.Cards {
			c.area(fmt.Sprintf("card %d", i), card.Rect)
			c.text("saying", card.Saying)
			for j, o := range v.Cards[:i] {
				if card.Rect.Overlaps(o.Rect) {
					c.fault("cards %d and %d overlap", j, i)
				}
			}
		}
	}
	board(v)
	for _, cup := range v.Cups {
		c.target(fmt.Sprintf("cup %d", cup.Index), cup.Rect)
		c.text("tea", cup.Name)
		for _, card := range v.Cards {
			if cup.Rect.Overlaps(card.Rect) {
				c.fault("cup %d at rest lies over a card", cup.Index)
			}
		}
	}
	c.done(t, "start")

	for i := range pairs {
		v := x.View()
		var from, to play.Point
		for _, cup := range v.Cups {
			if cup.Index == i {
				from = cup.Rect.Center()
			}
		}
		for _, card := range v.Cards {
			if card.Index == i {
				to = card.Rect.Center()
			}
		}
		dr.Drag(1, from, to)
	}
	dr.Wait(3 * time.Second)
	v = x.View()
	if !v.Finished {
		t.Fatalf("every cup carried to its saying, yet %d/%d matched", v.Matched, v.Total)
	}
	board(v)
	c.text("finale", v.Finale)
	c.done(t, "finished")
}

func jigsawFits(t *testing.T, d demo, m *measure, canvas play.Size) {
	x, err := jigsaw.New(jigsaw.Options{Canvas: canvas, Image: d.picture, Rows: d.puzzle.Rows, Cols: d.puzzle.Cols, Title: d.puzzle.Title, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	dr := playtest.New(t, x)
	c := newCheck(canvas, m)
	frame := func(v jigsaw.View) {
		c.text("title", v.Title)
		c.exit(v.Exit)
		c.text("hint", v.Hint)
		c.text("count", v.Count)
		c.area("board", v.Board)
		c.area("tray", v.Tray)
		if v.Board.Overlaps(v.Tray) {
			c.fault("the board and the tray overlap")
		}
	}
	v := x.View()
	frame(v)
	// Pieces lie scattered over one another in the tray, as on a table:
	// each is a target of its own size, but they may overlap.
	for _, p := range v.Pieces {
		c.area(fmt.Sprintf("piece %d", p.Index), p.Rect)
		u := canvas.Unit()
		if p.Rect.W < minTouch*u-0.01 || p.Rect.H < minTouch*u-0.01 {
			c.fault("piece %d is %.0f×%.0f, under %.0f", p.Index, p.Rect.W, p.Rect.H, minTouch*u)
		}
		if p.Rect.Overlaps(v.Exit.Rect) {
			c.fault("piece %d lies over 返回", p.Index)
		}
	}
	c.done(t, "start")

	for range v.Pieces {
		v := x.View()
		p := v.Pieces[len(v.Pieces)-1] // the topmost: nothing lies over it
		for _, q := range v.Pieces {
			if q.State != jigsaw.Placed {
				p = q
			}
		}
		dr.Drag(1, p.Rect.Center(), p.Home.Center())
	}
	dr.Wait(3 * time.Second)
	v = x.View()
	if !v.Finished {
		t.Fatalf("every piece carried home, yet %d/%d placed", v.Placed, v.Total)
	}
	frame(v)
	c.text("finale", v.Finale)
	c.done(t, "finished")
}
