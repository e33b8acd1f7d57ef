// Command qingfeng-exhibits plays one interactive exhibit full screen: the
// shell (qingfeng) starts it when a visitor taps an exhibit and waits for it
// to end. It is a separate program because Fyne and Ebiten cannot live in
// one binary.
//
// The exhibit comes as a JSON spec (exhibits/launch.Spec) on standard input
// or in a file; `qingfeng exhibit NAME --data DIR` writes one from the
// installed content and runs this program. Standard output carries only the
// lines the shell reads (ready, alive, end OUTCOME); the log goes to
// standard error.
//
//	qingfeng-exhibits [--spec FILE|-] [--windowed] [--size 1280x720] [--mute]
//	qingfeng-exhibits --spec FILE --bench 20s [--bench-drive]
//
// --bench measures frames per second for the given time with vsync off and
// prints "fps N frames N seconds S drawn N size WxH"; --bench-drive adds a
// synthetic visitor (a finger dragging a cup or a piece in circles, or
// answering a question every 0.8 s), so the busiest picture is measured.
// A spec of kind "blank" is the empty game the rates are compared with.
//
// QINGFENG_EXHIBIT_FAULT=panic|hang makes the program panic, or stop its
// game loop, half a second after its first frame: the shell's tests use it
// to show that a broken exhibit never takes the shell down.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"qingfeng/exhibits/launch"
)

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(os.Args[1:], os.Stdin, os.Stdout, log); err != nil {
		log.Error("exhibit failed", "err", err)
		os.Exit(1)
	}
}

func run(args []string, stdin io.Reader, stdout io.Writer, log *slog.Logger) error {
	fs := flag.NewFlagSet("qingfeng-exhibits", flag.ContinueOnError)
	specFile := fs.String("spec", "-", "the exhibit's spec (JSON); - reads standard input")
	windowed := fs.Bool("windowed", false, "a window instead of full screen (development)")
	size := fs.String("size", "1280x720", "the window's size with --windowed")
	mute := fs.Bool("mute", false, "no sound")
	bench := fs.Duration("bench", 0, "measure frames per second for this long, then exit")
	benchDrive := fs.Bool("bench-drive", false, "with --bench: a synthetic visitor keeps things moving")
	standby := fs.Bool("standby", false, "open the window off screen and wait for the spec on standard input")
	if err := fs.Parse(args); err != nil {
		return err
	}
	tuneGC()
	if *standby {
		return runStandby(stdin, stdout, log, *windowed, *mute)
	}
	var in io.Reader = stdin
	if *specFile != "-" {
		f, err := os.Open(*specFile)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	spec, err := launch.ReadSpec(in)
	if err != nil {
		return err
	}

	ebiten.SetWindowTitle(spec.Title)
	if *windowed {
		var w, h int
		if _, err := fmt.Sscanf(*size, "%dx%d", &w, &h); err != nil || w <= 0 || h <= 0 {
			return fmt.Errorf("--size %q: want WIDTHxHEIGHT", *size)
		}
		ebiten.SetWindowSize(w, h)
	} else {
		ebiten.SetFullscreen(true)
		// A touch screen has no pointer to show.
		ebiten.SetCursorMode(ebiten.CursorModeHidden)
	}
	if *bench > 0 {
		ebiten.SetVsyncEnabled(false)
		fixedSeed = 1
	}

	var g ebiten.Game
	if spec.Kind == launch.Blank {
		g = &blankGame{out: stdout, bench: *bench}
	} else {
		// Frames that show what the last one showed are not drawn again,
		// so the screen must keep its picture between frames.
		ebiten.SetScreenClearedEveryFrame(false)
		g = &game{
			log: log, out: stdout, fonts: loadFonts(), next: loadExhibit(spec), windowed: *windowed,
			spk:   openSpeaker(log, *mute || *bench > 0),
			hooks: runHooks(*bench, *benchDrive, os.Getenv("QINGFENG_EXHIBIT_FAULT")),
		}
	}
	return runGame(g, spec.Name, log)
}

// runGame runs g until it ends.
func runGame(g ebiten.Game, name string, log *slog.Logger) error {
	start := time.Now()
	err := ebiten.RunGameWithOptions(g, &ebiten.RunGameOptions{})
	if errors.Is(err, ebiten.Termination) {
		err = nil
	}
	log.Info("exhibit closed", "name", name, "ran", time.Since(start).Round(time.Millisecond))
	return err
}

// runStandby opens the window at the screen's size but off it, warms up,
// says "standby", and waits for the spec on stdin: the shell starts one of
// these when the list of exhibits is shown, so that the tap on one costs
// neither the window's creation nor the renderer's first frames.
func runStandby(stdin io.Reader, stdout io.Writer, log *slog.Logger, windowed, mute bool) error {
	w, h := ebiten.Monitor().Size()
	ebiten.SetWindowTitle("qingfeng-exhibits")
	if !windowed {
		ebiten.SetWindowDecorated(false)
		ebiten.SetWindowSize(w, h)
		ebiten.SetCursorMode(ebiten.CursorModeHidden)
	}
	ebiten.SetScreenClearedEveryFrame(false)
	g := &game{
		log: log, out: stdout, fonts: loadFonts(), next: awaitExhibit(stdin),
		standby: true, windowed: windowed, release: releaseMemory,
		spk:   openSpeaker(log, mute),
		hooks: runHooks(0, false, os.Getenv("QINGFENG_EXHIBIT_FAULT")),
	}
	return runGame(g, "standby", log)
}
