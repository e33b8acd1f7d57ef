package jpegturbo

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"io"
)

// Scales are the denominators Decode takes: the picture is decoded at
// 1/denom of its size in each direction, rounded up.
var Scales = [...]int{1, 2, 4, 8}

// ErrTooLarge is Decode's answer to a picture larger than its caller
// allowed.
var ErrTooLarge = errors.New("jpegturbo: picture larger than allowed")

// ScaleFor returns the largest denominator of Scales at which a w×h
// picture is still at least minW×minH: the smallest decode that loses
// nothing a result of that size needs.
func ScaleFor(w, h, minW, minH int) int {
	for i := len(Scales) - 1; i > 0; i-- {
		d := Scales[i]
		if Scaled(w, d) >= minW && Scaled(h, d) >= minH {
			return d
		}
	}
	return 1
}

// Scaled is a side of n pixels decoded at 1/denom.
func Scaled(n, denom int) int { return (n + denom - 1) / denom }

// Decode decodes a JPEG at 1/denom of its size (a value of Scales; the
// Go path always decodes at full size) into an *image.YCbCr or
// *image.Gray where the picture is YCbCr or gray, or another image type
// for the rest (CMYK, RGB). A picture whose header claims more than
// maxPixels pixels is refused with ErrTooLarge before any is decoded.
// Corrupt or truncated data is an error, never a partly gray picture.
func Decode(data []byte, denom int, maxPixels int64) (image.Image, error) {
	if !validScale(denom) {
		return nil, fmt.Errorf("jpegturbo: no scale 1/%d", denom)
	}
	return decode(data, denom, maxPixels)
}

// Encode writes img as a baseline JPEG of the given quality (1–100).
// A YCbCr picture keeps its chroma subsampling; anything else is encoded
// 4:2:0, as image/jpeg does.
func Encode(w io.Writer, img image.Image, quality int) error {
	return encode(w, img, min(max(quality, 1), 100))
}

func validScale(d int) bool {
	for _, s := range Scales {
		if s == d {
			return true
		}
	}
	return false
}

// goDecode is Decode with image/jpeg: at full size whatever denom says.
func goDecode(data []byte, maxPixels int64) (image.Image, error) {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		// image/jpeg accepts a picture of no pixels; libjpeg does not.
		return nil, errors.New("jpegturbo: empty picture")
	}
	if int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return nil, ErrTooLarge
	}
	return jpeg.Decode(bytes.NewReader(data))
}

// goEncode is Encode with image/jpeg.
func goEncode(w io.Writer, img image.Image, quality int) error {
	return jpeg.Encode(w, img, &jpeg.Options{Quality: quality})
}
