package parse

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"testing"

	"golang.org/x/tools/txtar"

	"qingfeng/content"
	"qingfeng/content/contenttest"
)

// withEXIF returns a JPEG of img carrying an EXIF segment whose first IFD
// holds the orientation tag o, in the TIFF byte order bo, as a camera
// writes it right after the start of image.
func withEXIF(tb testing.TB, img image.Image, o int, bo binary.AppendByteOrder) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		tb.Fatal(err)
	}
	tiff := []byte("MM\x00*")
	if bo == binary.LittleEndian {
		tiff = []byte("II*\x00")
	}
	tiff = bo.AppendUint32(tiff, 8)
	tiff = bo.AppendUint16(tiff, 2) // two entries: something else, then the orientation
	tiff = bo.AppendUint16(tiff, 0x010F)
	tiff = bo.AppendUint16(tiff, 2) // ASCII "Go\0" in place
	tiff = bo.AppendUint32(tiff, 3)
	tiff = append(tiff, 'G', 'o', 0, 0)
	tiff = bo.AppendUint16(tiff, 0x0112)
	tiff = bo.AppendUint16(tiff, 3)
	tiff = bo.AppendUint32(tiff, 1)
	tiff = bo.AppendUint16(tiff, uint16(o))
	tiff = bo.AppendUint16(tiff, 0)
	tiff = bo.AppendUint32(tiff, 0) // no next IFD
	seg := append([]byte("Exif\x00\x00"), tiff...)
	app1 := binary.BigEndian.AppendUint16([]byte{0xFF, 0xE1}, uint16(len(seg)+2))
	data := buf.Bytes()
	return append(append(append([]byte{}, data[:2]...), append(app1, seg...)...), data[2:]...)
}

// quadrants is the upright test picture: four colours a JPEG keeps apart,
// wider than high so a turn shows in the size too.
var quadrants = [2][2]color.RGBA{
	{{220, 30, 30, 255}, {30, 200, 30, 255}},  // top: red, green
	{{30, 30, 220, 255}, {230, 220, 40, 255}}, // bottom: blue, yellow
}

func quadrantColour(x, y, w, h int) color.RGBA {
	return quadrants[min(1, 2*y/h)][min(1, 2*x/w)]
}

// storedAs returns the picture a camera stores for the upright w×h view
// under orientation o, built from the TIFF specification's words for
// each value: which side of the view the stored 0th row and 0th column
// are. (1: top, left; 2: top, right; 3: bottom, right; 4: bottom, left;
// 5: left, top; 6: right, top; 7: right, bottom; 8: left, bottom.)
func storedAs(w, h, o int) *image.RGBA {
	sides := map[int][2]string{1: {"top", "left"}, 2: {"top", "right"}, 3: {"bottom", "right"}, 4: {"bottom", "left"},
		5: {"left", "top"}, 6: {"right", "top"}, 7: {"right", "bottom"}, 8: {"left", "bottom"}}[o]
	row, col := sides[0], sides[1]
	sw, sh := w, h
	if row == "left" || row == "right" {
		sw, sh = h, w // stored rows run down the view's columns
	}
	img := image.NewRGBA(image.Rect(0, 0, sw, sh))
	for sy := range sh {
		for sx := range sw {
			var vx, vy int
			switch row {
			case "top":
				vy = sy
			case "bottom":
				vy = h - 1 - sy
			case "left":
				vx = sy
			case "right":
				vx = w - 1 - sy
			}
			switch col {
			case "left":
				vx = sx
			case "right":
				vx = w - 1 - sx
			case "top":
				vy = sx
			case "bottom":
				vy = h - 1 - sx
			}
			img.SetRGBA(sx, sy, quadrantColour(vx, vy, w, h))
		}
	}
	return img
}

// assertUpright decodes data and checks it is the w×h quadrant picture the
// right way up, sampling each quadrant's middle.
func assertUpright(tb testing.TB, what string, data []byte, w, h int) {
	tb.Helper()
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		tb.Fatalf("%s: %v", what, err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		tb.Fatalf("%s is %d×%d, want %d×%d", what, b.Dx(), b.Dy(), w, h)
	}
	for qy := range 2 {
		for qx := range 2 {
			x, y := w/4+qx*w/2, h/4+qy*h/2
			r, g, b, _ := img.At(x, y).RGBA()
			want := quadrants[qy][qx]
			if d := max(absDiff(r>>8, want.R), absDiff(g>>8, want.G), absDiff(b>>8, want.B)); d > 40 {
				tb.Errorf("%s at (%d,%d) is %d,%d,%d, want %v", what, x, y, r>>8, g>>8, b>>8, want)
			}
		}
	}
}

func absDiff(a uint32, b uint8) uint32 {
	if a > uint32(b) {
		return a - uint32(b)
	}
	return uint32(b) - a
}

func readAllMedia(tb testing.TB, m content.Media) []byte {
	tb.Helper()
	rc, err := m.Open()
	if err != nil {
		tb.Fatalf("%s: %v", m.Path, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// A phone photo whose EXIF says it is turned is stored upright, whichever
// of the eight orientations and either byte order: the stored bytes, their
// digest and size, the dimensions and the thumbnail all describe the
// upright picture. A picture that needs nothing keeps its own bytes.
func TestPhotosStoredUpright(t *testing.T) {
	const w, h = 96, 64
	for o := 1; o <= 8; o++ {
		for _, bo := range []binary.AppendByteOrder{binary.BigEndian, binary.LittleEndian} {
			t.Run(fmt.Sprintf("orientation %d %v", o, bo), func(t *testing.T) {
				photo := withEXIF(t, storedAs(w, h, o), o, bo)
				a := baseTree(t)
				a.Files = append(a.Files, txtar.File{Name: "media/photo.jpg", Data: photo})
				src := mustFS(t, a)
				pkg, ps := Read(context.Background(), src, Options{Thumbnails: true})
				if ps.HasErrors() {
					t.Fatal(ps)
				}
				var m content.Media
				for _, x := range pkg.Media {
					if x.Path == "media/photo.jpg" {
						m = x
					}
				}
				if m.Width != w || m.Height != h {
					t.Errorf("recorded as %d×%d, want %d×%d", m.Width, m.Height, w, h)
				}
				stored := readAllMedia(t, m)
				sum := sha256.Sum256(stored)
				if m.SHA256 != hex.EncodeToString(sum[:]) || m.Size != int64(len(stored)) {
					t.Errorf("digest %s size %d do not describe the %d bytes stored", m.SHA256, m.Size, len(stored))
				}
				if same := bytes.Equal(stored, photo); same != (o == 1) {
					t.Errorf("stored the file's own bytes: %v, want %v", same, o == 1)
				}
				assertUpright(t, "stored picture", stored, w, h)
				assertUpright(t, "thumbnail", m.Thumb, w, h)
				if o != 1 {
					src.Close()
					if rc, err := m.Open(); err == nil {
						rc.Close()
						t.Error("the turned copy is still there after the source was closed")
					}
				}
			})
		}
	}
}

// mediaNamed is pkg's media file at path, failing the test without one.
func mediaNamed(tb testing.TB, pkg *content.Package, path string) content.Media {
	tb.Helper()
	for _, m := range pkg.Media {
		if m.Path == path {
			return m
		}
	}
	tb.Fatalf("no media %s in %d", path, len(pkg.Media))
	return content.Media{}
}

// A photo larger than any screen shows is stored once at a 4K panel's long
// side, turned first when its EXIF says so; one at most a quarter larger
// (a 4000×3000 phone photo) keeps its bytes unless it must be turned.
func TestLargePhotosReduced(t *testing.T) {
	cases := []struct {
		name         string
		vw, vh, o    int // the upright view, full size, and how it is stored
		wantW, wantH int
	}{
		{"wide 5000×1000", 5000, 1000, 1, 3840, 768},
		{"portrait stored sideways, 1000×4900", 1000, 4900, 6, 784, 3840},
		{"long side 4800: kept", 4800, 600, 1, 4800, 600},
		{"long side 4801", 4801, 600, 1, 3840, 480},
		{"long side 4800, turned", 600, 4800, 8, 600, 4800},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			photo := withEXIF(t, storedAs(tc.vw, tc.vh, tc.o), tc.o, binary.BigEndian)
			a := baseTree(t)
			a.Files = append(a.Files, txtar.File{Name: "media/photo.jpg", Data: photo})
			src := mustFS(t, a)
			defer src.Close()
			pkg, ps := Read(context.Background(), src, Options{Thumbnails: true})
			if ps.HasErrors() {
				t.Fatal(ps)
			}
			m := mediaNamed(t, pkg, "media/photo.jpg")
			if m.Width != tc.wantW || m.Height != tc.wantH {
				t.Errorf("recorded as %d×%d, want %d×%d", m.Width, m.Height, tc.wantW, tc.wantH)
			}
			stored := readAllMedia(t, m)
			kept := tc.wantW == tc.vw && tc.o == 1
			if bytes.Equal(stored, photo) != kept {
				t.Errorf("stored the file's own bytes: %v, want %v", !kept, kept)
			}
			assertUpright(t, "stored picture", stored, tc.wantW, tc.wantH)
			tw, th := thumbSize(tc.wantW, tc.wantH)
			assertUpright(t, "thumbnail", m.Thumb, tw, th)
		})
	}
}

// A signed package's turned photo is stored as made from the bytes the
// signature covers: the package is still signed, and the stored digest is
// the new picture's, not the file's.
func TestSignedTurnedPhoto(t *testing.T) {
	photo := withEXIF(t, storedAs(96, 64, 6), 6, binary.BigEndian)
	a := baseTree(t)
	a.Files = append(a.Files, txtar.File{Name: "media/photo.jpg", Data: photo})
	src := mustFS(t, signTree(t, a, "demo", 1, newKey(t)))
	defer src.Close()
	pkg, ps := Read(context.Background(), src, Options{Thumbnails: true})
	if ps.HasErrors() || pkg.SignedBy == "" {
		t.Fatalf("signed by %q: %v", pkg.SignedBy, ps)
	}
	m := mediaNamed(t, pkg, "media/photo.jpg")
	fileSum := sha256.Sum256(photo)
	if m.SHA256 == hex.EncodeToString(fileSum[:]) {
		t.Fatal("the file's own digest was kept for a turned picture")
	}
	stored := readAllMedia(t, m)
	sum := sha256.Sum256(stored)
	if m.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("digest %s is not that of the bytes stored", m.SHA256)
	}
	assertUpright(t, "stored picture", stored, 96, 64)
}

// HEIC photos, which iPhones and some Android phones take by default, are
// refused by what the bytes are, whatever the name, with the way out.
func TestHEICRefused(t *testing.T) {
	heic := append([]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), make([]byte, 64)...)
	for _, name := range []string{"media/IMG_0001.HEIC", "media/photo.jpg", "media/photo.heif"} {
		t.Run(name, func(t *testing.T) {
			a := baseTree(t)
			a.Files = append(a.Files, txtar.File{Name: name, Data: heic})
			_, ps := Read(context.Background(), mustFS(t, a), Options{Thumbnails: true})
			assertProblem(t, ps, name, 0, content.Error, "请把照片转成 JPG 再放进来")
		})
	}
}

// Malformed EXIF never turns a picture and never reads past its segment:
// each of these is read as upright.
func TestMalformedEXIF(t *testing.T) {
	good := withEXIF(t, storedAs(16, 8, 6), 6, binary.BigEndian)
	if o := jpegOrientation(good); o != 6 {
		t.Fatalf("the well-formed picture reads as %d", o)
	}
	// The APP1 segment starts at 2; its TIFF header at 2+4+6 = 12; the
	// IFD at 12+8 = 20; the orientation entry at 20+2+12 = 34.
	cases := []struct {
		name   string
		change func(d []byte) []byte
	}{
		{"cut inside the IFD", func(d []byte) []byte { return d[:40] }},
		{"IFD offset past the segment", func(d []byte) []byte { binary.BigEndian.PutUint32(d[16:], 60000); return d }},
		{"IFD offset inside the header", func(d []byte) []byte { binary.BigEndian.PutUint32(d[16:], 4); return d }},
		{"65535 entries claimed", func(d []byte) []byte { binary.BigEndian.PutUint16(d[20:], 65535); d[34] = 0; return d }},
		{"orientation as LONG", func(d []byte) []byte { binary.BigEndian.PutUint16(d[36:], 4); return d }},
		{"orientation counted twice", func(d []byte) []byte { binary.BigEndian.PutUint32(d[38:], 2); return d }},
		{"orientation 9", func(d []byte) []byte { binary.BigEndian.PutUint16(d[42:], 9); return d }},
		{"orientation 0", func(d []byte) []byte { binary.BigEndian.PutUint16(d[42:], 0); return d }},
		{"unknown byte order", func(d []byte) []byte { copy(d[12:], "XX"); return d }},
		{"segment length 0", func(d []byte) []byte { binary.BigEndian.PutUint16(d[4:], 0); return d }},
		{"segment longer than the file", func(d []byte) []byte { binary.BigEndian.PutUint16(d[4:], 65535); return d[:44] }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if o := jpegOrientation(tc.change(bytes.Clone(good))); o != 1 {
				t.Errorf("read as orientation %d, want 1", o)
			}
		})
	}
}

// countingOpaque counts the calls to Opaque of the picture it wraps.
type countingOpaque struct {
	*image.RGBA
	calls int
}

func (c *countingOpaque) Opaque() bool { c.calls++; return c.RGBA.Opaque() }

// Whether a decoded PNG is opaque takes a pass over all its pixels: a
// thumbnail asks once, not once for every band of rows it reduces (which
// made 500 PNGs of 1024×768 take minutes to import).
func TestThumbnailAsksOpaqueOnce(t *testing.T) {
	for _, sz := range []image.Point{{1024, 768}, {600, 400}} {
		t.Run(fmt.Sprint(sz), func(t *testing.T) {
			img := &countingOpaque{RGBA: image.NewRGBA(image.Rect(0, 0, sz.X, sz.Y))}
			if _, err := thumbnail(img); err != nil {
				t.Fatal(err)
			}
			if img.calls > 1 {
				t.Errorf("Opaque asked %d times", img.calls)
			}
		})
	}
}

// The thumbnail of a YCbCr picture, made from its planes, is the one made
// through RGBA, up to rounding and clipping, whatever the chroma subsampling and with
// sizes that leave partial blocks and chroma samples at the edges.
func TestThumbnailOfYCbCrPlanes(t *testing.T) {
	ratios := []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422,
		image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410}
	for _, ratio := range ratios {
		for _, sz := range []image.Point{{1203, 901}, {2000, 1500}, {977, 1601}} {
			t.Run(fmt.Sprintf("%v %v", ratio, sz), func(t *testing.T) {
				m := image.NewYCbCr(image.Rect(0, 0, sz.X, sz.Y), ratio)
				rgba := contenttest.Photo(sz.X, sz.Y, 3)
				for y := range sz.Y {
					for x := range sz.X {
						c := rgba.RGBAAt(x, y)
						if (x/13+y/11)%2 == 0 { // sharp colour edges, off the blocks' grid
							c.R, c.B = c.B, 255-c.R
						}
						yy, cb, cr := color.RGBToYCbCr(c.R, c.G, c.B)
						m.Y[m.YOffset(x, y)] = yy
						m.Cb[m.COffset(x, y)], m.Cr[m.COffset(x, y)] = cb, cr
					}
				}
				k := thumbFactor(sz.X, sz.Y)
				got := reduceYCbCr(m, k)
				want := reduceBands(m, k)
				if got.Rect != want.Rect {
					t.Fatalf("%v, want %v", got.Rect, want.Rect)
				}
				worst := 0
				for i := range got.Pix {
					worst = max(worst, int(absDiff(uint32(got.Pix[i]), want.Pix[i])))
				}
				// Through RGBA, a pixel on a sharp colour edge combines its own
				// luma with its neighbours' chroma, which can leave the RGB
				// range and be clipped before averaging: a few levels more
				// where chroma is shared. A sample taken from the wrong place
				// is off by tens.
				tolerance := 3
				if ratio != image.YCbCrSubsampleRatio444 {
					tolerance = 16
				}
				if worst > tolerance {
					t.Errorf("differs from the RGBA way by up to %d", worst)
				}
			})
		}
	}
}

// An opaque RGBA picture (an opaque PNG) is reduced where it lies to
// exactly what reduceBands makes of it.
func TestReduceRGBAIsReduceBands(t *testing.T) {
	for _, sz := range []image.Point{{1024, 768}, {1203, 901}, {977, 1601}, {5000, 40}, {9, 7}} {
		t.Run(fmt.Sprint(sz), func(t *testing.T) {
			img := contenttest.Photo(sz.X, sz.Y, 5)
			for _, k := range []int{2, max(3, thumbFactor(sz.X, sz.Y))} {
				got, want := reduceRGBA(img, k), reduceBands(img, k)
				if got.Rect != want.Rect || !bytes.Equal(got.Pix, want.Pix) {
					t.Errorf("k=%d: differs from reduceBands (%v against %v)", k, got.Rect, want.Rect)
				}
			}
		})
	}
}
