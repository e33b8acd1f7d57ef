package widgets

import (
	"image"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	qrcode "github.com/skip2/go-qrcode"
)

const qrTestURL = "https://qingfeng.example/story/2024-017"

func TestQRCode_modulesMatchEncoder(t *testing.T) {
	test.NewTempApp(t)
	want, err := qrcode.New(qrTestURL, qrcode.Medium)
	if err != nil {
		t.Fatal(err)
	}
	bits := want.Bitmap()
	n := len(bits)

	for _, side := range []float32{240, 301, 517} {
		q := NewQRCode(qrTestURL)
		w := test.NewTempWindow(t, q)
		w.SetPadded(false)
		w.Resize(fyne.NewSquareSize(side))
		img := w.Canvas().Capture()

		r := test.WidgetRenderer(q).(*qrRenderer)
		origin := r.code.Position()
		px := int(r.code.Size().Width) / n
		if px < 2 {
			t.Fatalf("side %v: %d pixels per module, want at least 2", side, px)
		}
		ox := int(origin.X) + (int(r.code.Size().Width)-n*px)/2
		oy := int(origin.Y) + (int(r.code.Size().Height)-n*px)/2
		mismatches := 0
		for y := 0; y < n; y++ {
			for x := 0; x < n; x++ {
				// Both corners of the module, so a module smeared by
				// resampling would show up as a mismatch.
				for _, p := range []image.Point{{ox + x*px, oy + y*px}, {ox + (x+1)*px - 1, oy + (y+1)*px - 1}} {
					if isDark(img, p) != bits[y][x] {
						mismatches++
					}
				}
			}
		}
		if mismatches > 0 {
			t.Errorf("side %v: %d module corners differ from go-qrcode's bitmap", side, mismatches)
		}
		// The quiet zone: go-qrcode's bitmap starts with four white modules.
		if bits[0][0] || bits[3][3] || !bits[4][4] {
			t.Error("bitmap has no quiet zone where expected")
		}
	}
}

func TestQRCode_refreshAndCaption(t *testing.T) {
	test.NewTempApp(t)
	q := NewQRCode("")
	w := test.NewTempWindow(t, q)
	r := test.WidgetRenderer(q).(*qrRenderer)
	if r.code.Visible() {
		t.Error("empty content draws a code")
	}
	if min := q.MinSize(); min.Width < 240 || min.Height < 240 {
		t.Errorf("MinSize %v, want at least 240×240", min)
	}

	q.Content = qrTestURL
	q.Caption = "Scan to read"
	q.Refresh()
	w.Resize(q.MinSize())
	if !r.code.Visible() || r.modules == nil {
		t.Fatal("code not drawn after setting Content")
	}
	if !r.caption.Visible() || r.caption.Position().Y < r.code.Position().Y+r.code.Size().Height {
		t.Error("caption should show under the code")
	}
	if s := r.code.Size(); s.Width != s.Height {
		t.Errorf("code is %v, not square", s)
	}

	long := make([]byte, 8000)
	for i := range long {
		long[i] = 'x'
	}
	q.Content = string(long)
	q.Refresh()
	if r.code.Visible() {
		t.Error("content too long for a QR code still shows a code")
	}
}

func TestQRCode_golden(t *testing.T) {
	test.NewTempApp(t)
	q := NewQRCode(qrTestURL)
	q.Caption = "Scan to read the full story"
	w := test.NewTempWindow(t, q)
	w.Resize(fyne.NewSize(300, 320))
	test.AssertImageMatches(t, "qrcode.png", w.Canvas().Capture())
}

func isDark(img image.Image, p image.Point) bool {
	r, g, b, _ := img.At(p.X, p.Y).RGBA()
	return (r+g+b)/3 < 0x8000
}
