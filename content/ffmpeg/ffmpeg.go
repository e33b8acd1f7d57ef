// Package ffmpeg looks inside a package's films with Debian's ffprobe and
// ffmpeg, run as child processes bounded in time, memory and output: what
// streams a film holds, how long it plays, whether its first seconds
// decode, and a frame cut for its cover. It decides nothing about what a
// kiosk accepts (content/parse does) and imports only content/parse's
// types (through content/parse) and the standard library.
package ffmpeg

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"qingfeng/content/parse"
)

// Prober runs ffprobe and ffmpeg. The zero value uses those on PATH with
// the default bounds.
type Prober struct {
	// Timeout bounds each child process (default 30 s: a film's first
	// seconds decode in well under one on the slowest board).
	Timeout time.Duration
	// MaxMemory bounds each child's address space through prlimit, when
	// it is installed (default 1 GiB).
	MaxMemory int64
}

// ErrUndecodable is returned, wrapped, for a file the tools cannot read
// as a film.
var ErrUndecodable = errors.New("ffmpeg: not a decodable film")

// Available reports whether ffprobe and ffmpeg are installed.
func Available() error {
	for _, p := range []string{"ffprobe", "ffmpeg"} {
		if _, err := exec.LookPath(p); err != nil {
			return fmt.Errorf("%s not found (Debian package ffmpeg): %w", p, err)
		}
	}
	return nil
}

const (
	maxProbeOutput = 1 << 20
	maxCoverBytes  = 4 << 20
	// decodeSeconds of the film are decoded to check it: a file whose
	// header reads but whose pictures do not is found there.
	decodeSeconds = 2
)

// Probe implements parse.FilmProber.
func (p Prober) Probe(ctx context.Context, file string) (parse.FilmProbe, error) {
	var fp parse.FilmProbe
	out, err := p.run(ctx, maxProbeOutput, "ffprobe", "-v", "error", "-protocol_whitelist", "file",
		"-print_format", "json", "-show_entries",
		"format=format_name,duration:stream=codec_type,codec_name,width,height,disposition", "--", "file:"+file)
	if err != nil {
		return fp, err
	}
	var info struct {
		Format struct {
			FormatName string `json:"format_name"`
			Duration   string `json:"duration"`
		} `json:"format"`
		Streams []struct {
			CodecType   string         `json:"codec_type"`
			CodecName   string         `json:"codec_name"`
			Width       int            `json:"width"`
			Height      int            `json:"height"`
			Disposition map[string]int `json:"disposition"`
		} `json:"streams"`
	}
	if err := json.Unmarshal(out, &info); err != nil {
		return fp, fmt.Errorf("%w: ffprobe output: %v", ErrUndecodable, err)
	}
	switch f := info.Format.FormatName; {
	case strings.Contains(f, "mp4"):
		fp.Container = "mp4"
	case strings.Contains(f, "webm"), strings.Contains(f, "matroska"):
		fp.Container = "webm"
	default:
		return fp, fmt.Errorf("%w: container %q", ErrUndecodable, f)
	}
	if s, err := strconv.ParseFloat(info.Format.Duration, 64); err == nil && s > 0 && s < 1e7 {
		fp.Duration = time.Duration(s * float64(time.Second))
	}
	for _, s := range info.Streams {
		switch {
		case s.CodecType == "video" && s.Disposition["attached_pic"] == 0 && fp.VideoCodec == "":
			fp.VideoCodec, fp.Width, fp.Height = s.CodecName, s.Width, s.Height
		case s.CodecType == "audio" && fp.AudioCodec == "":
			fp.AudioCodec = s.CodecName
		}
	}
	if fp.VideoCodec == "" || fp.Width <= 0 || fp.Height <= 0 || int64(fp.Width)*int64(fp.Height) > 8192*8192 {
		return fp, nil // said by the caller in its words, not decoded
	}
	// The first seconds decoded, every stream: ffmpeg stops at the first
	// error (-xerror).
	if _, err := p.run(ctx, 64<<10, "ffmpeg", "-nostdin", "-v", "error", "-xerror", "-protocol_whitelist", "file",
		"-threads", "1", "-t", strconv.Itoa(decodeSeconds), "-i", "file:"+file, "-f", "null", "-"); err != nil {
		return fp, err
	}
	// The last second: a film cut short (a copy that stopped, whose
	// header still claims the whole length) has no picture there, and
	// would go black in front of a visitor.
	if end, err := p.frame(ctx, file, max(fp.Duration-time.Second, 0)); err != nil {
		return fp, err
	} else if len(end) == 0 {
		return fp, fmt.Errorf("%w: no picture in the film's last second: cut short?", ErrUndecodable)
	}
	if cover, err := p.frame(ctx, file, min(fp.Duration/10, 3*time.Second)); err == nil && len(cover) > 0 {
		fp.Cover = cover
	}
	return fp, nil
}

// frame cuts the picture at a time from the film's start as a JPEG no
// wider than 1280; empty if there is none.
func (p Prober) frame(ctx context.Context, file string, at time.Duration) ([]byte, error) {
	return p.run(ctx, maxCoverBytes, "ffmpeg", "-nostdin", "-v", "error", "-protocol_whitelist", "file",
		"-threads", "1", "-ss", fmt.Sprintf("%.3f", at.Seconds()), "-i", "file:"+file,
		"-frames:v", "1", "-an", "-vf", "scale='min(1280,iw)':-2", "-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "4", "-")
}

// run runs a tool, its output bounded by limit bytes, its time by the
// timeout, its memory by prlimit where there is one.
func (p Prober) run(ctx context.Context, limit int64, name string, args ...string) ([]byte, error) {
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	mem := p.MaxMemory
	if mem <= 0 {
		mem = 1 << 30
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if pl, err := exec.LookPath("prlimit"); err == nil {
		args = append([]string{"--as=" + strconv.FormatInt(mem, 10), "--", name}, args...)
		name = pl
	}
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "LC_ALL=C"} // no proxy, no font or config of the user
	cmd.WaitDelay = 2 * time.Second
	var out bytes.Buffer
	var errOut bytes.Buffer
	cmd.Stdout = &limitWriter{w: &out, n: limit}
	cmd.Stderr = &limitWriter{w: &errOut, n: 4 << 10}
	err := cmd.Run()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("%w: %s took longer than %s", ErrUndecodable, name, timeout)
	}
	if lw := cmd.Stdout.(*limitWriter); lw.over {
		return nil, fmt.Errorf("%w: %s wrote more than %d bytes", ErrUndecodable, name, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v: %s", ErrUndecodable, name, err, strings.TrimSpace(errOut.String()))
	}
	return out.Bytes(), nil
}

// limitWriter keeps the first n bytes and notes that more came.
type limitWriter struct {
	w    io.Writer
	n    int64
	over bool
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > l.n {
		l.over = true
		p = p[:l.n]
	}
	l.n -= int64(len(p))
	l.w.Write(p)
	return len(p), nil
}
