package panel

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestChoose(t *testing.T) {
	for _, tc := range []struct {
		name     string
		screen   Screen
		wish     Wish
		scale    float32
		portrait bool
		why      string // a part of Fit.Why
	}{
		{"720p, no size", Screen{1280, 720, 0, 0}, Wish{}, 1, false, "pixels only"},
		{"1080p, no size", Screen{1920, 1080, 0, 0}, Wish{}, 1, false, "pixels only"},
		{"1440p, no size", Screen{2560, 1440, 0, 0}, Wish{}, 1.3, false, "pixels only"},
		{"4K, no size", Screen{3840, 2160, 0, 0}, Wish{}, 2, false, "pixels only"},
		{"8K is capped", Screen{7680, 4320, 0, 0}, Wish{}, MaxScale, false, "pixels only"},
		{"5:4, no size", Screen{1280, 1024, 0, 0}, Wish{}, 1, false, "pixels only"},
		{"55-inch 4K", Screen{3840, 2160, 1210, 680}, Wish{}, 2, false, "54.6-inch"},
		{"65-inch 4K", Screen{3840, 2160, 1429, 804}, Wish{}, 2, false, "64.6-inch"},
		{"15.6-inch 1366x768", Screen{1366, 768, 344, 194}, Wish{}, 1, false, "15.5-inch"},
		{"21.5-inch 1080p", Screen{1920, 1080, 476, 268}, Wish{}, 1, false, "21.5-inch"},
		{"27-inch 1440p", Screen{2560, 1440, 597, 336}, Wish{}, 1.3, false, "27.0-inch"},
		// 16:10: the panel is taller than its width suggests, so it is
		// read from further away than the pixel rule assumes.
		{"30-inch 2560x1600", Screen{2560, 1600, 641, 400}, Wish{}, 1.4, false, "29.7-inch"},
		{"19-inch 5:4", Screen{1280, 1024, 376, 301}, Wish{}, 1, false, "19.0-inch"},
		{"EDID 1 mm ignored", Screen{3840, 2160, 1, 1}, Wish{}, 2, false, "not believable"},
		{"EDID 10 m ignored", Screen{3840, 2160, 10000, 5625}, Wish{}, 2, false, "not believable"},
		{"EDID only width", Screen{3840, 2160, 1210, 0}, Wish{}, 2, false, "not believable"},
		{"EDID of another shape ignored", Screen{3840, 2160, 600, 600}, Wish{}, 2, false, "not believable"},
		{"EDID pitch of an LED wall ignored", Screen{1280, 720, 3000, 1688}, Wish{}, 1, false, "not believable"},
		{"config overrides", Screen{1280, 720, 0, 0}, Wish{Scale: 1.5}, 1.5, false, "screen.scale"},
		{"config overrides EDID", Screen{3840, 2160, 1210, 680}, Wish{Scale: 1.2}, 1.2, false, "screen.scale"},
		{"config scale rounded", Screen{1920, 1080, 0, 0}, Wish{Scale: 1.25}, 1.3, false, "screen.scale"},
		{"unknown screen", Screen{}, Wish{}, 1, false, "unknown"},
		{"portrait 1080x1920", Screen{1080, 1920, 0, 0}, Wish{}, 1, true, "pixels only"},
		{"portrait 4K, no size", Screen{2160, 3840, 0, 0}, Wish{}, 2, true, "pixels only"},
		{"portrait 55-inch, size as turned", Screen{2160, 3840, 680, 1210}, Wish{}, 2, true, "54.6-inch"},
		{"portrait 55-inch, size as mounted", Screen{2160, 3840, 1210, 680}, Wish{}, 2, true, "54.6-inch"},
		{"portrait 720x1280", Screen{720, 1280, 0, 0}, Wish{}, 1, true, "pixels only"},
		{"auto spelled out", Screen{1080, 1920, 0, 0}, Wish{Orientation: Auto}, 1, true, ""},
		{"forced landscape on a tall screen", Screen{1080, 1920, 0, 0}, Wish{Orientation: Landscape}, 1, false, ""},
		{"forced portrait on a wide screen", Screen{1920, 1080, 0, 0}, Wish{Orientation: Portrait}, 1, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := Choose(tc.screen, tc.wish)
			if f.Scale != tc.scale || f.Portrait != tc.portrait {
				t.Errorf("Choose(%+v, %+v) = scale %v portrait %v, want %v %v (%s)", tc.screen, tc.wish, f.Scale, f.Portrait, tc.scale, tc.portrait, f.Why)
			}
			if !strings.Contains(f.Why, tc.why) {
				t.Errorf("Why = %q, want it to contain %q", f.Why, tc.why)
			}
		})
	}
}

// TestChooseTextSize checks the rule itself on panels with a size: body
// text (28 units) fills at least the angle it fills on the reference,
// within the tenth the scale is rounded to, unless the scale is at its
// floor of 1.
func TestChooseTextSize(t *testing.T) {
	const text = 28
	ref := text * refPixelMM / refDiagonalMM
	for _, s := range []Screen{
		{3840, 2160, 1210, 680}, {1366, 768, 344, 194}, {1920, 1080, 476, 268},
		{2560, 1600, 641, 400}, {1280, 1024, 376, 301}, {2160, 3840, 680, 1210},
		{3840, 2160, 698, 393}, {1920, 1080, 1650, 928},
	} {
		f := Choose(s, Wish{})
		wmm, hmm, ok := believable(s)
		if !ok {
			t.Fatalf("%+v: size not believed", s)
		}
		got := text * float64(f.Scale) * wmm / float64(s.Width) / math.Hypot(wmm, hmm)
		if f.Scale > MinScale && got < ref*0.95 {
			t.Errorf("%+v: scale %v makes text %.3g of the reference", s, f.Scale, got/ref)
		}
		if f.Scale == MinScale && got < ref*0.95 {
			t.Logf("%+v: at scale 1 text is %.2f of the reference (this screen must reflow)", s, got/ref)
		}
	}
}

func TestValid(t *testing.T) {
	for _, tc := range []struct {
		wish Wish
		err  string
	}{
		{Wish{}, ""},
		{Wish{Orientation: "auto"}, ""},
		{Wish{Orientation: "landscape", Scale: 1}, ""},
		{Wish{Orientation: "portrait", Scale: 4}, ""},
		{Wish{Orientation: "sideways"}, "screen.orientation"},
		{Wish{Scale: 0.5}, "screen.scale"},
		{Wish{Scale: 5}, "screen.scale"},
		{Wish{Scale: -1}, "screen.scale"},
	} {
		t.Run(fmt.Sprintf("%s/%g", tc.wish.Orientation, tc.wish.Scale), func(t *testing.T) {
			err := Valid(tc.wish)
			if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
				t.Errorf("Valid(%+v) = %v, want %q", tc.wish, err, tc.err)
			}
		})
	}
}
