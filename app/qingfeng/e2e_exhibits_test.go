//go:build e2e

package main

import (
	"image"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"qingfeng/assets"
	"qingfeng/exhibits/play"
)

// Positions on a 1920×1080 screen: the 互动展项 tile on Home (the third;
// kiosk/testdata/home_landscape.png) and the three cards of the list
// (exhibits_landscape.png), in the order the store lists them.
var (
	exhibitsTile = image.Pt(1200, 960)
	exhibitCards = []struct {
		name, title string
		at          image.Point
	}{
		{"quiz/xiaoshan-demo/qinglian-xiaoshan", "清廉萧山知识问答", image.Pt(320, 300)},
		{"teas/xiaoshan-demo/qingxiang-qiwei", "清厢茶馆·七味茶", image.Pt(960, 300)},
		{"jigsaw/xiaoshan-demo/papercut-fans", "清廉剪纸·梅花折扇", image.Pt(1600, 300)},
	}
)

// Each exhibit is started by a tap in the real shell, shows its title in
// Chinese with the bundled font, ends by itself when nobody touches it, and
// hands the screen back to the shell (its attract loop: the visitor left).
func TestE2EExhibitsStartRenderAndIdleOut(t *testing.T) {
	d := startXvfb(t, 1920, 1080)
	// The exhibits get the shell's idle time: short here, so they give up
	// within the test. The shell's own attract loop waits as long.
	k := startKiosk(t, d, "screen:\n  slide: 1h\n  idle_after: 8s\n")
	for i, ex := range exhibitCards {
		t.Run(strings.SplitN(ex.name, "/", 2)[0], func(t *testing.T) {
			before := d.shot(ex.name[:4] + "-0-before")
			if i > 0 {
				// The attract loop of the exhibit before: a touch wakes Home.
				d.tap(960, 540)
			}
			d.tap(exhibitsTile.X, exhibitsTile.Y)
			list := d.shot(ex.name[:4] + "-1-list")
			if c := changed(before, list); c < 0.1 {
				t.Fatalf("the 互动展项 tile changed only %.0f%% of the screen", c*100)
			}
			d.run("xdotool", "mousemove", strconv.Itoa(ex.at.X), strconv.Itoa(ex.at.Y), "click", "1")
			waitFor(t, 20*time.Second, ex.name+" to show its first frame", func() bool {
				return k.logged(`msg="exhibit ready"`, "name="+ex.name)
			})
			// Away from the exhibit's buttons, so the pointer does not matter.
			d.run("xdotool", "mousemove", "960", "1075")
			time.Sleep(800 * time.Millisecond)
			shot := d.shot(ex.name[:4] + "-2-exhibit")
			if s := spread(shot); s < 20 {
				t.Fatalf("the exhibit looks blank (spread %.1f)", s)
			}
			if c := changed(list, shot); c < 0.2 {
				t.Fatalf("the exhibit changed only %.0f%% of the shell's screen", c*100)
			}
			iou := titleMatch(shot, ex.title)
			// The measure must tell: the same number of boxes (what a
			// missing glyph looks like) or other characters do not match.
			boxes := titleMatch(shot, strings.Repeat("□", len([]rune(ex.title))))
			other := titleMatch(shot, "廉洁自律清白做人")
			t.Logf("title overlap %.2f; as boxes %.2f; other words %.2f", iou, boxes, other)
			if iou < 0.8 || boxes > 0.5 || other > 0.6 {
				t.Fatalf("the title %q is not drawn in the bundled font (overlap %.2f, boxes %.2f, other %.2f); see %s", ex.title, iou, boxes, other, d.out)
			}
			waitFor(t, 40*time.Second, ex.name+" to end on idle", func() bool {
				return k.logged(`msg="exhibit ended"`, "name="+ex.name, `outcome="timed out"`)
			})
			time.Sleep(1500 * time.Millisecond)
			after := d.shot(ex.name[:4] + "-3-after")
			if c := changed(shot, after); c < 0.2 {
				t.Fatalf("after the exhibit ended the screen changed only %.0f%%: is the shell back?", c*100)
			}
			if s := spread(after); s < 10 {
				t.Fatalf("the shell came back blank (spread %.1f)", s)
			}
		})
	}
	if k.logged("exhibit failed") {
		t.Error("an exhibit failed; see the kiosk log")
	}
	k.stop(t)
}

// An exhibit that panics, or whose game loop stops, is logged and closed
// (the hung one killed); the shell stays up, says so and answers the next
// tap.
func TestE2EBrokenExhibitLeavesShellResponsive(t *testing.T) {
	for _, tt := range []struct{ fault, logged string }{
		{"panic", "panic: qingfeng-exhibits: fault injected"},
		{"hang", "exhibit stopped responding"},
	} {
		t.Run(tt.fault, func(t *testing.T) {
			d := startXvfb(t, 1920, 1080)
			k := startKiosk(t, d, "screen:\n  slide: 1h\n  idle_after: 1h\n", "QINGFENG_EXHIBIT_FAULT="+tt.fault)
			home := d.shot(tt.fault + "-0-home")
			d.tap(exhibitsTile.X, exhibitsTile.Y)
			d.run("xdotool", "mousemove", strconv.Itoa(exhibitCards[1].at.X), strconv.Itoa(exhibitCards[1].at.Y), "click", "1")
			waitFor(t, 40*time.Second, "the shell to log the failure", func() bool {
				return k.logged(`msg="exhibit failed"`, tt.logged)
			})
			time.Sleep(1500 * time.Millisecond)
			after := d.shot(tt.fault + "-1-after")
			if s := spread(after); s < 10 {
				t.Fatalf("the shell shows a blank screen after the failure (spread %.1f)", s)
			}
			d.tap(110, 60) // 返回
			back := d.shot(tt.fault + "-2-home")
			if c := changed(home, back); c > 0.05 {
				t.Fatalf("返回 after the failure should show Home; %.0f%% differs", c*100)
			}
			k.stop(t)
		})
	}
}

// titleMatch compares the red ink of the exhibit's title bar with title set
// in the bundled bold face at the size the exhibit uses, and returns the
// best overlap (intersection over union) of the two: about 0.8 when the
// same glyphs are drawn, near 0 for boxes, other glyphs or nothing.
func titleMatch(shot image.Image, title string) float64 {
	f := play.NewFrame(play.Landscape)
	bar := image.Rect(int(f.Title.X), int(f.Title.Y), int(f.Title.X+f.Title.W), int(f.Title.Y+f.Title.H))
	got := mask(bar.Size(), func(x, y int) bool { return redInk.is(shot.At(bar.Min.X+x, bar.Min.Y+y)) })

	return inkMatch(got, textMask(title, f.Font(play.FontTitle), bar.Size(), bar.Dy()*3/4, 128))
}

// textMask is text set in the bundled bold face at size pixels on a
// canvas of the given size, its baseline at y: the ink the screen should
// show, where the glyphs cover more than least/255 of a pixel. Empty if
// the font cannot be read.
func textMask(text string, size float64, canvas image.Point, baseline int, least uint8) bitmap {
	ink := image.NewAlpha(image.Rectangle{Max: canvas})
	otf, err := opentype.Parse(assets.FontBold())
	if err == nil {
		var face font.Face
		face, err = opentype.NewFace(otf, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
		if err == nil {
			dr := font.Drawer{Dst: ink, Src: image.Opaque, Face: face, Dot: fixed.P(0, baseline)}
			dr.DrawString(text)
		}
	}
	return mask(canvas, func(x, y int) bool { return ink.AlphaAt(x, y).A > least })
}

// inkMatch lines up the ink of got (from the screen) and want (from
// textMask) by their top-left corners, allows a few pixels either way, and
// returns the best overlap: about 0.8 when the same glyphs are drawn, near
// 0 for boxes, other glyphs or nothing.
func inkMatch(got, want bitmap) float64 {
	// Line the two up by their ink's corners, then allow a few pixels.
	gb, wb := bounds(got), bounds(want)
	if gb.Empty() || wb.Empty() {
		return 0
	}
	best := 0.0
	for dy := -3; dy <= 3; dy++ {
		for dx := -3; dx <= 3; dx++ {
			off := gb.Min.Sub(wb.Min).Add(image.Pt(dx, dy))
			best = max(best, overlap(got, want, off))
		}
	}
	return best
}

type bitmap struct {
	w, h int
	on   []bool
}

func mask(size image.Point, f func(x, y int) bool) bitmap {
	m := bitmap{size.X, size.Y, make([]bool, size.X*size.Y)}
	for y := range size.Y {
		for x := range size.X {
			m.on[y*size.X+x] = f(x, y)
		}
	}
	return m
}

func (m bitmap) at(x, y int) bool {
	return x >= 0 && y >= 0 && x < m.w && y < m.h && m.on[y*m.w+x]
}

func bounds(m bitmap) image.Rectangle {
	var r image.Rectangle
	for y := range m.h {
		for x := range m.w {
			if m.at(x, y) {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return r
}

// overlap is |a ∩ b'| / |a ∪ b'| where b' is b moved by off.
func overlap(a, b bitmap, off image.Point) float64 {
	var inter, union int
	for y := range a.h {
		for x := range a.w {
			p, q := a.at(x, y), b.at(x-off.X, y-off.Y)
			if p && q {
				inter++
			}
			if p || q {
				union++
			}
		}
	}
	// Ink of b moved outside a's box counts in the union too.
	for y := range b.h {
		for x := range b.w {
			if b.at(x, y) && (x+off.X < 0 || y+off.Y < 0 || x+off.X >= a.w || y+off.Y >= a.h) {
				union++
			}
		}
	}
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}
