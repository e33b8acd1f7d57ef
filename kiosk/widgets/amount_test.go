package widgets

import (
	"math"
	"testing"
)

func TestCompactAmount(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"},
		{math.Copysign(0, -1), "0"},
		{-0.001, "0"},
		{7, "7"},
		{0.5, "0.5"},
		{12.345, "12.35"},
		{999, "999"},
		{1000, "1,000"},
		{3450, "3,450"},
		{1234.5, "1,234.5"},
		{9999.5, "9,999.5"},
		{9999.999, "1万"},
		{10000, "1万"},
		{11480, "1.15万"},
		{12000, "1.2万"},
		{99999, "10万"},
		{123456, "12.3万"},
		{1234567, "123万"},
		{60000000, "6000万"},
		{99999999, "1亿"},
		{150000000, "1.5亿"},
		{123456789012, "1235亿"},
		{-3450, "-3,450"},
		{-11480, "-1.15万"},
		{math.NaN(), ""},
		{math.Inf(1), "∞"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := CompactAmount(tt.in); got != tt.want {
				t.Errorf("CompactAmount(%v) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
