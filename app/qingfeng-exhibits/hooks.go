package main

import (
	"fmt"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"qingfeng/exhibits/play"
)

// hook is something a run adds around the game without being part of it:
// a fault injected for the shell's tests, the benchmark's visitor, the
// benchmark's measurement. The game calls every hook at three points; with
// none, the game is only the exhibit.
type hook interface {
	// before runs each tick once the exhibit is up, before its rules, and
	// may add to the visitor's input.
	before(now time.Time, g *game, in *play.Input)
	// after runs at the end of each tick the exhibit goes on; an error
	// ends the game (ebiten.Termination: a finished benchmark).
	after(now time.Time, g *game) error
	// drew is told of each Draw once the exhibit is up: when it began and
	// whether it painted anything.
	drew(start time.Time, painted bool)
}

// noHook does nothing at every point; hooks embed it.
type noHook struct{}

func (noHook) before(time.Time, *game, *play.Input) {}
func (noHook) after(time.Time, *game) error         { return nil }
func (noHook) drew(time.Time, bool)                 {}

// runHooks are the hooks the command line and the environment ask for,
// and the release of what the exhibit's start left behind.
func runHooks(bench time.Duration, benchDrive bool, fault string) []hook {
	var hs []hook
	if fault != "" {
		hs = append(hs, faultHook{kind: fault})
	}
	if benchDrive {
		hs = append(hs, visitorHook{})
	}
	if bench > 0 {
		hs = append(hs, &benchHook{length: bench})
	}
	// On a goroutine of its own, so that no frame waits for it.
	return append(hs, &releaseHook{wait: releaseAfter, release: func() { go releaseMemory() }})
}

// faultHook makes the program panic, or stop its game loop, half a second
// after its first frame (QINGFENG_EXHIBIT_FAULT=panic|hang): the shell's
// tests use it to show that a broken exhibit never takes the shell down.
type faultHook struct {
	noHook
	kind string
}

func (f faultHook) before(now time.Time, g *game, _ *play.Input) {
	if !g.drawn || now.Sub(g.readyAt) <= 500*time.Millisecond {
		return
	}
	switch f.kind {
	case "panic":
		panic("qingfeng-exhibits: fault injected for a test (QINGFENG_EXHIBIT_FAULT=panic)")
	case "hang":
		g.log.Warn("fault injected for a test: the game loop stops (QINGFENG_EXHIBIT_FAULT=hang)")
		select {}
	}
}

// visitorHook is the benchmark's synthetic visitor (--bench-drive): each
// scene's drive keeps its busiest picture on screen.
type visitorHook struct{ noHook }

func (visitorHook) before(now time.Time, g *game, in *play.Input) {
	in.Events = append(in.Events, g.sc.drive(now).Events...)
}

// benchHook measures frames per second for length from the first frame
// drawn, then prints "fps N moving N frames N seconds S drawn N full N
// size WxH" and ends the game. The rate while something moves counts only
// the frames that painted: a frame's cost shows as the time to the next
// Draw (Ebiten presents in between).
type benchHook struct {
	length      time.Duration
	frames      int
	from        time.Time
	fromFrame   int
	lastDraw    time.Time
	paintedLast bool
	busy        time.Duration
	busyFrames  int
}

func (*benchHook) before(time.Time, *game, *play.Input) {}

func (b *benchHook) drew(start time.Time, painted bool) {
	b.frames++
	if b.paintedLast && !b.from.IsZero() && !b.lastDraw.Before(b.from) {
		b.busy += start.Sub(b.lastDraw)
		b.busyFrames++
	}
	b.lastDraw, b.paintedLast = start, painted
}

func (b *benchHook) after(now time.Time, g *game) error {
	if !g.drawn {
		return nil
	}
	if b.from.IsZero() {
		b.from, b.fromFrame = now, b.frames
		return nil
	}
	d := now.Sub(b.from)
	if d < b.length {
		return nil
	}
	n := b.frames - b.fromFrame
	moving := 0.0
	if b.busy > 0 {
		moving = float64(b.busyFrames) / b.busy.Seconds()
	}
	g.say(fmt.Sprintf("fps %.2f moving %.2f frames %d seconds %.2f drawn %d full %d size %dx%d",
		float64(n)/d.Seconds(), moving, n, d.Seconds(), b.busyFrames, g.fullCount, g.outW, g.outH))
	return ebiten.Termination
}
