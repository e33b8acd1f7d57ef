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

// newScene builds the exhibit spec asks for, laid out for canvas.
func newScene(spec launch.Spec, canvas play.Size, p *painter) (scene, error) {
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
		f, err := os.Open(spec.Image)
		if err != nil {
			return nil, fmt.Errorf("puzzle picture: %w", err)
		}
		defer f.Close()
		img, _, err := image.Decode(f)
		if err != nil {
			return nil, fmt.Errorf("puzzle picture %s: %w", spec.Image, err)
		}
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
