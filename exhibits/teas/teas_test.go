package teas_test

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"qingfeng/exhibits/play"
	"qingfeng/exhibits/play/playtest"
	"qingfeng/exhibits/teas"
)

var canvases = []play.Size{play.Landscape, play.Portrait}

func start(tb testing.TB, canvas play.Size) (*teas.Exhibit, *playtest.Driver) {
	tb.Helper()
	x, err := teas.New(teas.DemoTeaPairs(), teas.Options{Canvas: canvas, Seed: 7, Footnote: teas.DemoFootnote})
	if err != nil {
		tb.Fatal(err)
	}
	return x, playtest.New(tb, x)
}

func cupOf(tb testing.TB, v teas.View, i int) teas.Cup {
	tb.Helper()
	for _, c := range v.Cups {
		if c.Index == i {
			return c
		}
	}
	tb.Fatalf("no cup %d", i)
	return teas.Cup{}
}

func cardOf(tb testing.TB, v teas.View, pair int) teas.Card {
	tb.Helper()
	for _, c := range v.Cards {
		if c.Index == pair {
			return c
		}
	}
	tb.Fatalf("no card for pair %d", pair)
	return teas.Card{}
}

// carry drags cup i with pointer id so that its centre ends on to.
func carry(tb testing.TB, x *teas.Exhibit, d *playtest.Driver, id, i int, to play.Point) {
	tb.Helper()
	d.Drag(id, cupOf(tb, x.View(), i).Rect.Center(), to)
}

func TestDrops(t *testing.T) {
	tests := []struct {
		name      string
		target    func(tb testing.TB, v teas.View) play.Point
		wantState teas.CupState
		wantWrong bool
		wantFlash teas.Flash // on the card under the drop, if any
		wantHint  string
	}{
		{"on its own card", func(tb testing.TB, v teas.View) play.Point { return cardOf(tb, v, 0).Rect.Center() },
			teas.Seated, false, teas.RightFlash, "对上了！金银花茶"},
		{"on a wrong card", func(tb testing.TB, v teas.View) play.Point { return cardOf(tb, v, 3).Saying.Rect.Center() },
			teas.Returning, true, teas.WrongFlash, "再想想：金银花茶配的不是这一句"},
		{"on no card", func(tb testing.TB, v teas.View) play.Point { return cupOf(tb, v, 4).Rect.Center() },
			teas.Returning, true, teas.NoFlash, "要把茶杯放到一张茶语卡片上"},
		{"nudged and let go at home", func(tb testing.TB, v teas.View) play.Point {
			return cupOf(tb, v, 0).Rect.Center().Add(play.Point{X: 10, Y: 10})
		}, teas.Waiting, false, teas.NoFlash, "按住茶杯不放，拖到茶语卡片上再松手"},
	}
	for _, canvas := range canvases {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%gx%g/%s", canvas.W, canvas.H, tt.name), func(t *testing.T) {
				x, d := start(t, canvas)
				home := cupOf(t, x.View(), 0).Rect
				to := tt.target(t, x.View())
				carry(t, x, d, 1, 0, to)
				v := x.View()
				c := cupOf(t, v, 0)
				if c.State != tt.wantState || c.Wrong != tt.wantWrong {
					t.Fatalf("cup after the drop: %v wrong=%v, want %v wrong=%v", c.State, c.Wrong, tt.wantState, tt.wantWrong)
				}
				if v.Hint.Str != tt.wantHint {
					t.Errorf("hint %q, want %q", v.Hint.Str, tt.wantHint)
				}
				for _, k := range v.Cards {
					if k.Rect.Contains(to) && k.Flash != tt.wantFlash {
						t.Errorf("card %d flashes %v, want %v", k.Index, k.Flash, tt.wantFlash)
					}
				}
				switch tt.wantState {
				case teas.Seated:
					k := cardOf(t, v, 0)
					if !k.Matched || c.Rect != home.At(k.Seat.Min()) || c.Rect.Size() != k.Seat.Size() {
						t.Fatalf("seated cup at %v, card seat %v, matched %v", c.Rect, k.Seat, k.Matched)
					}
					if v.Matched != 1 || v.Count.Str != "已配好 1/7" {
						t.Errorf("matched %d, count %q", v.Matched, v.Count.Str)
					}
				case teas.Returning:
					if c.Rect == home {
						t.Error("a returning cup jumped straight home")
					}
					d.Wait(teas.DefaultReturnFor)
					c = cupOf(t, x.View(), 0)
					if c.State != teas.Waiting || c.Rect != home || c.Wrong {
						t.Fatalf("after the return: %v at %v, want waiting at %v", c.State, c.Rect, home)
					}
					for _, k := range x.View().Cards {
						if k.Matched || k.Flash != teas.NoFlash {
							t.Fatalf("card %d still matched %v or flashing %v", k.Index, k.Matched, k.Flash)
						}
					}
				case teas.Waiting:
					if c.Rect != home {
						t.Fatalf("put-back cup at %v, want %v", c.Rect, home)
					}
				}
			})
		}
	}
}

func TestSeatedIsLocked(t *testing.T) {
	tests := []struct {
		name string
		act  func(tb testing.TB, x *teas.Exhibit, d *playtest.Driver)
	}{
		{"drag the seated cup away", func(tb testing.TB, x *teas.Exhibit, d *playtest.Driver) {
			carry(tb, x, d, 2, 0, x.View().Footnote.Rect.Center())
		}},
		{"drop another cup on the taken card", func(tb testing.TB, x *teas.Exhibit, d *playtest.Driver) {
			carry(tb, x, d, 2, 1, cardOf(tb, x.View(), 0).Saying.Rect.Center())
			if got := x.View().Hint.Str; got != "这句茶语已经配好了，换一张试试" {
				tb.Errorf("hint %q", got)
			}
			if c := cupOf(tb, x.View(), 1); c.State != teas.Returning || !c.Wrong {
				tb.Errorf("the intruding cup is %v wrong=%v, want returning, wrong", c.State, c.Wrong)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, d := start(t, play.Landscape)
			carry(t, x, d, 1, 0, cardOf(t, x.View(), 0).Rect.Center())
			seated := cupOf(t, x.View(), 0)
			tt.act(t, x, d)
			d.Wait(time.Second)
			v := x.View()
			if c := cupOf(t, v, 0); c.State != teas.Seated || c.Rect != seated.Rect {
				t.Fatalf("the seated cup moved: %v at %v, was at %v", c.State, c.Rect, seated.Rect)
			}
			if v.Matched != 1 || !cardOf(t, v, 0).Matched {
				t.Fatalf("matched %d", v.Matched)
			}
		})
	}
}

func TestCancelPutsBackQuietly(t *testing.T) {
	x, d := start(t, play.Landscape)
	from := cupOf(t, x.View(), 2).Rect.Center()
	d.Send(playtest.Press(4, from))
	d.Send(playtest.Move(4, from.Add(play.Point{X: 300, Y: 400})))
	d.Send(playtest.Cancel(4, from.Add(play.Point{X: 300, Y: 400})))
	if c := cupOf(t, x.View(), 2); c.State != teas.Returning || c.Wrong {
		t.Fatalf("cancelled cup: %v wrong=%v, want returning quietly", c.State, c.Wrong)
	}
}

func TestGrabReturningCup(t *testing.T) {
	x, d := start(t, play.Landscape)
	carry(t, x, d, 1, 0, cardOf(t, x.View(), 1).Rect.Center())
	d.Wait(teas.DefaultReturnFor / 2)
	carry(t, x, d, 1, 0, cardOf(t, x.View(), 0).Rect.Center())
	if c := cupOf(t, x.View(), 0); c.State != teas.Seated {
		t.Fatalf("a cup caught on its way home and dropped on its card is %v", c.State)
	}
}

func TestTwoFingersTwoCups(t *testing.T) {
	for _, canvas := range canvases {
		t.Run(fmt.Sprintf("%gx%g", canvas.W, canvas.H), func(t *testing.T) {
			x, d := start(t, canvas)
			v := x.View()
			a0, a1 := cupOf(t, v, 0).Rect.Center(), cardOf(t, v, 0).Rect.Center()
			b0, b1 := cupOf(t, v, 1).Rect.Center(), cardOf(t, v, 1).Rect.Center()
			d.Send(playtest.Press(10, a0), playtest.Press(11, b0))
			// A third finger on a cup already held takes nothing.
			d.Send(playtest.Press(12, b0))
			for i := 1; i <= 4; i++ {
				f := float64(i) / 4
				d.Send(
					playtest.Move(10, play.Point{X: a0.X + (a1.X-a0.X)*f, Y: a0.Y + (a1.Y-a0.Y)*f}),
					playtest.Move(11, play.Point{X: b0.X + (b1.X-b0.X)*f, Y: b0.Y + (b1.Y-b0.Y)*f}),
					playtest.Move(12, b0.Add(play.Point{X: -500 * f, Y: 0})),
				)
				if i == 2 {
					v := x.View()
					if cupOf(t, v, 0).State != teas.Held || cupOf(t, v, 1).State != teas.Held {
						t.Fatal("both cups should be held at once")
					}
				}
			}
			d.Send(playtest.Release(11, b1), playtest.Release(12, b0), playtest.Release(10, a1))
			v = x.View()
			for i := range 2 {
				if c := cupOf(t, v, i); c.State != teas.Seated {
					t.Fatalf("cup %d is %v, want seated", i, c.State)
				}
			}
		})
	}
}

func TestCompletion(t *testing.T) {
	for _, canvas := range canvases {
		t.Run(fmt.Sprintf("%gx%g", canvas.W, canvas.H), func(t *testing.T) {
			x, d := start(t, canvas)
			n := len(teas.DemoTeaPairs())
			for i := range n {
				if x.View().Finished {
					t.Fatalf("finished with %d of %d matched", i, n)
				}
				carry(t, x, d, 1, i, cardOf(t, x.View(), i).Rect.Center())
			}
			finished := d.Now
			v := x.View()
			if !v.Finished || v.Matched != n || v.Count.Str != "已配好 7/7" || v.Finale.Str != "七味茶全部配好了！茶香清，心更清。" {
				t.Fatalf("finished %v, matched %d, count %q, finale %q", v.Finished, v.Matched, v.Count.Str, v.Finale.Str)
			}
			if v.FinishAnim != 0 {
				t.Errorf("finish animation starts at %v", v.FinishAnim)
			}
			d.Wait(teas.DefaultFinishFor / 2)
			if got := x.View().FinishAnim; got != 0.5 {
				t.Errorf("finish animation half way = %v", got)
			}
			d.Wait(teas.DefaultFinishFor / 2)
			if got := x.View().FinishAnim; got != 1 {
				t.Errorf("finish animation at the end = %v", got)
			}
			d.Wait(finished.Add(play.DefaultEndHold - time.Millisecond).Sub(d.Now))
			if x.Done() {
				t.Fatal("closed before the end screen had its 20 s")
			}
			d.Wait(time.Millisecond)
			if x.Outcome() != play.Completed {
				t.Fatalf("outcome %v, want completed", x.Outcome())
			}
		})
	}
}

func TestShuffle(t *testing.T) {
	orders := map[string]bool{}
	for seed := range uint64(40) {
		for n := teas.MinPairs; n <= teas.MaxPairs; n++ {
			p := teas.Shuffle(n, seed)
			if !slices.Equal(p, teas.Shuffle(n, seed)) {
				t.Fatalf("seed %d, %d pairs: two shuffles differ", seed, n)
			}
			sorted := slices.Sorted(slices.Values(p))
			for i, v := range sorted {
				if v != i {
					t.Fatalf("seed %d: %v is not a permutation", seed, p)
				}
			}
			for i, v := range p {
				if i == v {
					t.Fatalf("seed %d: %v leaves saying %d across from its own cup", seed, p, i)
				}
			}
			if n == 7 {
				orders[fmt.Sprint(p)] = true
			}
		}
	}
	if len(orders) < 10 {
		t.Errorf("40 seeds gave only %d orders of seven cards", len(orders))
	}
	// The exhibit shows the cards in the shuffle's order.
	for _, seed := range []uint64{1, 2, 99} {
		x, err := teas.New(teas.DemoTeaPairs(), teas.Options{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		var shown []int
		for _, c := range x.View().Cards {
			shown = append(shown, c.Index)
		}
		if want := teas.Shuffle(7, seed); !slices.Equal(shown, want) {
			t.Errorf("seed %d: cards %v, want %v", seed, shown, want)
		}
	}
}

func TestLayoutFits(t *testing.T) {
	for _, canvas := range []play.Size{play.Landscape, play.Portrait, {W: 1280, H: 720}, {W: 800, H: 1280}} {
		for n := teas.MinPairs; n <= teas.MaxPairs; n++ {
			t.Run(fmt.Sprintf("%gx%g/%d", canvas.W, canvas.H, n), func(t *testing.T) {
				x, err := teas.New(teas.DemoTeaPairs()[:min(n, 7)], teas.Options{Canvas: canvas})
				if n == 8 {
					x, err = teas.New(append(teas.DemoTeaPairs(), teas.Pair{Tea: "白茶", Saying: "清清白白。"}), teas.Options{Canvas: canvas})
				}
				if err != nil {
					t.Fatal(err)
				}
				v := x.View()
				screen := play.Rect{W: canvas.W, H: canvas.H}
				var boxes []play.Rect
				for _, c := range v.Cups {
					boxes = append(boxes, c.Rect)
					if !c.Icon.Inside(c.Rect) || !c.Name.Rect.Inside(c.Rect) {
						t.Errorf("cup %d's picture or name leaves it", c.Index)
					}
				}
				for _, k := range v.Cards {
					boxes = append(boxes, k.Rect)
					if !k.Seat.Inside(k.Rect) || !k.Saying.Rect.Inside(k.Rect) || k.Seat.Overlaps(k.Saying.Rect) {
						t.Errorf("card %d: seat %v, saying %v, card %v", k.Index, k.Seat, k.Saying.Rect, k.Rect)
					}
					if k.Seat.Size() != v.Cups[0].Rect.Size() {
						t.Errorf("seat %v does not fit a cup %v", k.Seat.Size(), v.Cups[0].Rect.Size())
					}
				}
				boxes = append(boxes, v.Exit.Rect, v.Hint.Rect, v.Count.Rect)
				for i, a := range boxes {
					if a.Empty() || !a.Inside(screen) {
						t.Errorf("box %d %v empty or off screen", i, a)
					}
					for j, b := range boxes[:i] {
						if a.Overlaps(b) {
							t.Errorf("boxes %d %v and %d %v overlap", j, b, i, a)
						}
					}
				}
			})
		}
	}
}

func TestNewRefuses(t *testing.T) {
	demo := teas.DemoTeaPairs()
	tests := []struct {
		name  string
		pairs []teas.Pair
	}{
		{"none", nil},
		{"one", demo[:1]},
		{"too many", append(slices.Clone(demo), teas.Pair{"白茶", "一"}, teas.Pair{"红茶", "二"})},
		{"blank tea", []teas.Pair{demo[0], {Tea: "", Saying: "一句"}}},
		{"blank saying", []teas.Pair{demo[0], {Tea: "白茶"}}},
		{"repeated tea", []teas.Pair{demo[0], {Tea: demo[0].Tea, Saying: "另一句"}}},
		{"repeated saying", []teas.Pair{demo[0], {Tea: "白茶", Saying: demo[0].Saying}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := teas.New(tt.pairs, teas.Options{}); !errors.Is(err, teas.ErrPairs) {
				t.Fatalf("New = %v, want ErrPairs", err)
			}
		})
	}
}

// The demo pairs must say exactly what the demo story says, which is also
// where visitors are told which of them are the kiosk's own.
func TestDemoPairsMatchTheStory(t *testing.T) {
	story, err := os.ReadFile("../../assets/demo/stories/qingxiang-teahouse.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(story)
	pairs := teas.DemoTeaPairs()
	if len(pairs) != 7 {
		t.Fatalf("%d demo pairs, want seven", len(pairs))
	}
	for _, p := range pairs {
		if line := "- " + p.Tea + "：" + p.Saying; !strings.Contains(text, line) {
			t.Errorf("the story has no line %q", line)
		}
	}
	for i, name := range []string{"金银花茶", "莲心茶", "荷花茶"} {
		if pairs[i].Tea != name || !strings.Contains(text, name) {
			t.Errorf("pair %d is %q, want the reported %q", i, pairs[i].Tea, name)
		}
	}
	if !strings.Contains(text, "除前三味外，茶名和全部茶语都不是茶馆原文") {
		t.Error("the story no longer says which pairs are the kiosk's own; check DemoFootnote")
	}
}

func TestSession(t *testing.T) {
	playtest.RunSessionTests(t, func(tb testing.TB, canvas play.Size, timing play.Timing) playtest.Exhibit {
		x, err := teas.New(teas.DemoTeaPairs(), teas.Options{Canvas: canvas, Timing: timing, Seed: 3})
		if err != nil {
			tb.Fatal(err)
		}
		return x
	})
}
