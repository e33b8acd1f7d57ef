package contenttest

// Hostile JPEGs, written byte by byte: Go's encoder writes neither
// progressive nor CMYK pictures.

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// ProgressiveCMYK is a w×h progressive JPEG with four components (Adobe
// CMYK) and only its first DC scan, every block zero: a file of about one
// bit per block that makes a decoder keep coefficients for every component.
// Go's encoder writes neither progressive nor CMYK, so it is written here.
func ProgressiveCMYK(tb testing.TB, w, h int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	marker := func(m byte, data []byte) {
		buf.Write([]byte{0xFF, m})
		binary.Write(&buf, binary.BigEndian, uint16(len(data)+2))
		buf.Write(data)
	}
	buf.Write([]byte{0xFF, 0xD8}) // SOI
	// APP14 Adobe, transform 0: the four components are CMYK as they are.
	marker(0xEE, []byte{'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0})
	marker(0xDB, append([]byte{0}, bytes.Repeat([]byte{1}, 64)...)) // DQT 0, all ones
	sof := []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), 4}
	for c := range 4 {
		sof = append(sof, byte(c+1), 0x11, 0) // id, 1×1 sampling, table 0
	}
	marker(0xC2, sof) // SOF2: progressive
	// DHT DC table 0 with a single one-bit code for category 0.
	marker(0xC4, append([]byte{0x00, 1}, append(make([]byte, 15), 0)...))
	sos := []byte{4}
	for c := range 4 {
		sos = append(sos, byte(c+1), 0x00)
	}
	sos = append(sos, 0, 0, 0) // Ss=0, Se=0, Ah=Al=0: the first DC scan
	marker(0xDA, sos)
	blocks := ((w + 7) / 8) * ((h + 7) / 8) * 4
	buf.Write(make([]byte, (blocks+7)/8)) // every block: code 0 (no change)
	buf.Write([]byte{0xFF, 0xD9})         // EOI
	return buf.Bytes()
}

// ScanBombJPEG is a progressive grayscale w×h JPEG: its DC scan, then n
// AC scans of the same band, each a few bytes of end-of-band runs. Every
// scan makes a decoder visit every block, so the file's decoding time grows
// with n while its size and memory barely do.
func ScanBombJPEG(w, h, n int) []byte {
	var buf bytes.Buffer
	marker := func(m byte, data []byte) {
		buf.Write([]byte{0xFF, m})
		binary.Write(&buf, binary.BigEndian, uint16(len(data)+2))
		buf.Write(data)
	}
	buf.Write([]byte{0xFF, 0xD8})
	marker(0xDB, append([]byte{0}, bytes.Repeat([]byte{1}, 64)...))
	marker(0xC2, []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), 1, 1, 0x11, 0})
	marker(0xC4, append([]byte{0x00, 1}, append(make([]byte, 15), 0)...))    // DC: code '0' -> cat 0
	marker(0xC4, append([]byte{0x10, 1}, append(make([]byte, 15), 0xE0)...)) // AC: code '0' -> EOBRUN r=14
	marker(0xDA, []byte{1, 1, 0x00, 0, 0, 0})
	blocks := ((w + 7) / 8) * ((h + 7) / 8)
	buf.Write(make([]byte, (blocks+7)/8))
	// each AC scan: symbols '0' + 14 one-bits = run 32767
	sym := (blocks + 32766) / 32767
	var bw bitWriterMSB
	for range sym {
		bw.put(0, 1)
		bw.put(1<<14-1, 14)
	}
	data := bw.bytes()
	for range n {
		marker(0xDA, []byte{1, 1, 0x00, 1, 63, 0})
		buf.Write(data)
	}
	buf.Write([]byte{0xFF, 0xD9})
	return buf.Bytes()
}

// bitWriterMSB packs bits most significant first, as JPEG does.
type bitWriterMSB struct {
	b []byte
	n uint
}

func (w *bitWriterMSB) put(v uint64, bits uint) {
	for i := int(bits) - 1; i >= 0; i-- {
		if w.n%8 == 0 {
			w.b = append(w.b, 0)
		}
		if v>>uint(i)&1 != 0 {
			w.b[len(w.b)-1] |= 0x80 >> (w.n % 8)
		}
		w.n++
	}
}

// bytes pads the last byte with ones and stuffs a zero after each 0xFF.
func (w *bitWriterMSB) bytes() []byte {
	out := []byte{}
	for i, b := range w.b {
		if i == len(w.b)-1 && w.n%8 != 0 {
			b |= 0xFF >> (w.n % 8)
		}
		out = append(out, b)
		if b == 0xFF {
			out = append(out, 0)
		}
	}
	return out
}
