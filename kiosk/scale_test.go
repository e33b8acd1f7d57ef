package kiosk

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// tileText is the title of the Home tile showing text.
func (r *rig) tileText(tb testing.TB, text string) *canvas.Text {
	tb.Helper()
	var found *canvas.Text
	walk(r.cardWith(tb, text), func(o fyne.CanvasObject) bool {
		if t, ok := o.(*canvas.Text); ok && t.Text == text {
			found = t
			return true
		}
		return false
	})
	if found == nil {
		tb.Fatalf("tile %q has no title", text)
	}
	return found
}

// A 3840×2160 panel: at scale 1 the 1080p design is half its size there;
// Fit(2) while Home is shown lays it out again with every unit two
// pixels. The test canvas is resized as Fyne's desktop driver resizes a
// full-screen one, to the screen's pixels divided by the scale.
func TestFitScalesHome(t *testing.T) {
	panel := fyne.NewSize(3840, 2160)
	r := newRig(t, panel)
	px := func(units float32) float32 { return units * r.w.Canvas().Scale() }
	tile := r.cardWith(t, TileDisclosures)
	tileH1, tileW1 := px(tile.Size().Height), px(tile.Size().Width)
	text1 := px(r.tileText(t, TileDisclosures).TextSize)
	body1 := px(theme.Size(theme.SizeNameText))

	r.k.Fit(2, false)
	r.w.Resize(fyne.NewSize(panel.Width/2, panel.Height/2))
	r.expect(t, "home")
	if got := r.w.Canvas().Scale(); got != 2 {
		t.Fatalf("canvas scale %v after Fit(2)", got)
	}
	if img := r.w.Canvas().Capture(); img.Bounds().Dx() != int(panel.Width) || img.Bounds().Dy() != int(panel.Height) {
		t.Fatalf("capture is %v, want the panel's %v", img.Bounds().Size(), panel)
	}
	if body2 := px(theme.Size(theme.SizeNameText)); body2 != 2*body1 {
		t.Errorf("body text %v px at scale 2, want twice %v", body2, body1)
	}
	tile = r.cardWith(t, TileDisclosures)
	tileH2, tileW2 := px(tile.Size().Height), px(tile.Size().Width)
	if text2 := px(r.tileText(t, TileDisclosures).TextSize); text2 != 2*text1 {
		t.Errorf("tile title %v px at scale 2, want twice %v", text2, text1)
	}
	// Four tiles share the width at both scales; their height follows
	// what they hold.
	if tileH2 < 1.8*tileH1 {
		t.Errorf("tile %v px high at scale 2, %v at scale 1: not laid out again", tileH2, tileH1)
	}
	if tileW2 < 0.95*tileW1 || tileW2 > 1.05*tileW1 {
		t.Errorf("tile %v px wide at scale 2, %v at scale 1", tileW2, tileW1)
	}

	// 大字 multiplies the scale.
	r.k.SetLarge(true)
	if large := px(theme.Size(theme.SizeNameText)); large < 2.5*body1 {
		t.Errorf("大字 at scale 2: body text %v px, want about 2×1.3 of %v", large, body1)
	}
}

// A screen turned upright while running: Home lays its tiles out for it.
func TestFitTurnsHome(t *testing.T) {
	r := newRig(t, landscape)
	sameRow := func() bool {
		a, b := r.cardWith(t, TileStories), r.cardWith(t, TileExhibits)
		return a.Position().Y == b.Position().Y
	}
	if r.k.Portrait() || !sameRow() {
		t.Fatal("landscape Home does not have its tiles in one row")
	}
	r.k.Fit(1, true)
	r.w.Resize(portrait)
	if !r.k.Portrait() || sameRow() {
		t.Error("Home turned upright still has its tiles in one row")
	}
	r.k.Fit(1, false)
	r.w.Resize(landscape)
	if r.k.Portrait() || !sameRow() {
		t.Error("Home turned back still has two rows of tiles")
	}
}
