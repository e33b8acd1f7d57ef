package fleet

import (
	"strings"
	"time"
)

// A kiosk's screenshots, as it writes them into its outbox for the office:
// ScreensDir/screen-SITE-YYYYMMDD-HHMMSS.jpg, in the kiosk's local time.
// kiosk/x11 writes them, the heartbeat names the newest, the fleet page
// brings them beside it: all by these.
const (
	ScreensDir       = "screens"
	screenshotLayout = "20060102-150405"
	screenshotExt    = ".jpg"
)

// ScreenshotPrefix begins the names of site's screenshots.
func ScreenshotPrefix(site string) string { return "screen-" + site + "-" }

// ScreenshotName is the name of site's screenshot taken at at.
func ScreenshotName(site string, at time.Time) string {
	return ScreenshotPrefix(site) + at.Format(screenshotLayout) + screenshotExt
}

// IsScreenshotOf says whether name is exactly a screenshot of site's (not
// of another site whose id begins with site's), and returns its time as
// written in the name ("20060102-150405").
func IsScreenshotOf(name, site string) (stamp string, ok bool) {
	rest, ok := strings.CutPrefix(name, ScreenshotPrefix(site))
	if !ok {
		return "", false
	}
	stamp, ok = strings.CutSuffix(rest, screenshotExt)
	if !ok || len(stamp) != len(screenshotLayout) || stamp[8] != '-' {
		return "", false
	}
	for i, c := range stamp {
		if i != 8 && (c < '0' || c > '9') {
			return "", false
		}
	}
	return stamp, true
}
