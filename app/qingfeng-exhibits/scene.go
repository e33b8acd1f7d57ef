package main

import (
	"fmt"
	"image"
	_ "image/jpeg" // package pictures
	_ "image/png"
	"os"
	"time"

	"qingfeng/content"
	"qingfeng/exhibits/jigsaw"
	"qingfeng/exhibits/launch"
	"qingfeng/exhibits/play"
	"qingfeng/exhibits/quiz"
	"qingfeng/exhibits/teas"
)

// prepared is what an exhibit needs before its first frame that does not
// need the window: the fonts parsed and a puzzle's picture decoded. It is
// made on another core while the window and its OpenGL context come up
// (about 250 ms with Mesa's software renderer), not after.
type prepared struct {
	paint *painter
	img   image.Image // a jigsaw's picture
	err   error
}

func prepare(spec launch.Spec) <-chan prepared {
	c := make(chan prepared, 1)
	go func() {
		var p prepared
		p.paint, p.err = newPainter()
		if p.err == nil && spec.Kind == launch.Jigsaw {
			p.img, p.err = decodePicture(spec.Image)
		}
		c <- p
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

// newScene builds the exhibit spec asks for, laid out for canvas.
func newScene(spec launch.Spec, canvas play.Size, pre prepared) (scene, error) {
	p := pre.paint
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
		img := pre.img
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
