package main

import (
	"fmt"
	"image/color"
	"math"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"qingfeng/exhibits/play"
	"qingfeng/exhibits/quiz"
)

var (
	colRightPale = color.NRGBA{0xDC, 0xEB, 0xDF, 0xFF}
)

// quizScene draws 清廉答题: the question and its choices stay still; the
// verdict on an answer pops in over them.
type quizScene struct {
	*quiz.Exhibit // the rules: Done and Outcome come from them
	p             *painter
	v             quiz.View
	last          quiz.Phase
	snd           sound
	remake        func() (*quiz.Exhibit, error) // the benchmark's visitor starts again
	nextAt        time.Time
	pick          int
}

func (s *quizScene) Update(now time.Time, in play.Input) {
	s.Exhibit.Update(now, in)
	v := s.Exhibit.View()
	s.snd = -1
	if v.Phase != s.last {
		switch {
		case v.Phase == quiz.Answered && v.Right:
			s.snd = soundRight
		case v.Phase == quiz.Answered:
			s.snd = soundWrong
		case v.Phase == quiz.Scored:
			s.snd = soundFinish
		}
	}
	s.last, s.v = v.Phase, v
}

func (s *quizScene) sound() sound { return s.snd }

func (s *quizScene) view() (string, string) {
	v := s.v
	still := fmt.Sprint(v.Phase, v.Progress.Str, v.Question.Str, v.Choices, v.Explain.Str, v.Next.Str, v.Message.Str)
	moving := fmt.Sprint(v.Feedback.Str, v.Score.Str, math.Round(v.Anim*100))
	return still, moving
}

func (s *quizScene) drawStill(dst *ebiten.Image) {
	v, p := s.v, s.p
	p.frameBar(dst, v.Title, v.Exit)
	p.text(dst, v.Progress, colGrey, alignLeft, false)
	p.text(dst, v.Question, colInk, alignLeft, true)
	for _, c := range v.Choices {
		face, ink, disc, letter := colCard, colInk, colGold, colWhite
		switch c.Mark {
		case quiz.Right:
			face, ink, disc, letter = colGreen, colWhite, colWhite, colGreen
		case quiz.Wrong:
			face, ink, disc, letter = colRed, colWhite, colWhite, colRed
		case quiz.Revealed:
			face, disc = colRightPale, colGreen
		}
		p.round(dst, c.Rect, c.Rect.H/6, face)
		p.circle(dst, c.Letter.Rect.Center(), c.Letter.Size*0.62, disc)
		p.text(dst, c.Letter, letter, alignCenter, true)
		// A little air between the letter's disc and the words.
		words := c.Text
		words.Rect.X += c.Text.Size * 0.35
		words.Rect.W -= c.Text.Size * 0.35
		p.text(dst, words, ink, alignLeft, false)
		switch c.Mark {
		case quiz.Right, quiz.Revealed:
			tick(p, dst, c.Rect, ink)
		case quiz.Wrong:
			cross(p, dst, c.Rect, ink)
		}
	}
	p.text(dst, v.Explain, colInk, alignTopLeft, false)
	p.button(dst, v.Next, colRed, colWhite)
	p.text(dst, v.Message, colInk, alignCenter, false)
}

func (s *quizScene) drawMoving(dst *ebiten.Image) {
	v, p := s.v, s.p
	a := ease(v.Anim)
	if v.Feedback.Visible() {
		clr, dx := colGreen, 0.0
		if !v.Right {
			// A wrong answer shakes its head.
			clr = colRed
			dx = math.Sin(v.Anim*math.Pi*6) * (1 - v.Anim) * v.Feedback.Size * 0.3
		}
		p.textAt(dst, v.Feedback, clr, alignLeft, true, dx, (1-a)*v.Feedback.Size*0.5, math.Min(1, v.Anim*3))
	}
	if v.Score.Visible() {
		p.textAt(dst, v.Score, colRed, alignCenter, true, 0, (1-a)*v.Score.Size, a)
	}
}

func (s *quizScene) movingBounds() []play.Rect {
	v := s.v
	var b []play.Rect
	if v.Feedback.Visible() {
		b = append(b, v.Feedback.Rect.Inset(-v.Feedback.Size))
	}
	if v.Score.Visible() {
		r := v.Score.Rect.Inset(-v.Score.Size * 0.3)
		r.H += v.Score.Size // it rises into place
		b = append(b, r)
	}
	return b
}

// tick draws a check mark at the right of box r.
func tick(p *painter, dst *ebiten.Image, r play.Rect, clr color.Color) {
	h := r.H * 0.36
	p.mark(dst, play.Rect{X: r.X + r.W - h*1.6, Y: r.Y + r.H/2 - h*0.45, W: h, H: h * 0.8}, clr,
		[]play.Point{{X: 0, Y: 0.45}, {X: 0.35, Y: 0.8}, {X: 1, Y: 0}})
}

// cross draws an X at the right of box r.
func cross(p *painter, dst *ebiten.Image, r play.Rect, clr color.Color) {
	h := r.H * 0.3
	box := play.Rect{X: r.X + r.W - h*1.8, Y: r.Y + r.H/2 - h/2, W: h, H: h}
	p.mark(dst, box, clr, []play.Point{{X: 0, Y: 0}, {X: 1, Y: 1}})
	p.mark(dst, box, clr, []play.Point{{X: 1, Y: 0}, {X: 0, Y: 1}})
}

// drive answers a question every 0.8 s, picking each choice in turn, and
// starts the quiz again after the score: the animations never stop.
func (s *quizScene) drive(now time.Time) play.Input {
	if now.Before(s.nextAt) {
		return play.Input{}
	}
	s.nextAt = now.Add(800 * time.Millisecond)
	v := s.v
	var at play.Point
	switch v.Phase {
	case quiz.Asking:
		if len(v.Choices) == 0 {
			return play.Input{}
		}
		at = v.Choices[s.pick%len(v.Choices)].Rect.Center()
		s.pick++
	case quiz.Answered:
		at = v.Next.Rect.Center()
	case quiz.Scored:
		if x, err := s.remake(); err == nil {
			s.Exhibit = x
		}
		return play.Input{}
	}
	return play.Input{Events: []play.Event{{Kind: play.Press, ID: benchID, At: at}, {Kind: play.Release, ID: benchID, At: at}}}
}
