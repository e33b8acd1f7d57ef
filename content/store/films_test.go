package store

import (
	"context"
	"os"
	"testing"
	"time"

	"qingfeng/content"
)

// A film installs with its video, cover and subtitles, comes back with
// the files on disk, follows its package's window and goes with it; a
// newer version without it removes it and its video file.
func TestInstallFilms(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	img, thumb := sampleJPEGs(t)
	video := mediaOf("视频/片子.mp4", content.Video, "mp4", []byte("\x00\x00\x00\x18ftyp a film's bytes"), nil, 640, 360)
	cover := mediaOf("视频/片子.mp4.cover.jpg", content.Image, "jpeg", img, thumb, 640, 360)
	at := func(d int) time.Time { return time.Date(2026, 12, d, 0, 0, 0, 0, time.UTC) }
	film := content.Film{ID: "片子", File: video.Path, Title: "一位老支书", Category: "警示教育", Cover: cover.Path,
		Duration: 6 * time.Second, Width: 640, Height: 360,
		Subtitles: []content.Cue{{Start: 0, End: 2 * time.Second, Text: "清风萧山"}, {Start: 2 * time.Second, End: 4 * time.Second, Text: "第一行\n第二行"}}}
	pkg := &content.Package{ID: "films", Title: "视频", Version: 1, Window: content.Window{Until: at(10)},
		Films: []content.Film{film}, Media: []content.Media{video, cover}}
	mustInstall(t, s, pkg)

	list, err := s.Films(ctx, at(5))
	if err != nil || len(list) != 1 {
		t.Fatalf("Films = %+v, %v", list, err)
	}
	it := list[0]
	if it.Title != "一位老支书" || it.Category != "警示教育" || it.Duration != 6*time.Second || it.Width != 640 {
		t.Errorf("item %+v", it)
	}
	for _, f := range []string{it.Video, it.Cover, it.Thumb} {
		if _, err := os.Stat(f); f == "" || err != nil {
			t.Errorf("file %q: %v", f, err)
		}
	}
	got, ok, err := s.Film(ctx, at(5), "films", "片子")
	if err != nil || !ok || len(got.Cues) != 2 || got.Cues[1] != (content.Cue{Start: 2 * time.Second, End: 4 * time.Second, Text: "第一行\n第二行"}) {
		t.Fatalf("Film = %+v, %v, %v", got, ok, err)
	}
	if list, _ := s.Films(ctx, at(10)); len(list) != 0 {
		t.Errorf("shown after its package's end: %+v", list)
	}
	if _, ok, _ := s.Film(ctx, at(10), "films", "片子"); ok {
		t.Error("Film after its package's end")
	}
	mustInstall(t, s, &content.Package{ID: "films", Title: "视频", Version: 2, Notices: []content.Notice{{Title: "x", Text: "y",
		Window: content.Window{From: at(1), Until: at(2)}}}})
	if list, _ := s.Films(ctx, at(5)); len(list) != 0 {
		t.Errorf("film kept after a version without it: %+v", list)
	}
	if _, err := os.Stat(it.Video); !os.IsNotExist(err) {
		t.Errorf("video file left behind: %v", err)
	}
}
