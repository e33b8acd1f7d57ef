package content

import "time"

// Limits bound what one package may hold, so a mistaken or hostile package
// cannot fill the kiosk's disk or memory (a 1 KB PNG can claim to be
// 100000×100000 pixels). Every field is configurable; DefaultLimits suits a
// village kiosk with a few GB free.
type Limits struct {
	MaxPackageBytes int64 // all files together, uncompressed
	MaxFiles        int
	MaxTextBytes    int64 // one .md, .yaml or .csv file
	MaxSheetBytes   int64 // one .xlsx workbook or .docx document
	MaxImageBytes   int64
	MaxAudioBytes   int64
	// A film (videos/): its file, how long it plays and its picture's
	// size. A board that decodes 1080p in hardware shows nothing larger.
	MaxVideoBytes    int64
	MaxVideoDuration time.Duration
	MaxVideoPixels   int64 // width × height
	MaxImagePixels   int64 // width × height
	MaxRows          int   // data rows in one disclosure table
	// MaxMemoryBytes is the memory checking or importing one package may
	// take, the whole process's peak included: what a file decodes to
	// (text, table cells, pixels) is estimated before it is decoded and a
	// file that would not fit is refused.
	MaxMemoryBytes int64
}

// DefaultLimits returns the limits used when the config sets none.
func DefaultLimits() Limits {
	return Limits{
		MaxPackageBytes:  2 << 30,
		MaxFiles:         5000,
		MaxTextBytes:     4 << 20,
		MaxSheetBytes:    20 << 20,
		MaxImageBytes:    20 << 20,
		MaxAudioBytes:    50 << 20,
		MaxVideoBytes:    1 << 30,
		MaxVideoDuration: 2 * time.Hour,
		MaxVideoPixels:   1920 * 1088,
		MaxImagePixels:   40_000_000,
		MaxRows:          50_000,
		MaxMemoryBytes:   512 << 20,
	}
}
