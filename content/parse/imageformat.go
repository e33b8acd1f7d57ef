package parse

import "bytes"

// imageFormat names a picture's format by its first bytes: "jpeg" and
// "png" are the ones the kiosk shows (docs/content-format.md); others that
// staff commonly meet are named in Chinese words for the message; "" is
// not recognised. Judging by the bytes, not by image.DecodeConfig, keeps a
// decoder some other package registers in the binary (BMP, GIF, WebP) from
// widening what packages may hold.
func imageFormat(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return "jpeg"
	case bytes.HasPrefix(data, []byte("BM")):
		return "BMP"
	case bytes.HasPrefix(data, []byte("GIF8")):
		return "GIF"
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return "WebP"
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return "TIFF"
	case len(data) >= 12 && string(data[4:8]) == "ftyp":
		switch string(data[8:12]) {
		case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1":
			return heicFormat
		case "avif":
			return "AVIF"
		}
	case bytes.HasPrefix(data, []byte("8BPS")):
		return "PSD（Photoshop）"
	}
	return ""
}

// heicFormat is imageFormat's name for HEIC/HEIF, which gets its own hint.
const heicFormat = "HEIC（手机照片）"
