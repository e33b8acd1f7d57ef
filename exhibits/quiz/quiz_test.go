package quiz_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"qingfeng/content"
	"qingfeng/exhibits/play"
	"qingfeng/exhibits/play/playtest"
	"qingfeng/exhibits/quiz"
)

// makeQuiz builds a quiz whose question i has choices 4 choices and the
// answer answers[i].
func makeQuiz(answers ...int) content.Quiz {
	q := content.Quiz{ID: "test", Title: "清廉知识问答"}
	for i, a := range answers {
		q.Questions = append(q.Questions, content.Question{
			Q:       fmt.Sprintf("第%d个问题？", i+1),
			Choices: []string{"甲", "乙", "丙", "丁"},
			Answer:  a,
			Explain: fmt.Sprintf("第%d题的解释。", i+1),
		})
	}
	return q
}

func start(tb testing.TB, q content.Quiz, opt quiz.Options) (*quiz.Exhibit, *playtest.Driver) {
	tb.Helper()
	x, err := quiz.New(q, opt)
	if err != nil {
		tb.Fatal(err)
	}
	return x, playtest.New(tb, x)
}

func choose(tb testing.TB, x *quiz.Exhibit, d *playtest.Driver, i int) {
	tb.Helper()
	d.Tap(x.View().Choices[i].Rect.Center())
}

func next(tb testing.TB, x *quiz.Exhibit, d *playtest.Driver) {
	tb.Helper()
	v := x.View()
	if !v.Next.Visible() {
		tb.Fatalf("no 下一题 button in phase %v", v.Phase)
	}
	d.Tap(v.Next.Rect.Center())
}

func TestScoring(t *testing.T) {
	tests := []struct {
		name      string
		answers   []int
		picks     []int
		wantRight []bool
		wantScore string
		wantWord  string
	}{
		{"all right", []int{2, 1, 0}, []int{2, 1, 0}, []bool{true, true, true}, "得分 3/3", "全部答对，真了不起！"},
		{"all wrong", []int{2, 1, 0}, []int{0, 0, 3}, []bool{false, false, false}, "得分 0/3", "没关系，清廉故事里都有答案，读一读再来。"},
		{"mixed, good", []int{0, 1, 2, 3, 0}, []int{0, 1, 2, 0, 1}, []bool{true, true, true, false, false}, "得分 3/5", "答得不错，清廉知识掌握得很扎实。"},
		{"mixed, low", []int{0, 1, 2, 3, 0}, []int{0, 0, 0, 0, 1}, []bool{true, false, false, false, false}, "得分 1/5", "答对了一些，去读读屏上的清廉故事，还能知道更多。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, d := start(t, makeQuiz(tt.answers...), quiz.Options{})
			for i, pick := range tt.picks {
				v := x.View()
				if v.Phase != quiz.Asking || v.Question.Str != fmt.Sprintf("第%d个问题？", i+1) {
					t.Fatalf("question %d: phase %v, question %q: not in the package's order", i+1, v.Phase, v.Question.Str)
				}
				if want := fmt.Sprintf("第 %d 题 / 共 %d 题", i+1, len(tt.answers)); v.Progress.Str != want {
					t.Fatalf("progress %q, want %q", v.Progress.Str, want)
				}
				choose(t, x, d, pick)
				v = x.View()
				if v.Phase != quiz.Answered || v.Right != tt.wantRight[i] {
					t.Fatalf("question %d: phase %v, right %v; want answered, %v", i+1, v.Phase, v.Right, tt.wantRight[i])
				}
				next(t, x, d)
			}
			v := x.View()
			if v.Phase != quiz.Scored || v.Score.Str != tt.wantScore || v.Message.Str != tt.wantWord {
				t.Fatalf("end: phase %v, score %q, message %q; want scored, %q, %q", v.Phase, v.Score.Str, v.Message.Str, tt.wantScore, tt.wantWord)
			}
			if len(v.Choices) != 0 || v.Next.Visible() || v.Question.Visible() {
				t.Fatal("the score screen still shows a question")
			}
		})
	}
}

func TestAnswerFeedback(t *testing.T) {
	tests := []struct {
		name      string
		pick      int
		wantMarks []quiz.Mark
		wantText  string
	}{
		{"right", 1, []quiz.Mark{quiz.Plain, quiz.Right, quiz.Plain, quiz.Plain}, "答对了！"},
		{"wrong reveals the answer", 3, []quiz.Mark{quiz.Plain, quiz.Revealed, quiz.Plain, quiz.Wrong}, "再想想：正确答案是 B"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, d := start(t, makeQuiz(1, 0), quiz.Options{})
			v := x.View()
			if v.Feedback.Visible() || v.Explain.Visible() || v.Next.Visible() {
				t.Fatal("feedback, explanation or 下一题 shown before answering")
			}
			for i, c := range v.Choices {
				if c.Mark != quiz.Plain || c.Letter.Str != string(rune('A'+i)) || c.Text.Str == "" {
					t.Fatalf("choice %d before answering: %+v", i, c)
				}
			}
			choose(t, x, d, tt.pick)
			answered := d.Now
			v = x.View()
			if v.Feedback.Str != tt.wantText {
				t.Errorf("feedback %q, want %q", v.Feedback.Str, tt.wantText)
			}
			if v.Explain.Str != "第1题的解释。" || v.Next.Str != "下一题" {
				t.Errorf("explanation %q, button %q", v.Explain.Str, v.Next.Str)
			}
			for i, c := range v.Choices {
				if c.Mark != tt.wantMarks[i] {
					t.Errorf("choice %d marked %v, want %v", i, c.Mark, tt.wantMarks[i])
				}
			}
			// The feedback animation runs 0→1 over 0.6 s from the answer.
			if v.Anim != 0 {
				t.Errorf("feedback animation at the answer = %v, want 0", v.Anim)
			}
			d.Wait(answered.Add(300 * time.Millisecond).Sub(d.Now))
			if got := x.View().Anim; got != 0.5 {
				t.Errorf("feedback animation after 0.3 s = %v, want 0.5", got)
			}
			d.Wait(300 * time.Millisecond)
			if got := x.View().Anim; got != 1 {
				t.Errorf("feedback animation after 0.6 s = %v, want 1", got)
			}
			// The last question's button leads to the score.
			next(t, x, d)
			choose(t, x, d, 0)
			if got := x.View().Next.Str; got != "查看得分" {
				t.Errorf("last question's button %q, want 查看得分", got)
			}
		})
	}
}

func TestAnswerLocks(t *testing.T) {
	tests := []struct {
		name   string
		second func(x *quiz.Exhibit, d *playtest.Driver)
	}{
		{"tap another choice", func(x *quiz.Exhibit, d *playtest.Driver) { d.Tap(x.View().Choices[1].Rect.Center()) }},
		{"tap the same choice", func(x *quiz.Exhibit, d *playtest.Driver) { d.Tap(x.View().Choices[0].Rect.Center()) }},
		{"tap the question", func(x *quiz.Exhibit, d *playtest.Driver) { d.Tap(x.View().Question.Rect.Center()) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, d := start(t, makeQuiz(1, 1), quiz.Options{})
			choose(t, x, d, 0) // wrong
			before := x.View()
			d.Wait(time.Second)
			tt.second(x, d)
			after := x.View()
			if right, _ := x.Score(); right != 0 {
				t.Fatalf("score %d after a wrong answer and a second tap", right)
			}
			if after.Phase != quiz.Answered || after.Feedback.Str != before.Feedback.Str {
				t.Fatalf("a second tap changed the answer: %v %q", after.Phase, after.Feedback.Str)
			}
			for i := range after.Choices {
				if after.Choices[i].Mark != before.Choices[i].Mark {
					t.Fatalf("choice %d mark changed from %v to %v", i, before.Choices[i].Mark, after.Choices[i].Mark)
				}
			}
		})
	}
}

func TestOnlyTapsAnswer(t *testing.T) {
	tests := []struct {
		name string
		act  func(tb testing.TB, x *quiz.Exhibit, d *playtest.Driver)
		want quiz.Phase
	}{
		{"a swipe across the choices", func(tb testing.TB, x *quiz.Exhibit, d *playtest.Driver) {
			v := x.View()
			d.Drag(1, v.Choices[0].Rect.Center(), v.Choices[1].Rect.Center())
		}, quiz.Asking},
		{"a tap between choices", func(tb testing.TB, x *quiz.Exhibit, d *playtest.Driver) {
			v := x.View()
			a, b := v.Choices[0].Rect, v.Choices[1].Rect
			d.Tap(play.Point{X: (a.X + a.W + b.X) / 2, Y: a.Center().Y})
		}, quiz.Asking},
		{"where 下一题 will be, before answering", func(tb testing.TB, x *quiz.Exhibit, d *playtest.Driver) {
			probe, _ := quiz.New(makeQuiz(0), quiz.Options{})
			pd := playtest.New(tb, probe)
			pd.Tap(probe.View().Choices[0].Rect.Center())
			d.Tap(probe.View().Next.Rect.Center())
		}, quiz.Asking},
		{"two fingers on two choices: the first counts", func(tb testing.TB, x *quiz.Exhibit, d *playtest.Driver) {
			v := x.View()
			a, b := v.Choices[0].Rect.Center(), v.Choices[2].Rect.Center()
			d.Send(playtest.Press(1, a), playtest.Press(2, b))
			d.Send(playtest.Release(1, a), playtest.Release(2, b))
			if v := x.View(); v.Choices[0].Mark != quiz.Right || v.Choices[2].Mark != quiz.Plain {
				tb.Errorf("marks %v, %v; want the first finger's choice", v.Choices[0].Mark, v.Choices[2].Mark)
			}
		}, quiz.Answered},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, d := start(t, makeQuiz(0, 0), quiz.Options{})
			tt.act(t, x, d)
			if got := x.View().Phase; got != tt.want {
				t.Fatalf("phase %v, want %v", got, tt.want)
			}
		})
	}
}

func TestEndScreen(t *testing.T) {
	x, d := start(t, makeQuiz(0, 0), quiz.Options{Timing: play.Timing{EndHold: 20 * time.Second}})
	for range 2 {
		choose(t, x, d, 0)
		next(t, x, d)
	}
	v := x.View()
	if v.Phase != quiz.Scored || v.Score.Str != "得分 2/2" || v.Anim != 0 {
		t.Fatalf("phase %v, score %q, anim %v", v.Phase, v.Score.Str, v.Anim)
	}
	// Touching the score screen neither ends it nor keeps it up.
	d.Wait(10 * time.Second)
	d.Tap(v.Score.Rect.Center())
	d.Wait(10*time.Second - 2*playtest.Tick)
	if x.Done() {
		t.Fatal("closed before the end screen was shown for 20 s")
	}
	d.Wait(playtest.Tick)
	if x.Outcome() != play.Completed {
		t.Fatalf("outcome %v after 20 s on the score, want completed", x.Outcome())
	}
}

func TestNewRefuses(t *testing.T) {
	tests := []struct {
		name string
		quiz content.Quiz
		want error
	}{
		{"no questions", content.Quiz{ID: "empty"}, quiz.ErrNoQuestions},
		{"one choice", content.Quiz{Questions: []content.Question{{Q: "?", Choices: []string{"是"}}}}, quiz.ErrBadQuestion},
		{"seven choices", content.Quiz{Questions: []content.Question{{Q: "?", Choices: []string{"1", "2", "3", "4", "5", "6", "7"}}}}, quiz.ErrBadQuestion},
		{"answer out of range", content.Quiz{Questions: []content.Question{{Q: "?", Choices: []string{"是", "否"}, Answer: 2}}}, quiz.ErrBadQuestion},
		{"negative answer", content.Quiz{Questions: []content.Question{{Q: "?", Choices: []string{"是", "否"}, Answer: -1}}}, quiz.ErrBadQuestion},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := quiz.New(tt.quiz, quiz.Options{})
			if !errors.Is(err, tt.want) || x != nil {
				t.Fatalf("New = %v, %v; want %v", x, err, tt.want)
			}
		})
	}
}

func TestLayoutFits(t *testing.T) {
	for _, canvas := range []play.Size{play.Landscape, play.Portrait, {W: 1280, H: 720}, {W: 800, H: 1280}} {
		for n := quiz.MinChoices; n <= quiz.MaxChoices; n++ {
			t.Run(fmt.Sprintf("%gx%g/%d choices", canvas.W, canvas.H, n), func(t *testing.T) {
				q := content.Quiz{Questions: []content.Question{{Q: "问题", Choices: make([]string, n), Explain: "解释"}}}
				for i := range n {
					q.Questions[0].Choices[i] = fmt.Sprint(i)
				}
				x, d := start(t, q, quiz.Options{Canvas: canvas})
				screen := play.Rect{W: canvas.W, H: canvas.H}
				asking := x.View()
				d.Tap(asking.Choices[0].Rect.Center())
				v := x.View()
				boxes := []play.Rect{v.Exit.Rect, v.Question.Rect, v.Progress.Rect, v.Feedback.Rect, v.Explain.Rect, v.Next.Rect}
				for _, c := range v.Choices {
					boxes = append(boxes, c.Rect)
					if !c.Letter.Rect.Inside(c.Rect) || !c.Text.Rect.Inside(c.Rect) {
						t.Errorf("a choice's letter or text leaves its box")
					}
					if c.Rect.H < 90*canvas.Unit() {
						t.Errorf("choice %v is too low for a finger", c.Rect)
					}
				}
				for i, a := range boxes {
					if a.Empty() || !a.Inside(screen) {
						t.Errorf("box %d %v is empty or off screen", i, a)
					}
					for j, b := range boxes[:i] {
						if a.Overlaps(b) {
							t.Errorf("boxes %d %v and %d %v overlap", j, b, i, a)
						}
					}
				}
			})
		}
	}
}

func TestSession(t *testing.T) {
	playtest.RunSessionTests(t, func(tb testing.TB, canvas play.Size, timing play.Timing) playtest.Exhibit {
		x, err := quiz.New(makeQuiz(0, 1), quiz.Options{Canvas: canvas, Timing: timing})
		if err != nil {
			tb.Fatal(err)
		}
		return x
	})
}
