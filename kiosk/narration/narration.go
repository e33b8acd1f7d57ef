// Package narration plays a story's audio narration (MP3 or OGG Vorbis)
// through the sound card. A kiosk without speakers is normal: if the sound
// device cannot be opened, that is logged once and the kiosk stays silent.
package narration

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/ebitengine/oto/v3"
	"github.com/hajimehoshi/go-mp3"
	"github.com/jfreymuth/oggvorbis"
)

// Output format of the sound device: what every file is converted to.
const (
	sampleRate = 44100
	channels   = 2
)

// ErrNoSound is returned by Play when the kiosk has no usable sound device.
var ErrNoSound = errors.New("no sound device")

// Player plays one narration at a time. The sound device is opened on the
// first Play, not at start-up: most visitors never press play.
type Player struct {
	Log *slog.Logger

	mu      sync.Mutex
	once    sync.Once
	ctx     *oto.Context
	openErr error
	player  *oto.Player
	file    *os.File
}

func (p *Player) open() error {
	p.once.Do(func() {
		ctx, ready, err := oto.NewContext(&oto.NewContextOptions{SampleRate: sampleRate, ChannelCount: channels, Format: oto.FormatFloat32LE})
		if err != nil {
			p.openErr = fmt.Errorf("%w: %v", ErrNoSound, err)
			if p.Log != nil {
				p.Log.Warn("sound device unavailable; narration stays silent", "err", err)
			}
			return
		}
		<-ready
		p.ctx = ctx
	})
	return p.openErr
}

// Play starts the narration in file from the beginning, stopping any other.
func (p *Player) Play(file string) error {
	if err := p.open(); err != nil {
		return err
	}
	src, f, err := Decode(file)
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopLocked()
	p.file = f
	p.player = p.ctx.NewPlayer(src)
	p.player.Play()
	return nil
}

// Pause holds the narration where it is; Resume continues it.
func (p *Player) Pause() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.player != nil {
		p.player.Pause()
	}
}

// Resume continues a paused narration.
func (p *Player) Resume() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.player != nil {
		p.player.Play()
	}
}

// Playing reports whether sound is coming out now.
func (p *Player) Playing() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.player != nil && p.player.IsPlaying()
}

// Stop ends the narration and releases its file.
func (p *Player) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopLocked()
}

func (p *Player) stopLocked() {
	if p.player != nil {
		p.player.Pause()
		p.player.Close()
		p.player = nil
	}
	if p.file != nil {
		p.file.Close()
		p.file = nil
	}
}

// Decode opens an MP3 or OGG file as a stream of 44.1 kHz stereo float32
// little-endian samples, the device's format. The caller closes the file.
func Decode(path string) (io.Reader, *os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	var head [4]byte
	if _, err := io.ReadFull(f, head[:]); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("narration %s: %w", filepath.Base(path), err)
	}
	f.Seek(0, io.SeekStart)
	var src frames
	switch {
	case string(head[:]) == "OggS":
		src, err = newOgg(f)
	case string(head[:3]) == "ID3" || (head[0] == 0xFF && head[1]&0xE0 == 0xE0) || strings.EqualFold(filepath.Ext(path), ".mp3"):
		src, err = newMP3(f)
	default:
		err = errors.New("neither MP3 nor OGG")
	}
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("narration %s: %w", filepath.Base(path), err)
	}
	return &pcm{src: src, step: float64(src.rate()) / sampleRate}, f, nil
}

// frames yields stereo sample frames at the file's own rate.
type frames interface {
	next() (l, r float32, err error)
	rate() int
}

type oggFrames struct {
	r   *oggvorbis.Reader
	buf []float32
	pos int
}

func newOgg(r io.Reader) (*oggFrames, error) {
	or, err := oggvorbis.NewReader(r)
	if err != nil {
		return nil, err
	}
	if or.Channels() < 1 {
		return nil, errors.New("no channels")
	}
	return &oggFrames{r: or, buf: make([]float32, 0, 4096*or.Channels())}, nil
}

func (o *oggFrames) rate() int { return o.r.SampleRate() }

func (o *oggFrames) next() (float32, float32, error) {
	ch := o.r.Channels()
	for o.pos+ch > len(o.buf) {
		n, err := o.r.Read(o.buf[:cap(o.buf)])
		o.buf, o.pos = o.buf[:n-n%ch], 0
		if n == 0 && err != nil {
			return 0, 0, err
		}
	}
	l := o.buf[o.pos]
	r := l
	if ch > 1 {
		r = o.buf[o.pos+1]
	}
	o.pos += ch
	return l, r, nil
}

type mp3Frames struct {
	d   *mp3.Decoder
	buf [4]byte
}

func newMP3(r io.Reader) (*mp3Frames, error) {
	d, err := mp3.NewDecoder(r)
	if err != nil {
		return nil, err
	}
	return &mp3Frames{d: d}, nil
}

func (m *mp3Frames) rate() int { return m.d.SampleRate() }

// next reads one frame: go-mp3 always decodes to 16-bit stereo.
func (m *mp3Frames) next() (float32, float32, error) {
	if _, err := io.ReadFull(m.d, m.buf[:]); err != nil {
		return 0, 0, err
	}
	l := int16(binary.LittleEndian.Uint16(m.buf[0:]))
	r := int16(binary.LittleEndian.Uint16(m.buf[2:]))
	return float32(l) / 32768, float32(r) / 32768, nil
}

// pcm resamples frames linearly to the device rate and encodes them.
type pcm struct {
	src       frames
	step      float64 // source frames per output frame
	pos       float64 // position between prev (0) and cur (1)
	prev, cur [2]float32
	started   bool
	err       error
}

func (p *pcm) Read(b []byte) (int, error) {
	n := 0
	for n+8 <= len(b) {
		if p.err != nil {
			break
		}
		if !p.started {
			l, r, err := p.src.next()
			if err != nil {
				p.err = err
				break
			}
			p.prev, p.cur, p.started = [2]float32{l, r}, [2]float32{l, r}, true
			p.pos = 1
		}
		for p.pos >= 1 {
			l, r, err := p.src.next()
			if err != nil {
				p.err = err
				break
			}
			p.prev, p.cur = p.cur, [2]float32{l, r}
			p.pos--
		}
		if p.err != nil {
			break
		}
		t := float32(p.pos)
		for c := range 2 {
			v := p.prev[c] + (p.cur[c]-p.prev[c])*t
			binary.LittleEndian.PutUint32(b[n+4*c:], math.Float32bits(v))
		}
		n += 8
		p.pos += p.step
	}
	if n == 0 && p.err != nil {
		if errors.Is(p.err, io.ErrUnexpectedEOF) {
			return 0, io.EOF
		}
		return 0, p.err
	}
	return n, nil
}
