package x11

import "testing"

func TestPlacementCovers(t *testing.T) {
	full := placement{rootW: 1920, rootH: 1080, w: 1920, h: 1080, viewable: true}
	for _, tc := range []struct {
		name string
		p    func(placement) placement
		want bool
	}{
		{"full screen", func(p placement) placement { return p }, true},
		{"unmapped", func(p placement) placement { p.viewable = false; return p }, false},
		{"moved", func(p placement) placement { p.x = 1; return p }, false},
		{"too small after a mode change", func(p placement) placement { p.rootW, p.rootH = 3840, 2160; return p }, false},
		{"shifted down", func(p placement) placement { p.y = 40; return p }, false},
		{"too narrow", func(p placement) placement { p.w = 1280; return p }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.p(full).covers(); got != tc.want {
				t.Errorf("%v covers: %v, want %v", tc.p(full), got, tc.want)
			}
		})
	}
}

func TestLastLine(t *testing.T) {
	for in, want := range map[string]string{
		"Keyboard Control:\n  auto repeat:  on\n\nDPMS is Disabled\n\n": "DPMS is Disabled",
		"one":       "one",
		"  \n  ":    "",
		"a\n b  \n": "b",
	} {
		if got := lastLine(in); got != want {
			t.Errorf("lastLine(%q) = %q, want %q", in, got, want)
		}
	}
}
