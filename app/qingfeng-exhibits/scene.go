package main

import (
	"fmt"
	"image"
	_ "image/jpeg" // package pictures
	_ "image/png"
	"io"
	"os"
	"time"

	"qingfeng/content"
	"qingfeng/exhibits/jigsaw"
	"qingfeng/exhibits/launch"
	"qingfeng/exhibits/play"
	"qingfeng/exhibits/quiz"
	"qingfeng/exhibits/teas"
)

// Before an exhibit's first frame, and not needing the window: the fonts
// parsed, and a puzzle's picture decoded. Both are done on another core
// while the window and its OpenGL context come up (about 250 ms with
// Mesa's software renderer), or while the program stands by.

type fonts struct {
	paint *painter
	err   error
}

func loadFonts() <-chan fonts {
	c := make(chan fonts, 1)
	go func() {
		p, err := newPainter()
		c <- fonts{p, err}
	}()
	return c
}

// exhibit is a spec to play with what it needs from disk.
type exhibit struct {
	spec launch.Spec
	img  image.Image // a jigsaw's picture
	err  error
}

func (e *exhibit) load() {
	if e.err == nil && e.spec.Kind == launch.Jigsaw {
		e.img, e.err = decodePicture(e.spec.Image)
	}
}

// loadExhibit loads what spec needs in the background.
func loadExhibit(spec launch.Spec) <-chan exhibit {
	c := make(chan exhibit, 1)
	go func() {
		e := exhibit{spec: spec}
		e.load()
		c <- e
	}()
	return c
}

// awaitExhibit reads the spec from r when the shell sends it (a visitor
// tapped an exhibit), and loads what it needs.
func awaitExhibit(r io.Reader) <-chan exhibit {
	c := make(chan exhibit, 1)
	go func() {
		spec, err := launch.ReadSpec(r)
		e := exhibit{spec: spec, err: err}
		e.load()
		c <- e
	}()
	return c
}

func decodePicture(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("puzzle picture: %w", err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("puzzle picture %s: %w", path, err)
	}
	return img, nil
}

// newScene builds the exhibit e, laid out for canvas.
func newScene(e exhibit, canvas play.Size, p *painter) (scene, error) {
	spec := e.spec
	timing := play.Timing{IdleAfter: spec.IdleAfter}
	switch spec.Kind {
	case launch.Quiz:
		q := content.Quiz{ID: spec.Name, Title: spec.Title, Questions: spec.Questions}
		mk := func() (*quiz.Exhibit, error) { return quiz.New(q, quiz.Options{Canvas: canvas, Timing: timing}) }
		x, err := mk()
		if err != nil {
			return nil, err
		}
		return &quizScene{Exhibit: x, p: p, remake: mk}, nil
	case launch.Teas:
		pairs := make([]teas.Pair, len(spec.Pairs))
		for i, tp := range spec.Pairs {
			pairs[i] = teas.Pair{Tea: tp.Tea, Saying: tp.Saying}
		}
		x, err := teas.New(pairs, teas.Options{Canvas: canvas, Timing: timing, Title: spec.Title, Footnote: spec.Footnote, Seed: seed()})
		if err != nil {
			return nil, err
		}
		return newTeasScene(x, p, canvas), nil
	case launch.Jigsaw:
		img := e.img
		x, err := jigsaw.New(jigsaw.Options{Canvas: canvas, Timing: timing, Image: img.Bounds().Size(),
			Rows: spec.Rows, Cols: spec.Cols, Seed: seed(), Title: spec.Title})
		if err != nil {
			return nil, err
		}
		return newJigsawScene(x, img, p, canvas), nil
	}
	return nil, fmt.Errorf("%w: kind %q has no scene", launch.ErrSpec, spec.Kind)
}

// fixedSeed, when set (benchmarks), makes every run shuffle the same way.
var fixedSeed uint64

func seed() uint64 {
	if fixedSeed != 0 {
		return fixedSeed
	}
	return uint64(time.Now().UnixNano())
}
