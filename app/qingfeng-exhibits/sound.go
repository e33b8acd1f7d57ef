package main

import (
	"bytes"
	"encoding/binary"
	"log/slog"
	"math"
	"sync"

	"github.com/ebitengine/oto/v3"
)

// Sounds are synthesised here rather than shipped: a few soft tones need
// no files, no licence and no decoder.
type sound int

const (
	soundRight  sound = iota // a right answer, a matched cup
	soundWrong               // a wrong answer or drop
	soundSnap                // a piece clicking home
	soundFinish              // the end of an exhibit
	soundCount
)

const (
	sampleRate = 44100
	channels   = 2
)

// speaker plays the sounds through oto directly: Ebiten's own audio
// package ends the game when the device cannot be opened, and a kiosk
// without speakers is normal. Opening happens in the background; until it
// has worked, and for ever if it failed, play is silent.
type speaker struct {
	mu   sync.Mutex
	ctx  *oto.Context
	pcm  [soundCount][]byte
	busy []*oto.Player
}

func openSpeaker(log *slog.Logger, muted bool) *speaker {
	s := &speaker{}
	if muted {
		return s
	}
	go func() {
		ctx, ready, err := oto.NewContext(&oto.NewContextOptions{SampleRate: sampleRate, ChannelCount: channels, Format: oto.FormatFloat32LE})
		if err != nil {
			log.Warn("sound device unavailable; the exhibit stays silent", "err", err)
			return
		}
		<-ready
		// On Linux the device is opened in the background: a missing one
		// shows up only here.
		if err := ctx.Err(); err != nil {
			log.Warn("sound device unavailable; the exhibit stays silent", "err", err)
			return
		}
		var pcm [soundCount][]byte
		pcm[soundRight] = tones([]note{{784, 0.12}, {1047, 0.22}}, 0.25)
		pcm[soundWrong] = tones([]note{{330, 0.14}, {262, 0.2}}, 0.2)
		pcm[soundSnap] = tones([]note{{1568, 0.05}}, 0.18)
		pcm[soundFinish] = tones([]note{{523, 0.14}, {659, 0.14}, {784, 0.14}, {1047, 0.45}}, 0.25)
		s.mu.Lock()
		s.ctx, s.pcm = ctx, pcm
		s.mu.Unlock()
	}()
	return s
}

// play starts snd, over anything already playing.
func (s *speaker) play(snd sound) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx == nil {
		return
	}
	// Let go of players that have finished.
	keep := s.busy[:0]
	for _, p := range s.busy {
		if p.IsPlaying() {
			keep = append(keep, p)
		} else {
			p.Close()
		}
	}
	s.busy = keep
	p := s.ctx.NewPlayer(bytes.NewReader(s.pcm[snd]))
	p.Play()
	s.busy = append(s.busy, p)
}

type note struct {
	hz, secs float64
}

// tones renders notes one after another as float32 stereo: sine waves with
// a quick attack and an exponential decay, like a struck bell, at volume
// vol (0..1).
func tones(notes []note, vol float64) []byte {
	var buf bytes.Buffer
	for _, n := range notes {
		count := int(n.secs * sampleRate)
		for i := range count {
			t := float64(i) / sampleRate
			env := math.Min(t/0.005, 1) * math.Exp(-4*t/n.secs)
			v := float32(vol * env * (math.Sin(2*math.Pi*n.hz*t) + 0.3*math.Sin(4*math.Pi*n.hz*t)) / 1.3)
			for range channels {
				_ = binary.Write(&buf, binary.LittleEndian, v)
			}
		}
	}
	return buf.Bytes()
}
