package fleetpage

import (
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chromium runs the headless browser the office would open the page in
// (Debian's chromium: build/deps.sh test installs it) with args, and
// returns what it printed.
func chromium(tb testing.TB, args ...string) []byte {
	tb.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		tb.Fatalf("chromium is needed to check the fleet page (build/deps.sh test installs it): %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
		"--user-data-dir=" + tb.TempDir(), "--window-size=1600,1400"}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	cmd.Env = append(os.Environ(), "DBUS_SESSION_BUS_ADDRESS=disabled:")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return out
}

// The stripe colours of the badge column, as the stylesheet gives them.
var stripes = map[string][3]uint8{
	"red": {0xc6, 0x28, 0x28}, "orange": {0xef, 0x6c, 0x00}, "yellow": {0xf9, 0xa8, 0x25}, "green": {0x2e, 0x7d, 0x32},
}

func stripeAt(img image.Image, x, y int) string {
	r, g, b, _ := img.At(x, y).RGBA()
	for name, c := range stripes {
		if absDiff(r>>8, c[0]) < 12 && absDiff(g>>8, c[1]) < 12 && absDiff(b>>8, c[2]) < 12 {
			return name
		}
	}
	return ""
}

func absDiff(a uint32, b uint8) uint32 {
	if a > uint32(b) {
		return a - uint32(b)
	}
	return uint32(b) - a
}

var rowRE = regexp.MustCompile(`(?s)<tr class="k (l\d)" id="k-([^"]*)">\s*<td class="badge">(.*?)</td>`)
var wordRE = regexp.MustCompile(`<span class="t l\d">([^<]*)</span>`)

// The fleet page as the office's browser shows it: a rewound log and a
// kiosk not heard of are red, a failed import orange, a well kiosk green,
// in that order down the page, each row's words saying which.
func TestPageInChromium(t *testing.T) {
	d, f := fourKiosks(t)
	res := write(t, d, f)
	url := "file://" + filepath.ToSlash(res.File)

	dom := string(chromium(t, "--dump-dom", url))
	rows := rowRE.FindAllStringSubmatch(dom, -1)
	want := []struct{ site, level, word string }{
		{"a-log", "l3", "展示记录被改动"},
		{"b-stale", "l3", "没有消息"},
		{"c-import", "l2", "导入失败"},
		{"d-well", "l0", "正常"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d kiosk rows in the page Chromium read, want %d", len(rows), len(want))
	}
	for i, w := range want {
		words := wordRE.FindAllStringSubmatch(rows[i][3], -1)
		if rows[i][2] != w.site || rows[i][1] != w.level || len(words) != 1 || words[0][1] != w.word {
			t.Errorf("row %d: %s %s %v, want %s %s [%s]", i+1, rows[i][2], rows[i][1], words, w.site, w.level, w.word)
		}
	}
	if !strings.Contains(dom, "展示记录变短了") {
		t.Error("the rewound log's detail is not on the page")
	}
	if n := strings.Count(dom, `<img class="thumb"`); n != 4 {
		t.Errorf("%d thumbnails, want 4", n)
	}

	shot := filepath.Join(t.TempDir(), "fleet.png")
	chromium(t, "--screenshot="+shot, url)
	fp, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(fp)
	fp.Close()
	if err != nil {
		t.Fatal(err)
	}
	// For a person to look at, as the e2e tests keep theirs.
	if out := os.Getenv("QINGFENG_E2E_OUT"); out != "" {
		if data, err := os.ReadFile(shot); err == nil && os.MkdirAll(out, 0o755) == nil {
			os.WriteFile(filepath.Join(out, "fleet-page.png"), data, 0o644)
		}
	}
	// Down the badge stripe (the first column's thick left border, at
	// the body's margin): one run of colour a row, white between.
	x := 16 + 7
	var runs []string
	last := ""
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		c := stripeAt(img, x, y)
		if c != "" && c != last {
			runs = append(runs, c)
		}
		last = c
	}
	if got := strings.Join(runs, ","); got != "red,red,orange,green" {
		t.Errorf("badge stripes down the page: %s, want red,red,orange,green", got)
		failed := filepath.Join("testdata", "failed")
		if os.MkdirAll(failed, 0o755) == nil {
			if data, err := os.ReadFile(shot); err == nil {
				os.WriteFile(filepath.Join(failed, "fleet.png"), data, 0o644)
			}
		}
	}
}
