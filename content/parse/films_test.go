package parse

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"qingfeng/content"
)

// fakeProber answers every film with what it is given, and remembers the
// files it was asked about (the spool's copies, which must hold the
// film's bytes).
type fakeProber struct {
	probe FilmProbe
	err   error
	seen  [][]byte
}

func (p *fakeProber) Probe(ctx context.Context, file string) (FilmProbe, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return FilmProbe{}, err
	}
	p.seen = append(p.seen, data)
	return p.probe, p.err
}

// fakeMP4 is the start of an MP4 (an ftyp box) and some bytes: enough for
// the header check; the fake prober says the rest.
var fakeMP4 = []byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2moov-and-more")

func frameJPEG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func goodProbe(tb testing.TB) FilmProbe {
	return FilmProbe{Container: "mp4", VideoCodec: "h264", AudioCodec: "aac", Width: 1280, Height: 720,
		Duration: 90 * time.Second, Cover: frameJPEG(tb, 1280, 720)}
}

func readFilmTree(tb testing.TB, prober FilmProber, files ...txtar.File) (*content.Package, content.Problems) {
	tb.Helper()
	a := baseTree(tb)
	a.Files = append(a.Files, files...)
	src := mustFS(tb, a)
	tb.Cleanup(func() { src.Close() })
	opts := Options{Thumbnails: true}
	if prober != nil {
		opts.Films = prober
	}
	return Read(context.Background(), src, opts)
}

// A film with its sidecar, subtitles and no cover picture: its title and
// category from the sidecar, its cues, a cover cut by the prober stored
// as a picture with a thumbnail, and the film itself as a video media
// entry whose bytes are the file's.
func TestFilmRead(t *testing.T) {
	p := &fakeProber{probe: goodProbe(t)}
	pkg, ps := readFilmTree(t, p,
		txtar.File{Name: "视频/廉洁故事.mp4", Data: fakeMP4},
		txtar.File{Name: "视频/廉洁故事.yaml", Data: []byte("title: 一位老支书\ncategory: 警示教育\n")},
		txtar.File{Name: "视频/廉洁故事.srt", Data: []byte("1\n00:00:01,000 --> 00:00:03,500\n<i>清风</i>拂面\n\n2\n00:00:04,000 --> 00:00:06,000\n第一行\n第二行\n")})
	if ps.HasErrors() {
		t.Fatal(ps)
	}
	if len(pkg.Films) != 1 {
		t.Fatalf("films: %+v", pkg.Films)
	}
	f := pkg.Films[0]
	if f.Title != "一位老支书" || f.Category != "警示教育" || f.ID != "廉洁故事" || f.Width != 1280 || f.Duration != 90*time.Second {
		t.Errorf("film: %+v", f)
	}
	want := []content.Cue{{Line: 1, Start: time.Second, End: 3500 * time.Millisecond, Text: "清风拂面"},
		{Line: 5, Start: 4 * time.Second, End: 6 * time.Second, Text: "第一行\n第二行"}}
	if len(f.Subtitles) != len(want) {
		t.Fatalf("cues: %+v", f.Subtitles)
	}
	for i := range want {
		if f.Subtitles[i] != want[i] {
			t.Errorf("cue %d: %+v, want %+v", i, f.Subtitles[i], want[i])
		}
	}
	var video, cover *content.Media
	for i, m := range pkg.Media {
		switch m.Path {
		case f.File:
			video = &pkg.Media[i]
		case f.Cover:
			cover = &pkg.Media[i]
		}
	}
	if video == nil || video.Kind != content.Video || video.Format != "mp4" || video.Size != int64(len(fakeMP4)) {
		t.Fatalf("video media: %+v", video)
	}
	rc, err := video.Open()
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(got, fakeMP4) || len(p.seen) != 1 || !bytes.Equal(p.seen[0], fakeMP4) {
		t.Errorf("the film's bytes were not what was probed and stored")
	}
	if cover == nil || cover.Kind != content.Image || len(cover.Thumb) == 0 || cover.Width != 1280 {
		t.Fatalf("cover media: %+v", cover)
	}
}

// A cover picture beside the film is its cover; none is cut.
func TestFilmOwnCover(t *testing.T) {
	pkg, ps := readFilmTree(t, &fakeProber{probe: goodProbe(t)},
		txtar.File{Name: "videos/a.mp4", Data: fakeMP4},
		txtar.File{Name: "videos/a.jpg", Data: frameJPEG(t, 64, 48)})
	if ps.HasErrors() || len(pkg.Films) != 1 {
		t.Fatal(ps, pkg.Films)
	}
	if pkg.Films[0].Cover != "videos/a.jpg" {
		t.Errorf("cover %q", pkg.Films[0].Cover)
	}
	for _, m := range pkg.Media {
		if strings.HasSuffix(m.Path, ".cover.jpg") {
			t.Errorf("a frame was cut though the film has a cover: %s", m.Path)
		}
	}
}

// Hostile and careless films are refused with the file named, and the
// package with them (a film that stays black must not install).
func TestFilmRefused(t *testing.T) {
	huge := goodProbe(t)
	huge.Width, huge.Height = 65535, 65535
	long := goodProbe(t)
	long.Duration = 30 * time.Hour
	hevc := goodProbe(t)
	hevc.VideoCodec = "hevc"
	silent := goodProbe(t)
	silent.VideoCodec = ""
	for _, tc := range []struct {
		name   string
		data   []byte
		prober *fakeProber
		want   string
	}{
		{"not a video", []byte("<html>这是网页</html>"), &fakeProber{probe: goodProbe(t)}, "不是MP4视频"},
		{"not a video, no prober", []byte("PK\x03\x04 a zip renamed"), nil, "不是MP4视频"},
		{"empty", nil, &fakeProber{probe: goodProbe(t)}, "0字节"},
		{"truncated", fakeMP4[:12], &fakeProber{err: errors.New("moov atom not found")}, "无法解码"},
		{"enormous claimed resolution", fakeMP4, &fakeProber{probe: huge}, "65535×65535 太大"},
		{"hours long", fakeMP4, &fakeProber{probe: long}, "超过2h0m0s的上限"},
		{"codec the board cannot play", fakeMP4, &fakeProber{probe: hevc}, "HEVC编码"},
		{"no picture", fakeMP4, &fakeProber{probe: silent}, "没有画面"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var prober FilmProber
			if tc.prober != nil {
				prober = tc.prober
			}
			pkg, ps := readFilmTree(t, prober, txtar.File{Name: "视频/片子.mp4", Data: tc.data})
			if !ps.HasErrors() {
				t.Fatalf("accepted: %v", pkg.Films)
			}
			found := false
			for _, p := range ps {
				if p.File == "视频/片子.mp4" && p.Severity == content.Error && strings.Contains(p.Msg, tc.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("no error on 视频/片子.mp4 saying %q: %v", tc.want, ps)
			}
			if pkg != nil && len(pkg.Films) != 0 {
				t.Errorf("film kept: %+v", pkg.Films)
			}
		})
	}
}

// Subtitles that cannot be shown are problems at their line; the cues
// around them stay.
func TestSRTHostile(t *testing.T) {
	for _, tc := range []struct {
		name      string
		srt       string
		line      int
		want      string
		keptCues  int
		errorKind content.Severity
	}{
		{"bad time", "1\n00:00:01,000 --> 00:00:02,000\n好\n\n2\n00:00:03 --> 00:00:04,000\n坏\n", 6, "时间应写成", 1, content.Error},
		{"end before start", "1\n00:00:05,000 --> 00:00:02,000\n坏\n\n2\n00:00:06,000 --> 00:00:07,000\n好\n", 2, "结束时间不晚于", 1, content.Error},
		{"right-to-left override", "1\n00:00:01,000 --> 00:00:02,000\n清\u202e风\n", 3, "控制字符", 0, content.Error},
		{"escape sequence", "1\n00:00:01,000 --> 00:00:02,000\n\x1b[2J清风\n", 3, "控制字符", 0, content.Error},
		{"line too long", "1\n00:00:01,000 --> 00:00:02,000\n" + strings.Repeat("廉", 500) + "\n", 3, "太长了", 0, content.Error},
		{"three lines", "1\n00:00:01,000 --> 00:00:02,000\n一\n二\n三\n", 3, "有3行", 0, content.Error},
		{"minutes past 59", "1\n00:99:01,000 --> 00:99:02,000\n好\n", 2, "时间应写成", 0, content.Error},
		{"only a number", "1\n\n2\n00:00:01,000 --> 00:00:02,000\n好\n", 1, "只有编号", 1, content.Error},
		{"out of order", "1\n00:00:05,000 --> 00:00:06,000\n后\n\n2\n00:00:01,000 --> 00:00:02,000\n前\n", 5, "顺序可能乱了", 2, content.Warning},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ps content.Problems
			cues := parseSRT(normalizeNewlines(tc.srt), "v.srt", &ps)
			if len(cues) != tc.keptCues {
				t.Errorf("kept %d cues, want %d: %+v", len(cues), tc.keptCues, cues)
			}
			found := false
			for _, p := range ps {
				if p.File == "v.srt" && p.Line == tc.line && p.Severity == tc.errorKind && strings.Contains(p.Msg, tc.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("no problem at v.srt:%d saying %q: %v", tc.line, tc.want, ps)
			}
		})
	}
}

// A subtitle file of GBK (Notepad on Chinese Windows) is read like UTF-8,
// through the film's package, with a CRLF line end.
func TestSRTInPackageGBK(t *testing.T) {
	gbk := []byte("1\r\n00:00:01,000 --> 00:00:02,000\r\n\xc7\xe5\xb7\xe7\r\n") // 清风
	pkg, ps := readFilmTree(t, &fakeProber{probe: goodProbe(t)},
		txtar.File{Name: "videos/a.mp4", Data: fakeMP4}, txtar.File{Name: "videos/a.srt", Data: gbk})
	if ps.HasErrors() || len(pkg.Films) != 1 {
		t.Fatal(ps)
	}
	if c := pkg.Films[0].Subtitles; len(c) != 1 || c[0].Text != "清风" {
		t.Errorf("cues %+v", c)
	}
}

// A package of films alone is a package: a hall's films may come apart
// from its stories.
func TestFilmsOnlyPackage(t *testing.T) {
	a := &txtar.Archive{Files: []txtar.File{{Name: "package.yaml", Data: []byte(okPackageYAML)},
		{Name: "视频/片子.mp4", Data: fakeMP4}}}
	src := mustFS(t, a)
	defer src.Close()
	pkg, ps := Read(context.Background(), src, Options{Films: &fakeProber{probe: goodProbe(t)}})
	if ps.HasErrors() || len(pkg.Films) != 1 {
		t.Fatalf("films %v, problems %v", pkg, ps)
	}
}
