package play

import (
	"reflect"
	"testing"
)

// Every rune one unit wide keeps the cases readable.
func unitAdv(rune) float64 { return 1 }

func TestWrapLines(t *testing.T) {
	tests := []struct {
		in    string
		width float64
		want  []string
	}{
		{"清风徐来", 10, []string{"清风徐来"}},
		{"清风徐来水波不兴", 4, []string{"清风徐来", "水波不兴"}},
		// A comma never starts a line: it hangs at the end of the one before.
		{"清风徐来，水波不兴", 4, []string{"清风徐来，", "水波不兴"}},
		// An opening quote never ends a line.
		{"一二三《四五》", 4, []string{"一二三", "《四五》"}},
		{"第一行\n第二行", 10, []string{"第一行", "第二行"}},
		// A Latin word moves whole to the next line.
		{"ab 2022年", 5, []string{"ab", "2022年"}},
		// A word longer than the line is cut, not lost.
		{"abcdefgh", 3, []string{"abc", "def", "gh"}},
		{"", 4, []string{""}},
		// Too narrow for one character: still one a line.
		{"清风", 0.5, []string{"清", "风"}},
	}
	for _, tt := range tests {
		got := WrapLines(tt.in, tt.width, unitAdv)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("WrapLines(%q, %v) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
}
