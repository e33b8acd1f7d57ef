package assets

import (
	_ "embed"
	"sync"
)

// The kiosk's only CJK font: Noto Sans CJK SC from Debian's fonts-noto-cjk,
// subset and renamed "Qingfeng Sans SC" by build/fonts.sh (SIL OFL 1.1, see
// fonts/LICENSE-OFL.txt and fonts/README.md). Fyne and Ebiten bring no
// Chinese font and the kiosk must not depend on what the machine has.
var (
	//go:embed fonts/NotoSansSC-Regular.otf
	fontRegular []byte
	//go:embed fonts/NotoSansSC-Bold.otf
	fontBold []byte
)

// FontRegular returns the regular face (OpenType/CFF). The slice is shared:
// callers must not modify it.
func FontRegular() []byte { return fontRegular }

// FontBold returns the bold face (OpenType/CFF), with the same coverage as
// FontRegular. The slice is shared: callers must not modify it.
func FontBold() []byte { return fontBold }

// Hanzi returns the Chinese characters the bundled font was cut to (the
// Table of General Standard Chinese Characters and GB 2312, one line per 64
// characters; see fonts/README.md).
func Hanzi() string { return hanzi }

//go:embed fonts/hanzi.txt
var hanzi string

var (
	glyphsOnce sync.Once
	glyphs     map[rune]bool
)

// HasGlyph reports whether the bundled font can draw the Chinese character
// r. The importer asks it so that a package using a character the screen
// would show as an empty box gets a warning. Safe for concurrent use.
func HasGlyph(r rune) bool {
	glyphsOnce.Do(func() {
		glyphs = map[rune]bool{}
		for _, c := range hanzi {
			if c != '\n' {
				glyphs[c] = true
			}
		}
	})
	return glyphs[r]
}
