// Package launch is the contract between the shell and the exhibits
// program: the Spec the shell sends (what to play, with its content), the
// lines the exhibit writes back (ready, alive, end), and Start, which runs
// the program and watches it so that a crash or a hang never takes the shell
// with it. What the watching decides (Watcher) is pure and tested with a
// fake clock; Process only waits, signals and logs. List makes the specs
// from the installed content, and Shelf keeps one program standing by for
// the next tap: both decide without starting a program.
//
// It imports neither Fyne nor Ebiten: both binaries use it.
package launch

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"qingfeng/content"
	"qingfeng/exhibits/play"
)

// Kind is which exhibit a Spec plays.
type Kind string

const (
	Quiz   Kind = "quiz"   // 清廉答题
	Teas   Kind = "teas"   // 七味茶
	Jigsaw Kind = "jigsaw" // 剪纸拼图
	// Blank draws nothing and reads no input: the empty game the frame
	// rates are compared with. It is never listed.
	Blank Kind = "blank"
)

// Label is the kind's name on screen.
func (k Kind) Label() string {
	switch k {
	case Quiz:
		return "清廉答题"
	case Teas:
		return "七味茶"
	case Jigsaw:
		return "剪纸拼图"
	}
	return string(k)
}

// Spec is one exhibit to play, with everything it needs: the exhibits
// program opens no database and reads no package, only this and (for a
// jigsaw) one picture file.
type Spec struct {
	// Name is how the command line and the logs call it: kind/package/id.
	Name  string `json:"name"`
	Kind  Kind   `json:"kind"`
	Title string `json:"title"`
	// IdleAfter is the shell's own idle timeout, so walking away from an
	// exhibit ends it as walking away from the shell does. Zero: the
	// exhibits' default (90 s, the shell's default).
	IdleAfter time.Duration `json:"idle_after,omitempty"`
	// Scale is the shell's own scale (design units to pixels, kiosk/panel),
	// so the exhibit is drawn as large as the screens around it. It comes
	// with the spec, not on the command line: a program standing by was
	// started before the visitor's tap, and the screen may have been
	// fitted again since. Zero: the exhibits program chooses by the
	// shell's rule (kiosk/panel) from its window's pixels.
	Scale float64 `json:"scale,omitempty"`

	Questions []content.Question `json:"questions,omitempty"` // Quiz
	Pairs     []content.TeaPair  `json:"pairs,omitempty"`     // Teas
	Footnote  string             `json:"footnote,omitempty"`  // Teas
	Image     string             `json:"image,omitempty"`     // Jigsaw: a picture file
	Rows      int                `json:"rows,omitempty"`      // Jigsaw: 0 lets the exhibit choose
	Cols      int                `json:"cols,omitempty"`
}

// Name joins a kind, a package and an item id into an exhibit's name.
func Name(k Kind, pkg, id string) string { return string(k) + "/" + pkg + "/" + id }

// ErrSpec is wrapped by every complaint about a Spec.
var ErrSpec = errors.New("exhibit spec")

// Check reports what would keep the exhibit from starting.
func (s Spec) Check() error {
	if s.Scale != 0 && !(s.Scale >= 1 && s.Scale <= play.MaxScale) {
		return fmt.Errorf("%w: scale %v is not between 1 and %v", ErrSpec, s.Scale, play.MaxScale)
	}
	switch s.Kind {
	case Quiz:
		if len(s.Questions) == 0 {
			return fmt.Errorf("%w: quiz %q has no questions", ErrSpec, s.Name)
		}
	case Teas:
		if len(s.Pairs) == 0 {
			return fmt.Errorf("%w: tea set %q has no pairs", ErrSpec, s.Name)
		}
	case Jigsaw:
		if s.Image == "" {
			return fmt.Errorf("%w: puzzle %q has no picture", ErrSpec, s.Name)
		}
	case Blank:
	default:
		return fmt.Errorf("%w: unknown kind %q", ErrSpec, s.Kind)
	}
	return nil
}

// ReadSpec decodes and checks a Spec.
func ReadSpec(r io.Reader) (Spec, error) {
	var s Spec
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return Spec{}, fmt.Errorf("%w: %v", ErrSpec, err)
	}
	return s, s.Check()
}

// Lines the exhibits program writes on its standard output, one a line.
// Everything else it has to say goes to standard error.
const (
	// LineReady: the first frame has been drawn.
	LineReady = "ready"
	// LineStandby: started with --standby, the program has its window
	// (off screen) and has drawn its warm-up frames; it waits for a spec.
	LineStandby = "standby"
	// LineAlive: the game loop is running; sent about once a second, so
	// that a loop stuck in a frame is noticed.
	LineAlive = "alive"
	// LineEnd, followed by a space and the outcome ("exited", "timed out",
	// "completed"): the exhibit ended by itself and is closing.
	LineEnd = "end"
)

// EndLine is the line announcing outcome.
func EndLine(outcome string) string { return LineEnd + " " + outcome }

// parseLine splits a line from the exhibit into its word and argument.
func parseLine(line string) (word, arg string) {
	word, arg, _ = strings.Cut(strings.TrimSpace(line), " ")
	return word, arg
}
