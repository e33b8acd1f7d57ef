package kiosk

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"qingfeng/content"
)

// fakeCinema lists one film and plays it in fake runs the test drives.
type fakeCinema struct {
	list  []FilmPage
	runs  []*fakeFilmRun
	areas []FilmArea
	files []string
	fail  error
}

func (c *fakeCinema) Films(context.Context, time.Time) ([]FilmCard, error) {
	var out []FilmCard
	for _, f := range c.list {
		out = append(out, f.FilmCard)
	}
	return out, nil
}

func (c *fakeCinema) Film(_ context.Context, _ time.Time, pkgID, id string) (FilmPage, bool, error) {
	for _, f := range c.list {
		if f.PkgID == pkgID && f.ID == id {
			return f, true, nil
		}
	}
	return FilmPage{}, false, nil
}

func (c *fakeCinema) PlayFilm(file string, area FilmArea) (FilmRun, error) {
	if c.fail != nil {
		return nil, c.fail
	}
	c.files, c.areas = append(c.files, file), append(c.areas, area)
	r := &fakeFilmRun{fakeRun: fakeRun{ready: make(chan struct{}), done: make(chan struct{})}, length: 6 * time.Second}
	c.runs = append(c.runs, r)
	return r, nil
}

// fakeFilmRun is a player whose position the test sets.
type fakeFilmRun struct {
	fakeRun
	paused     bool
	seeks      []time.Duration
	volume     int
	at, length time.Duration
}

func (r *fakeFilmRun) SetPaused(p bool)                         { r.paused = p }
func (r *fakeFilmRun) Seek(to time.Duration)                    { r.seeks = append(r.seeks, to); r.at = to }
func (r *fakeFilmRun) Louder(step int)                          { r.volume += step }
func (r *fakeFilmRun) Position() (time.Duration, time.Duration) { return r.at, r.length }

func filmsRig(tb testing.TB, size fyne.Size) (*rig, *fakeCinema) {
	tb.Helper()
	cinema := &fakeCinema{}
	r := newRig(tb, size, func(_ *Config, s *Sources) { s.Films, s.FilmPlayer = cinema, cinema })
	cinema.list = []FilmPage{{
		FilmCard: FilmCard{PkgID: "xiaoshan-demo", ID: "清风萧山", Title: "清风萧山（示例视频）", Category: "示例",
			Thumb: r.lib.file("media/clear-wind-watch.png"), Duration: 6 * time.Second},
		Video: "/films/清风萧山.mp4",
		Cues: []content.Cue{{Start: 0, End: 2 * time.Second, Text: "清风萧山"},
			{Start: 2 * time.Second, End: 4 * time.Second, Text: "柿子村里\n说廉洁"}},
	}}
	return r, cinema
}

func (r *rig) openFilm(tb testing.TB) *fakeFilmRun {
	tb.Helper()
	if r.k.Current() == "home" {
		test.Tap(r.cardWith(tb, TileFilms))
	}
	r.expect(tb, "films")
	test.Tap(r.cardWith(tb, "清风萧山"))
	r.expect(tb, "film")
	c := r.k.src.FilmPlayer.(*fakeCinema)
	if len(c.runs) == 0 {
		tb.Fatal("no film started")
	}
	return c.runs[len(c.runs)-1]
}

// cueLines are the subtitle band's texts (canvas.Text of the cue size).
func (r *rig) cueLines() []*canvas.Text {
	var out []*canvas.Text
	walk(r.w.Content(), func(o fyne.CanvasObject) bool {
		if t, ok := o.(*canvas.Text); ok && t.TextSize == filmCueSize {
			out = append(out, t)
		}
		return false
	})
	return out
}

func (r *rig) cueText() string {
	var s []string
	for _, t := range r.cueLines() {
		if t.Text != "" {
			s = append(s, t.Text)
		}
	}
	return strings.Join(s, "\n")
}

// A tap on the film plays its file over the video area (not over the
// controls), the band shows the cue of the film's position in large
// print, the controls reach the player, and the film's end comes back
// to the list.
func TestFilmPlaysWithSubtitlesAndControls(t *testing.T) {
	r, cinema := filmsRig(t, landscape)
	run := r.openFilm(t)
	if cinema.files[0] != "/films/清风萧山.mp4" {
		t.Errorf("played %q", cinema.files[0])
	}
	a := cinema.areas[0]
	if a.W < landscape.Width*0.9 || a.H < landscape.Height*0.5 || a.Y < 50 || a.Y+a.H > landscape.Height-filmCueBand-filmControlHeight {
		t.Errorf("video area %+v: not the screen above the subtitles and controls", a)
	}
	if !r.showing("正在打开视频") {
		t.Error("no word that the film is coming up")
	}
	run.show()
	run.at = 500 * time.Millisecond
	r.k.Tick()
	if got := r.cueText(); got != "清风萧山" {
		t.Errorf("subtitle %q at 0.5 s", got)
	}
	for _, l := range r.cueLines() {
		if l.TextSize < 40 {
			t.Errorf("subtitle of %v px", l.TextSize)
		}
	}
	run.at = 3 * time.Second
	r.k.Tick()
	if got := r.cueText(); got != "柿子村里\n说廉洁" {
		t.Errorf("subtitle %q at 3 s", got)
	}
	test.Tap(r.button(t, "字幕：开"))
	if got := r.cueText(); got != "" {
		t.Errorf("subtitles off, yet %q", got)
	}
	test.Tap(r.button(t, "字幕：关"))
	if got := r.cueText(); got == "" {
		t.Error("subtitles back on, yet none")
	}
	for _, label := range []string{"暂停", "返回", "字幕：开", "小声", "大声"} {
		if h := r.button(t, label).Size().Height; h < 64 {
			t.Errorf("%s is %v px high: too small for a finger", label, h)
		}
	}
	test.Tap(r.button(t, "暂停"))
	if !run.paused {
		t.Error("暂停 did not pause")
	}
	test.Tap(r.button(t, "继续"))
	if run.paused {
		t.Error("继续 did not resume")
	}
	test.Tap(r.button(t, "大声"))
	test.Tap(r.button(t, "大声"))
	test.Tap(r.button(t, "小声"))
	if run.volume != 1 {
		t.Errorf("volume steps %d, want 1", run.volume)
	}
	// Dragging the progress bar to its middle seeks to the middle.
	var bar *widget.Slider
	walk(r.w.Content(), func(o fyne.CanvasObject) bool {
		bar, _ = o.(*widget.Slider)
		return bar != nil
	})
	if bar == nil || bar.Size().Height < 64 {
		t.Fatalf("progress bar %v", bar)
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(bar)
	from := fyne.NewPos(pos.X+bar.Size().Width/2, pos.Y+bar.Size().Height/2)
	test.Drag(r.w.Canvas(), from, 0, 0)
	if len(run.seeks) != 1 || run.seeks[0] < 2500*time.Millisecond || run.seeks[0] > 3500*time.Millisecond {
		t.Errorf("seeks %v after a drag to the middle of a 6 s film", run.seeks)
	}
	// A film plays longer than the idle time: the shell waits for it.
	for range 5 {
		r.clock.Add(time.Minute)
		r.k.Tick()
	}
	r.expect(t, "film")
	run.end(ExhibitResult{})
	r.k.Tick()
	r.expect(t, "films")
	if r.k.Notice() != "" {
		t.Errorf("notice %q after the film's end", r.k.Notice())
	}
	r.clock.Add(91 * time.Second)
	r.k.Tick()
	r.expect(t, "attract")
}

// 返回 stops the film and shows the list; the ended run does not drag the
// visitor anywhere.
func TestFilmBack(t *testing.T) {
	r, _ := filmsRig(t, landscape)
	run := r.openFilm(t)
	run.show()
	test.Tap(r.button(t, "返回"))
	if run.stops == 0 {
		t.Fatal("返回 did not stop the film")
	}
	r.expect(t, "films")
	run.end(ExhibitResult{})
	r.k.Tick()
	r.expect(t, "films")
}

// A film left paused for the idle time means the visitor has gone: it is
// stopped and the attract loop comes, as after an exhibit that timed out.
func TestFilmPausedAndLeft(t *testing.T) {
	r, _ := filmsRig(t, landscape)
	run := r.openFilm(t)
	run.show()
	test.Tap(r.button(t, "暂停"))
	r.clock.Add(89 * time.Second)
	r.k.Tick()
	if run.stops != 0 {
		t.Fatal("stopped before the idle time")
	}
	r.clock.Add(2 * time.Second)
	r.k.Tick()
	if run.stops == 0 {
		t.Fatal("a paused film nobody touches is never ended")
	}
	run.end(ExhibitResult{})
	r.k.Tick()
	r.expect(t, "attract")
}

// A player that fails (no mpv, a crash) is said and survived.
func TestFilmFailures(t *testing.T) {
	r, cinema := filmsRig(t, landscape)
	cinema.fail = errors.New("mpv not found")
	test.Tap(r.cardWith(t, TileFilms))
	test.Tap(r.cardWith(t, "清风萧山"))
	r.expect(t, "films")
	if n := r.k.Notice(); !strings.Contains(n, "暂时放不了") {
		t.Errorf("notice %q", n)
	}
	cinema.fail = nil
	run := r.openFilm(t)
	run.end(ExhibitResult{Err: errors.New("mpv crashed")})
	r.k.Tick()
	r.expect(t, "films")
	if n := r.k.Notice(); !strings.Contains(n, "视频“清风萧山（示例视频）”出了点问题") {
		t.Errorf("notice %q", n)
	}
}

// Without a player Home has no film tile, and the other four stay as
// they were.
func TestNoFilmTileWithoutPlayer(t *testing.T) {
	r := newRig(t, landscape)
	if r.showing(TileFilms) {
		t.Error("film tile without a player")
	}
	r2, _ := filmsRig(t, landscape)
	if !r2.showing(TileFilms) {
		t.Error("no film tile with a player")
	}
}

func TestGoldenFilmScreens(t *testing.T) {
	inBothOrientations(t, func(t *testing.T, size fyne.Size, golden func(*testing.T, fyne.Window, string)) {
		r, _ := filmsRig(t, size)
		golden(t, r.w, "home_films")
		test.Tap(r.cardWith(t, TileFilms))
		golden(t, r.w, "films")
		run := r.openFilm(t)
		run.show()
		run.at = 3 * time.Second
		r.k.Tick()
		golden(t, r.w, "film")
	})
}
