package parse

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/hajimehoshi/go-mp3"
	"github.com/jfreymuth/oggvorbis"
)

// probeFrames is how much of an audio file is decoded at check: enough
// frames that a file the narration player cannot play fails here, few
// enough that a long file costs little (about a quarter of a second of
// sound).
const probeFrames = 10

// checkAudio decodes the first frames of an audio file with the decoders
// the kiosk's narration player uses (kiosk/narration), so a file it cannot
// play is refused at check instead of staying silent in front of a
// visitor. It returns "" or, in Chinese, why the file is refused.
func checkAudio(data []byte, format string) (why string) {
	bad := fmt.Sprintf("这不是有效的%s音频文件（文件损坏，或扩展名写错了），展示屏无法播放。请用音频软件重新导出为MP3", strings.ToUpper(format))
	defer func() {
		// A decoder's bug on hostile bytes must refuse the file, not end
		// the import (and the kiosk) with it.
		if recover() != nil {
			why = bad
		}
	}()
	var err error
	switch format {
	case "mp3":
		err = probeMP3(data)
	case "ogg":
		if codec := oggCodec(data); codec != "" {
			return "这个OGG文件里是" + codec + "编码的声音，展示屏只能播放Vorbis编码的OGG和MP3。请用音频软件重新导出为MP3"
		}
		if err = checkVorbisHeaders(data); errors.Is(err, errHeadersTooLarge) {
			return fmt.Sprintf("这个OGG文件开头的附加信息（例如嵌入的封面图片）超过%s的上限，展示屏不读这么大的附加信息。请用音频软件去掉封面后重新导出，或导出为MP3", humanBytes(maxVorbisHeaderBytes))
		}
		if err == nil {
			err = probeVorbis(data)
		}
	default:
		err = errors.New("unknown audio format")
	}
	if err != nil {
		return bad
	}
	return ""
}

var errNoSound = errors.New("no sound decoded")

// probeMP3 checks that an MP3 frame starts right after the ID3 tag, if any,
// and that the first frames decode. go-mp3 itself skips any bytes up to
// something that looks like a frame, so without the first check a web
// page with an 0xFF in it would pass.
func probeMP3(data []byte) error {
	off := 0
	if bytes.HasPrefix(data, []byte("ID3")) {
		if len(data) < 10 {
			return io.ErrUnexpectedEOF
		}
		// Syncsafe size: 7 bits a byte. go-mp3 allocates what it claims,
		// so a claim beyond the file is refused before it is asked.
		size := int(data[6]&0x7f)<<21 | int(data[7]&0x7f)<<14 | int(data[8]&0x7f)<<7 | int(data[9]&0x7f)
		off = 10 + size
		if data[5]&0x10 != 0 { // footer present
			off += 10
		}
		for off < len(data) && data[off] == 0 { // padding some taggers add
			off++
		}
	}
	if off+4 > len(data) || data[off] != 0xFF || data[off+1]&0xE0 != 0xE0 {
		return errors.New("no MP3 frame where one must start")
	}
	// probeFrames frames take at most 15 KB (a Layer III frame is at most
	// 1,441 bytes); handing go-mp3 no more bounds its byte-by-byte search
	// for the next frame through garbage. Not an io.Seeker: go-mp3 would
	// scan the whole file for its length.
	end := min(len(data), off+64<<10)
	d, err := mp3.NewDecoder(struct{ io.Reader }{bytes.NewReader(data[off:end])})
	if err != nil {
		return err
	}
	return probe(&stallGuard{r: d}, probeFrames*1152*4) // 1152 samples of 16-bit stereo a frame
}

// probeVorbis checks that the Vorbis headers read and the first samples
// decode.
func probeVorbis(data []byte) error {
	r, err := oggvorbis.NewReader(struct{ io.Reader }{bytes.NewReader(data)})
	if err != nil {
		return err
	}
	if r.Channels() < 1 || r.SampleRate() < 1 {
		return errors.New("no channels")
	}
	buf := make([]float32, 4096)
	got, stalls := 0, 0
	for got < probeFrames*1024 {
		n, err := r.Read(buf)
		got += n
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if n > 0 {
			stalls = 0
		} else if stalls++; stalls > maxStalls {
			return errNoSound
		}
	}
	if got == 0 {
		return errNoSound
	}
	return nil
}

// maxStalls is how many reads in a row may return nothing before a decoder
// is taken to be stuck on bad input.
const maxStalls = 100

// stallGuard ends a read loop over a decoder that keeps returning nothing
// (io.ReadFull would loop forever).
type stallGuard struct {
	r      io.Reader
	stalls int
}

func (g *stallGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if n > 0 || err != nil {
		g.stalls = 0
		return n, err
	}
	if g.stalls++; g.stalls > maxStalls {
		return 0, errNoSound
	}
	return 0, nil
}

// probe reads up to n bytes of sound from r; a file shorter than that is
// fine, one with no sound or a decoding error is not.
func probe(r io.Reader, n int) error {
	got, err := io.ReadFull(r, make([]byte, n))
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		err = nil
	}
	if err == nil && got == 0 {
		err = errNoSound
	}
	return err
}

// oggCodec names the codec of an Ogg file whose first packet is not
// Vorbis and which the narration player cannot play, or returns "".
func oggCodec(data []byte) string {
	if len(data) < 27 || !bytes.HasPrefix(data, []byte("OggS")) {
		return ""
	}
	start := 27 + int(data[26])
	if start > len(data) {
		return ""
	}
	first := data[start:]
	for prefix, codec := range map[string]string{"OpusHead": "Opus", "\x7fFLAC": "FLAC", "Speex   ": "Speex", "\x80theora": "Theora（视频）"} {
		if bytes.HasPrefix(first, []byte(prefix)) {
			return codec
		}
	}
	return ""
}

// Bounds on a Vorbis file's three header packets. The decoder allocates
// what they claim before it reads what follows (a comment count, a
// codebook's entries times its dimensions): a few bytes can ask for
// terabytes, and Go ends the whole process when an allocation that large
// fails, with no chance to recover. Honest headers take a few kilobytes
// (more with an embedded cover picture) and codebooks well under a
// megabyte.
const (
	maxVorbisHeaderBytes = 4 << 20
	maxVorbisComments    = 10_000
	maxVorbisSetupBytes  = 16 << 20
)

var (
	errHeadersTooLarge = errors.New("vorbis headers too large")
	errBadHeaders      = errors.New("vorbis headers claim more than they hold")
)

// checkVorbisHeaders reads the three header packets of an Ogg Vorbis file
// and refuses those whose claims the decoder would allocate unchecked.
func checkVorbisHeaders(data []byte) error {
	var packets [][]byte
	var cur []byte
	total := 0
	for len(packets) < 3 {
		if len(data) < 27 || !bytes.HasPrefix(data, []byte("OggS")) {
			return errBadHeaders
		}
		nseg := int(data[26])
		if len(data) < 27+nseg {
			return errBadHeaders
		}
		segs, body := data[27:27+nseg], data[27+nseg:]
		n := 0
		for _, s := range segs {
			if n+int(s) > len(body) {
				return errBadHeaders
			}
			if total += int(s); total > maxVorbisHeaderBytes {
				return errHeadersTooLarge
			}
			cur = append(cur, body[n:n+int(s)]...)
			if n += int(s); s < 255 {
				packets = append(packets, cur)
				cur = nil
			}
		}
		data = body[n:]
	}
	for i, want := range []byte{1, 3, 5} {
		if len(packets[i]) < 7 || packets[i][0] != want || string(packets[i][1:7]) != "vorbis" {
			return errBadHeaders
		}
	}
	if id := packets[0][7:]; len(id) > 22 {
		// The specification's block sizes, 64 to 8192 samples: the
		// decoder's buffers are a block size times the channels.
		b0, b1 := id[21]&15, id[21]>>4
		if b0 < 6 || b1 > 13 || b0 > b1 {
			return errBadHeaders
		}
	}
	if err := checkVorbisComments(packets[1][7:]); err != nil {
		return err
	}
	return checkVorbisSetup(packets[2][7:])
}

func checkVorbisComments(c []byte) error {
	take := func() ([]byte, bool) {
		if len(c) < 4 {
			return nil, false
		}
		n := binary.LittleEndian.Uint32(c)
		if uint64(n) > uint64(len(c)-4) {
			return nil, false
		}
		s := c[4 : 4+n]
		c = c[4+n:]
		return s, true
	}
	if _, ok := take(); !ok { // vendor
		return errBadHeaders
	}
	if len(c) < 4 {
		return errBadHeaders
	}
	count := binary.LittleEndian.Uint32(c)
	c = c[4:]
	if count > maxVorbisComments {
		return errBadHeaders
	}
	for range count {
		if _, ok := take(); !ok {
			return errBadHeaders
		}
	}
	return nil
}

// vorbisBits reads a Vorbis packet least significant bit first; past its
// end it sets eof (the decoder reads zeros there).
type vorbisBits struct {
	data []byte
	pos  uint64 // in bits
	eof  bool
}

func (r *vorbisBits) read(n uint) uint64 {
	var v uint64
	for i := range n {
		if r.pos/8 >= uint64(len(r.data)) {
			r.eof = true
			return 0
		}
		v |= uint64(r.data[r.pos/8]>>(r.pos%8)&1) << i
		r.pos++
	}
	return v
}

func (r *vorbisBits) skip(n uint64) {
	if r.pos += n; r.pos > 8*uint64(len(r.data)) {
		r.eof = true
	}
}

// checkVorbisSetup walks the codebooks of a setup header as the decoder
// reads them and adds up what it would allocate for them.
func checkVorbisSetup(setup []byte) error {
	r := &vorbisBits{data: setup}
	var cost uint64
	books := r.read(8) + 1
	for range books {
		if r.read(24) != 0x564342 {
			return errBadHeaders
		}
		dims, entries := r.read(16), r.read(24)
		if entries == 0 || dims == 0 {
			return errBadHeaders // the decoder's size arithmetic wraps around
		}
		cost += 9 * entries // its Huffman tree: 2 entries of 4 bytes and one byte per entry
		if cost > maxVorbisSetupBytes {
			return errBadHeaders
		}
		if r.read(1) == 0 { // not ordered: a length for each entry used
			sparse := r.read(1) == 1
			for i := uint64(0); i < entries && !r.eof; i++ {
				if !sparse || r.read(1) == 1 {
					r.read(5)
				}
			}
		} else { // runs of entries of growing length
			r.read(5)
			// Past the end the decoder reads runs of zero entries forever.
			for cur := uint64(0); cur < entries && !r.eof; {
				if cur += r.read(uint(bitsLen(entries - cur))); cur > entries {
					return errBadHeaders
				}
			}
		}
		if r.eof {
			return errBadHeaders
		}
		lookup := r.read(4)
		if lookup == 0 {
			continue
		}
		if lookup > 2 {
			return errBadHeaders
		}
		r.read(32 + 32)
		valueBits := r.read(4) + 1
		r.read(1)
		mult := entries * dims
		if lookup == 1 {
			mult = lookup1(entries, dims)
		}
		cost += 4*mult + 4*entries*dims
		if cost > maxVorbisSetupBytes {
			return errBadHeaders
		}
		r.skip(mult * valueBits)
		if r.eof {
			return errBadHeaders
		}
	}
	return nil
}

func bitsLen(x uint64) int {
	n := 0
	for ; x > 0; x >>= 1 {
		n++
	}
	return n
}

// lookup1 is the largest v with v^dims <= entries.
func lookup1(entries, dims uint64) uint64 {
	for v := uint64(1); ; v++ {
		p := uint64(1)
		for range dims {
			if p *= v + 1; p > entries {
				return v
			}
		}
	}
}
