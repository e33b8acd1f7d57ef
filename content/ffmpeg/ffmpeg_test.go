package ffmpeg

import (
	"bytes"
	"context"
	"errors"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// demoFilm is the demo package's film, made by build/make-demo-film.sh.
const demoFilm = "../../assets/demo/视频/清风萧山.mp4"

func needTools(tb testing.TB) {
	tb.Helper()
	if err := Available(); err != nil {
		tb.Fatalf("%v: run build/deps.sh test", err)
	}
}

// The demo film reads as what the script made, and its cover is a frame
// of it no larger than a screen.
func TestProbeDemoFilm(t *testing.T) {
	needTools(t)
	fp, err := Prober{}.Probe(context.Background(), demoFilm)
	if err != nil {
		t.Fatal(err)
	}
	if fp.Container != "mp4" || fp.VideoCodec != "h264" || fp.AudioCodec != "aac" || fp.Width != 640 || fp.Height != 360 ||
		fp.Duration < 9900*time.Millisecond || fp.Duration > 10100*time.Millisecond {
		t.Errorf("probe: %v", fp)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(fp.Cover))
	if err != nil || cfg.Width != 640 || cfg.Height != 360 {
		t.Errorf("cover: %v %+v", err, cfg)
	}
}

// Files that are no film, or a broken one, are ErrUndecodable; a playlist
// pointing at the network is not followed.
func TestProbeHostile(t *testing.T) {
	needTools(t)
	film, err := os.ReadFile(demoFilm)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"text", []byte("这不是视频\n")},
		{"truncated", film[:len(film)/3]},
		{"header only", film[:64]},
		{"playlist to the network", []byte("#EXTM3U\n#EXTINF:10,\nhttp://127.0.0.1:9/x.ts\n")},
		{"concat of a local file", []byte("ffconcat version 1.0\nfile '/etc/passwd'\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.name+".mp4")
			if err := os.WriteFile(p, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			fp, err := Prober{Timeout: 20 * time.Second}.Probe(context.Background(), p)
			if !errors.Is(err, ErrUndecodable) && fp.VideoCodec != "" {
				t.Fatalf("accepted: %v (err %v)", fp, err)
			}
		})
	}
}

// A child that runs past the timeout is ended and said so.
func TestProbeTimeout(t *testing.T) {
	needTools(t)
	_, err := Prober{Timeout: time.Nanosecond}.Probe(context.Background(), demoFilm)
	if !errors.Is(err, ErrUndecodable) {
		t.Fatalf("err %v", err)
	}
}
