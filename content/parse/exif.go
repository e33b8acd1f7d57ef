package parse

import "encoding/binary"

// The EXIF orientation tag (TIFF tag 274) and its values: how the stored
// rows and columns lie against the picture as it is meant to be seen.
// Phones write 6 for most portrait photos: the sensor's rows are kept and
// the tag says they run down the right-hand side.
const (
	exifOrientationTag = 0x0112
	orientUpright      = 1 // 0th row at the top, 0th column at the left
)

// jpegOrientation returns the EXIF orientation (1–8) of a JPEG: 1 when it
// has no EXIF segment before its first scan or the tag is missing or
// malformed, as viewers do. Only the segment headers and the first IFD
// are read, so a hostile file costs at most one pass over its headers.
func jpegOrientation(data []byte) int {
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return orientUpright
		}
		m := data[i+1]
		switch {
		case m == 0xFF: // fill byte
			i++
			continue
		case m == 0xDA || m == 0xD9: // first scan or end: metadata comes before
			return orientUpright
		case m == 0x01 || m >= 0xD0 && m <= 0xD7: // markers without a length
			i += 2
			continue
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 {
			return orientUpright
		}
		seg := data[i+4 : min(len(data), i+2+n)]
		if m == 0xE1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
			// The first EXIF segment is the one cameras write; a later
			// one is not looked for.
			if o := tiffOrientation(seg[6:]); o != 0 {
				return o
			}
			return orientUpright
		}
		i += 2 + n
	}
	return orientUpright
}

// tiffOrientation reads the orientation tag from the first IFD of a TIFF
// structure (EXIF's container); 0 if it is absent or not a valid value.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return 0
	}
	off := int64(bo.Uint32(t[4:]))
	if off < 8 || off+2 > int64(len(t)) {
		return 0
	}
	n := int(bo.Uint16(t[off:]))
	// Entries are 12 bytes; the count is bounded by the segment's length
	// (at most 64 KB), whatever the file claims.
	for p := int(off) + 2; n > 0 && p+12 <= len(t); n, p = n-1, p+12 {
		if bo.Uint16(t[p:]) != exifOrientationTag {
			continue
		}
		typ, count := bo.Uint16(t[p+2:]), bo.Uint32(t[p+4:])
		if typ != 3 || count != 1 { // SHORT, one value, stored in place
			return 0
		}
		if v := int(bo.Uint16(t[p+8:])); v >= 1 && v <= 8 {
			return v
		}
		return 0
	}
	return 0
}
