package x11

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"time"

	"qingfeng/content/durable"
	"qingfeng/content/fleet"
)

// The office cannot walk past every village's screen: once an hour (the
// config's screenshot.every) what it shows is saved into the outbox's
// screens folder, which Syncthing carries to the office with the batches.

const (
	// ScreensDir is the outbox's folder of screenshots.
	ScreensDir = fleet.ScreensDir
	// firstScreenshot: the first one soon after start, to show the kiosk
	// came up.
	firstScreenshot = 20 * time.Second
)

// SaveScreenshot writes img as a JPEG named by site and time into dir,
// atomically, and removes the oldest of this kiosk's screenshots beyond
// keep. It returns the file written.
func SaveScreenshot(dir, site string, img image.Image, now time.Time, keep int) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	name := filepath.Join(dir, fleet.ScreenshotName(site, now))
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
		return "", err
	}
	// Through a .tmp- file, which the outbox's .stignore keeps Syncthing off.
	if err := durable.WriteFile(name, buf.Bytes(), 0o600); err != nil {
		return "", err
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return name, err
	}
	var mine []string
	for _, e := range ents {
		// Only this kiosk's own: another site's id may begin with this one's.
		if n := e.Name(); isMine(n, site) {
			mine = append(mine, n)
		}
	}
	sort.Strings(mine) // the time in the name sorts as text
	for _, old := range mine[:max(0, len(mine)-keep)] {
		if err := os.Remove(filepath.Join(dir, old)); err != nil {
			return name, err
		}
	}
	return name, nil
}

func isMine(name, site string) bool {
	_, ok := fleet.IsScreenshotOf(name, site)
	return ok
}

// Screenshots saves what a window shows, now and then, for the office.
type Screenshots struct {
	Every    time.Duration // between two; 0: none
	Keep     int           // how many of this kiosk's stay in Dir
	Dir      string        // the outbox's ScreensDir
	Site     string        // the site's id in the names; "" is "kiosk"
	Location *time.Location
	Log      *slog.Logger
}

// Run saves what X window win shows every s.Every until ctx ends.
func (s Screenshots) Run(ctx context.Context, x *Conn, win uint32) {
	every := s.Every
	if every <= 0 {
		<-ctx.Done() // the caller's X connection is the guard's too
		return
	}
	site := s.Site
	if site == "" {
		site = "kiosk"
	}
	dir := s.Dir
	wait := firstScreenshot
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = every
		img, err := x.Capture(win)
		if err != nil {
			s.Log.Warn("screenshot", "err", err)
			continue
		}
		name, err := SaveScreenshot(dir, site, img, time.Now().In(s.Location), s.Keep)
		if err != nil {
			s.Log.Error("screenshot", "err", fmt.Errorf("%s: %w", dir, err))
			continue
		}
		s.Log.Info("screenshot saved", "file", name)
	}
}
