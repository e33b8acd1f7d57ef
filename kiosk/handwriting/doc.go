// Package handwriting recognises a Chinese character written with a finger
// on the kiosk's writing pad: the strokes are cleaned (resampled, smoothed,
// scaled and centred) and classified by Zinnia through cgo, with the
// Simplified Chinese model of Debian's tegaki-zinnia-simplified-chinese
// read at run time from the installed package; only characters the bundled
// font draws are offered.
//
// It may import assets (the font's character set) and nothing else of the
// module; Fyne stays in kiosk/widgets, which asks it through a small
// interface.
package handwriting
