package play

// Drag is what the drag exhibits (七味茶's cups, 剪纸拼图's pieces) have in
// common: things painted in an order, picked up by the topmost under a
// finger, each following its finger (several fingers at once, one thing
// each) within bounds, and let go. What a thing is, whether it may be
// picked up and what a drop means stay with the exhibit.
type Drag struct {
	order []int         // thing indexes, back to front
	held  map[int]int   // pointer id → thing
	grab  map[int]Point // thing → its finger's offset from its top-left
}

// Things is what Drag asks of an exhibit about its things.
type Things interface {
	// Rect is where thing i is drawn now.
	Rect(i int) Rect
	// Grabbable reports whether thing i may be picked up now. A finger on
	// a thing that may not is on that thing: it reaches none below.
	Grabbable(i int) bool
}

// DragKind is what a pointer event did to a thing.
type DragKind int

const (
	DragNone    DragKind = iota
	DragGrabbed          // a finger picked the thing up; it is painted on top
	DragMoved            // the thing follows its finger: its top-left is At
	DragDropped          // the finger was lifted: the exhibit decides where it lands
	DragLost             // the finger vanished (not lifted): no drop
)

// Dragged is what a pointer event did: Kind to thing Thing; At is its
// top-left corner where it is now, for DragGrabbed and DragMoved.
type Dragged struct {
	Kind  DragKind
	Thing int
	At    Point
}

// NewDrag starts with n things painted in order (back to front), or in
// index order if order is nil.
func NewDrag(n int, order []int) *Drag {
	if order == nil {
		order = make([]int, n)
		for i := range order {
			order[i] = i
		}
	}
	return &Drag{order: append([]int(nil), order...), held: map[int]int{}, grab: map[int]Point{}}
}

// Order is the paint order, back to front. The slice is the Drag's own.
func (d *Drag) Order() []int { return d.order }

// Held reports whether a finger holds thing i.
func (d *Drag) Held(i int) bool {
	for _, j := range d.held {
		if j == i {
			return true
		}
	}
	return false
}

// Pointer applies e to the things, keeping a moved thing's rectangle
// inside bounds.
func (d *Drag) Pointer(e Event, things Things, bounds Rect) Dragged {
	i, holding := d.held[e.ID]
	switch e.Kind {
	case Press:
		if holding {
			return Dragged{} // a repeated press from a confused driver: keep the thing
		}
		// Topmost first: the thing the visitor sees under the finger.
		for k := len(d.order) - 1; k >= 0; k-- {
			j := d.order[k]
			r := things.Rect(j)
			if !r.Contains(e.At) {
				continue
			}
			if d.Held(j) || !things.Grabbable(j) {
				return Dragged{}
			}
			d.held[e.ID], d.grab[j] = j, e.At.Sub(r.Min())
			d.Raise(j)
			return Dragged{Kind: DragGrabbed, Thing: j, At: r.Min()}
		}
	case Move:
		if holding {
			at := things.Rect(i).At(e.At.Sub(d.grab[i])).Clamp(bounds).Min()
			return Dragged{Kind: DragMoved, Thing: i, At: at}
		}
	case Release:
		if holding {
			d.letGo(e.ID, i)
			return Dragged{Kind: DragDropped, Thing: i}
		}
	case Cancel:
		if holding {
			d.letGo(e.ID, i)
			return Dragged{Kind: DragLost, Thing: i}
		}
	}
	return Dragged{}
}

func (d *Drag) letGo(id, i int) {
	delete(d.held, id)
	delete(d.grab, i)
}

// Raise paints thing i last, above the others (while it is carried).
func (d *Drag) Raise(i int) { d.order = append(d.without(i), i) }

// Lower paints thing i first, below the others (a thing put in its place
// becomes part of the board: things carried over it pass above).
func (d *Drag) Lower(i int) { d.order = append([]int{i}, d.without(i)...) }

func (d *Drag) without(i int) []int {
	out := make([]int, 0, len(d.order))
	for _, j := range d.order {
		if j != i {
			out = append(out, j)
		}
	}
	return out
}
