package kiosk

import (
	"fyne.io/fyne/v2"
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
