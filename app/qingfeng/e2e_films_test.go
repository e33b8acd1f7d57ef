//go:build e2e

package main

import (
	"image"
	"image/color"
	"strconv"
	"testing"
	"time"
)

// Positions on a 1920×1080 screen: Home's 观看视频 tile (the third of five;
// kiosk/testdata/home_films_landscape.png), the demo film's card on the
// list (films_landscape.png), and the 返回 of the film's controls
// (film_landscape.png).
var (
	filmsTile  = image.Pt(960, 960)
	filmCardAt = image.Pt(320, 300)
	filmReturn = image.Pt(277, 1038)
	// filmVideo is inside the area mpv draws in, clear of the bars.
	filmVideo = image.Rect(200, 150, 1720, 750)
)

// The demo film starts by a tap in the real shell, its frames change on
// the screen, its subtitles are drawn in the bundled font on their band
// as the film goes, and 返回 stops it and shows the list again.
func TestE2EFilmPlaysWithSubtitlesAndReturns(t *testing.T) {
	d := startXvfb(t, 1920, 1080)
	k := startKiosk(t, d, "screen:\n  slide: 1h\n  idle_after: 1h\n")
	d.tap(filmsTile.X, filmsTile.Y)
	list := d.shot("film-0-list")
	d.run("xdotool", "mousemove", strconv.Itoa(filmCardAt.X), strconv.Itoa(filmCardAt.Y), "click", "1")
	waitFor(t, 20*time.Second, "the film's first frame", func() bool { return k.logged(`msg="film: first frame"`) })
	start := time.Now()
	d.run("xdotool", "mousemove", "960", "1075") // off the film, on no control
	var shots []image.Image
	var at []time.Duration
	for i := range 3 {
		time.Sleep(700 * time.Millisecond)
		at = append(at, time.Since(start))
		shots = append(shots, d.shot("film-"+strconv.Itoa(i+1)+"-playing"))
	}
	if s := spread(crop(shots[0], filmVideo)); s < 10 {
		t.Fatalf("the film looks blank (spread %.1f); see %s", s, d.out)
	}
	if !redInk.is(shots[0].At(15, 40)) || !redInk.is(shots[0].At(100, 20)) {
		// The player is placed in the film area, under the title bar.
		t.Fatalf("the top bar's 返回 is not shown while the film plays: did the film cover it? see %s", d.out)
	}
	if c := changed(crop(shots[0], filmVideo), crop(shots[2], filmVideo)); c < 0.05 {
		t.Fatalf("the film's frames did not change (%.0f%% in %v); see %s", c*100, at[2]-at[0], d.out)
	}
	// Each shot's band shows one of the film's first cues; which one
	// depends on the time, so the best of them must match well, and
	// far better than boxes or words that are not there.
	cues := []string{"清风萧山", "柿子村里说廉洁", "清白做人 干净做事"}
	for i, shot := range shots {
		best, which := 0.0, ""
		for _, c := range cues {
			if m := cueMatch(shot, c); m > best {
				best, which = m, c
			}
		}
		boxes := cueMatch(shot, "□□□□")
		other := cueMatch(shot, "食堂账目 日清月结")
		t.Logf("shot %d at %v: %q overlap %.2f; boxes %.2f; a later cue %.2f", i+1, at[i], which, best, boxes, other)
		if best < 0.6 || boxes > 0.4 || other > best-0.2 {
			t.Fatalf("shot %d: the subtitle is not drawn in the bundled font (best %q %.2f, boxes %.2f, other %.2f); see %s",
				i+1, which, best, boxes, other, d.out)
		}
	}
	if k.logged(`msg="film: ended"`) {
		t.Fatal("the film ended before 返回 could be tapped")
	}
	d.tap(filmReturn.X, filmReturn.Y)
	waitFor(t, 10*time.Second, "the film to stop", func() bool { return k.logged(`msg="film: ended"`) })
	time.Sleep(1500 * time.Millisecond)
	back := d.shot("film-4-back")
	if c := changed(list, back); c > 0.05 {
		t.Fatalf("返回 should show the list of films again; %.0f%% differs; see %s", c*100, d.out)
	}
	if k.logged("film: player ended") {
		t.Error("the player failed; see the kiosk log")
	}
	k.stop(t)
}

// cueMatch compares the white ink on the subtitle band (the rows of the
// band's dark grey, under the film) with text set in the bundled bold
// face at the band's size.
func cueMatch(shot image.Image, text string) float64 {
	b := shot.Bounds()
	top, bottom := -1, -1
	for y := b.Max.Y / 2; y < b.Max.Y; y++ {
		if bandGrey(shot.At(b.Min.X+4, y)) && bandGrey(shot.At(b.Max.X-5, y)) {
			if top < 0 {
				top = y
			}
			bottom = y + 1
		}
	}
	if top < 0 {
		return 0
	}
	band := image.Rect(b.Min.X, top, b.Max.X, bottom)
	got := mask(band.Size(), func(x, y int) bool {
		r, g, bl, _ := shot.At(band.Min.X+x, band.Min.Y+y).RGBA()
		return r > 0xb000 && g > 0xb000 && bl > 0xb000
	})
	const size = 52 // kiosk's filmCueSize, at scale 1 on a 1920×1080 screen
	n := len([]rune(text))
	return inkMatch(got, textMask(text, size, image.Pt(size*(n+1), size*2), size*7/5, 128))
}

// bandGrey is the subtitle band's colour: black at 90 % over the paper.
func bandGrey(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	v := (r + g + b) / 3 >> 8
	return v >= 12 && v <= 48 && absDiff(r, g) < 0x1000 && absDiff(g, b) < 0x1000
}

func crop(img image.Image, r image.Rectangle) image.Image {
	out := image.NewRGBA(image.Rectangle{Max: r.Size()})
	for y := range r.Dy() {
		for x := range r.Dx() {
			out.Set(x, y, img.At(r.Min.X+x, r.Min.Y+y))
		}
	}
	return out
}
