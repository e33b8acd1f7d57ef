package parse

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"os"
	"strings"
	"testing"

	"golang.org/x/image/bmp" // importing it registers BMP, as a package elsewhere in the binary does
	"golang.org/x/tools/txtar"

	"qingfeng/content"
	"qingfeng/content/contenttest"
)

// mp3Bytes is n frames of silence: MPEG-1 Layer III, 128 kbit/s, 44.1 kHz,
// mono, each frame 417 bytes with all-zero side information.
func mp3Bytes(tb testing.TB, n int, id3 bool) []byte {
	tb.Helper()
	frame := make([]byte, 417)
	copy(frame, []byte{0xFF, 0xFB, 0x90, 0xC4})
	var b []byte
	if id3 {
		b = append(b, "ID3\x03\x00\x00\x00\x00\x00\x0aTIT2\x00\x00"...) // a 10-byte tag body
	}
	return append(b, bytes.Repeat(frame, n)...)
}

// oggPage is one Ogg page holding packet whole.
func oggPage(serial, seq uint32, headerType byte, packet []byte) []byte {
	var segs []byte
	for n := len(packet); ; n -= 255 {
		if n < 255 {
			segs = append(segs, byte(n))
			break
		}
		segs = append(segs, 255)
	}
	p := []byte("OggS")
	p = append(p, 0, headerType)
	p = binary.LittleEndian.AppendUint64(p, 0)
	p = binary.LittleEndian.AppendUint32(p, serial)
	p = binary.LittleEndian.AppendUint32(p, seq)
	p = append(p, 0, 0, 0, 0, byte(len(segs)))
	p = append(p, segs...)
	p = append(p, packet...)
	binary.LittleEndian.PutUint32(p[22:], oggCRC(p))
	return p
}

// oggCRC is the Ogg page checksum: CRC-32 with polynomial 0x04C11DB7, not
// reflected, initial value 0.
func oggCRC(p []byte) uint32 {
	var crc uint32
	for _, b := range p {
		crc ^= uint32(b) << 24
		for range 8 {
			if crc&0x80000000 != 0 {
				crc = crc<<1 ^ 0x04C11DB7
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

// opusBytes is the start of an Ogg Opus file: its two header pages.
func opusBytes() []byte {
	head := []byte("OpusHead\x01\x01\x38\x01\x80\xbb\x00\x00\x00\x00\x00")
	tags := []byte("OpusTags\x06\x00\x00\x00qingfe\x00\x00\x00\x00")
	return append(oggPage(7, 0, 2, head), oggPage(7, 1, 0, tags)...)
}

func bmpBytes(tb testing.TB) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 6))
	var buf bytes.Buffer
	if err := bmp.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func gifBytes(tb testing.TB) []byte {
	tb.Helper()
	img := image.NewPaletted(image.Rect(0, 0, 8, 6), color.Palette{color.White, color.Black})
	var buf bytes.Buffer
	if err := gif.Encode(&buf, img, nil); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func vorbisBytes(tb testing.TB) []byte {
	tb.Helper()
	b, err := os.ReadFile("../../assets/demo/media/teahouse-narration.ogg")
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// What the kiosk cannot use is refused: audio its own decoders cannot play,
// pictures in formats the docs do not list, versions nothing could follow.
func TestAbsurdMetadata(t *testing.T) {
	story := strings.Replace(okStory, "cover: media/cover.png", "cover: media/cover.png\naudio: media/talk.mp3", 1)
	cases := []problemCase{
		{name: "HTML named .mp3", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", story)
			set(f, "media/talk.mp3", "<!DOCTYPE html><html><body>404 Not Found</body></html>")
		}, file: "media/talk.mp3", want: "不是有效的MP3"},
		{name: "HTML with an ID3 tag named .mp3", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", story)
			set(f, "media/talk.mp3", "ID3\x03\x00\x00\x00\x00\x00\x00<html><body>404 Not Found</body></html>")
		}, file: "media/talk.mp3", want: "不是有效的MP3"},
		{name: "HTML behind a frame sync named .mp3", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", story)
			set(f, "media/talk.mp3", "\xFF\xFB<html><body>404 Not Found</body></html>")
		}, file: "media/talk.mp3", want: "不是有效的MP3"},
		{name: "ID3 tag longer than the file", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", story)
			set(f, "media/talk.mp3", "ID3\x03\x00\x00\x7f\x7f\x7f\x7f"+string(mp3Bytes(t, 2, false)))
		}, file: "media/talk.mp3", want: "不是有效的MP3"},
		{name: "Ogg Opus named .ogg", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", strings.Replace(story, "talk.mp3", "talk.ogg", 1))
			set(f, "media/talk.ogg", string(opusBytes()))
		}, file: "media/talk.ogg", want: "Opus"},
		{name: "Vorbis headers cut short", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", strings.Replace(story, "talk.mp3", "talk.ogg", 1))
			set(f, "media/talk.ogg", string(vorbisBytes(t)[:200]))
		}, file: "media/talk.ogg", want: "不是有效的OGG"},
		{name: "Vorbis comment count beyond the file", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", strings.Replace(story, "talk.mp3", "talk.ogg", 1))
			set(f, "media/talk.ogg", string(vorbisWith(t, vorbisComment(0xFFFFFFF0, 0), nil)))
		}, file: "media/talk.ogg", want: "不是有效的OGG"},
		{name: "Vorbis codebook claiming terabytes", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", strings.Replace(story, "talk.mp3", "talk.ogg", 1))
			set(f, "media/talk.ogg", string(vorbisWith(t, nil, vorbisHugeCodebook())))
		}, file: "media/talk.ogg", want: "不是有效的OGG"},
		{name: "Vorbis tags past the header limit", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", strings.Replace(story, "talk.mp3", "talk.ogg", 1))
			set(f, "media/talk.ogg", string(vorbisWith(t, vorbisComment(5<<18, 5<<18), nil)))
		}, file: "media/talk.ogg", want: "附加信息"},
		{name: "terminal escape in a package title", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "package.yaml", "id: demo\ntitle: \"示例\\e[2J\\r伪造：导入成功\"\nversion: 1\n")
		}, file: "package.yaml", line: 2, want: "控制字符"},
		{name: "right-to-left override in a quiz title", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "quizzes/q.yaml", strings.Replace(get(f, "quizzes/q.yaml"), "title: 答题", "title: 答题\u202e题答", 1))
		}, file: "quizzes/q.yaml", line: 2, want: "控制字符"},
		{name: "escaped bell in a tea saying", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "teas/qiwei.yaml", strings.Replace(get(f, "teas/qiwei.yaml"), "做人只守一份清白。", `"做人只守一份清白。\a"`, 1))
		}, file: "teas/qiwei.yaml", line: 6, want: "控制字符"},
		{name: "BMP named .png", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "media/cover.png", string(bmpBytes(t)))
		}, file: "media/cover.png", want: "BMP格式"},
		{name: "GIF named .jpg", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "media/photo.jpg", string(gifBytes(t)))
		}, file: "media/photo.jpg", want: "GIF格式"},
		{name: "version 2^63-1", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "package.yaml", "id: demo\ntitle: 示例\nversion: 9223372036854775807\n")
		}, file: "package.yaml", line: 3, want: "太大"},
		{name: "version above the bound", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "package.yaml", "id: demo\ntitle: 示例\nversion: 2147483648\n")
		}, file: "package.yaml", line: 3, want: "太大"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := baseTree(t)
			tc.change(t, files)
			_, ps := readDir(t, contenttest.Write(t, t.TempDir(), files), tc.opts)
			assertProblem(t, ps, tc.file, tc.line, content.Error, tc.want)
		})
	}
}

// What the kiosk can use stays accepted: MP3 with or without an ID3 tag,
// Ogg Vorbis, date-style versions, and the existing warning when a picture's
// extension names the other of JPEG and PNG.
func TestPlayableMediaAccepted(t *testing.T) {
	files := baseTree(t)
	set(files, "package.yaml", "id: demo\ntitle: 示例\nversion: 2026120601\n")
	set(files, "media/a.mp3", string(mp3Bytes(t, 20, true)))
	set(files, "media/b.mp3", string(mp3Bytes(t, 3, false)))
	set(files, "media/c.ogg", string(vorbisBytes(t)))
	set(files, "media/d.jpg", get(files, "media/cover.png"))
	pkg, ps := readDir(t, contenttest.Write(t, t.TempDir(), files), Options{})
	if ps.HasErrors() || pkg.Version != 2026120601 {
		t.Fatalf("version %d; problems: %v", pkg.Version, ps)
	}
	audio := 0
	for _, m := range pkg.Media {
		if m.Kind == content.Audio {
			audio++
		}
	}
	if audio != 3 {
		t.Fatalf("%d audio files accepted, want 3: %v", audio, ps)
	}
	assertProblem(t, ps, "media/d.jpg", 0, content.Warning, "内容其实是PNG")
}

// checkAudio on any bytes returns, without panicking out of a decoder or
// allocating what a header claims.
func FuzzAudio(f *testing.F) {
	f.Add(mp3Bytes(f, 3, true), "mp3")
	f.Add(opusBytes(), "ogg")
	f.Add(vorbisBytes(f)[:6000], "ogg")
	f.Add(vorbisWith(f, vorbisComment(0xFFFFFFF0, 0), nil)[:6000], "ogg")
	f.Add(vorbisWith(f, nil, vorbisHugeCodebook()), "ogg")
	f.Fuzz(func(t *testing.T, data []byte, format string) {
		checkAudio(data, format)
	})
}

// oggPackets splits an Ogg stream of one logical stream into its packets.
func oggPackets(b []byte) [][]byte {
	var out [][]byte
	var cur []byte
	for len(b) >= 27 {
		segs := b[27 : 27+int(b[26])]
		body := b[27+len(segs):]
		n := 0
		for _, s := range segs {
			cur = append(cur, body[n:n+int(s)]...)
			if n += int(s); s < 255 {
				out = append(out, cur)
				cur = nil
			}
		}
		b = body[n:]
	}
	return out
}

// oggStream pages packets as an encoder does: a packet longer than a page
// continues on the next ones.
func oggStream(packets ...[]byte) []byte {
	const most = 255 * 255 // bytes in one page's 255 segments
	var out []byte
	seq := uint32(0)
	for i, pk := range packets {
		for first := true; first || len(pk) > 0; first = false {
			n := min(len(pk), most)
			chunk, whole := pk[:n], n < most
			pk = pk[n:]
			if !whole && len(pk) == 0 {
				whole = false // ends exactly at a page: an empty segment ends it on the next
			}
			var flags byte
			if !first {
				flags |= 1
			}
			if i == 0 && first {
				flags |= 2
			}
			out = append(out, oggPageSegs(1, seq, flags, chunk, whole)...)
			seq++
			if !whole && len(pk) == 0 {
				out = append(out, oggPageSegs(1, seq, 1, nil, true)...)
				seq++
			}
		}
	}
	return out
}

// oggPageSegs is one page holding data; whole ends the packet on it.
func oggPageSegs(serial, seq uint32, headerType byte, data []byte, whole bool) []byte {
	var segs []byte
	n := len(data)
	for ; n >= 255; n -= 255 {
		segs = append(segs, 255)
	}
	if whole {
		segs = append(segs, byte(n))
	}
	p := []byte("OggS")
	p = append(p, 0, headerType)
	p = binary.LittleEndian.AppendUint64(p, 0)
	p = binary.LittleEndian.AppendUint32(p, serial)
	p = binary.LittleEndian.AppendUint32(p, seq)
	p = append(p, 0, 0, 0, 0, byte(len(segs)))
	p = append(p, segs...)
	p = append(p, data...)
	binary.LittleEndian.PutUint32(p[22:], oggCRC(p))
	return p
}

// vorbisWith is the demo narration with its comment header, its setup
// header, or both replaced (nil keeps the demo's).
func vorbisWith(tb testing.TB, comment, setup []byte) []byte {
	tb.Helper()
	pk := oggPackets(vorbisBytes(tb))
	if comment != nil {
		pk[1] = comment
	}
	if setup != nil {
		pk[2] = setup
	}
	return oggStream(pk...)
}

// vorbisComment is a comment header claiming count comments and holding
// n empty ones.
func vorbisComment(count uint32, n int) []byte {
	c := append([]byte{3}, "vorbis"...)
	c = binary.LittleEndian.AppendUint32(c, 2)
	c = append(c, "qf"...)
	c = binary.LittleEndian.AppendUint32(c, count)
	c = append(c, make([]byte, 4*n)...)
	return append(c, 1) // framing bit
}

// bitWriter packs values least significant bit first, as Vorbis does.
type bitWriter struct {
	b []byte
	n uint
}

func (w *bitWriter) put(v uint64, bits uint) {
	for i := range bits {
		if w.n%8 == 0 {
			w.b = append(w.b, 0)
		}
		if v>>i&1 != 0 {
			w.b[len(w.b)-1] |= 1 << (w.n % 8)
		}
		w.n++
	}
}

// vorbisHugeCodebook is a setup header of a few bytes whose one codebook
// claims 16 million entries of 65,535 dimensions each (lookup type 2).
func vorbisHugeCodebook() []byte {
	var w bitWriter
	w.put(0, 8)         // one codebook
	w.put(0x564342, 24) // its sync pattern
	w.put(65535, 16)    // dimensions
	w.put(1<<24-1, 24)  // entries
	w.put(1, 1)         // ordered
	w.put(23, 5)        // first length - 1
	w.put(1<<24-1, 24)  // all entries that length
	w.put(2, 4)         // lookup type 2: a value per entry and dimension
	w.put(0, 32+32)     // minimum, delta
	w.put(0, 4+1)       // value bits - 1, sequence
	return append(append([]byte{5}, "vorbis"...), w.b...)
}
