// Package theme is the kiosk's look: the bundled Chinese font, sizes for a
// 1920×1080 (or 1080×1920) touch screen at scale 1.0 read by elderly
// visitors, and a warm, high-contrast light palette. A kiosk never turns
// dark, so every variant Fyne asks for gets the light colours.
package theme

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"qingfeng/assets"
)

// MinTouch is the smallest side, in Fyne units, of anything a finger must hit
// (about 17 mm on a 24-inch 1080p panel).
const MinTouch = 64

// LargeScale is how much bigger the "大字" mode makes text, icons and spacing.
const LargeScale = 1.3

// TouchSize is the smallest size of a touch target.
func TouchSize() fyne.Size { return fyne.NewSquareSize(MinTouch) }

// The palette, for custom widgets and canvas objects. Text colours are checked
// against Paper for WCAG contrast ≥ 4.5 in the tests.
var (
	Paper    = color.NRGBA{R: 0xFA, G: 0xF6, B: 0xEC, A: 0xFF} // background: cream paper
	Ink      = color.NRGBA{R: 0x22, G: 0x22, B: 0x22, A: 0xFF} // body text
	Red      = color.NRGBA{R: 0xB7, G: 0x1C, B: 0x1C, A: 0xFF} // primary: Chinese red, white text on it
	Gold     = color.NRGBA{R: 0x8C, G: 0x6A, B: 0x1C, A: 0xFF} // accent: muted antique gold (readable as text)
	PaleGold = color.NRGBA{R: 0xE9, G: 0xDC, B: 0xB4, A: 0xFF} // accent fill behind Ink text
	Green    = color.NRGBA{R: 0x2E, G: 0x6B, B: 0x3F, A: 0xFF} // success and a calm second accent
	White    = color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF} // text on Red, Green, Amber; input fields
	Amber    = color.NRGBA{R: 0x98, G: 0x58, B: 0x00, A: 0xFF} // warnings, white text on it
	Grey     = color.NRGBA{R: 0x5F, G: 0x5A, B: 0x52, A: 0xFF} // placeholder and secondary text
	Faded    = color.NRGBA{R: 0x6E, G: 0x69, B: 0x62, A: 0xFF} // disabled text, still readable
	Tan      = color.NRGBA{R: 0xEC, G: 0xE2, B: 0xCB, A: 0xFF} // button face, visibly raised from Paper
	Line     = color.NRGBA{R: 0xD6, G: 0xCB, B: 0xB4, A: 0xFF} // separators
)

// Theme is the kiosk theme. Large selects the "大字" mode, about LargeScale
// times the normal sizes.
type Theme struct {
	Large bool
}

var _ fyne.Theme = (*Theme)(nil)

// New returns the kiosk theme, in large-text mode if large is set.
func New(large bool) fyne.Theme { return &Theme{Large: large} }

var (
	regular = fyne.NewStaticResource("NotoSansSC-Regular.otf", assets.FontRegular())
	bold    = fyne.NewStaticResource("NotoSansSC-Bold.otf", assets.FontBold())
)

// Font returns the bundled CJK font for every text style: Fyne's own Latin
// faces have no hanzi, so italic and monospace text use the regular face
// rather than draw boxes. Only the symbol font (arrows, check marks drawn by
// Fyne) stays Fyne's.
func (t *Theme) Font(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Symbol:
		return theme.DefaultSymbolFont()
	case s.Bold:
		return bold
	default:
		return regular
	}
}

// Icon returns Fyne's default icons; they take the theme's colours.
func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource {
	return theme.DefaultTheme().Icon(n)
}

// Color returns the light palette whatever variant is asked for.
func (t *Theme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameBackground:
		return Paper
	case theme.ColorNameForeground:
		return Ink
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		return Red
	case theme.ColorNameForegroundOnPrimary, theme.ColorNameForegroundOnError,
		theme.ColorNameForegroundOnSuccess, theme.ColorNameForegroundOnWarning:
		return White
	case theme.ColorNameButton:
		return Tan
	case theme.ColorNameDisabledButton:
		return color.NRGBA{R: 0xF1, G: 0xEC, B: 0xE1, A: 0xFF}
	case theme.ColorNameDisabled:
		return Faded
	case theme.ColorNamePlaceHolder:
		return Grey
	case theme.ColorNameError:
		return color.NRGBA{R: 0xA3, G: 0x1A, B: 0x1A, A: 0xFF}
	case theme.ColorNameSuccess:
		return Green
	case theme.ColorNameWarning:
		return Amber
	case theme.ColorNameInputBackground:
		return White
	case theme.ColorNameInputBorder:
		return color.NRGBA{R: 0xA8, G: 0x9C, B: 0x86, A: 0xFF}
	case theme.ColorNameHeaderBackground:
		return color.NRGBA{R: 0xF2, G: 0xEA, B: 0xD8, A: 0xFF}
	case theme.ColorNameMenuBackground, theme.ColorNameOverlayBackground:
		return color.NRGBA{R: 0xFF, G: 0xFD, B: 0xF7, A: 0xFF}
	case theme.ColorNameSeparator:
		return Line
	case theme.ColorNameScrollBar:
		return color.NRGBA{R: 0x5F, G: 0x5A, B: 0x52, A: 0xCC}
	case theme.ColorNameScrollBarBackground:
		return color.NRGBA{R: 0xE6, G: 0xDD, B: 0xC9, A: 0xFF}
	case theme.ColorNameHover:
		return color.NRGBA{R: 0xB7, G: 0x1C, B: 0x1C, A: 0x14}
	case theme.ColorNamePressed:
		return color.NRGBA{R: 0x00, G: 0x00, B: 0x00, A: 0x26}
	case theme.ColorNameFocus:
		return color.NRGBA{R: 0xB7, G: 0x1C, B: 0x1C, A: 0x40}
	case theme.ColorNameSelection:
		return color.NRGBA{R: 0xB7, G: 0x1C, B: 0x1C, A: 0x33}
	case theme.ColorNameShadow:
		return color.NRGBA{R: 0x00, G: 0x00, B: 0x00, A: 0x33}
	}
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

// Size returns the normal size, scaled and rounded to whole units in large
// mode (fractional text sizes blur CJK strokes).
func (t *Theme) Size(n fyne.ThemeSizeName) float32 {
	s := baseSize(n)
	if !t.Large {
		return s
	}
	switch n {
	case theme.SizeNameSeparatorThickness, theme.SizeNameInputBorder:
		return s // hairlines stay crisp
	}
	return float32(math.Round(float64(s * LargeScale)))
}

// baseSize is the normal mode. Text is about twice Fyne's default because the
// screen is read from arm's length by older eyes; icons plus inner padding
// make an icon-only button exactly MinTouch square.
func baseSize(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 28
	case theme.SizeNameHeadingText:
		return 44
	case theme.SizeNameSubHeadingText:
		return 34
	case theme.SizeNameCaptionText:
		return 22
	case theme.SizeNameInlineIcon:
		return 40
	case theme.SizeNameInnerPadding:
		return 12
	case theme.SizeNamePadding:
		return 8
	case theme.SizeNameLineSpacing:
		return 10
	case theme.SizeNameScrollBar:
		return 16
	case theme.SizeNameScrollBarSmall:
		return 6
	case theme.SizeNameSeparatorThickness:
		return 2
	case theme.SizeNameInputBorder:
		return 2
	case theme.SizeNameInputRadius:
		return 10
	case theme.SizeNameSelectionRadius:
		return 6
	case theme.SizeNameScrollBarRadius:
		return 8
	case theme.SizeNameWindowButtonHeight:
		return 32
	case theme.SizeNameWindowButtonRadius:
		return 16
	case theme.SizeNameWindowButtonIcon:
		return 28
	case theme.SizeNameWindowTitleBarHeight:
		return 52
	}
	return theme.DefaultTheme().Size(n)
}

// WarmFonts makes Fyne load the kiosk's faces (and index the machine's
// fonts, which Fyne does the first time it measures text) now, so that
// start-up can do it on another core while the window is created. Call it
// with the kiosk theme set and before the shell builds its first screen.
func WarmFonts() {
	for _, s := range []fyne.TextStyle{{}, {Bold: true}} {
		fyne.MeasureText("清风", 28, s)
	}
}
