package launch

import (
	"fmt"
	"log/slog"
	"time"

	"qingfeng/content"
)

// Installed is what the kiosk's store holds that exhibits are made of, at
// one moment: the caller reads it from the store (launch does not import
// content/store) and List turns it into exhibits.
type Installed struct {
	Quizzes []InstalledQuiz
	TeaSets []InstalledTeaSet
	Puzzles []InstalledPuzzle
}

// InstalledQuiz is a quiz of an installed package.
type InstalledQuiz struct {
	Package, ID, Title string
	Questions          []content.Question
}

// InstalledTeaSet is a 七味茶 set of an installed package.
type InstalledTeaSet struct {
	Package, ID, Title, Footnote string
	Pairs                        []content.TeaPair
}

// InstalledPuzzle is a 剪纸拼图 picture of an installed package. Image is
// its package path (for the log); Picture and Preview are the stored
// files of the picture and its thumbnail, "" when missing.
type InstalledPuzzle struct {
	Package, ID, Title string
	Image              string
	Picture, Preview   string
	Rows, Cols         int
}

// Listed is one exhibit the installed content makes, with the picture its
// card shows ("" for none).
type Listed struct {
	Spec    Spec
	Preview string
}

// List is the exhibits the installed content makes: one per quiz with
// questions, tea set with pairs and puzzle whose picture is stored, in
// that order, each ending after idleAfter without a touch. A puzzle
// without its picture is logged and left out.
func List(in Installed, idleAfter time.Duration, log *slog.Logger) []Listed {
	var out []Listed
	for _, q := range in.Quizzes {
		if len(q.Questions) == 0 {
			continue
		}
		out = append(out, Listed{Spec: Spec{Name: Name(Quiz, q.Package, q.ID), Kind: Quiz,
			Title: q.Title, Questions: q.Questions}})
	}
	for _, t := range in.TeaSets {
		if len(t.Pairs) == 0 {
			continue
		}
		out = append(out, Listed{Spec: Spec{Name: Name(Teas, t.Package, t.ID), Kind: Teas,
			Title: t.Title, Footnote: t.Footnote, Pairs: t.Pairs}})
	}
	for _, p := range in.Puzzles {
		name := Name(Jigsaw, p.Package, p.ID)
		if p.Picture == "" {
			if log != nil {
				log.Warn("puzzle without its picture; not listed", "name", name, "image", p.Image)
			}
			continue
		}
		out = append(out, Listed{Spec: Spec{Name: name, Kind: Jigsaw, Title: p.Title,
			Image: p.Picture, Rows: p.Rows, Cols: p.Cols}, Preview: p.Preview})
	}
	for i := range out {
		out[i].Spec.IdleAfter = idleAfter
	}
	return out
}

// Detail says how big an exhibit is, on its card: "" when the exhibit
// decides (a jigsaw cut by its picture's shape).
func (s Spec) Detail() string {
	switch s.Kind {
	case Quiz:
		return fmt.Sprintf("%d 道题", len(s.Questions))
	case Teas:
		return fmt.Sprintf("%d 杯茶", len(s.Pairs))
	case Jigsaw:
		if s.Rows > 0 && s.Cols > 0 {
			return fmt.Sprintf("%d 块", s.Rows*s.Cols)
		}
	}
	return ""
}
