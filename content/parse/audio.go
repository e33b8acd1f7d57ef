package parse

import (
	"bytes"
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
		err = probeVorbis(data)
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
