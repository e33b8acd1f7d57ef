// Package quiz holds the rules of 清廉答题: one multiple-choice question at
// a time from a content.Quiz, in the package's order, an answer locked by
// the first tap, feedback with the explanation, then 下一题, and a score
// screen at the end. It draws nothing: an Ebiten scene calls Update every
// tick and draws View.
package quiz

import (
	"errors"
	"fmt"
	"time"

	"qingfeng/content"
	"qingfeng/exhibits/play"
)

// ErrNoQuestions is returned by New for a quiz with nothing to ask: the
// exhibit would open straight onto a score of 0/0.
var ErrNoQuestions = errors.New("quiz has no questions")

// ErrBadQuestion is returned by New for a question the exhibit cannot show
// (too few or too many choices, or an answer that is not one of them). The
// package checker refuses these already; this guards a quiz built by hand.
var ErrBadQuestion = errors.New("quiz question cannot be shown")

// Choice counts the layout has room for; the content checker uses the same.
const (
	MinChoices = 2
	MaxChoices = 6
)

// DefaultFeedbackFor is how long the right/wrong animation runs.
const DefaultFeedbackFor = 600 * time.Millisecond

// Options shape one run of the quiz.
type Options struct {
	Canvas play.Size // zero: play.Landscape
	Timing play.Timing
	// FeedbackFor is the length of the right/wrong animation; zero:
	// DefaultFeedbackFor.
	FeedbackFor time.Duration
	// TapSlop is how far a finger may slide and still tap; zero:
	// play.DefaultTapSlop.
	TapSlop float64
}

// Phase is where the visitor is in the quiz.
type Phase int

const (
	Asking   Phase = iota // the question waits for a tap on a choice
	Answered              // the answer is locked; feedback, explanation and 下一题 show
	Scored                // the end screen with the score
)

func (p Phase) String() string {
	switch p {
	case Asking:
		return "asking"
	case Answered:
		return "answered"
	case Scored:
		return "scored"
	}
	return "unknown"
}

// Mark is how a choice is drawn once the answer is locked.
type Mark int

const (
	Plain    Mark = iota // not chosen, not the answer (or not answered yet)
	Right                // chosen, and correct
	Wrong                // chosen, and not correct
	Revealed             // not chosen, but the correct answer: shown after a wrong pick
)

func (m Mark) String() string {
	switch m {
	case Plain:
		return "plain"
	case Right:
		return "right"
	case Wrong:
		return "wrong"
	case Revealed:
		return "revealed"
	}
	return "unknown"
}

// Exhibit is one visitor's run through a quiz.
type Exhibit struct {
	quiz  content.Quiz
	opt   Options
	frame play.Frame
	taps  play.Taps
	sess  play.Session

	now      time.Time
	phase    Phase
	index    int // the question shown
	chosen   int // the locked choice, -1 while asking
	score    int
	feedback play.Anim // right/wrong, then the score's entrance
}

// New prepares a run of q. It refuses a quiz with no questions
// (ErrNoQuestions) or one with a question it cannot show (ErrBadQuestion).
func New(q content.Quiz, opt Options) (*Exhibit, error) {
	if len(q.Questions) == 0 {
		return nil, fmt.Errorf("quiz %q: %w", q.ID, ErrNoQuestions)
	}
	for i, qu := range q.Questions {
		if n := len(qu.Choices); n < MinChoices || n > MaxChoices {
			return nil, fmt.Errorf("quiz %q question %d has %d choices, want %d to %d: %w", q.ID, i+1, n, MinChoices, MaxChoices, ErrBadQuestion)
		}
		if qu.Answer < 0 || qu.Answer >= len(qu.Choices) {
			return nil, fmt.Errorf("quiz %q question %d: answer %d is not one of its %d choices: %w", q.ID, i+1, qu.Answer, len(qu.Choices), ErrBadQuestion)
		}
	}
	if opt.Canvas.W <= 0 || opt.Canvas.H <= 0 {
		opt.Canvas = play.Landscape
	}
	if opt.FeedbackFor <= 0 {
		opt.FeedbackFor = DefaultFeedbackFor
	}
	return &Exhibit{
		quiz:   q,
		opt:    opt,
		frame:  play.NewFrame(opt.Canvas),
		taps:   play.Taps{Slop: opt.TapSlop},
		sess:   play.NewSession(opt.Timing),
		chosen: -1,
	}, nil
}

// Update advances the quiz to now, applying the pointer events of this tick.
// After the exhibit is done it ignores everything.
func (x *Exhibit) Update(now time.Time, in play.Input) {
	if x.sess.Done() {
		return
	}
	x.now = now
	l := x.layout()
	for _, e := range in.Events {
		at, tap := x.taps.Observe(e)
		if !tap {
			continue
		}
		if l.exit.Contains(at) {
			x.sess.Exit()
			return
		}
		x.tap(now, at, l)
		l = x.layout()
	}
	x.sess.Tick(now, in)
}

func (x *Exhibit) tap(now time.Time, at play.Point, l layout) {
	switch x.phase {
	case Asking:
		for i, r := range l.choices {
			if r.Contains(at) {
				x.answer(now, i)
				return
			}
		}
	case Answered:
		// Taps on the choices fall through here and do nothing: the
		// first answer is the one that counts.
		if l.next.Contains(at) {
			x.advance(now)
		}
	}
}

func (x *Exhibit) answer(now time.Time, i int) {
	x.chosen = i
	if i == x.question().Answer {
		x.score++
	}
	x.phase = Answered
	x.feedback = play.StartAnim(now, x.opt.FeedbackFor)
}

func (x *Exhibit) advance(now time.Time) {
	x.chosen = -1
	if x.index+1 < len(x.quiz.Questions) {
		x.index++
		x.phase = Asking
		x.feedback = play.Anim{}
		return
	}
	x.phase = Scored
	x.feedback = play.StartAnim(now, x.opt.FeedbackFor)
	x.sess.Finish(now)
}

func (x *Exhibit) question() content.Question { return x.quiz.Questions[x.index] }

// Done reports whether the exhibit should close.
func (x *Exhibit) Done() bool { return x.sess.Done() }

// Outcome is how the exhibit ended, or play.Running.
func (x *Exhibit) Outcome() play.Outcome { return x.sess.Outcome() }

// Score is the number of questions answered correctly so far, and the
// number of questions.
func (x *Exhibit) Score() (right, total int) { return x.score, len(x.quiz.Questions) }

// Choice is one answer as drawn: a tappable box with its letter and text.
type Choice struct {
	Rect   play.Rect // the whole box, also what a tap hits
	Letter play.Text // "A", "B", … at the box's left
	Text   play.Text
	Mark   Mark
}

// View is everything the drawer shows for one frame. Texts with an empty
// Str are not shown in this phase.
type View struct {
	Phase    Phase
	Title    play.Text
	Exit     play.Text
	Progress play.Text // 第 2 题 / 共 10 题
	Question play.Text
	Choices  []Choice
	// Feedback is 答对了！ or 再想想… once answered; Anim runs 0→1 over
	// FeedbackFor from the moment of the answer (and again as the score
	// appears), for a pop, a shake or a fade.
	Feedback play.Text
	Anim     float64
	Right    bool // the locked answer is correct (Phase Answered)
	Explain  play.Text
	Next     play.Text // 下一题, or 查看得分 on the last question
	Score    play.Text // 得分 n/total, on the score screen
	Message  play.Text // a word on the score, by how well it went
	Outcome  play.Outcome
}

// View returns the state to draw, as of the last Update.
func (x *Exhibit) View() View {
	f, l := x.frame, x.layout()
	title := x.quiz.Title
	if title == "" {
		title = "清廉答题"
	}
	v := View{
		Phase:   x.phase,
		Title:   f.TitleText(title),
		Exit:    f.ExitText(),
		Anim:    x.feedback.Progress(x.now),
		Outcome: x.sess.Outcome(),
	}
	if x.phase == Scored {
		right, total := x.Score()
		v.Score = play.Text{Str: fmt.Sprintf("得分 %d/%d", right, total), Rect: l.score, Size: f.Font(play.FontFinale)}
		v.Message = play.Text{Str: Verdict(right, total), Rect: l.message, Size: f.Font(play.FontLarge)}
		return v
	}
	q := x.question()
	v.Progress = play.Text{Str: fmt.Sprintf("第 %d 题 / 共 %d 题", x.index+1, len(x.quiz.Questions)), Rect: l.progress, Size: f.Font(play.FontSmall)}
	v.Question = play.Text{Str: q.Q, Rect: l.question, Size: f.Font(play.FontLarge)}
	v.Choices = make([]Choice, len(q.Choices))
	for i, c := range q.Choices {
		letterBox, textBox := l.choices[i].Inset(f.Gap).Left(f.Font(play.FontBody) * 1.6)
		v.Choices[i] = Choice{
			Rect:   l.choices[i],
			Letter: play.Text{Str: Letter(i), Rect: letterBox, Size: f.Font(play.FontBody)},
			Text:   play.Text{Str: c, Rect: textBox, Size: f.Font(play.FontBody)},
			Mark:   x.mark(i),
		}
	}
	if x.phase == Answered {
		v.Right = x.chosen == q.Answer
		fb := "答对了！"
		if !v.Right {
			fb = "再想想：正确答案是 " + Letter(q.Answer)
		}
		v.Feedback = play.Text{Str: fb, Rect: l.feedback, Size: f.Font(play.FontLarge)}
		v.Explain = play.Text{Str: q.Explain, Rect: l.explain, Size: f.Font(play.FontSmall)}
		next := "下一题"
		if x.index == len(x.quiz.Questions)-1 {
			next = "查看得分"
		}
		v.Next = play.Text{Str: next, Rect: l.next, Size: f.Font(play.FontButton)}
	}
	return v
}

func (x *Exhibit) mark(i int) Mark {
	if x.phase != Answered {
		return Plain
	}
	answer := x.question().Answer
	switch {
	case i == x.chosen && i == answer:
		return Right
	case i == x.chosen:
		return Wrong
	case i == answer:
		return Revealed
	}
	return Plain
}

// Letter names choice i as visitors are used to on paper: A, B, C, …
func Letter(i int) string { return string(rune('A' + i)) }

// Verdict is the word on a score: warm at every band, since a low score
// on a kiosk should send the visitor to the stories, not away.
func Verdict(right, total int) string {
	switch {
	case right <= 0:
		return "没关系，清廉故事里都有答案，读一读再来。"
	case right >= total:
		return "全部答对，真了不起！"
	case right*10 >= total*6:
		return "答得不错，清廉知识掌握得很扎实。"
	}
	return "答对了一些，去读读屏上的清廉故事，还能知道更多。"
}
