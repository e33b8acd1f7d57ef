package jpegturbo

// What a JPEG costs to decode, read from its headers before it is: for
// the callers that bound what they decode (this package bounds nothing).

import "encoding/binary"

// MaxScans bounds the scans of a JPEG. A decoder visits every block of
// the picture in every scan, and a scan can take a few bytes: a file of a
// megabyte can hold fifty thousand of them and take many minutes to
// decode. Encoders write one scan (baseline) or about ten (progressive).
const MaxScans = 100

// Scans counts the scans (SOS markers) of a JPEG, skipping each
// scan's entropy-coded data.
func Scans(data []byte) int {
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

// GoCost reads a JPEG's frame header and returns what Go's decoder
// allocates for it: a plane per component (MCU-aligned), coefficients for
// every component when progressive (64 int32 per block), and the final
// interleaved picture for CMYK and RGB files. A header it cannot read is
// priced as the worst case.
func GoCost(data []byte, w, h int64) (cost int64, progressive bool, comps int) {
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
