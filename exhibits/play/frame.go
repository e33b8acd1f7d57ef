package play

// Text is something a visitor reads: the words (Simplified Chinese), the box
// they go in and a font size, all in canvas units. The drawer wraps Str
// inside Rect at Size. An empty Str means nothing is shown there; for a
// button, that it is not there to tap either.
type Text struct {
	Str  string
	Rect Rect
	Size float64
}

// Visible reports whether there is anything to show.
func (t Text) Visible() bool { return t.Str != "" }

// Hit reports whether p lands on t: only a visible text is a button.
func (t Text) Hit(p Point) bool { return t.Visible() && t.Rect.Contains(p) }

// ExitLabel is the exit button's word, the same on every exhibit.
const ExitLabel = "返回"

// Frame is the part of the screen every exhibit shares, so the exit button
// is where a visitor found it last time: a title bar with the title on the
// left and 返回 on the right, and the body below.
type Frame struct {
	Canvas Size
	Unit   float64 // canvas units per design unit; see Size.Unit
	Title  Rect
	Exit   Rect
	Body   Rect
	Margin float64
	Gap    float64
}

// Font sizes in design units: read from two metres away, tapped by fingers.
const (
	FontTitle   = 56
	FontLarge   = 64
	FontBody    = 44
	FontSmall   = 34
	FontButton  = 48
	FontFinale  = 96
	ButtonTallU = 112 // the height of a primary button, in design units
)

// NewFrame lays out the shared frame for canvas c.
func NewFrame(c Size) Frame {
	u := c.Unit()
	f := Frame{Canvas: c, Unit: u, Margin: 40 * u, Gap: 24 * u}
	all := Rect{0, 0, c.W, c.H}.Inset(f.Margin)
	bar, body := all.Top(104 * u)
	rest, exit := bar.Right(220 * u)
	title, _ := rest.Right(f.Gap)
	f.Title, f.Exit = title, exit
	_, f.Body = body.Top(f.Gap)
	return f
}

// Font returns a font size given in design units, in canvas units.
func (f Frame) Font(design float64) float64 { return design * f.Unit }

// TitleText is the title bar's text.
func (f Frame) TitleText(s string) Text { return Text{Str: s, Rect: f.Title, Size: f.Font(FontTitle)} }

// ExitText is the exit button.
func (f Frame) ExitText() Text { return Text{Str: ExitLabel, Rect: f.Exit, Size: f.Font(FontButton)} }
