package launch

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"qingfeng/content"
)

func TestList(t *testing.T) {
	questions := []content.Question{{Q: "问", Choices: []string{"甲", "乙"}, Answer: 1}}
	pairs := []content.TeaPair{{Tea: "莲心茶", Saying: "清"}}
	for _, tc := range []struct {
		name     string
		in       Installed
		want     []string // names, in order
		previews []string
		logged   string // in the log, "" for nothing
	}{
		{name: "nothing installed"},
		{
			name: "one of each, quizzes first, then teas, then puzzles",
			in: Installed{
				Puzzles: []InstalledPuzzle{{Package: "p", ID: "fans", Title: "扇", Picture: "media/ab", Preview: "media/cd", Rows: 3, Cols: 4}},
				TeaSets: []InstalledTeaSet{{Package: "p", ID: "tea", Title: "七味", Footnote: "注", Pairs: pairs}},
				Quizzes: []InstalledQuiz{{Package: "p", ID: "q", Title: "答题", Questions: questions}},
			},
			want:     []string{"quiz/p/q", "teas/p/tea", "jigsaw/p/fans"},
			previews: []string{"", "", "media/cd"},
		},
		{
			name: "a quiz without questions and a tea set without pairs make no exhibit",
			in: Installed{
				Quizzes: []InstalledQuiz{{Package: "p", ID: "empty"}, {Package: "p", ID: "q", Questions: questions}},
				TeaSets: []InstalledTeaSet{{Package: "p", ID: "empty"}},
			},
			want:     []string{"quiz/p/q"},
			previews: []string{""},
		},
		{
			name: "a puzzle whose picture is not stored is left out and logged",
			in: Installed{Puzzles: []InstalledPuzzle{
				{Package: "p", ID: "lost", Image: "pics/lost.png", Preview: "media/cd"},
				{Package: "p", ID: "kept", Picture: "media/ab"},
			}},
			want:     []string{"jigsaw/p/kept"},
			previews: []string{""},
			logged:   "pics/lost.png",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var log bytes.Buffer
			idle := 42 * time.Second
			got := List(tc.in, idle, slog.New(slog.NewTextHandler(&log, nil)))
			var names, previews []string
			for _, l := range got {
				names = append(names, l.Spec.Name)
				previews = append(previews, l.Preview)
				if l.Spec.IdleAfter != idle {
					t.Errorf("%s: idle after %s, want %s", l.Spec.Name, l.Spec.IdleAfter, idle)
				}
				if err := l.Spec.Check(); err != nil {
					t.Errorf("%s: listed but would not start: %v", l.Spec.Name, err)
				}
			}
			if strings.Join(names, " ") != strings.Join(tc.want, " ") {
				t.Errorf("listed %q, want %q", names, tc.want)
			}
			if strings.Join(previews, "|") != strings.Join(tc.previews, "|") {
				t.Errorf("previews %q, want %q", previews, tc.previews)
			}
			if tc.logged == "" && log.Len() > 0 || tc.logged != "" && !strings.Contains(log.String(), tc.logged) {
				t.Errorf("log %q, want it to name %q", log.String(), tc.logged)
			}
		})
	}
}

// Each exhibit carries its own content into its spec.
func TestListContent(t *testing.T) {
	questions := []content.Question{{Q: "问", Choices: []string{"甲", "乙"}, Answer: 1}}
	pairs := []content.TeaPair{{Tea: "莲心茶", Saying: "清"}}
	got := List(Installed{
		Quizzes: []InstalledQuiz{{Package: "p", ID: "q", Title: "答题", Questions: questions}},
		TeaSets: []InstalledTeaSet{{Package: "p", ID: "t", Title: "七味", Footnote: "注", Pairs: pairs}},
		Puzzles: []InstalledPuzzle{{Package: "p", ID: "j", Title: "扇", Picture: "media/ab", Rows: 3, Cols: 4}},
	}, 0, nil)
	if len(got) != 3 {
		t.Fatalf("listed %d, want 3", len(got))
	}
	q, tea, j := got[0].Spec, got[1].Spec, got[2].Spec
	if q.Kind != Quiz || q.Title != "答题" || len(q.Questions) != 1 || q.Questions[0].Answer != 1 {
		t.Errorf("quiz %+v", q)
	}
	if tea.Kind != Teas || tea.Title != "七味" || tea.Footnote != "注" || len(tea.Pairs) != 1 {
		t.Errorf("teas %+v", tea)
	}
	if j.Kind != Jigsaw || j.Title != "扇" || j.Image != "media/ab" || j.Rows != 3 || j.Cols != 4 {
		t.Errorf("jigsaw %+v", j)
	}
}

func TestDetail(t *testing.T) {
	for _, tc := range []struct {
		name string
		spec Spec
		want string
	}{
		{"quiz counts questions", Spec{Kind: Quiz, Questions: make([]content.Question, 10)}, "10 道题"},
		{"teas count cups", Spec{Kind: Teas, Pairs: make([]content.TeaPair, 7)}, "7 杯茶"},
		{"jigsaw counts pieces", Spec{Kind: Jigsaw, Rows: 3, Cols: 4}, "12 块"},
		{"jigsaw the exhibit cuts says nothing", Spec{Kind: Jigsaw}, ""},
		{"blank says nothing", Spec{Kind: Blank}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.spec.Detail(); got != tc.want {
				t.Errorf("Detail() = %q, want %q", got, tc.want)
			}
		})
	}
}
