package main

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/google/uuid"

	"qingfeng/content/contenttest"
	"qingfeng/content/fleet"
	"qingfeng/content/outbox"
	"qingfeng/content/sign"
)

// fleet600 writes the outboxes of 600 kiosks into root: a batch each (so
// the office registers its key), a heartbeat as a kiosk writes it (seven
// days of quiet-time memory, a display log of 20,000 entries) and a day of
// screenshots, hourly over 08:00–19:00. The screenshots are hard links to
// one 1920×1080 JPEG: the office reads each as a file of its own.
func fleet600(tb testing.TB, root string) []string {
	tb.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, contenttest.PhoneShot(1920, 1080, 7), &jpeg.Options{Quality: 80}); err != nil {
		tb.Fatal(err)
	}
	shot := filepath.Join(root, "shot.jpg")
	if err := os.WriteFile(shot, buf.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
	now := time.Now().UTC()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	var dirs []string
	for i := range 600 {
		site := fmt.Sprintf("k%03d", i)
		dir := filepath.Join(root, "collected", site)
		if err := os.MkdirAll(filepath.Join(dir, "screens"), 0o755); err != nil {
			tb.Fatal(err)
		}
		_, key, err := sign.GenerateKey()
		if err != nil {
			tb.Fatal(err)
		}
		b := outbox.Batch{Format: outbox.Format, ID: uuid.NewString(), Site: site, SiteName: site + "联络站", Written: now}
		data, err := outbox.Encode(b, key)
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, outbox.FileName(b.ID)), data, 0o644); err != nil {
			tb.Fatal(err)
		}
		const entries = 20000
		d := fleet.DisplayLog{Entries: entries, Head: fmt.Sprintf("%064d", entries), Genesis: fmt.Sprintf("%064d", 1)}
		for _, s := range fleet.CheckpointSeqs(entries) {
			d.Checkpoints = append(d.Checkpoints, fleet.Checkpoint{Seq: s, Hash: fmt.Sprintf("%064d", s)})
		}
		h := fleet.Heartbeat{Site: site, SiteName: site + "联络站", Written: now.Add(-time.Duration(i%7) * time.Hour), Version: "1.2.0", Arch: "arm64",
			Started: now.Add(-48 * time.Hour), Open: true, AlwaysOpen: i%3 == 0, DiskFreeMB: int64(500 + 100*(i%100)), DiskTotalMB: 16000,
			RSSMB: 180, HeapMB: 60, Errors24h: i % 5, DisplayLog: d}
		for k := range 14 {
			open := day.Add(time.Duration(k)*24*time.Hour + 8*time.Hour)
			h.Hours = append(h.Hours, fleet.Interval{From: open, Until: open.Add(11 * time.Hour)})
		}
		for k := range 7 * 24 {
			h.Quiet = append(h.Quiet, fleet.Sample{At: now.Add(-time.Duration(7*24-k) * time.Hour), MB: 170 + float64(k%5)})
		}
		for p := range 5 {
			h.Packages = append(h.Packages, fleet.Package{ID: fmt.Sprintf("pkg%d", p), Version: 3 + (i+p)%4, Title: "清廉故事"})
		}
		h.LastImport = &fleet.Import{At: now.Add(-3 * time.Hour), Source: "pkg1.zip", Package: "pkg1", Version: 4, OK: i%11 != 0, Reason: "签名对不上"}
		if err := fleet.Write(dir, h, key); err != nil {
			tb.Fatal(err)
		}
		for hour := 8; hour < 20; hour++ {
			name := fmt.Sprintf("screen-%s-%s-%02d0000.jpg", site, day.Format("20060102"), hour)
			if err := os.Link(shot, filepath.Join(dir, "screens", name)); err != nil {
				tb.Fatal(err)
			}
		}
		dirs = append(dirs, dir)
	}
	return dirs
}

// chromiumReady is how long headless Chromium takes to load url and print
// its document (the load event waits for every picture on the page),
// Chromium's start included.
func chromiumReady(tb testing.TB, url string) time.Duration {
	tb.Helper()
	start := time.Now()
	cmd := exec.Command("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--user-data-dir="+tb.TempDir(), "--dump-dom", url)
	cmd.Env = append(os.Environ(), "DBUS_SESSION_BUS_ADDRESS=disabled:")
	if out, err := cmd.Output(); err != nil || len(out) == 0 {
		tb.Fatalf("chromium %s: %v", url, err)
	}
	return time.Since(start)
}

// browser is a headless Chromium driven through its DevTools pipe (the
// protocol's JSON messages, each ended by a NUL, on fds 3 and 4), to time
// a page's load inside one warm browser: navigation start to the end of
// the load event, as the page's own Navigation Timing says.
type browser struct {
	cmd     *exec.Cmd
	in      *os.File
	out     *bufio.Reader
	id      int
	session string
}

func newBrowser(tb testing.TB) *browser {
	tb.Helper()
	toChrome, in, err := os.Pipe()
	if err != nil {
		tb.Fatal(err)
	}
	out, fromChrome, err := os.Pipe()
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--user-data-dir="+tb.TempDir(), "--remote-debugging-pipe", "--window-size=1600,1000")
	cmd.Env = append(os.Environ(), "DBUS_SESSION_BUS_ADDRESS=disabled:")
	cmd.ExtraFiles = []*os.File{toChrome, fromChrome}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	toChrome.Close()
	fromChrome.Close()
	b := &browser{cmd: cmd, in: in, out: bufio.NewReader(out)}
	tb.Cleanup(func() { in.Close(); cmd.Process.Kill(); cmd.Wait() })
	target := b.call(tb, "", "Target.createTarget", map[string]any{"url": "about:blank"})
	attached := b.call(tb, "", "Target.attachToTarget", map[string]any{"targetId": target["targetId"], "flatten": true})
	b.session, _ = attached["sessionId"].(string)
	b.call(tb, b.session, "Page.enable", nil)
	return b
}

// call sends a command and returns its result, passing over events;
// until, if set, is an event to wait for after the result.
func (b *browser) call(tb testing.TB, session, method string, params map[string]any, until ...string) map[string]any {
	tb.Helper()
	b.id++
	msg := map[string]any{"id": b.id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	data, _ := json.Marshal(msg)
	if _, err := b.in.Write(append(data, 0)); err != nil {
		tb.Fatal(err)
	}
	var result map[string]any
	waiting := len(until) > 0
	for result == nil || waiting {
		line, err := b.out.ReadBytes(0)
		if err != nil {
			tb.Fatalf("chromium %s: %v", method, err)
		}
		var m struct {
			ID     int             `json:"id"`
			Method string          `json:"method"`
			Result map[string]any  `json:"result"`
			Error  json.RawMessage `json:"error"`
		}
		if err := json.Unmarshal(line[:len(line)-1], &m); err != nil {
			tb.Fatal(err)
		}
		switch {
		case m.ID == b.id && m.Error != nil:
			tb.Fatalf("chromium %s: %s", method, m.Error)
		case m.ID == b.id:
			result = m.Result
			if result == nil {
				result = map[string]any{}
			}
		case waiting && m.Method == until[0]:
			waiting = false
		}
	}
	return result
}

// load navigates to url and returns the time from navigation start to
// the end of its load event (every picture loaded), as the page measured
// it.
func (b *browser) load(tb testing.TB, url string) time.Duration {
	tb.Helper()
	b.call(tb, b.session, "Page.navigate", map[string]any{"url": url}, "Page.loadEventFired")
	r := b.call(tb, b.session, "Runtime.evaluate", map[string]any{"expression": "performance.getEntriesByType('navigation')[0].loadEventEnd", "returnByValue": true})
	v, _ := r["result"].(map[string]any)
	ms, ok := v["value"].(float64)
	if !ok || ms <= 0 {
		tb.Fatalf("no load time for %s: %v", url, r)
	}
	return time.Duration(ms * float64(time.Millisecond))
}

// BenchmarkCollectFleet600 is `qingfeng collect` of 600 kiosks with their
// heartbeats and a day of screenshots, the fleet page included: a first
// run into a new district database (every screenshot brought beside the
// page, 600 thumbnails made) and a rerun over it. It reports the page's
// load in headless Chromium beside a blank page's in the same run
// (medians of 5, interleaved).
func BenchmarkCollectFleet600(b *testing.B) {
	root := b.TempDir()
	dirs := fleet600(b, root)
	var first, rerun, days []time.Duration
	var page string
	for n := range b.N {
		out := filepath.Join(root, fmt.Sprintf("run%d", n), "district.db")
		os.MkdirAll(filepath.Dir(out), 0o755)
		for pass, into := range []*[]time.Duration{&first, &rerun, &days} {
			if into == &days {
				b.StopTimer()
				daysOfBatches(b, out, len(dirs))
				b.StartTimer()
			}
			start := time.Now()
			if code, msg := runCmd(b, append([]string{"collect", "--out", out}, dirs...)...); code != 0 {
				b.Fatalf("collect (pass %d): exit %d\n%s", pass, code, msg)
			}
			*into = append(*into, time.Since(start))
		}
		page = filepath.Join(filepath.Dir(out), "district-fleet.html")
	}
	blank := filepath.Join(root, "blank.html")
	os.WriteFile(blank, []byte("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>-</title></head><body></body></html>"), 0o644)
	var pageT, blankT, pageIn, blankIn []time.Duration
	for range 5 {
		blankT = append(blankT, chromiumReady(b, "file://"+blank))
		pageT = append(pageT, chromiumReady(b, "file://"+page))
	}
	br := newBrowser(b)
	for range 5 {
		blankIn = append(blankIn, br.load(b, "file://"+blank))
		pageIn = append(pageIn, br.load(b, "file://"+page))
	}
	b.ReportMetric(median(first).Seconds(), "first-s")
	b.ReportMetric(median(rerun).Seconds(), "rerun-s")
	b.ReportMetric(median(days).Seconds(), "days-s")
	b.ReportMetric(float64(median(pageT).Milliseconds()), "page-ms")
	b.ReportMetric(float64(median(blankT).Milliseconds()), "blank-ms")
	b.ReportMetric(float64((median(pageT) - median(blankT)).Milliseconds()), "page-above-blank-ms")
	b.ReportMetric(float64(median(pageIn).Milliseconds()), "page-load-ms")
	b.ReportMetric(float64(median(blankIn).Milliseconds()), "blank-load-ms")
	b.Logf("first runs %v, reruns %v, reruns with %d batches a site %v; Chromium started for each: page %v, blank %v; in one browser, navigation start to load end: page %v, blank %v",
		first, rerun, batchesPerSite, days, pageT, blankT, pageIn, blankIn)
}

// batchesPerSite is about two days of a kiosk's outbox at a batch a
// minute: what a district database holds after a few days.
const batchesPerSite = 3000

// daysOfBatches adds batchesPerSite earlier batches (no opinions, no
// views) to every site k000… of the district database out, as earlier
// collects would have merged them.
func daysOfBatches(tb testing.TB, out string, sites int) {
	tb.Helper()
	db, err := sql.Open("sqlite3", "file:"+out)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	ins, err := tx.Prepare(`INSERT INTO batches (id, site, site_name, file, opinions, views, written, collected) VALUES (?, ?, ?, ?, 0, 0, ?, ?)`)
	if err != nil {
		tb.Fatal(err)
	}
	from := time.Now().Add(-batchesPerSite * time.Minute).Unix()
	for i := range sites {
		site := fmt.Sprintf("k%03d", i)
		for n := range batchesPerSite {
			id := uuid.NewString()
			at := from + int64(n)*60
			if _, err := ins.Exec(id, site, site+"联络站", filepath.Join("collected", site, id+".json"), at, at+300); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}
