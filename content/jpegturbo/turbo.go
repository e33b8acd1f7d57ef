//go:build linux && cgo

package jpegturbo

/*
#cgo pkg-config: libturbojpeg
#include <stdlib.h>
#include <turbojpeg.h>

// The plane pointers are passed one by one: an array of them in Go memory
// would be Go memory holding Go pointers, which cgo forbids.
static int qf_decode_yuv(tjhandle h, const unsigned char *buf, unsigned long n,
		unsigned char *y, unsigned char *u, unsigned char *v, int w, int hgt,
		int ys, int cs, int flags) {
	unsigned char *planes[3] = {y, u, v};
	int strides[3] = {ys, cs, cs};
	return tjDecompressToYUVPlanes(h, buf, n, planes, w, strides, hgt, flags);
}

static int qf_encode_yuv(tjhandle h, const unsigned char *y, const unsigned char *u,
		const unsigned char *v, int w, int ys, int cs, int hgt, int subsamp,
		unsigned char **out, unsigned long *size, int quality, int flags) {
	const unsigned char *planes[3] = {y, u, v};
	int strides[3] = {ys, cs, cs};
	return tjCompressFromYUVPlanes(h, planes, w, strides, hgt, subsamp, out, size, quality, flags);
}
*/
import "C"

import (
	"errors"
	"image"
	"io"
	"unsafe"
)

// Flags for every decode: the accurate IDCT (what image/jpeg computes),
// a warning such as corrupt or missing data is an error rather than a
// picture completed in gray, and a progressive picture of more than the
// library's limit of scans is refused (content/parse counts scans first
// with a lower bound; this holds should the two counts ever differ).
const decodeFlags = C.TJFLAG_ACCURATEDCT | C.TJFLAG_STOPONWARNING | C.TJFLAG_LIMITSCANS

const encodeFlags = C.TJFLAG_ACCURATEDCT

func decode(data []byte, denom int, maxPixels int64) (image.Image, error) {
	if len(data) == 0 {
		return nil, errors.New("jpegturbo: no data")
	}
	h := C.tjInitDecompress()
	if h == nil {
		return nil, errors.New("jpegturbo: " + C.GoString(C.tjGetErrorStr2(nil)))
	}
	defer C.tjDestroy(h)
	buf := (*C.uchar)(unsafe.Pointer(&data[0]))
	n := C.ulong(len(data))
	var w, hgt, subsamp, cs C.int
	if C.tjDecompressHeader3(h, buf, n, &w, &hgt, &subsamp, &cs) != 0 {
		return nil, tjError(h)
	}
	if w <= 0 || hgt <= 0 || int64(w)*int64(hgt) > maxPixels {
		return nil, ErrTooLarge
	}
	// Planes as they are decoded for YCbCr and gray in the ratios
	// image.YCbCr holds; the rest (CMYK, RGB, 4:1:0 and odd samplings)
	// goes through image/jpeg, which converts them as the kiosk always has.
	ratio, ok := ratios[subsamp]
	if !ok || (cs != C.TJCS_YCbCr && cs != C.TJCS_GRAY) || (cs == C.TJCS_GRAY) != (subsamp == C.TJSAMP_GRAY) {
		return goDecode(data, maxPixels)
	}
	sw, sh := Scaled(int(w), denom), Scaled(int(hgt), denom)
	plane := func(c int) (int, int) {
		return int(C.tjPlaneWidth(C.int(c), C.int(sw), subsamp)), int(C.tjPlaneHeight(C.int(c), C.int(sh), subsamp))
	}
	yw, yh := plane(0)
	if yw <= 0 || yh <= 0 {
		return nil, errors.New("jpegturbo: bad plane size")
	}
	y := make([]byte, yw*yh)
	if subsamp == C.TJSAMP_GRAY {
		if C.qf_decode_yuv(h, buf, n, (*C.uchar)(&y[0]), nil, nil, C.int(sw), C.int(sh), C.int(yw), 0, decodeFlags) != 0 {
			return nil, tjError(h)
		}
		return &image.Gray{Pix: y, Stride: yw, Rect: image.Rect(0, 0, sw, sh)}, nil
	}
	cw, ch := plane(1)
	cb, cr := make([]byte, cw*ch), make([]byte, cw*ch)
	if C.qf_decode_yuv(h, buf, n, (*C.uchar)(&y[0]), (*C.uchar)(&cb[0]), (*C.uchar)(&cr[0]),
		C.int(sw), C.int(sh), C.int(yw), C.int(cw), decodeFlags) != 0 {
		return nil, tjError(h)
	}
	return &image.YCbCr{Y: y, Cb: cb, Cr: cr, YStride: yw, CStride: cw, SubsampleRatio: ratio, Rect: image.Rect(0, 0, sw, sh)}, nil
}

// ratios are the TurboJPEG subsamplings image.YCbCr has a ratio for
// (gray stands for itself).
var ratios = map[C.int]image.YCbCrSubsampleRatio{
	C.TJSAMP_444:  image.YCbCrSubsampleRatio444,
	C.TJSAMP_422:  image.YCbCrSubsampleRatio422,
	C.TJSAMP_420:  image.YCbCrSubsampleRatio420,
	C.TJSAMP_440:  image.YCbCrSubsampleRatio440,
	C.TJSAMP_411:  image.YCbCrSubsampleRatio411,
	C.TJSAMP_GRAY: image.YCbCrSubsampleRatio444,
}

func tjError(h C.tjhandle) error {
	return errors.New("jpegturbo: " + C.GoString(C.tjGetErrorStr2(h)))
}

func encode(wr io.Writer, img image.Image, quality int) error {
	r := img.Bounds()
	if r.Empty() {
		return errors.New("jpegturbo: empty picture")
	}
	h := C.tjInitCompress()
	if h == nil {
		return errors.New("jpegturbo: " + C.GoString(C.tjGetErrorStr2(nil)))
	}
	defer C.tjDestroy(h)
	var out *C.uchar
	var size C.ulong
	var rc C.int
	switch m := img.(type) {
	case *image.YCbCr:
		subsamp, ok := -1, false
		for s, ratio := range ratios {
			if ratio == m.SubsampleRatio && s != C.TJSAMP_GRAY {
				subsamp, ok = int(s), true
			}
		}
		if !ok || m.Rect.Min != (image.Point{}) {
			return goEncode(wr, img, quality)
		}
		y, ys, cb, cr, cs := paddedPlanes(m, C.int(subsamp))
		rc = C.qf_encode_yuv(h, (*C.uchar)(&y[0]), (*C.uchar)(&cb[0]), (*C.uchar)(&cr[0]),
			C.int(r.Dx()), C.int(ys), C.int(cs), C.int(r.Dy()), C.int(subsamp), &out, &size, C.int(quality), encodeFlags)
	case *image.Gray:
		if m.Rect.Min != (image.Point{}) {
			return goEncode(wr, img, quality)
		}
		rc = C.tjCompress2(h, (*C.uchar)(&m.Pix[0]), C.int(r.Dx()), C.int(m.Stride), C.int(r.Dy()), C.TJPF_GRAY,
			&out, &size, C.TJSAMP_GRAY, C.int(quality), encodeFlags)
	case *image.RGBA:
		// Alpha is not looked at: callers draw transparency over white.
		if m.Rect.Min != (image.Point{}) {
			return goEncode(wr, img, quality)
		}
		rc = C.tjCompress2(h, (*C.uchar)(&m.Pix[0]), C.int(r.Dx()), C.int(m.Stride), C.int(r.Dy()), C.TJPF_RGBX,
			&out, &size, C.TJSAMP_420, C.int(quality), encodeFlags)
	default:
		return goEncode(wr, img, quality)
	}
	if out != nil {
		defer C.tjFree(out)
	}
	if rc != 0 {
		return tjError(h)
	}
	_, err := wr.Write(unsafe.Slice((*byte)(out), int(size)))
	return err
}

// paddedPlanes returns m's planes as TurboJPEG reads them: each plane
// as wide and high as tjPlaneWidth and tjPlaneHeight say, which for a
// subsampled picture of odd size is a row or column more than Go's
// image.YCbCr holds; the missing ones repeat the last. Planes already
// large enough are used as they are.
func paddedPlanes(m *image.YCbCr, subsamp C.int) (y []byte, ys int, cb, cr []byte, cs int) {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	yw, yh := int(C.tjPlaneWidth(0, C.int(w), subsamp)), int(C.tjPlaneHeight(0, C.int(h), subsamp))
	cw, ch := int(C.tjPlaneWidth(1, C.int(w), subsamp)), int(C.tjPlaneHeight(1, C.int(h), subsamp))
	y, ys = pad(m.Y, m.YStride, w, h, yw, yh)
	cb, cs = pad(m.Cb, m.CStride, cw, ch, cw, ch)
	cr, _ = pad(m.Cr, m.CStride, cw, ch, cw, ch)
	return y, ys, cb, cr, cs
}

// pad returns a plane of pw×ph from one of w×h whose rows are stride
// apart (its chroma rows as image.YCbCr sizes them: never fewer than the
// library's), repeating the last column and row.
func pad(p []byte, stride, w, h, pw, ph int) ([]byte, int) {
	if stride >= pw && len(p) >= (ph-1)*stride+pw && w == pw && h == ph {
		return p, stride
	}
	out := make([]byte, pw*ph)
	for row := range ph {
		src := p[min(row, h-1)*stride:][:w]
		dst := out[row*pw:][:pw]
		copy(dst, src)
		for x := w; x < pw; x++ {
			dst[x] = src[w-1]
		}
	}
	return out, pw
}
