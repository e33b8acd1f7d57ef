//go:build e2e

package main

import (
	"context"
	"fmt"
	"image"
	"testing"
	"time"
	"unicode/utf8"

	"qingfeng/content/store"
)

// Where a finger goes for 手写 at 1920×1080, scale 1: the goldens
// kiosk/testdata/form_landscape.png (the empty cell before z, where 手写
// is) and handwriting_landscape.png (the pad, the first candidate).
var (
	tapHand       = image.Pt(99, 897)  // 手写, third letter row
	padCentre     = image.Pt(870, 771) // the pad, 600×600
	tapCandidate1 = image.Pt(40, 427)  // the candidate bar's first
	textArea      = image.Rect(10, 190, 1900, 380)
)

// stroke is a finger drawing from a to b: press, move in small steps as a
// touch screen reports them, lift.
func (d *display) stroke(a, b image.Point) {
	d.run("xdotool", "mousemove", fmt.Sprint(a.X), fmt.Sprint(a.Y), "mousedown", "1")
	for i := 1; i <= 12; i++ {
		x := a.X + (b.X-a.X)*i/12
		y := a.Y + (b.Y-a.Y)*i/12
		d.run("xdotool", "mousemove", fmt.Sprint(x), fmt.Sprint(y))
	}
	d.run("xdotool", "mouseup", "1")
	time.Sleep(1500 * time.Millisecond)
}

// The real shell, its desktop driver and the installed model: a finger
// writes 十 on the pad, the first candidate goes into the opinion, and the
// opinion stored holds the character recognised.
func TestE2EHandwritingIntoAnOpinion(t *testing.T) {
	d := startXvfb(t, 1920, 1080)
	k := startKiosk(t, d, "screen:\n  slide: 1h\n  idle_after: 1h\nopinions:\n  min_interval: 0s\n  phrases: [我想反映, 建议, 谢谢]\n")
	waitFor(t, 30*time.Second, "the handwriting model to load", func() bool {
		return k.logged("handwriting model checked")
	})
	d.tapAt(tapOpinions)
	d.tapAt(tapWrite)
	form := d.shot("hand-1-form")
	d.tapAt(tapHand)
	pad := d.shot("hand-2-pad")
	if c := changed(form, pad); c < 0.05 {
		t.Fatalf("手写 changed only %.1f%% of the screen", c*100)
	}
	d.stroke(padCentre.Add(image.Pt(-200, -40)), padCentre.Add(image.Pt(200, -40)))
	d.stroke(padCentre.Add(image.Pt(0, -220)), padCentre.Add(image.Pt(0, 220)))
	written := d.shot("hand-3-written")
	if c := changed(pad, written); c < 0.005 {
		t.Fatalf("two strokes changed only %.2f%% of the screen: no ink, no candidates", c*100)
	}
	d.tapAt(tapCandidate1)
	picked := d.shot("hand-4-picked")
	if c := changed(written.(subImager).SubImage(textArea), picked.(subImager).SubImage(textArea)); c == 0 {
		t.Fatal("picking the first candidate left the opinion's text as it was")
	}
	d.tapAt(tapSendWrite)
	waitFor(t, 20*time.Second, "the opinion to be stored", func() bool { return len(k.receiptsLogged()) >= 1 })
	d.shot("hand-5-sent")

	k.stop(t)
	st, err := store.Open(context.Background(), k.data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ops, err := st.Opinions(context.Background(), time.Time{})
	if err != nil || len(ops) != 1 {
		t.Fatalf("the database holds %+v (%v); want one opinion", ops, err)
	}
	if got := ops[0].Text; got != "十" {
		t.Fatalf("the opinion written by hand says %q (%d characters), want 十", got, utf8.RuneCountInString(got))
	}
}

type subImager interface {
	SubImage(image.Rectangle) image.Image
}
