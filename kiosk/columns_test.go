package kiosk

import "testing"

func TestColumnWidths(t *testing.T) {
	tests := []struct {
		name    string
		natural []float32
		width   float32
		want    []float32
		wrap    []bool
	}{
		{"room to spare is shared", []float32{100, 300}, 800, []float32{200, 600}, []bool{false, false}},
		{"long text wraps, numbers stay whole", []float32{150, 150, 900}, 800, []float32{150, 150, 500}, []bool{false, false, true}},
		{"portrait ledger", []float32{170, 140, 600, 180, 180, 170, 400}, 1040, []float32{170, 140, 200, 180, 180, 170, 200}, []bool{false, false, true, false, false, false, true}},
		{"everything long: no narrower than minWrap, wider than the screen", []float32{600, 600}, 300, []float32{200, 200}, []bool{true, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, wrap := columnWidths(tt.natural, tt.width, 200)
			for i := range w {
				if d := w[i] - tt.want[i]; d > 0.5 || d < -0.5 || wrap[i] != tt.wrap[i] {
					t.Fatalf("widths %v wrap %v, want %v %v", w, wrap, tt.want, tt.wrap)
				}
			}
		})
	}
}
