package parse

import (
	"bufio"
	"crypto/sha256"
	"image"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// screenSide is the longest side a screen shows a picture at: a 4K panel's
// 3840, in either orientation. reduceAbove is where a photo starts to be
// reduced to it: a little larger (a 4000×3000 phone photo) is not worth a
// second generation of JPEG loss and its encoding time for a few percent
// of pixels.
const (
	screenSide  = 3840
	reduceAbove = screenSide * 5 / 4
)

// photoPlan says what import does to a w×h JPEG (as stored) with EXIF
// orientation o: the upright size it is kept at, and whether its bytes
// are made anew (turned, reduced or both) rather than kept as they came.
func photoPlan(w, h, o int) (uw, uh int, derive bool) {
	uw, uh = w, h
	if o >= 5 {
		uw, uh = h, w
	}
	if long := max(uw, uh); long > reduceAbove {
		uw = max(1, (uw*screenSide+long/2)/long)
		uh = max(1, (uh*screenSide+long/2)/long)
		return uw, uh, true
	}
	return uw, uh, o != orientUpright
}

// uprightPhoto returns img turned as its EXIF orientation o says and
// scaled to uw×uh (its upright size or smaller). A YCbCr picture, what
// every camera JPEG decodes to, is scaled and turned plane by plane and
// stays YCbCr, which costs no more than the picture and encodes on the
// encoder's fast path; anything else goes through RGBA over white.
// Scaling comes first, so the turned copy is the small one.
func uprightPhoto(img image.Image, o, uw, uh int) image.Image {
	if y, ok := img.(*image.YCbCr); ok {
		if out := uprightYCbCr(y, o, uw, uh); out != nil {
			return out
		}
	}
	sw, sh := storedSize(o, uw, uh)
	if g, ok := img.(*image.Gray); ok && g.Rect.Min == (image.Point{}) {
		pix := fitPlane(g.Pix, g.Rect.Dx(), g.Rect.Dy(), g.Stride, 1, o, sw, sh)
		return &image.Gray{Pix: pix, Stride: uw, Rect: image.Rect(0, 0, uw, uh)}
	}
	b := img.Bounds()
	rgba := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	drawOpaque(rgba, img, b.Min, opaque(img))
	pix := fitPlane(rgba.Pix, b.Dx(), b.Dy(), rgba.Stride, 4, o, sw, sh)
	return &image.RGBA{Pix: pix, Stride: 4 * uw, Rect: image.Rect(0, 0, uw, uh)}
}

// storedSize is the size, as stored, whose view under orientation o is
// w×h.
func storedSize(o, w, h int) (int, int) {
	if o >= 5 {
		return h, w
	}
	return w, h
}

// fitPlane scales a w×h plane of n-byte pixels (rows stride bytes apart)
// to sw×sh as stored, then turns it as orientation o says; the result is
// packed.
func fitPlane(src []byte, w, h, stride, n, o, sw, sh int) []byte {
	if sw != w || sh != h {
		src, stride = resamplePlane(src, w, h, stride, n, sw, sh), sw*n
	}
	out, _, _ := orientPlane(src, sw, sh, stride, n, o)
	return out
}

// deriveCost is what uprightPhoto allocates for a w×h picture turned (o)
// and scaled to uw×uh, beyond the decoded picture, when the decoded
// planes take planes bytes: the scaled copy and the rows-only step
// before it, or the turned copy; a picture that is not YCbCr or gray is
// first copied to RGBA.
func deriveCost(w, h, uw, uh, o int, planes int64, rgba bool) int64 {
	px := int64(w) * int64(h)
	bpp := float64(planes) / float64(px)
	var cost int64
	if rgba {
		cost, bpp = 4*px, 4
	}
	sw, sh := storedSize(o, uw, uh)
	if sw == w && sh == h {
		return cost + int64(bpp*float64(px))
	}
	rows := float64(sw) * float64(h)   // scaled across, not yet down
	small := float64(sw) * float64(sh) // scaled, then its turned copy
	return cost + int64(bpp*max(rows+small, 2*small))
}

// turnedRatio is the chroma subsampling of a YCbCr picture after turning
// it by a quarter: horizontal and vertical swap. false for the ratios
// whose swap image.YCbCr cannot hold (4:1:1, 4:1:0).
func turnedRatio(r image.YCbCrSubsampleRatio, quarter bool) (image.YCbCrSubsampleRatio, bool) {
	if !quarter {
		return r, true
	}
	switch r {
	case image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio420:
		return r, true
	case image.YCbCrSubsampleRatio422:
		return image.YCbCrSubsampleRatio440, true
	case image.YCbCrSubsampleRatio440:
		return image.YCbCrSubsampleRatio422, true
	}
	return r, false
}

func uprightYCbCr(src *image.YCbCr, o, uw, uh int) *image.YCbCr {
	ratio, ok := turnedRatio(src.SubsampleRatio, o >= 5)
	// Planes are used from their start: a decoded JPEG's rectangle starts
	// at the origin, and another picture goes the general way.
	if !ok || src.Rect.Min != (image.Point{}) {
		return nil
	}
	w, h := src.Rect.Dx(), src.Rect.Dy()
	cw, ch := chromaSize(src.SubsampleRatio, w, h)
	sw, sh := storedSize(o, uw, uh)
	scw, sch := chromaSize(src.SubsampleRatio, sw, sh)
	dcw, _ := chromaSize(ratio, uw, uh)
	return &image.YCbCr{
		Y:              fitPlane(src.Y, w, h, src.YStride, 1, o, sw, sh),
		Cb:             fitPlane(src.Cb, cw, ch, src.CStride, 1, o, scw, sch),
		Cr:             fitPlane(src.Cr, cw, ch, src.CStride, 1, o, scw, sch),
		YStride:        uw,
		CStride:        dcw,
		SubsampleRatio: ratio,
		Rect:           image.Rect(0, 0, uw, uh),
	}
}

// chromaSize is the size of a w×h YCbCr picture's Cb and Cr planes, as
// image.NewYCbCr makes them.
func chromaSize(r image.YCbCrSubsampleRatio, w, h int) (int, int) {
	switch r {
	case image.YCbCrSubsampleRatio422:
		return (w + 1) / 2, h
	case image.YCbCrSubsampleRatio420:
		return (w + 1) / 2, (h + 1) / 2
	case image.YCbCrSubsampleRatio440:
		return w, (h + 1) / 2
	case image.YCbCrSubsampleRatio411:
		return (w + 3) / 4, h
	case image.YCbCrSubsampleRatio410:
		return (w + 3) / 4, (h + 1) / 2
	}
	return w, h
}

// orientPlane returns a w×h plane of n-byte pixels (rows stride bytes
// apart) as it is seen under EXIF orientation o, packed (stride n×width),
// with its width and height. For each row of the result, the stored
// pixels it comes from lie on one line of the stored plane: where it
// starts and the step from one pixel to the next are all that change
// between orientations.
func orientPlane(src []byte, w, h, stride, n, o int) ([]byte, int, int) {
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := make([]byte, dw*dh*n)
	for y := range dh {
		var sx, sy, dx, dy int
		switch o {
		case 2:
			sx, sy, dx, dy = w-1, y, -1, 0
		case 3:
			sx, sy, dx, dy = w-1, h-1-y, -1, 0
		case 4:
			sx, sy, dx, dy = 0, h-1-y, 1, 0
		case 5:
			sx, sy, dx, dy = y, 0, 0, 1
		case 6:
			sx, sy, dx, dy = y, h-1, 0, -1
		case 7:
			sx, sy, dx, dy = w-1-y, h-1, 0, -1
		case 8:
			sx, sy, dx, dy = w-1-y, 0, 0, 1
		default:
			sx, sy, dx, dy = 0, y, 1, 0
		}
		s, step := sy*stride+sx*n, dy*stride+dx*n
		row := dst[y*dw*n : (y+1)*dw*n]
		if n == 1 {
			for x := range row {
				row[x] = src[s]
				s += step
			}
			continue
		}
		for x := 0; x < len(row); x += n {
			copy(row[x:x+n], src[s:s+n])
			s += step
		}
	}
	return dst, dw, dh
}

// resamplePlane scales a w×h plane of n-byte pixels (packed rows of
// stride bytes) down to dw×dh by area averaging: each result pixel is the
// mean of the stored pixels it covers, partly covered ones weighted by how
// much. Rows first, then columns; weights in 16-bit fixed point.
func resamplePlane(src []byte, w, h, stride, n, dw, dh int) []byte {
	xs, xw := areaTaps(w, dw)
	ys, yw := areaTaps(h, dh)
	tmp := make([]byte, dw*n*h)
	for y := range h {
		in, out := src[y*stride:], tmp[y*dw*n:]
		for x := range dw {
			for c := range n {
				var acc uint32
				for k, wt := range xw[x] {
					acc += uint32(in[(xs[x]+k)*n+c]) * wt
				}
				out[x*n+c] = uint8((acc + 1<<15) >> 16)
			}
		}
	}
	dst := make([]byte, dw*n*dh)
	row := dw * n
	for y := range dh {
		out := dst[y*row : (y+1)*row]
		for i := range out {
			var acc uint32
			for k, wt := range yw[y] {
				acc += uint32(tmp[(ys[y]+k)*row+i]) * wt
			}
			out[i] = uint8((acc + 1<<15) >> 16)
		}
	}
	return dst
}

// areaTaps returns, for each of dn result pixels over sn stored ones
// (dn ≤ sn), the first stored pixel it covers and the weights of those it
// covers, summing to 1<<16.
func areaTaps(sn, dn int) ([]int, [][]uint32) {
	starts := make([]int, dn)
	weights := make([][]uint32, dn)
	for i := range dn {
		// The result pixel covers [i·sn, (i+1)·sn) in units of 1/dn of a
		// stored pixel.
		a, b := i*sn, (i+1)*sn
		first, last := a/dn, (b-1)/dn
		starts[i] = first
		ws := make([]uint32, last-first+1)
		var sum uint32
		for j := first; j <= last; j++ {
			lo, hi := max(a, j*dn), min(b, (j+1)*dn)
			wt := uint32(int64(hi-lo) * (1 << 16) / int64(sn))
			ws[j-first] = wt
			sum += wt
		}
		ws[len(ws)-1] += 1<<16 - sum // rounding: the weights sum to one
		weights[i] = ws
	}
	return starts, weights
}

// spool holds the bytes of pictures made anew at import until the store
// has written them: in temporary files, since two hundred turned photos
// would not fit the memory budget. Removed when the package's Source is
// closed.
type spool struct {
	mu  sync.Mutex
	dir string
}

// write makes a new file in the spool from what encode writes to it,
// hashing it on the way, and returns how to read it again, its SHA-256
// and its size. The bytes are never all in memory.
func (s *spool) write(encode func(io.Writer) error) (open func() (io.ReadCloser, error), sum [32]byte, size int64, err error) {
	name, sum, size, err := s.writeFile("photo-*.jpg", encode)
	if err != nil {
		return nil, sum, 0, err
	}
	return func() (io.ReadCloser, error) { return os.Open(name) }, sum, size, nil
}

// writeFile is write, giving the file's name: for a program that reads
// the file itself (a film's probe).
func (s *spool) writeFile(pattern string, encode func(io.Writer) error) (name string, sum [32]byte, size int64, err error) {
	s.mu.Lock()
	if s.dir == "" {
		dir, err := os.MkdirTemp("", "qingfeng-photos-")
		if err != nil {
			s.mu.Unlock()
			return "", sum, 0, err
		}
		s.dir = dir
	}
	dir := s.dir
	s.mu.Unlock()
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", sum, 0, err
	}
	name = f.Name()
	h := sha256.New()
	cw := &countingWriter{w: io.MultiWriter(f, h)}
	bw := bufio.NewWriterSize(cw, 64<<10)
	err = encode(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", sum, 0, err
	}
	h.Sum(sum[:0])
	return name, sum, cw.n, nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// remove deletes the spool's files.
func (s *spool) remove() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir != "" {
		os.RemoveAll(filepath.Clean(s.dir))
		s.dir = ""
	}
}
