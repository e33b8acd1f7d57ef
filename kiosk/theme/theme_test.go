package theme

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qingfeng/assets"
)

// luminance is WCAG 2's relative luminance of an opaque colour.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xFFFF
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func TestContrast(t *testing.T) {
	th := New(false)
	c := func(n fyne.ThemeColorName) color.Color { return th.Color(n, theme.VariantLight) }
	tests := []struct {
		name   string
		fg, bg color.Color
	}{
		{"foreground on background", c(theme.ColorNameForeground), c(theme.ColorNameBackground)},
		{"placeholder on background", c(theme.ColorNamePlaceHolder), c(theme.ColorNameBackground)},
		{"placeholder in input", c(theme.ColorNamePlaceHolder), c(theme.ColorNameInputBackground)},
		{"disabled on background", c(theme.ColorNameDisabled), c(theme.ColorNameBackground)},
		{"disabled on disabled button", c(theme.ColorNameDisabled), c(theme.ColorNameDisabledButton)},
		{"foreground on button", c(theme.ColorNameForeground), c(theme.ColorNameButton)},
		{"on primary", c(theme.ColorNameForegroundOnPrimary), c(theme.ColorNamePrimary)},
		{"on error", c(theme.ColorNameForegroundOnError), c(theme.ColorNameError)},
		{"on success", c(theme.ColorNameForegroundOnSuccess), c(theme.ColorNameSuccess)},
		{"on warning", c(theme.ColorNameForegroundOnWarning), c(theme.ColorNameWarning)},
		{"hyperlink on background", c(theme.ColorNameHyperlink), c(theme.ColorNameBackground)},
		{"Red text on Paper", Red, Paper},
		{"Gold text on Paper", Gold, Paper},
		{"Green text on Paper", Green, Paper},
		{"Ink on PaleGold", Ink, PaleGold},
		{"Paper on Ink", Paper, Ink},
		{"Paper on Red", Paper, Red},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := contrast(tt.fg, tt.bg); got < 4.5 {
				t.Errorf("contrast %.2f:1, want at least 4.5:1", got)
			}
		})
	}
}

func TestAlwaysLight(t *testing.T) {
	th := New(false)
	for _, n := range []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameForeground,
		theme.ColorNameButton, theme.ColorNamePrimary, theme.ColorNameInputBackground, theme.ColorNameShadow} {
		light, dark := th.Color(n, theme.VariantLight), th.Color(n, theme.VariantDark)
		if light != dark {
			t.Errorf("%s: dark variant %v differs from light %v", n, dark, light)
		}
	}
	if th.Color(theme.ColorNameBackground, theme.VariantDark) != color.Color(Paper) {
		t.Error("background is not Paper")
	}
}

func TestFontsAreBundled(t *testing.T) {
	th := New(false)
	reg, bold := assets.FontRegular(), assets.FontBold()
	for _, tt := range []struct {
		style fyne.TextStyle
		want  []byte
	}{
		{fyne.TextStyle{}, reg},
		{fyne.TextStyle{Italic: true}, reg},
		{fyne.TextStyle{Monospace: true}, reg},
		{fyne.TextStyle{Bold: true}, bold},
		{fyne.TextStyle{Bold: true, Italic: true}, bold},
	} {
		got := th.Font(tt.style).Content()
		if len(got) != len(tt.want) || &got[0] != &tt.want[0] {
			t.Errorf("style %+v does not use the bundled font", tt.style)
		}
	}
}

func TestSizes(t *testing.T) {
	normal, large := New(false), New(true)
	want := map[fyne.ThemeSizeName]float32{
		theme.SizeNameText:           28,
		theme.SizeNameHeadingText:    44,
		theme.SizeNameSubHeadingText: 34,
		theme.SizeNameCaptionText:    22,
	}
	for n, w := range want {
		if got := normal.Size(n); got != w {
			t.Errorf("normal %s = %v, want %v", n, got, w)
		}
		got := large.Size(n)
		if r := got / w; r < 1.25 || r > 1.35 || got != float32(math.Round(float64(got))) {
			t.Errorf("large %s = %v, want a whole number about %v", n, got, w*LargeScale)
		}
	}
	for _, th := range []fyne.Theme{normal, large} {
		if c := th.Size(theme.SizeNameCaptionText); c < 22 {
			t.Errorf("caption %v is below 22", c)
		}
		if s := th.Size(theme.SizeNameScrollBar); s < 12 {
			t.Errorf("scroll bar %v is too thin to see", s)
		}
	}
}

// Buttons of either mode, with a word, an icon or both, are at least
// MinTouch square.
func TestButtonsAreTouchSized(t *testing.T) {
	test.NewTempApp(t)
	for _, large := range []bool{false, true} {
		test.ApplyTheme(t, New(large))
		for name, b := range map[string]*widget.Button{
			"text":      widget.NewButton("返回", nil),
			"icon":      widget.NewButtonWithIcon("", theme.HomeIcon(), nil),
			"icon+text": widget.NewButtonWithIcon("首页", theme.HomeIcon(), nil),
		} {
			if s := b.MinSize(); s.Width < MinTouch || s.Height < MinTouch {
				t.Errorf("large=%v %s button is %v, want at least %v", large, name, s, TouchSize())
			}
		}
	}
}

// sample is a small screen in the kiosk's style: a bold heading, body text,
// a caption, an entry with its placeholder and the three kinds of button.
func sample() fyne.CanvasObject {
	heading := widget.NewLabelWithStyle("清廉故事", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameHeadingText
	body := widget.NewLabel("萧山区新塘街道公开公示：村务收入、支出一目了然。")
	caption := widget.NewLabel("更新于 2022年6月 · 共 12 条")
	caption.SizeName = theme.SizeNameCaptionText
	caption.Importance = widget.LowImportance
	entry := widget.NewEntry()
	entry.SetPlaceHolder("请输入村名，如：垚犇村")
	speak := widget.NewButtonWithIcon("我有话说", theme.MailComposeIcon(), nil)
	speak.Importance = widget.HighImportance
	back := widget.NewButtonWithIcon("返回", theme.NavigateBackIcon(), nil)
	gone := widget.NewButton("已下架", nil)
	gone.Disable()
	return container.NewVBox(heading, body, caption, entry, container.NewHBox(speak, back, gone))
}

func TestLooks(t *testing.T) {
	for _, tt := range []struct {
		name  string
		large bool
		size  fyne.Size
	}{
		{"theme_sample.png", false, fyne.NewSize(760, 420)},
		{"theme_sample_large.png", true, fyne.NewSize(960, 580)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			test.NewTempApp(t)
			test.ApplyTheme(t, New(tt.large))
			w := test.NewWindow(sample())
			defer w.Close()
			w.Resize(tt.size)
			test.AssertImageMatches(t, tt.name, w.Canvas().Capture())
		})
	}
}

// The kiosk is built with -tags no_emoji (the Makefile's GOFLAGS): Fyne
// then carries no colour emoji font, which it parsed once per text style
// and kept, 11-14 MiB of the shell's memory (BENCHMARKS.md, "Lean").
// Content with emoji gets a warning at import instead.
func TestBuiltWithoutFyneEmojiFont(t *testing.T) {
	if r := theme.DefaultEmojiFont(); r != nil {
		t.Fatalf("Fyne's emoji font %s is built in: build with -tags sqlite_fts5,no_emoji (GOFLAGS, see the Makefile)", r.Name())
	}
}
