package assets

import _ "embed"

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
