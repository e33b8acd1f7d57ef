package parse

import (
	"encoding/binary"
	"image"
	"image/color"

	"qingfeng/content"
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
		c, progressive, comps := jpegCost(data, w, h)
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

// jpegCost reads a JPEG's frame header and returns what Go's decoder
// allocates for it: a plane per component (MCU-aligned), coefficients for
// every component when progressive (64 int32 per block), and the final
// interleaved picture for CMYK and RGB files. A header it cannot read is
// priced as the worst case.
func jpegCost(data []byte, w, h int64) (cost int64, progressive bool, comps int) {
	worst := 24 * w * h
	adobe, transform := false, byte(0)
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return worst, true, 4
		}
		m := data[i+1]
		if m == 0xFF { // fill byte
			i++
			continue
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		seg := data[i+4 : max(i+4, min(len(data), i+2+n))]
		switch {
		case m == 0xEE && len(seg) >= 12 && string(seg[:5]) == "Adobe":
			adobe, transform = true, seg[11]
		case m == 0xC0 || m == 0xC1 || m == 0xC2:
			if len(seg) < 6 {
				return worst, true, 4
			}
			comps = int(seg[5])
			if comps < 1 || len(seg) < 6+3*comps {
				return worst, true, 4
			}
			progressive = m == 0xC2
			hmax, vmax := int64(1), int64(1)
			for c := range comps {
				s := seg[6+3*c+1]
				hmax, vmax = max(hmax, int64(s>>4)), max(vmax, int64(s&15))
			}
			mxx, myy := (w+8*hmax-1)/(8*hmax), (h+8*vmax-1)/(8*vmax)
			var blocks int64
			for c := range comps {
				s := seg[6+3*c+1]
				blocks += mxx * myy * int64(s>>4) * int64(s&15)
			}
			cost = 64 * blocks
			if progressive {
				cost += 256 * blocks
			}
			rgb := comps == 3 && ((adobe && transform == 0) ||
				(seg[6] == 'R' && seg[9] == 'G' && seg[12] == 'B'))
			if comps == 4 || rgb {
				cost += 4 * w * h
			}
			return cost, progressive, comps
		case m == 0xD9 || m == 0xDA:
			return worst, true, 4
		}
		i += 2 + n
	}
	return worst, true, 4
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

// maxJPEGScans bounds the scans of a JPEG. A decoder visits every block of
// the picture in every scan, and a scan can take a few bytes: a file of a
// megabyte can hold fifty thousand of them and take many minutes to
// decode. Encoders write one scan (baseline) or about ten (progressive).
const maxJPEGScans = 100

// jpegScans counts the scans (SOS markers) of a JPEG, skipping each
// scan's entropy-coded data.
func jpegScans(data []byte) int {
	n := 0
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			i++ // stray bytes between segments: decoders skip them too
			continue
		}
		m := data[i+1]
		switch {
		case m == 0xFF:
			i++
			continue
		case m == 0xD9:
			return n
		case m == 0x00 || m == 0x01 || m >= 0xD0 && m <= 0xD7:
			i += 2
			continue
		}
		i += 2 + int(binary.BigEndian.Uint16(data[i+2:]))
		if m != 0xDA {
			continue
		}
		n++
		// Entropy-coded data runs to the next marker other than a
		// stuffed zero or a restart.
		for i+1 < len(data) && (data[i] != 0xFF || data[i+1] == 0 || data[i+1] >= 0xD0 && data[i+1] <= 0xD7 || data[i+1] == 0xFF) {
			i++
		}
	}
	return n
}
