package jigsaw_test

import (
	"errors"
	"fmt"
	"image"
	"math"
	"strings"
	"testing"
	"time"

	"qingfeng/exhibits/jigsaw"
	"qingfeng/exhibits/play"
	"qingfeng/exhibits/play/playtest"
)

var canvases = []play.Size{play.Landscape, play.Portrait}

func start(tb testing.TB, opt jigsaw.Options) (*jigsaw.Exhibit, *playtest.Driver) {
	tb.Helper()
	if opt.Image == (image.Point{}) {
		opt.Image = image.Pt(1600, 1200)
	}
	x, err := jigsaw.New(opt)
	if err != nil {
		tb.Fatal(err)
	}
	return x, playtest.New(tb, x)
}

func pieceOf(tb testing.TB, v jigsaw.View, i int) jigsaw.Piece {
	tb.Helper()
	for _, p := range v.Pieces {
		if p.Index == i {
			return p
		}
	}
	tb.Fatalf("no piece %d", i)
	return jigsaw.Piece{}
}

// grabPoint finds a point on piece i that no piece painted above it covers,
// where a visitor's finger would pick it up.
func grabPoint(tb testing.TB, v jigsaw.View, i int) play.Point {
	tb.Helper()
	k := -1
	for j, p := range v.Pieces {
		if p.Index == i {
			k = j
		}
	}
	if k < 0 {
		tb.Fatalf("no piece %d", i)
	}
	r := v.Pieces[k].Rect
	spots := []float64{0.5, 0.35, 0.65, 0.2, 0.8, 0.08, 0.92}
	for _, fy := range spots {
		for _, fx := range spots {
			p := play.Point{X: r.X + r.W*fx, Y: r.Y + r.H*fy}
			covered := false
			for _, above := range v.Pieces[k+1:] {
				covered = covered || above.Rect.Contains(p)
			}
			if !covered {
				return p
			}
		}
	}
	tb.Fatalf("piece %d is buried under others", i)
	return play.Point{}
}

// near compares rectangles reached by sums of floats.
func near(a, b play.Rect) bool {
	return math.Abs(a.X-b.X) < 1e-6 && math.Abs(a.Y-b.Y) < 1e-6 && math.Abs(a.W-b.W) < 1e-6 && math.Abs(a.H-b.H) < 1e-6
}

// moveTo drags piece i with pointer id so that its top-left ends at to.
func moveTo(tb testing.TB, x *jigsaw.Exhibit, d *playtest.Driver, id, i int, to play.Point) {
	tb.Helper()
	v := x.View()
	from := grabPoint(tb, v, i)
	d.Drag(id, from, from.Add(to.Sub(pieceOf(tb, v, i).Rect.Min())))
}

func TestSnap(t *testing.T) {
	tests := []struct {
		name   string
		offset play.Point
		snaps  bool
	}{
		{"exactly home", play.Point{}, true},
		{"30 right", play.Point{X: 30}, true},
		{"28 right and down (39.6)", play.Point{X: 28, Y: 28}, true},
		{"39.5 left, by the limit", play.Point{X: -39.5}, true},
		{"39.5 up, by the limit", play.Point{Y: -39.5}, true},
		{"40.5 right, past the limit", play.Point{X: 40.5}, false},
		{"30 right and down (42.4)", play.Point{X: 30, Y: 30}, false},
		{"far away", play.Point{X: -150, Y: 90}, false},
	}
	const middle = 1*4 + 1 // row 1, column 1: room to miss on every side
	for _, canvas := range canvases {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%gx%g/%s", canvas.W, canvas.H, tt.name), func(t *testing.T) {
				x, d := start(t, jigsaw.Options{Canvas: canvas, Seed: 1})
				home := pieceOf(t, x.View(), middle).Home
				moveTo(t, x, d, 1, middle, home.Min().Add(tt.offset))
				v := x.View()
				p := pieceOf(t, v, middle)
				if tt.snaps {
					if p.State != jigsaw.Placed || p.Rect != home || v.Placed != 1 || v.Count.Str != "已拼好 1/12" {
						t.Fatalf("piece %v at %v (home %v), placed %d", p.State, p.Rect, home, v.Placed)
					}
					if p.Anim != 0 || v.Hint.Str != "放对了！" {
						t.Errorf("snap animation %v, hint %q", p.Anim, v.Hint.Str)
					}
					d.Wait(jigsaw.DefaultSnapFor)
					if got := pieceOf(t, x.View(), middle).Anim; got != 1 {
						t.Errorf("snap animation after it ran = %v", got)
					}
					return
				}
				want := home.At(home.Min().Add(tt.offset))
				if p.State != jigsaw.Loose || !near(p.Rect, want) || v.Placed != 0 {
					t.Fatalf("piece %v at %v, want loose at %v", p.State, p.Rect, want)
				}
			})
		}
	}
}

func TestPlacedIsLocked(t *testing.T) {
	x, d := start(t, jigsaw.Options{Seed: 2})
	const i = 6
	home := pieceOf(t, x.View(), i).Home
	moveTo(t, x, d, 1, i, home.Min())
	d.Drag(2, home.Center(), home.Center().Add(play.Point{X: 400, Y: 300}))
	v := x.View()
	if p := pieceOf(t, v, i); p.State != jigsaw.Placed || p.Rect != home {
		t.Fatalf("a placed piece moved: %v at %v", p.State, p.Rect)
	}
	if v.Pieces[0].Index != i {
		t.Errorf("a placed piece should be painted under the loose ones")
	}
}

func TestTwoFingersTwoPieces(t *testing.T) {
	for _, canvas := range canvases {
		t.Run(fmt.Sprintf("%gx%g", canvas.W, canvas.H), func(t *testing.T) {
			x, d := start(t, jigsaw.Options{Canvas: canvas, Seed: 3})
			v := x.View()
			const a, b = 5, 10
			pa, pb := grabPoint(t, v, a), grabPoint(t, v, b)
			// Aim each a little off home, inside the snap distance.
			toA := pa.Add(pieceOf(t, v, a).Home.Min().Sub(pieceOf(t, v, a).Rect.Min())).Add(play.Point{X: 12, Y: -9})
			toB := pb.Add(pieceOf(t, v, b).Home.Min().Sub(pieceOf(t, v, b).Rect.Min())).Add(play.Point{X: -20, Y: 15})
			d.Send(playtest.Press(1, pa))
			d.Send(playtest.Press(2, pb))
			d.Send(playtest.Press(3, pa)) // a third finger on a held piece takes nothing
			for i := 1; i <= 5; i++ {
				f := float64(i) / 5
				d.Send(
					playtest.Move(2, play.Point{X: pb.X + (toB.X-pb.X)*f, Y: pb.Y + (toB.Y-pb.Y)*f}),
					playtest.Move(1, play.Point{X: pa.X + (toA.X-pa.X)*f, Y: pa.Y + (toA.Y-pa.Y)*f}),
					playtest.Move(3, pa.Add(play.Point{X: 0, Y: 200 * f})),
				)
				if i == 3 {
					v := x.View()
					if pieceOf(t, v, a).State != jigsaw.Held || pieceOf(t, v, b).State != jigsaw.Held {
						t.Fatal("both pieces should be held at once")
					}
				}
			}
			d.Send(playtest.Release(3, pa), playtest.Release(1, toA))
			d.Send(playtest.Release(2, toB))
			v = x.View()
			for _, i := range []int{a, b} {
				if p := pieceOf(t, v, i); p.State != jigsaw.Placed || p.Rect != p.Home {
					t.Fatalf("piece %d: %v at %v, want placed at %v", i, p.State, p.Rect, p.Home)
				}
			}
			if v.Placed != 2 {
				t.Fatalf("placed %d, want 2", v.Placed)
			}
		})
	}
}

func TestCancelDoesNotPlace(t *testing.T) {
	x, d := start(t, jigsaw.Options{Seed: 4})
	const i = 5
	v := x.View()
	from := grabPoint(t, v, i)
	to := from.Add(pieceOf(t, v, i).Home.Min().Sub(pieceOf(t, v, i).Rect.Min()))
	d.Send(playtest.Press(1, from))
	d.Send(playtest.Move(1, to))
	d.Send(playtest.Cancel(1, to))
	if p := pieceOf(t, x.View(), i); p.State != jigsaw.Loose || !near(p.Rect, p.Home) {
		t.Fatalf("cancelled piece: %v at %v, want loose where it was left", p.State, p.Rect)
	}
}

func TestDragStaysOnScreen(t *testing.T) {
	for _, canvas := range canvases {
		for _, to := range []play.Point{{X: -5000, Y: -5000}, {X: 9000, Y: 9000}, {X: canvas.W - 10, Y: 10}} {
			t.Run(fmt.Sprintf("%gx%g/%v", canvas.W, canvas.H, to), func(t *testing.T) {
				x, d := start(t, jigsaw.Options{Canvas: canvas, Seed: 5})
				d.Drag(1, grabPoint(t, x.View(), 0), to)
				p := pieceOf(t, x.View(), 0)
				f := play.NewFrame(canvas)
				if !p.Rect.Inside(f.Body) || p.Rect.Overlaps(f.Exit) {
					t.Fatalf("piece dragged to %v is at %v, outside the play area %v", to, p.Rect, f.Body)
				}
			})
		}
	}
}

func TestCompletion(t *testing.T) {
	for _, canvas := range canvases {
		t.Run(fmt.Sprintf("%gx%g", canvas.W, canvas.H), func(t *testing.T) {
			x, d := start(t, jigsaw.Options{Canvas: canvas, Seed: 6})
			total := x.View().Total
			d.Wait(time.Minute)
			for i := range total {
				if x.View().Finished {
					t.Fatalf("finished with %d of %d placed", i, total)
				}
				moveTo(t, x, d, 1, i, pieceOf(t, x.View(), i).Home.Min())
			}
			finished := d.Now
			v := x.View()
			if !v.Finished || v.Placed != total || v.Count.Str != fmt.Sprintf("已拼好 %d/%d", total, total) {
				t.Fatalf("finished %v, placed %d, count %q", v.Finished, v.Placed, v.Count.Str)
			}
			if !strings.HasPrefix(v.Finale.Str, "拼好了！用时 1 分 ") {
				t.Errorf("finale %q", v.Finale.Str)
			}
			for _, tt := range []struct {
				after time.Duration
				want  float64
			}{{0, 0}, {750 * time.Millisecond, 0.5}, {1500 * time.Millisecond, 1}, {3 * time.Second, 1}} {
				d.Wait(finished.Add(tt.after).Sub(d.Now))
				if got := x.View().FinishAnim; got != tt.want {
					t.Errorf("finish animation %v after the last piece = %v, want %v", tt.after, got, tt.want)
				}
			}
			d.Wait(finished.Add(play.DefaultEndHold - time.Millisecond).Sub(d.Now))
			if x.Done() {
				t.Fatal("closed before the finished picture had its 20 s")
			}
			d.Wait(time.Millisecond)
			if x.Outcome() != play.Completed {
				t.Fatalf("outcome %v, want completed", x.Outcome())
			}
		})
	}
}

func TestScatter(t *testing.T) {
	for _, canvas := range canvases {
		for _, seed := range []uint64{0, 1, 42} {
			t.Run(fmt.Sprintf("%gx%g/seed %d", canvas.W, canvas.H, seed), func(t *testing.T) {
				a, _ := start(t, jigsaw.Options{Canvas: canvas, Seed: seed})
				b, _ := start(t, jigsaw.Options{Canvas: canvas, Seed: seed})
				c, _ := start(t, jigsaw.Options{Canvas: canvas, Seed: seed + 1000})
				va, vb, vc := a.View(), b.View(), c.View()
				same, differ := true, false
				for i := range va.Pieces {
					same = same && va.Pieces[i] == vb.Pieces[i]
					differ = differ || va.Pieces[i].Rect != pieceOf(t, vc, va.Pieces[i].Index).Rect
				}
				if !same {
					t.Error("the same seed scattered the pieces differently")
				}
				if !differ {
					t.Error("another seed gave the very same tray")
				}
				for _, p := range va.Pieces {
					if p.State != jigsaw.Loose || !p.Rect.Inside(va.Tray) || p.Rect.Min().Dist(p.Home.Min()) <= jigsaw.DefaultSnap {
						t.Errorf("piece %d starts %v at %v (tray %v, home %v)", p.Index, p.State, p.Rect, va.Tray, p.Home)
					}
					grabPoint(t, va, p.Index) // every piece can be picked up
				}
				if va.Board.Overlaps(va.Tray) {
					t.Errorf("board %v overlaps tray %v", va.Board, va.Tray)
				}
			})
		}
	}
}

func TestCut(t *testing.T) {
	tests := []struct {
		img                image.Point
		rows, cols         int
		wantRows, wantCols int
	}{
		{image.Pt(1600, 1200), 0, 0, 3, 4},
		{image.Pt(900, 1600), 0, 0, 4, 3},
		{image.Pt(1001, 751), 3, 4, 3, 4},
		{image.Pt(1001, 751), 5, 7, 5, 7},
		{image.Pt(640, 480), 2, 1, 2, 1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v %dx%d", tt.img, tt.rows, tt.cols), func(t *testing.T) {
			x, _ := start(t, jigsaw.Options{Image: tt.img, Rows: tt.rows, Cols: tt.cols})
			v := x.View()
			if v.Total != tt.wantRows*tt.wantCols {
				t.Fatalf("%d pieces, want %d×%d", v.Total, tt.wantRows, tt.wantCols)
			}
			area := 0
			bounds := image.Rectangle{}
			for _, p := range v.Pieces {
				area += p.Src.Dx() * p.Src.Dy()
				bounds = bounds.Union(p.Src)
				if p.Row != p.Index/tt.wantCols || p.Col != p.Index%tt.wantCols {
					t.Errorf("piece %d is row %d col %d", p.Index, p.Row, p.Col)
				}
				if got := p.Home.Size(); got != (play.Size{W: float64(p.Src.Dx()) * v.Scale, H: float64(p.Src.Dy()) * v.Scale}) || p.Rect.Size() != got {
					t.Errorf("piece %d: home %v, on screen %v, for %v at scale %v", p.Index, got, p.Rect.Size(), p.Src, v.Scale)
				}
				if !p.Home.Inside(v.Board) {
					t.Errorf("piece %d's home %v is off the board %v", p.Index, p.Home, v.Board)
				}
				for _, q := range v.Pieces {
					if q.Index != p.Index && q.Src.Overlaps(p.Src) {
						t.Errorf("pieces %d and %d overlap", p.Index, q.Index)
					}
				}
			}
			if area != tt.img.X*tt.img.Y || bounds != (image.Rectangle{Max: tt.img}) {
				t.Errorf("pieces cover %d px within %v, want the whole %v", area, bounds, tt.img)
			}
		})
	}
}

func TestNewRefuses(t *testing.T) {
	tests := []struct {
		name string
		opt  jigsaw.Options
	}{
		{"no picture", jigsaw.Options{}},
		{"negative size", jigsaw.Options{Image: image.Pt(-1, 100)}},
		{"rows without cols", jigsaw.Options{Image: image.Pt(100, 100), Rows: 3}},
		{"too many rows", jigsaw.Options{Image: image.Pt(1000, 1000), Rows: jigsaw.MaxSide + 1, Cols: 2}},
		{"one piece", jigsaw.Options{Image: image.Pt(100, 100), Rows: 1, Cols: 1}},
		{"pieces under a pixel", jigsaw.Options{Image: image.Pt(3, 3), Rows: 4, Cols: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := jigsaw.New(tt.opt); !errors.Is(err, jigsaw.ErrShape) {
				t.Fatalf("New = %v, want ErrShape", err)
			}
		})
	}
}

func TestTook(t *testing.T) {
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{{0, "用时 0 秒"}, {45*time.Second + 400*time.Millisecond, "用时 45 秒"}, {59600 * time.Millisecond, "用时 1 分 00 秒"}, {125 * time.Second, "用时 2 分 05 秒"}} {
		if got := jigsaw.Took(tt.d); got != tt.want {
			t.Errorf("Took(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestSession(t *testing.T) {
	playtest.RunSessionTests(t, func(tb testing.TB, canvas play.Size, timing play.Timing) playtest.Exhibit {
		x, err := jigsaw.New(jigsaw.Options{Canvas: canvas, Timing: timing, Image: image.Pt(1200, 900), Seed: 8})
		if err != nil {
			tb.Fatal(err)
		}
		return x
	})
}
