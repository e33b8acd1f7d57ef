package kiosk

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// fakeShelf lists three exhibits and starts fake runs the test ends.
type fakeShelf struct {
	list     []Exhibit
	started  []string
	runs     []*fakeRun
	fail     error
	prepared bool // what Prepare was last told
}

func (f *fakeShelf) Prepare(on bool) { f.prepared = on }

func (f *fakeShelf) Exhibits(context.Context, time.Time) ([]Exhibit, error) { return f.list, nil }

func (f *fakeShelf) StartExhibit(name string) (ExhibitRun, error) {
	if f.fail != nil {
		return nil, f.fail
	}
	f.started = append(f.started, name)
	r := &fakeRun{ready: make(chan struct{}), done: make(chan struct{})}
	f.runs = append(f.runs, r)
	return r, nil
}

type fakeRun struct {
	ready, done chan struct{}
	res         ExhibitResult
	stops       int
}

func (r *fakeRun) Ready() <-chan struct{} { return r.ready }
func (r *fakeRun) Done() <-chan struct{}  { return r.done }
func (r *fakeRun) Result() ExhibitResult  { <-r.done; return r.res }
func (r *fakeRun) Stop()                  { r.stops++ }
func (r *fakeRun) show()                  { close(r.ready) }
func (r *fakeRun) end(res ExhibitResult)  { r.res = res; close(r.done) }

func exhibitsRig(tb testing.TB, size fyne.Size) (*rig, *fakeShelf) {
	tb.Helper()
	shelf := &fakeShelf{}
	r := newRig(tb, size, func(_ *Config, s *Sources) { s.Exhibits = shelf })
	shelf.list = []Exhibit{
		{Name: "quiz/demo/q", Kind: "quiz", Title: "清廉萧山知识问答", Detail: "10 道题"},
		{Name: "teas/demo/t", Kind: "teas", Title: "清厢茶馆·七味茶", Detail: "7 杯茶"},
		{Name: "jigsaw/demo/p", Kind: "jigsaw", Title: "清廉剪纸·梅花折扇", Preview: r.lib.file("media/papercut-fans.png")},
	}
	return r, shelf
}

// openExhibit goes from Home to the list and taps the exhibit titled title.
func (r *rig) openExhibit(tb testing.TB, title string) {
	tb.Helper()
	test.Tap(r.cardWith(tb, TileExhibits))
	r.expect(tb, "exhibits")
	test.Tap(r.cardWith(tb, title))
}

func TestExhibitPlaysAndComesBack(t *testing.T) {
	r, shelf := exhibitsRig(t, landscape)
	r.openExhibit(t, "七味茶")
	r.expect(t, "exhibit")
	if len(shelf.started) != 1 || shelf.started[0] != "teas/demo/t" {
		t.Fatalf("started %v", shelf.started)
	}
	if !r.showing("正在打开展项") {
		t.Error("no word that the exhibit is coming up")
	}
	run := shelf.runs[0]
	run.show()
	r.k.Tick()
	if !r.showing("展项进行中") {
		t.Error("the shell does not say the exhibit is on")
	}
	// A second tap while one is on starts nothing.
	r.k.startExhibit(shelf.list[0])
	if len(shelf.started) != 1 {
		t.Fatalf("two exhibits at once: %v", shelf.started)
	}
	// The visitor is at the exhibit for longer than the shell's idle
	// time: the shell must not fall into its attract loop under it.
	for range 5 {
		r.clock.Add(time.Minute)
		r.k.Tick()
	}
	r.expect(t, "exhibit")
	run.end(ExhibitResult{})
	r.k.Tick()
	r.expect(t, "exhibits")
	if r.k.Notice() != "" {
		t.Errorf("notice %q after a clean end", r.k.Notice())
	}
	// And the shell's own idle timer runs again from the exhibit's end.
	r.clock.Add(89 * time.Second)
	r.k.Tick()
	r.expect(t, "exhibits")
	r.clock.Add(2 * time.Second)
	r.k.Tick()
	r.expect(t, "attract")
}

func TestExhibitTimedOutGoesToAttract(t *testing.T) {
	r, shelf := exhibitsRig(t, landscape)
	r.openExhibit(t, "知识问答")
	shelf.runs[0].show()
	shelf.runs[0].end(ExhibitResult{TimedOut: true})
	r.k.Tick()
	r.expect(t, "attract")
	// The next visitor starts at Home, not in the middle of the list.
	r.k.endAttract()
	r.expect(t, "home")
}

func TestExhibitCrashIsSaidAndSurvived(t *testing.T) {
	r, shelf := exhibitsRig(t, landscape)
	r.openExhibit(t, "剪纸")
	shelf.runs[0].end(ExhibitResult{Err: errors.New("exhibit crashed: exit status 2: panic: boom")})
	r.k.Tick()
	r.expect(t, "exhibits")
	if n := r.k.Notice(); n == "" || !strings.Contains(n, "出了点问题") {
		t.Errorf("notice %q, want one saying the exhibit failed", n)
	}
	// The shell still works: another exhibit starts.
	test.Tap(r.cardWith(t, "七味茶"))
	r.expect(t, "exhibit")
	if len(shelf.started) != 2 {
		t.Fatalf("started %v", shelf.started)
	}
}

func TestExhibitThatCannotStart(t *testing.T) {
	r, shelf := exhibitsRig(t, landscape)
	shelf.fail = errors.New("the exhibits program is not installed")
	r.openExhibit(t, "七味茶")
	r.expect(t, "exhibits")
	if n := r.k.Notice(); !strings.Contains(n, "暂时打不开") {
		t.Errorf("notice %q", n)
	}
}

func TestLeavingTheExhibitScreenStopsIt(t *testing.T) {
	r, shelf := exhibitsRig(t, landscape)
	r.openExhibit(t, "七味茶")
	run := shelf.runs[0]
	run.show()
	test.Tap(r.button(t, "结束展项"))
	if run.stops != 1 {
		t.Fatalf("结束展项: %d stops", run.stops)
	}
	test.Tap(r.button(t, "首页"))
	if run.stops < 2 {
		t.Fatal("leaving for Home did not stop the exhibit")
	}
	run.end(ExhibitResult{})
	r.k.Tick()
	r.expect(t, "home") // the ended exhibit does not drag the visitor back
}

func TestNoExhibitsInstalled(t *testing.T) {
	r, shelf := exhibitsRig(t, landscape)
	shelf.list = nil
	test.Tap(r.cardWith(t, TileExhibits))
	if !r.showing("暂时还没有互动展项") {
		t.Error("an empty list says nothing")
	}
	if shelf.prepared {
		t.Error("nothing to play, yet the launcher was asked to get ready")
	}
	// Without the exhibits program at all, the tile says they are coming.
	r2 := newRig(t, landscape)
	test.Tap(r2.cardWith(t, TileExhibits))
	if !r2.showing("正在准备中") {
		t.Error("no launcher: no word")
	}
}

func TestGoldenExhibitScreens(t *testing.T) {
	inBothOrientations(t, func(t *testing.T, size fyne.Size, golden func(*testing.T, fyne.Window, string)) {
		r, shelf := exhibitsRig(t, size)
		test.Tap(r.cardWith(t, TileExhibits))
		golden(t, r.w, "exhibits")
		test.Tap(r.cardWith(t, "七味茶"))
		shelf.runs[0].show()
		r.k.Tick()
		golden(t, r.w, "exhibit")
	})
}

// The launcher hears when the list is on screen (so it can get an exhibit
// ready) and when the visitor has gone elsewhere (so it can let go).
func TestExhibitListPreparesTheLauncher(t *testing.T) {
	r, shelf := exhibitsRig(t, landscape)
	test.Tap(r.cardWith(t, TileExhibits))
	if !shelf.prepared {
		t.Fatal("the list is shown but the launcher was not told")
	}
	test.Tap(r.cardWith(t, "七味茶"))
	if !shelf.prepared {
		t.Fatal("starting an exhibit is not leaving the exhibits")
	}
	shelf.runs[0].end(ExhibitResult{})
	r.k.Tick()
	r.expect(t, "exhibits")
	test.Tap(r.button(t, "首页"))
	if shelf.prepared {
		t.Fatal("Home is shown but the launcher still prepares")
	}
	test.Tap(r.cardWith(t, TileExhibits))
	r.clock.Add(2 * time.Minute)
	r.k.Tick()
	r.expect(t, "attract")
	if shelf.prepared {
		t.Fatal("the attract loop is on but the launcher still prepares")
	}
}
