// Package teas holds the rules of 七味茶: the visitor drags each tea (a cup)
// onto the saying (清廉茶语) that belongs to it. A right drop seats the cup on
// its card for good; a drop on a wrong card, or anywhere else, sends the cup
// back home with a "wrong" feedback. Matching every pair finishes the
// exhibit. The pairs come from the caller, so content can supply them; it
// draws nothing: an Ebiten scene calls Update every tick and draws View.
package teas

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"qingfeng/exhibits/play"
)

// Pair is one tea and the saying that goes with it.
type Pair struct {
	Tea    string
	Saying string
}

// ErrPairs is returned by New for pairs the exhibit cannot play.
var ErrPairs = errors.New("tea pairs cannot be played")

// Pair counts the layout has room for: one row of cups in landscape, one
// column in portrait. Two is the least a shuffle can disturb.
const (
	MinPairs = 2
	MaxPairs = 8
)

// Animation and message lengths.
const (
	DefaultReturnFor = 600 * time.Millisecond // a rejected cup slides home, shaking
	DefaultSeatFor   = 400 * time.Millisecond // a matched cup settles on its card
	DefaultFinishFor = time.Second            // the end banner comes in
	messageFor       = 3 * time.Second        // a passing message before the hint returns
)

// Options shape one run of the exhibit.
type Options struct {
	Canvas play.Size // zero: play.Landscape
	Timing play.Timing
	// Seed orders the saying cards; the same seed gives the same order.
	// The program passes something that changes (the start time), tests a
	// constant.
	Seed uint64
	// Title for the title bar; empty: 七味茶 · 清廉茶语.
	Title string
	// Footnote, if set, is shown small under the cards: where the sayings
	// come from (DemoFootnote for DemoTeaPairs).
	Footnote string
	TapSlop  float64 // zero: play.DefaultTapSlop
}

// CupState is what a cup is doing.
type CupState int

const (
	Waiting   CupState = iota // at home, ready to be picked up
	Held                      // following a finger
	Returning                 // sliding home after a wrong drop
	Seated                    // on its own card, locked
)

func (s CupState) String() string {
	switch s {
	case Waiting:
		return "waiting"
	case Held:
		return "held"
	case Returning:
		return "returning"
	case Seated:
		return "seated"
	}
	return "unknown"
}

// Flash is the feedback a card is showing.
type Flash int

const (
	NoFlash    Flash = iota
	RightFlash       // its cup has just been seated
	WrongFlash       // a cup that does not belong was just dropped on it
)

func (f Flash) String() string {
	switch f {
	case NoFlash:
		return "none"
	case RightFlash:
		return "right"
	case WrongFlash:
		return "wrong"
	}
	return "unknown"
}

type cup struct {
	state CupState
	pos   play.Point // top-left while waiting, held or seated; start of the slide while returning
	anim  play.Anim
	wrong bool // the return is a rejection, not a quiet put-back
}

type card struct {
	pair    int // which pair's saying the card shows
	matched bool
	flash   Flash
	anim    play.Anim
}

// Exhibit is one visitor's run of 七味茶.
type Exhibit struct {
	pairs  []Pair
	opt    Options
	frame  play.Frame
	lay    layout
	taps   play.Taps
	sess   play.Session
	now    time.Time
	cups   []cup
	cards  []card     // in screen order
	drag   *play.Drag // the cups' paint order, and which finger holds which
	say    play.Caption
	seated int
	finish play.Anim
}

// New prepares a run with pairs. It refuses fewer than MinPairs or more
// than MaxPairs, a blank tea or saying, and a repeated tea or saying (a
// visitor could not tell which card is meant).
func New(pairs []Pair, opt Options) (*Exhibit, error) {
	if n := len(pairs); n < MinPairs || n > MaxPairs {
		return nil, fmt.Errorf("%d pairs, want %d to %d: %w", n, MinPairs, MaxPairs, ErrPairs)
	}
	teas, sayings := map[string]bool{}, map[string]bool{}
	for i, p := range pairs {
		if p.Tea == "" || p.Saying == "" {
			return nil, fmt.Errorf("pair %d has a blank tea or saying: %w", i+1, ErrPairs)
		}
		if teas[p.Tea] || sayings[p.Saying] {
			return nil, fmt.Errorf("pair %d repeats tea %q or its saying: %w", i+1, p.Tea, ErrPairs)
		}
		teas[p.Tea], sayings[p.Saying] = true, true
	}
	if opt.Canvas.W <= 0 || opt.Canvas.H <= 0 {
		opt.Canvas = play.Landscape
	}
	if opt.Title == "" {
		opt.Title = "七味茶 · 清廉茶语"
	}
	x := &Exhibit{
		pairs: append([]Pair(nil), pairs...),
		opt:   opt,
		frame: play.NewFrame(opt.Canvas),
		taps:  play.Taps{Slop: opt.TapSlop},
		sess:  play.NewSession(opt.Timing),
		say:   play.Caption{Hint: "按住茶杯，拖到与它相配的茶语上"},
	}
	x.lay = newLayout(x.frame, len(pairs))
	for i := range pairs {
		x.cups = append(x.cups, cup{pos: x.lay.homes[i].Min()})
	}
	x.drag = play.NewDrag(len(pairs), nil)
	for _, p := range Shuffle(len(pairs), opt.Seed) {
		x.cards = append(x.cards, card{pair: p})
	}
	return x, nil
}

// Shuffle returns the order of the saying cards for n pairs and a seed:
// a permutation where no saying sits in the slot of its own cup, since a
// card straight across from its cup would give the answer away.
func Shuffle(n int, seed uint64) []int {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	if n < 2 {
		return p
	}
	for {
		r.Shuffle(n, func(i, j int) { p[i], p[j] = p[j], p[i] })
		fixed := false
		for i, v := range p {
			fixed = fixed || i == v
		}
		if !fixed {
			return p
		}
	}
}

// Update advances the exhibit to now, applying this tick's pointer events.
// After the exhibit is done it ignores everything.
func (x *Exhibit) Update(now time.Time, in play.Input) {
	if x.sess.Done() {
		return
	}
	x.now = now
	for _, e := range in.Events {
		if at, tap := x.taps.Observe(e); tap && x.lay.exit.Contains(at) {
			x.sess.Exit()
			return
		}
		x.pointer(now, e)
	}
	for i := range x.cups {
		c := &x.cups[i]
		if c.state == Returning && !c.anim.Running(now) {
			c.state, c.pos, c.wrong = Waiting, x.lay.homes[i].Min(), false
		}
	}
	x.sess.Tick(now, in)
}

func (x *Exhibit) pointer(now time.Time, e play.Event) {
	if _, done := x.sess.Finished(); done && e.Kind == play.Press {
		return
	}
	d := x.drag.Pointer(e, cups{x}, x.frame.Body)
	c := &x.cups[d.Thing]
	switch d.Kind {
	case play.DragGrabbed:
		// A returning cup is caught where it is seen.
		c.pos, c.state, c.wrong, c.anim = d.At, Held, false, play.Anim{}
	case play.DragMoved:
		c.pos = d.At
	case play.DragDropped:
		x.drop(now, d.Thing)
	case play.DragLost:
		x.sendHome(now, d.Thing, false)
	}
}

// cups are the exhibit's cups as play.Drag sees them.
type cups struct{ x *Exhibit }

func (c cups) Rect(i int) play.Rect { return c.x.cupRect(i) }

// Grabbable: a seated cup is part of its card.
func (c cups) Grabbable(i int) bool { return c.x.cups[i].state != Seated }

// drop decides where a released cup goes, by the card under its centre:
// the cup the visitor sees, wherever the finger held it.
func (x *Exhibit) drop(now time.Time, i int) {
	r := x.cupRect(i)
	centre := r.Center()
	tea := x.pairs[i].Tea
	for slot, cr := range x.lay.cards {
		if !cr.Contains(centre) {
			continue
		}
		k := &x.cards[slot]
		switch {
		case k.pair == i:
			c := &x.cups[i]
			c.state, c.pos, c.anim = Seated, x.lay.seats[slot].Min(), play.StartAnim(now, DefaultSeatFor)
			k.matched, k.flash, k.anim = true, RightFlash, play.StartAnim(now, DefaultSeatFor)
			x.drag.Lower(i)
			x.seated++
			x.say.Say(now, "对上了！"+tea, messageFor)
			if x.seated == len(x.pairs) {
				x.finish = play.StartAnim(now, DefaultFinishFor)
				x.sess.Finish(now)
			}
		case k.matched:
			k.flash, k.anim = WrongFlash, play.StartAnim(now, DefaultReturnFor)
			x.say.Say(now, "这句茶语已经配好了，换一张试试", messageFor)
			x.sendHome(now, i, true)
		default:
			k.flash, k.anim = WrongFlash, play.StartAnim(now, DefaultReturnFor)
			x.say.Say(now, "再想想："+tea+"配的不是这一句", messageFor)
			x.sendHome(now, i, true)
		}
		return
	}
	if x.lay.homes[i].Contains(centre) {
		// Barely moved: a tap or a nudge, not an attempt. Put it back
		// without calling it wrong, and say how to play.
		x.cups[i].state, x.cups[i].pos = Waiting, x.lay.homes[i].Min()
		x.say.Say(now, "按住茶杯不放，拖到茶语卡片上再松手", messageFor)
		return
	}
	x.say.Say(now, "要把茶杯放到一张茶语卡片上", messageFor)
	x.sendHome(now, i, true)
}

func (x *Exhibit) sendHome(now time.Time, i int, wrong bool) {
	c := &x.cups[i]
	c.state, c.anim, c.wrong = Returning, play.StartAnim(now, DefaultReturnFor), wrong
}

// cupRect is where cup i is now.
func (x *Exhibit) cupRect(i int) play.Rect {
	c := x.cups[i]
	home := x.lay.homes[i]
	if c.state != Returning {
		return home.At(c.pos)
	}
	// Ease out, so the cup leaves the wrong card briskly and settles home.
	t := c.anim.Progress(x.now)
	t = 1 - (1-t)*(1-t)
	to := home.Min()
	return home.At(play.Point{X: c.pos.X + (to.X-c.pos.X)*t, Y: c.pos.Y + (to.Y-c.pos.Y)*t})
}

// Done reports whether the exhibit should close.
func (x *Exhibit) Done() bool { return x.sess.Done() }

// Outcome is how the exhibit ended, or play.Running.
func (x *Exhibit) Outcome() play.Outcome { return x.sess.Outcome() }

// Cup is a tea as drawn: a cup picture with the tea's name under it.
type Cup struct {
	Index int       // which pair, as given to New
	Rect  play.Rect // the whole cup, where it is now: also what a finger grabs
	Icon  play.Rect // the cup picture, inside Rect
	Name  play.Text // the tea's name, inside Rect
	State CupState
	// Wrong is set while a rejected cup slides home: draw it shaking or
	// tinted. A cup put back quietly (a tap, a lost touch) slides without it.
	Wrong bool
	// Anim runs 0→1 while Returning (the slide home) and after Seated
	// (settling); 1 otherwise.
	Anim float64
}

// Card is a saying as drawn.
type Card struct {
	Index   int       // which pair's saying
	Rect    play.Rect // the whole card: a cup whose centre is dropped in it lands on it
	Seat    play.Rect // where its cup sits once matched, inside Rect
	Saying  play.Text
	Matched bool
	Flash   Flash   // feedback being shown, NoFlash once over
	Anim    float64 // 0→1 over the flash
}

// View is everything the drawer shows for one frame.
type View struct {
	Title    play.Text
	Exit     play.Text
	Hint     play.Text // how to play, or a passing message about the last move
	Count    play.Text // 已配好 3/7
	Footnote play.Text
	Cards    []Card // in screen order
	Cups     []Cup  // in paint order: draw them first to last, after the cards
	Matched  int
	Total    int
	// Finished: every pair is matched. Finale is the banner to show over
	// the board, FinishAnim its 0→1 entrance.
	Finished   bool
	Finale     play.Text
	FinishAnim float64
	Outcome    play.Outcome
}

// View returns the state to draw, as of the last Update.
func (x *Exhibit) View() View {
	f, l, now := x.frame, x.lay, x.now
	n := len(x.pairs)
	v := View{
		Title:   f.TitleText(x.opt.Title),
		Exit:    f.ExitText(),
		Hint:    play.Text{Str: x.say.Text(now), Rect: l.hint, Size: f.Font(play.FontBody)},
		Count:   play.Text{Str: fmt.Sprintf("已配好 %d/%d", x.seated, n), Rect: l.count, Size: f.Font(play.FontBody)},
		Matched: x.seated,
		Total:   n,
		Outcome: x.sess.Outcome(),
	}
	if x.opt.Footnote != "" {
		v.Footnote = play.Text{Str: x.opt.Footnote, Rect: l.footnote, Size: f.Font(play.FontSmall) * 0.8}
	}
	for slot, k := range x.cards {
		c := Card{
			Index:   k.pair,
			Rect:    l.cards[slot],
			Seat:    l.seats[slot],
			Saying:  play.Text{Str: x.pairs[k.pair].Saying, Rect: l.sayings[slot], Size: f.Font(play.FontSmall)},
			Matched: k.matched,
			Anim:    k.anim.Progress(now),
		}
		if k.anim.Running(now) {
			c.Flash = k.flash
		}
		v.Cards = append(v.Cards, c)
	}
	for _, i := range x.drag.Order() {
		c := x.cups[i]
		r := x.cupRect(i)
		icon, name := r.Bottom(l.nameH)
		v.Cups = append(v.Cups, Cup{
			Index: i,
			Rect:  r,
			Icon:  icon.Inset(f.Gap / 2),
			Name:  play.Text{Str: x.pairs[i].Tea, Rect: name, Size: f.Font(play.FontBody)},
			State: c.state,
			Wrong: c.state == Returning && c.wrong,
			Anim:  c.anim.Progress(now),
		})
	}
	if _, done := x.sess.Finished(); done {
		v.Finished = true
		msg := "全部配好了！茶香清，心更清。"
		if n == 7 {
			msg = "七味茶全部配好了！茶香清，心更清。"
		}
		v.Finale = play.Text{Str: msg, Rect: l.finale, Size: f.Font(play.FontLarge)}
		v.FinishAnim = x.finish.Progress(now)
	}
	return v
}
