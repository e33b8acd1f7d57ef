// Package outbox is what a kiosk sends to its district office: batches of
// opinions and usage statistics, each a file written once into the kiosk's outbox folder (which
// Syncthing, or a USB stick, carries to the office) and never rewritten.
// Every batch, opinion and view has an id that is unique across all kiosks
// (UUIDv7), so the office can merge what arrives from hundreds of kiosks as
// often as it arrives and count each opinion once.
//
// Residents' names and phones stay sealed to the office's key, as stored.
//
// A batch is signed by the kiosk that wrote it (its own ed25519 key, made in
// its data folder before its first batch and never copied off it), so the
// office can tell a batch a kiosk wrote from one edited or made up on the
// way; and it is checked (Check) before it is merged, so one bad file never
// spoils the district's summary.
//
// Both sides live here: Writer puts what a kiosk's store holds unsent into
// batch files (mended by Fit to what Check takes), ReadFile and Check are
// the district's. It imports the domain (content), content/sign and, for
// the writer, content/store (what is waiting) and content/durable; never
// kiosk/, exhibits/ or Fyne.
package outbox

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Format names the batch format, first in every batch. A file of this
// format on its own is a batch as kiosks wrote it before batches were
// signed; a signed batch is wrapped in an envelope of SignedFormat.
const Format = "qingfeng-outbox 1"

// Prefix and Ext make a batch's file name: batch-<batch id>.json.
const (
	Prefix = "batch-"
	Ext    = ".json"
)

// Batch is one file of the outbox.
type Batch struct {
	Format   string    `json:"format"`
	ID       string    `json:"batch"`
	Site     string    `json:"site"`      // the kiosk's site id (config site.id)
	SiteName string    `json:"site_name"` // for people reading the file
	Written  time.Time `json:"written"`
	Opinions []Opinion `json:"opinions"`
	Views    []View    `json:"views"`
}

// View is one stay on one screen of the kiosk (usage statistics; nothing
// about the visitor).
type View struct {
	UID     string    `json:"uid"`
	At      time.Time `json:"at"`
	Screen  string    `json:"screen"`
	Item    string    `json:"item,omitempty"` // a story's or disclosure's package/id, an exhibit's name
	Title   string    `json:"title,omitempty"`
	DwellMS int64     `json:"dwell_ms"`
	Taps    int       `json:"taps"`
}

// Opinion is one opinion as it travels.
type Opinion struct {
	UID      string    `json:"uid"`
	Receipt  string    `json:"receipt"`
	At       time.Time `json:"at"`
	Site     string    `json:"site"`
	Category string    `json:"category"`
	Subject  string    `json:"subject,omitempty"`
	Text     string    `json:"text,omitempty"`
	Rating   int       `json:"rating,omitempty"` // 1 不满意, 2 一般, 3 满意
	Held     bool      `json:"held,omitempty"`
	HeldWord string    `json:"held_word,omitempty"`
	Contact  []byte    `json:"contact,omitempty"` // sealed to the office key
	// Consent: the resident agreed that Text may be shown with a public
	// reply. Absent (batches of kiosks before it existed) is false.
	Consent bool `json:"consent,omitempty"`
}

// FileName is the name of batch id's file.
func FileName(id string) string { return Prefix + id + Ext }

// IsBatchFile reports whether a file name is a batch's (temporary files and
// anything else in the folder are not).
func IsBatchFile(name string) bool {
	return strings.HasPrefix(name, Prefix) && strings.HasSuffix(name, Ext)
}

// Files lists the batch files in dir, by name.
func Files(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if e.Type().IsRegular() && IsBatchFile(e.Name()) {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(out)
	return out, nil
}

// StIgnore is written into a kiosk's outbox as .stignore, so Syncthing does
// not carry the temporary files a batch is written through.
const StIgnore = "// qingfeng: batches are written through temporary files; do not sync them\n.tmp-*\n"
