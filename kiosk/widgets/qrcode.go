package widgets

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	qrcode "github.com/skip2/go-qrcode"
)

// qrMinSide keeps a code big enough for an old phone camera at arm's length.
const qrMinSide = 240

// QRCode shows Content as a QR code, black on white with its quiet zone, and
// an optional Caption under it (such as "扫码阅读全文"). Change the fields,
// then call Refresh.
type QRCode struct {
	widget.BaseWidget

	Content string
	Caption string
}

// NewQRCode returns a QR code for content.
func NewQRCode(content string) *QRCode {
	q := &QRCode{Content: content}
	q.ExtendBaseWidget(q)
	return q
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (q *QRCode) CreateRenderer() fyne.WidgetRenderer {
	r := &qrRenderer{qr: q, caption: canvas.NewText("", color.Black)}
	r.code = canvas.NewRaster(r.draw)
	r.code.ScaleMode = canvas.ImageScalePixels
	r.caption.Alignment = fyne.TextAlignCenter
	r.Refresh()
	return r
}

type qrRenderer struct {
	qr      *QRCode
	code    *canvas.Raster
	caption *canvas.Text

	encoded string   // the content modules was made from
	modules [][]bool // [y][x], quiet zone included; nil if none
}

// encode remakes the modules when the content has changed.
func (r *qrRenderer) encode() {
	content := r.qr.Content
	if content == r.encoded && (r.modules != nil || content == "") {
		return
	}
	r.encoded, r.modules = content, nil
	if content == "" {
		return
	}
	code, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		fyne.LogError("QR code not drawn", err)
		return
	}
	r.modules = code.Bitmap()
}

// draw paints whole device pixels per module, so every module has the same
// size and sharp edges at any scale; the spare pixels are white margin.
func (r *qrRenderer) draw(w, h int) image.Image {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	n := len(r.modules)
	if n == 0 {
		return img
	}
	px := min(w, h) / n
	if px < 1 {
		// Too small for whole pixels: still draw something scannable-ish
		// rather than nothing, sampling the nearest module.
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				if r.modules[y*n/h][x*n/w] {
					img.Pix[y*img.Stride+x] = 0
				}
			}
		}
		return img
	}
	ox, oy := (w-n*px)/2, (h-n*px)/2
	for my, row := range r.modules {
		for mx, dark := range row {
			if !dark {
				continue
			}
			for y := oy + my*px; y < oy+(my+1)*px; y++ {
				line := img.Pix[y*img.Stride:]
				for x := ox + mx*px; x < ox+(mx+1)*px; x++ {
					line[x] = 0
				}
			}
		}
	}
	return img
}

func (r *qrRenderer) captionHeight() float32 {
	if r.qr.Caption == "" {
		return 0
	}
	return fyne.MeasureText(r.qr.Caption, r.caption.TextSize, r.caption.TextStyle).Height +
		r.qr.Theme().Size(theme.SizeNamePadding)
}

func (r *qrRenderer) Layout(size fyne.Size) {
	capH := r.captionHeight()
	side := fyne.Max(fyne.Min(size.Width, size.Height-capH), 0)
	r.code.Resize(fyne.NewSquareSize(side))
	r.code.Move(fyne.NewPos((size.Width-side)/2, 0))
	r.caption.Resize(fyne.NewSize(size.Width, capH))
	r.caption.Move(fyne.NewPos(0, side+r.qr.Theme().Size(theme.SizeNamePadding)))
}

func (r *qrRenderer) MinSize() fyne.Size {
	w := float32(qrMinSide)
	if r.qr.Caption != "" {
		w = fyne.Max(w, fyne.MeasureText(r.qr.Caption, r.caption.TextSize, r.caption.TextStyle).Width)
	}
	return fyne.NewSize(w, qrMinSide+r.captionHeight())
}

func (r *qrRenderer) Refresh() {
	th := r.qr.Theme()
	r.caption.Text = r.qr.Caption
	r.caption.TextSize = th.Size(theme.SizeNameText)
	r.caption.Color = th.Color(theme.ColorNameForeground, fyne.CurrentApp().Settings().ThemeVariant())
	r.caption.Hidden = r.qr.Caption == ""
	r.encode()
	r.code.Hidden = r.modules == nil
	r.Layout(r.qr.Size())
	r.code.Refresh()
	r.caption.Refresh()
}

func (r *qrRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.code, r.caption}
}

func (r *qrRenderer) Destroy() {}
