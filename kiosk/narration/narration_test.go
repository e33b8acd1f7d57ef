package narration

import (
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// The demo narration is 22.05 kHz mono OGG: decoding must upmix and
// resample it to the device's 44.1 kHz stereo without changing its length.
func TestDecodeDemoNarration(t *testing.T) {
	src, f, err := Decode("../../assets/demo/media/teahouse-narration.ogg")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := io.ReadAll(src)
	if err != nil {
		t.Fatal(err)
	}
	frames := len(data) / 8
	seconds := float64(frames) / sampleRate
	if seconds < 53 || seconds > 55 {
		t.Fatalf("decoded %.2f s, want about 53.9 s", seconds)
	}
	var peak float64
	for i := 0; i+8 <= len(data); i += 8 {
		l := math.Float32frombits(binary.LittleEndian.Uint32(data[i:]))
		r := math.Float32frombits(binary.LittleEndian.Uint32(data[i+4:]))
		if l != r {
			t.Fatalf("mono source should give equal channels, frame %d: %v %v", i/8, l, r)
		}
		peak = max(peak, math.Abs(float64(l)))
	}
	if peak < 0.05 || peak > 1.01 {
		t.Fatalf("peak level %.3f: silent or clipped", peak)
	}
}

func TestDecodeRejectsOtherFiles(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.ogg")
	os.WriteFile(p, []byte("RIFF\x00\x00\x00\x00WAVEfmt "), 0o644)
	if _, _, err := Decode(p); err == nil {
		t.Fatal("a WAV named .ogg should be refused")
	}
}

// A kiosk without a sound card is normal: Play says so, nothing panics,
// and the player reports silence.
func TestPlayWithOrWithoutSoundCard(t *testing.T) {
	p := &Player{}
	err := p.Play("../../assets/demo/media/teahouse-narration.ogg")
	switch {
	case errors.Is(err, ErrNoSound):
		if p.Playing() {
			t.Fatal("playing without a sound device")
		}
		if err2 := p.Play("../../assets/demo/media/teahouse-narration.ogg"); !errors.Is(err2, ErrNoSound) {
			t.Fatalf("second Play: %v", err2)
		}
	case err != nil:
		t.Fatal(err)
	default:
		p.Pause()
		p.Stop()
		if p.Playing() {
			t.Fatal("still playing after Stop")
		}
	}
}
