//go:build !linux || !cgo

package jpegturbo

import (
	"image"
	"io"
)

func decode(data []byte, _ int, maxPixels int64) (image.Image, error) {
	return goDecode(data, maxPixels)
}

func encode(w io.Writer, img image.Image, quality int) error {
	return goEncode(w, img, quality)
}
