package parse

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"image"
	"image/jpeg"
	"io"
	"testing"

	"golang.org/x/sync/semaphore"

	"qingfeng/content"
)

// FuzzPhoto feeds arbitrary bytes as a JPEG to the import's check, EXIF
// orientation and turning included: no panic, and a picture accepted is
// described by the bytes it will be stored as (their digest and size, and
// the size in pixels they decode to).
func FuzzPhoto(f *testing.F) {
	for o := 1; o <= 8; o++ {
		f.Add(withEXIF(f, storedAs(24, 16, o), o, binary.BigEndian))
	}
	f.Add(withEXIF(f, image.NewGray(image.Rect(0, 0, 9, 7)), 6, binary.LittleEndian))
	f.Add(withEXIF(f, image.NewCMYK(image.Rect(0, 0, 9, 7)), 7, binary.BigEndian))
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := content.DefaultLimits()
		lim.MaxImagePixels = 1 << 20 // a fuzzer's picture stays small
		var sp spool
		defer sp.remove()
		fl := &file{path: "media/p.jpg", size: int64(len(data)), open: func() (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(data)), nil
		}}
		m, ps := checkMedia(context.Background(), fl, lim, true, semaphore.NewWeighted(decodeBudget(lim)), &sp)
		if ps.HasErrors() {
			return
		}
		rc, err := m.Open()
		if err != nil {
			t.Fatal(err)
		}
		stored, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(stored)
		if m.SHA256 != hex.EncodeToString(sum[:]) || m.Size != int64(len(stored)) {
			t.Fatalf("digest %s size %d do not describe the %d bytes stored", m.SHA256, m.Size, len(stored))
		}
		if m.Format != "jpeg" {
			return // a PNG named .jpg: kept as it is
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(stored))
		if err != nil {
			t.Fatalf("stored bytes do not decode: %v", err)
		}
		if cfg.Width != m.Width || cfg.Height != m.Height {
			t.Fatalf("stored %d×%d, recorded %d×%d", cfg.Width, cfg.Height, m.Width, m.Height)
		}
	})
}
