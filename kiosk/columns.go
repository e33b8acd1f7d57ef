package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// columnWidths shares width among table columns so numbers and dates stay
// on one line and only long text wraps: columns that fit at their natural
// width keep it, the rest share what is left, but never get narrower than
// minWrap (a few characters). natural[i] is the widest cell of column i,
// unwrapped. When even that does not fit, the widths add up to more than
// width and the caller scrolls the table sideways.
func columnWidths(natural []float32, width, minWrap float32) (widths []float32, wrap []bool) {
	widths = make([]float32, len(natural))
	wrap = make([]bool, len(natural))
	var total float32
	for _, n := range natural {
		total += n
	}
	if total <= width {
		for i, n := range natural {
			widths[i] = n + (width-total)*n/total
		}
		return widths, wrap
	}
	// Too wide: keep short columns (dates, amounts, codes) whole, let the
	// long ones wrap.
	limit := width / 4
	var fixed, rest float32
	for i, n := range natural {
		if n <= limit {
			widths[i] = n
			fixed += n
		} else {
			wrap[i] = true
			rest += n
		}
	}
	for i, n := range natural {
		if wrap[i] {
			widths[i] = max(minWrap, n*(width-fixed)/rest)
		}
	}
	return widths, wrap
}

// fixedColumns lays its objects out side by side at given widths; every row
// of a table shares one, so columns line up.
type fixedColumns struct{ widths []float32 }

func (f *fixedColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for i, o := range objs {
		w := f.widths[min(i, len(f.widths)-1)]
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w
	}
}

func (f *fixedColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for i, o := range objs {
		w += f.widths[min(i, len(f.widths)-1)]
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(w, h)
}

// readingWidth centres its content at no more than Max wide: lines of
// 1,900 pixels are hard to follow, above all for old eyes.
type readingWidth struct{ Max float32 }

func (r readingWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := min(size.Width, r.Max)
	for _, o := range objs {
		o.Move(fyne.NewPos((size.Width-w)/2, 0))
		o.Resize(fyne.NewSize(w, size.Height))
	}
}

func (r readingWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return m
}

// flowGrid lays cards out in equal cells, as many columns as the width
// holds cells at their smallest, up to most: four tiles side by side on
// a 1920-wide screen, three on a 1280-wide one. Its smallest width is one
// cell, so a grid never makes a screen wider than the panel (Fyne would
// then lay the whole window out larger than the glass and cut it off);
// its smallest height is that of the rows the widest layout so far
// needed (a screen is built again when the panel changes; Fyne lays a new
// window's content out once at its smallest size first, which must not
// make the grid one column high for good).
type flowGrid struct {
	most  int
	width float32 // the widest it has been laid out; 0 before the first
}

func (g *flowGrid) cell(objs []fyne.CanvasObject) (fyne.Size, int) {
	var m fyne.Size
	n := 0
	for _, o := range objs {
		if o.Visible() {
			m = m.Max(o.MinSize())
			n++
		}
	}
	return m, n
}

func (g *flowGrid) columns(cell fyne.Size, width float32) int {
	pad := theme.Padding()
	fit := int((width + pad) / (cell.Width + pad))
	return max(1, min(g.most, fit))
}

func (g *flowGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	cell, n := g.cell(objs)
	if n == 0 {
		return
	}
	cols := g.columns(cell, size.Width)
	g.width = max(g.width, size.Width)
	rows := (n + cols - 1) / cols
	pad := float64(theme.Padding())
	w := (float64(size.Width) - pad*float64(cols-1)) / float64(cols)
	h := (float64(size.Height) - pad*float64(rows-1)) / float64(rows)
	i := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		col, row := i%cols, i/cols
		x, y := (w+pad)*float64(col), (h+pad)*float64(row)
		o.Move(fyne.NewPos(float32(x), float32(y)))
		o.Resize(fyne.NewSize(float32(x+w)-float32(x), float32(y+h)-float32(y)))
		i++
	}
}

func (g *flowGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	cell, n := g.cell(objs)
	if n == 0 {
		return fyne.Size{}
	}
	cols := g.most
	if g.width > 0 {
		cols = g.columns(cell, g.width)
	}
	cols = min(cols, n)
	rows := (n + cols - 1) / cols
	return fyne.NewSize(cell.Width, cell.Height*float32(rows)+theme.Padding()*float32(rows-1))
}

// flowRow lays buttons out side by side at their own widths, centred,
// and starts a new line where the width runs out: a row of choices that
// fits one line on a wide panel and two on a narrow one. Like flowGrid,
// its smallest width is its widest child and its smallest height that of
// the lines the widest layout so far needed.
type flowRow struct {
	width   float32
	leading bool // lines start at the left instead of centred
}

// lines splits objs into lines no wider than width.
func (f *flowRow) lines(objs []fyne.CanvasObject, width float32) [][]fyne.CanvasObject {
	pad := theme.Padding()
	var out [][]fyne.CanvasObject
	var cur []fyne.CanvasObject
	var w float32
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize().Width
		if len(cur) > 0 && w+pad+m > width {
			out = append(out, cur)
			cur, w = nil, 0
		}
		if len(cur) > 0 {
			w += pad
		}
		cur = append(cur, o)
		w += m
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func lineSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range objs {
		m := o.MinSize()
		if i > 0 {
			s.Width += theme.Padding()
		}
		s.Width += m.Width
		s.Height = max(s.Height, m.Height)
	}
	return s
}

func (f *flowRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	f.width = max(f.width, size.Width)
	pad := theme.Padding()
	y := float32(0)
	for _, l := range f.lines(objs, size.Width) {
		ls := lineSize(l)
		x := max(0, (size.Width-ls.Width)/2)
		if f.leading {
			x = 0
		}
		for _, o := range l {
			m := o.MinSize()
			o.Move(fyne.NewPos(x, y))
			o.Resize(fyne.NewSize(min(m.Width, size.Width), ls.Height))
			x += m.Width + pad
		}
		y += ls.Height + pad
	}
}

func (f *flowRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	var ls [][]fyne.CanvasObject
	if f.width > 0 {
		ls = f.lines(objs, f.width)
	} else {
		ls = f.lines(objs, float32(1e9))
	}
	for i, l := range ls {
		m := lineSize(l)
		if i > 0 {
			s.Height += theme.Padding()
		}
		s.Height += m.Height
	}
	for _, o := range objs {
		if o.Visible() {
			s.Width = max(s.Width, o.MinSize().Width)
		}
	}
	return s
}

// growFirst stacks its objects like a VBox, but the first takes the room
// the others leave, up to most high: a row of pictures that is as
// designed on a tall screen and smaller on a short one.
type growFirst struct{ most float32 }

func (g growFirst) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) == 0 {
		return
	}
	pad := theme.Padding()
	rest := float32(0)
	for _, o := range objs[1:] {
		rest += o.MinSize().Height + pad
	}
	first := objs[0].MinSize().Height
	h := max(first, min(g.most, size.Height-rest))
	y := float32(0)
	for i, o := range objs {
		if i > 0 {
			h = o.MinSize().Height
		}
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + pad
	}
}

func (g growFirst) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range objs {
		m := o.MinSize()
		if i > 0 {
			s.Height += theme.Padding()
		}
		s.Height += m.Height
		s.Width = max(s.Width, m.Width)
	}
	return s
}

// sidePadIfRoom pads its content all round, like container.NewPadded,
// except at the sides when the width has no room for them: ten keys of a
// finger's width and their gaps just fill an upright 720-wide panel.
type sidePadIfRoom struct{}

func (sidePadIfRoom) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	for _, o := range objs {
		side := pad
		if size.Width-2*pad < o.MinSize().Width {
			side = 0
		}
		o.Move(fyne.NewPos(side, pad))
		o.Resize(fyne.NewSize(size.Width-2*side, size.Height-2*pad))
	}
}

func (sidePadIfRoom) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return m.AddWidthHeight(0, 2*theme.Padding())
}

// barLayout is the top bar: its first object at the left, its last at the
// right, and the title centred in the room between. Where that room is
// too narrow (an upright 720-wide panel in 大字) the title is drawn
// smaller, down to least (the caption size: the title repeats what the
// visitor tapped), and then 首页 is shown by its icon alone, so 返回 and
// 首页 always stay on the screen.
type barLayout struct {
	title *canvas.Text
	size  float32 // the title's own size
	least float32 // the smallest it may be drawn
	// home is the 首页 button, its label, and how much narrower it is
	// without its label.
	home      *widget.Button
	homeLabel string
	homeSaves float32
}

func (b *barLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	left, right := objs[0], objs[2]
	pad := theme.Padding()
	// With its label, 首页 leaves the title room enough?
	if b.home != nil {
		full := objs[0].MinSize().Width
		if b.home.Text == "" {
			full += b.homeSaves
		}
		label := b.homeLabel
		if size.Width-full-right.MinSize().Width-2*pad < b.natural(b.least) {
			label = ""
		}
		if b.home.Text != label {
			b.home.SetText(label)
		}
	}
	lm, rm := left.MinSize(), right.MinSize()
	left.Move(fyne.NewPos(0, (size.Height-lm.Height)/2))
	left.Resize(fyne.NewSize(lm.Width, lm.Height))
	right.Move(fyne.NewPos(size.Width-rm.Width, (size.Height-rm.Height)/2))
	right.Resize(rm)
	room := size.Width - lm.Width - rm.Width - 2*pad
	ts := b.size
	if w := b.natural(b.size); w > room && w > 0 {
		ts = max(b.least, b.size*room/w)
	}
	if b.title.TextSize != ts {
		b.title.TextSize = ts
		b.title.Refresh()
	}
	tm := b.title.MinSize()
	x := lm.Width + pad + (room-tm.Width)/2
	b.title.Move(fyne.NewPos(x, (size.Height-tm.Height)/2))
	b.title.Resize(tm)
}

// natural is the title's width at text size ts.
func (b *barLayout) natural(ts float32) float32 {
	s, _ := fyne.CurrentApp().Driver().RenderedTextSize(b.title.Text, ts, b.title.TextStyle, nil)
	return s.Width
}

func (b *barLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	lm, rm := objs[0].MinSize(), objs[2].MinSize()
	s, _ := fyne.CurrentApp().Driver().RenderedTextSize(b.title.Text, b.size, b.title.TextStyle, nil)
	least := min(s.Width, b.natural(b.least))
	left := lm.Width
	if b.home != nil && b.home.Text != "" {
		left -= b.homeSaves
	}
	return fyne.NewSize(left+rm.Width+2*theme.Padding()+least, max(lm.Height, rm.Height, s.Height))
}
