package parse

import (
	"image"
	"image/color"

	"qingfeng/content"
	"qingfeng/content/jpegturbo"
)

// The memory budget (Limits.MaxMemoryBytes) is for the whole process. An
// eighth of it may go to what the package leaves in memory (texts, table
// cells, thumbnails), a quarter to what is being decoded at any moment
// (pictures, or one workbook); the rest is the program itself and the
// garbage collector's headroom (by default the heap grows to twice what is
// live before it is collected). Every cost is estimated before the
// decoding that would incur it, and a file that does not fit is refused.
func heldBudget(lim content.Limits) int64   { return lim.MaxMemoryBytes / 8 }
func decodeBudget(lim content.Limits) int64 { return lim.MaxMemoryBytes / 4 }

// maxColumns bounds the columns of a disclosure table: a kiosk screen cannot
// show more, and a stray cell far to the right (Excel's last column is
// XFD, 16,384) would otherwise pad every row to its width.
const maxColumns = 100

// The cost of a decoded string beyond its bytes (its header), and of a row.
const (
	cellOverhead = 16
	rowOverhead  = 48
)

// imageCost estimates the bytes decoding data (whose header gave cfg) takes
// with Go's decoders, thumbnail included when thumbs is set, and says in a
// few words what makes the picture expensive ("" if only its size).
func imageCost(data []byte, cfg image.Config, format string, thumbs bool) (int64, string) {
	w, h := int64(cfg.Width), int64(cfg.Height)
	cost := int64(len(data))
	why := ""
	switch format {
	case "jpeg":
		c, progressive, comps := jpegturbo.GoCost(data, w, h)
		cost += c
		switch {
		case progressive && comps == 4:
			why = "渐进式CMYK"
		case progressive:
			why = "渐进式"
		case comps == 4:
			why = "CMYK"
		}
	case "png":
		bpp := bytesPerPixel(cfg.ColorModel)
		c := bpp * w * h
		if len(data) > 28 && data[28] == 1 {
			c *= 2 // Adam7 interlacing: each pass decoded apart, then merged
			why = "隔行扫描"
		}
		if bpp == 8 || bpp == 2 {
			why = "16位" + why
		}
		cost += c
	default:
		cost += 8 * w * h
	}
	if thumbs {
		cost += thumbCost(int(w), int(h))
	}
	return cost, why
}

func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel:
		return 4
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 8
}

// thumbCost is what thumbnail allocates beyond the decoded picture: a band
// of rows and the reduced picture, or a full copy when it is small.
func thumbCost(w, h int) int64 {
	k := thumbFactor(w, h)
	if k < 2 {
		return 4 * int64(w) * int64(h)
	}
	return 4*int64(w)*int64(k) + 8*int64(w/k)*int64(h/k)
}
