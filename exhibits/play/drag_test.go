package play

import (
	"slices"
	"testing"
)

// boxes are things for Drag: rectangles at places, some fixed.
type boxes struct {
	r     []Rect
	fixed map[int]bool
}

func (b *boxes) Rect(i int) Rect      { return b.r[i] }
func (b *boxes) Grabbable(i int) bool { return !b.fixed[i] }
func (b *boxes) apply(d Dragged) {
	if d.Kind == DragGrabbed || d.Kind == DragMoved {
		b.r[d.Thing] = b.r[d.Thing].At(d.At)
	}
}

func newBoxes() *boxes {
	// 0 and 1 overlap, 1 painted above 0; 2 stands apart.
	return &boxes{r: []Rect{{0, 0, 100, 100}, {50, 50, 100, 100}, {300, 0, 100, 100}}, fixed: map[int]bool{}}
}

var dragBounds = Rect{0, 0, 500, 400}

func ev(k Kind, id int, x, y float64) Event { return Event{Kind: k, ID: id, At: Point{x, y}} }

func TestDrag(t *testing.T) {
	tests := []struct {
		name   string
		fixed  []int
		events []Event
		want   []Dragged // one per event
		order  []int     // afterwards
		rects  map[int]Rect
	}{
		{"the topmost under the finger follows it, raised, keeping its hold",
			nil,
			[]Event{ev(Press, 1, 60, 60), ev(Move, 1, 80, 100), ev(Release, 1, 80, 100)},
			[]Dragged{{DragGrabbed, 1, Point{50, 50}}, {DragMoved, 1, Point{70, 90}}, {DragDropped, 1, Point{}}},
			[]int{0, 2, 1}, map[int]Rect{1: {70, 90, 100, 100}}},
		{"a thing below is reached where the top one is not",
			nil,
			[]Event{ev(Press, 1, 10, 10), ev(Move, 1, 20, 10)},
			[]Dragged{{DragGrabbed, 0, Point{0, 0}}, {DragMoved, 0, Point{10, 0}}},
			[]int{1, 2, 0}, map[int]Rect{0: {10, 0, 100, 100}}},
		{"a fixed thing on top shields what is under it",
			[]int{1},
			[]Event{ev(Press, 1, 60, 60), ev(Move, 1, 90, 90), ev(Release, 1, 90, 90)},
			[]Dragged{{}, {}, {}},
			[]int{0, 1, 2}, nil},
		{"kept inside the bounds",
			nil,
			[]Event{ev(Press, 1, 310, 10), ev(Move, 1, 900, -50)},
			[]Dragged{{DragGrabbed, 2, Point{300, 0}}, {DragMoved, 2, Point{400, 0}}},
			[]int{0, 1, 2}, map[int]Rect{2: {400, 0, 100, 100}}},
		{"two fingers, two things; a finger on a held thing gets nothing",
			nil,
			[]Event{ev(Press, 1, 60, 60), ev(Press, 2, 310, 10), ev(Press, 3, 320, 20), ev(Move, 2, 320, 20), ev(Cancel, 1, 60, 60), ev(Release, 2, 320, 20)},
			[]Dragged{{DragGrabbed, 1, Point{50, 50}}, {DragGrabbed, 2, Point{300, 0}}, {}, {DragMoved, 2, Point{310, 10}}, {DragLost, 1, Point{}}, {DragDropped, 2, Point{}}},
			[]int{0, 1, 2}, nil},
		{"a repeated press keeps the thing; a finger holding nothing does nothing",
			nil,
			[]Event{ev(Press, 1, 310, 10), ev(Press, 1, 10, 10), ev(Move, 9, 0, 0), ev(Release, 9, 0, 0), ev(Cancel, 9, 0, 0), ev(Release, 1, 310, 10)},
			[]Dragged{{DragGrabbed, 2, Point{300, 0}}, {}, {}, {}, {}, {DragDropped, 2, Point{}}},
			[]int{0, 1, 2}, nil},
		{"a press on nothing",
			nil,
			[]Event{ev(Press, 1, 250, 300)},
			[]Dragged{{}},
			[]int{0, 1, 2}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBoxes()
			for _, i := range tt.fixed {
				b.fixed[i] = true
			}
			d := NewDrag(3, nil)
			for i, e := range tt.events {
				got := d.Pointer(e, b, dragBounds)
				if got != tt.want[i] {
					t.Fatalf("event %d %+v: %+v, want %+v", i, e, got, tt.want[i])
				}
				b.apply(got)
			}
			if !slices.Equal(d.Order(), tt.order) {
				t.Errorf("order %v, want %v", d.Order(), tt.order)
			}
			for i, r := range tt.rects {
				if b.r[i] != r {
					t.Errorf("thing %d at %v, want %v", i, b.r[i], r)
				}
			}
		})
	}
}

func TestDragOrder(t *testing.T) {
	d := NewDrag(4, []int{2, 0, 3, 1})
	d.Raise(0)
	if want := []int{2, 3, 1, 0}; !slices.Equal(d.Order(), want) {
		t.Fatalf("after Raise(0): %v, want %v", d.Order(), want)
	}
	d.Lower(1)
	if want := []int{1, 2, 3, 0}; !slices.Equal(d.Order(), want) {
		t.Fatalf("after Lower(1): %v, want %v", d.Order(), want)
	}
	if d.Held(0) {
		t.Fatal("nothing is held")
	}
}
