package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"time"

	"qingfeng/content/inbox"
)

// The office cannot walk past every village's screen: once an hour (the
// config's screenshot.every) what it shows is saved into the outbox's
// screens folder, which Syncthing carries to the office with the batches.

const (
	screensDir = "screens"
	// firstScreenshot: the first one soon after start, to show the kiosk
	// came up.
	firstScreenshot = 20 * time.Second
)

// saveScreenshot writes img as a JPEG named by site and time into dir,
// atomically, and removes the oldest of this kiosk's screenshots beyond
// keep. It returns the file written.
func saveScreenshot(dir, site string, img image.Image, now time.Time, keep int) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	prefix := "screen-" + site + "-"
	name := filepath.Join(dir, prefix+now.Format("20060102-150405")+".jpg")
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
		return "", err
	}
	// Through a .tmp- file, which the outbox's .stignore keeps Syncthing off.
	if err := inbox.WriteFileAtomic(name, buf.Bytes()); err != nil {
		return "", err
	}
	// Only this kiosk's own: another site's id may begin with this one's.
	mineRE := regexp.MustCompile(`^` + regexp.QuoteMeta(prefix) + `\d{8}-\d{6}\.jpg$`)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return name, err
	}
	var mine []string
	for _, e := range ents {
		if n := e.Name(); mineRE.MatchString(n) {
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

// screenshots saves what X window win shows every a.cfg.Screenshot.Every
// until ctx ends.
func (a *app) screenshots(ctx context.Context, x *xWatch, win uint32) {
	every := a.cfg.Screenshot.Every
	if every <= 0 {
		<-ctx.Done() // the caller's X connection is the guard's too
		return
	}
	site := a.cfg.Site.ID
	if site == "" {
		site = "kiosk"
	}
	dir := filepath.Join(a.cfg.Outbox, screensDir)
	wait := firstScreenshot
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = every
		img, err := x.capture(win)
		if err != nil {
			a.log.Warn("screenshot", "err", err)
			continue
		}
		name, err := saveScreenshot(dir, site, img, time.Now().In(a.cfg.location), a.cfg.Screenshot.Keep)
		if err != nil {
			a.log.Error("screenshot", "err", fmt.Errorf("%s: %w", dir, err))
			continue
		}
		a.log.Info("screenshot saved", "file", name)
	}
}
