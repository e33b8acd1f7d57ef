package pinyin

import (
	"slices"
	"testing"
	"unicode/utf8"
)

func TestFollowing(t *testing.T) {
	d := bundled(t)
	tests := []struct {
		text string
		want string // among the first ten
	}{
		{"清", "廉"},
		{"村", "干部"},
		{"意", "见"},
		{"我的意", "见"}, // only the last character counts
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := d.Following(tt.text, 10)
			if len(got) != 10 || !slices.Contains(got, tt.want) {
				t.Errorf("Following(%q) = %v, want 10 with %q", tt.text, got, tt.want)
			}
			seen := map[string]bool{}
			for _, g := range got {
				if n := utf8.RuneCountInString(g); n < 1 || n > 3 || seen[g] {
					t.Errorf("%q: a repeat or not 1–3 characters", g)
				}
				seen[g] = true
			}
		})
	}
	if got := d.Following("", 10); got != nil {
		t.Errorf("after nothing: %v", got)
	}
}
