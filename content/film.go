package content

import "time"

// Video is the media kind of a film's own file (MP4 or WebM).
const Video MediaKind = "video"

// Film is one video a package carries under videos/ (视频/), shown in the
// 视频 section and played full screen. Its picture and sound are decoded
// by the player (mpv); the import checked, with the same decoders, that
// they can be.
type Film struct {
	ID       string // the file's name without its extension, unique in the package
	File     string // package path of the video file
	Title    string
	Category string // "" if none
	// Cover is the package path of the picture a list shows for it: the
	// picture of the same name beside it, or a frame cut from the film at
	// import (a media entry of its own).
	Cover     string
	Subtitles []Cue // from the .srt of the same name; none if there is none
	Duration  time.Duration
	Width     int
	Height    int
}

// Cue is one subtitle: its text is shown from Start until End.
type Cue struct {
	Line       int // where it starts in its .srt, for problems
	Start, End time.Duration
	Text       string // one or two lines, joined by "\n"
}

// CueAt is the text of the cue showing at t, or "".
func CueAt(cues []Cue, t time.Duration) string {
	for _, c := range cues {
		if t >= c.Start && t < c.End {
			return c.Text
		}
	}
	return ""
}

// Bounds on a film's subtitles: a band read at a glance holds two short
// lines, and a film of the halls lasts minutes, not days.
const (
	MaxCues        = 5000
	MaxCueRunes    = 80
	MaxCueLines    = 2
	MaxFilmTitle   = 40
	MaxFilmsPerPkg = 200
)
