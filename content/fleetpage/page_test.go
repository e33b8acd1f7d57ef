package fleetpage

import (
	"bytes"
	"context"
	"fmt"
	"image/jpeg"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"qingfeng/content/collect"
	"qingfeng/content/contenttest"
	"qingfeng/content/fleet"
	"qingfeng/content/outbox"
	"qingfeng/content/sign"
)

var (
	shanghai  = time.FixedZone("CST", 8*3600)
	officeNow = time.Date(2027, 1, 15, 9, 0, 0, 0, shanghai)
)

// district is an office's database in a temporary folder, with the
// outbox folders of its kiosks under root.
type district struct {
	db   *collect.DB
	root string
	keys map[string]sign.Private
}

func newDistrict(tb testing.TB) *district {
	tb.Helper()
	root := tb.TempDir()
	db, err := collect.Open(context.Background(), filepath.Join(root, "district.db"))
	if err != nil {
		tb.Fatal(err)
	}
	db.Now = func() time.Time { return officeNow }
	tb.Cleanup(func() { db.Close() })
	return &district{db: db, root: root, keys: map[string]sign.Private{}}
}

// kiosk registers site as its first batch does and returns its outbox.
func (d *district) kiosk(tb testing.TB, site string) string {
	tb.Helper()
	_, k, err := sign.GenerateKey()
	if err != nil {
		tb.Fatal(err)
	}
	d.keys[site] = k
	dir := filepath.Join(d.root, "collected", site)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	b := outbox.Batch{Format: outbox.Format, ID: uuid.NewString(), Site: site, SiteName: site + "联络站", Written: officeNow.Add(-time.Hour).UTC()}
	data, err := outbox.Encode(b, k)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, outbox.FileName(b.ID)), data, 0o644); err != nil {
		tb.Fatal(err)
	}
	if res, err := d.db.Merge(context.Background(), []string{dir}, nil); err != nil || res.NewBatches != 1 {
		tb.Fatalf("registering %s: %+v %v", site, res, err)
	}
	return dir
}

// beat writes h as site's kiosk writes its heartbeat, and collects it.
func (d *district) beat(tb testing.TB, dir string, h fleet.Heartbeat) collect.FleetResult {
	tb.Helper()
	if err := fleet.Write(dir, h, d.keys[h.Site]); err != nil {
		tb.Fatal(err)
	}
	res, err := d.db.MergeHeartbeats(context.Background(), []string{dir})
	if err != nil || len(res.Bad) > 0 || len(res.Refused) > 0 {
		tb.Fatalf("collecting %s's heartbeat: %+v %v", h.Site, res, err)
	}
	return res
}

// screenshot writes a kiosk's screenshot of w×h at its time.
func screenshot(tb testing.TB, dir, site string, at time.Time, w, h int) string {
	tb.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, contenttest.Photo(w, h, uint64(at.Unix())), &jpeg.Options{Quality: 80}); err != nil {
		tb.Fatal(err)
	}
	name := filepath.Join(dir, fleet.ScreensDir, fleet.ScreenshotName(site, at))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
	return name
}

func displayLog(n int64, name string) fleet.DisplayLog {
	d := fleet.DisplayLog{Entries: n, Head: fmt.Sprintf("%s-%d", name, n), Genesis: name + "-1"}
	for _, s := range fleet.CheckpointSeqs(n) {
		d.Checkpoints = append(d.Checkpoints, fleet.Checkpoint{Seq: s, Hash: fmt.Sprintf("%s-%d", name, s)})
	}
	return d
}

func wellBeat(site string, at time.Time) fleet.Heartbeat {
	return fleet.Heartbeat{Site: site, SiteName: site + "联络站", Written: at.UTC(), Version: "1.3.0", Arch: "amd64",
		Started: at.Add(-24 * time.Hour).UTC(), Open: true, AlwaysOpen: true,
		Packages:   []fleet.Package{{ID: "demo", Version: 3, Title: "清廉故事"}},
		LastImport: &fleet.Import{At: at.Add(-2 * time.Hour).UTC(), Source: "demo.zip", Package: "demo", Version: 3, OK: true},
		DiskFreeMB: 20000, DiskTotalMB: 30000, RSSMB: 180,
		Quiet:      []fleet.Sample{{At: at.Add(-3 * time.Hour).UTC(), MB: 170}, {At: at.Add(-2 * time.Hour).UTC(), MB: 172}},
		DisplayLog: displayLog(100, "orig")}
}

// fourKiosks is a district of a kiosk whose log was rewound, one silent
// for five hours, one whose last import failed and one that is well, each
// with screenshots.
func fourKiosks(tb testing.TB) (*district, collect.Fleet) {
	tb.Helper()
	d := newDistrict(tb)
	now := officeNow.Add(-5 * time.Minute)
	for _, site := range []string{"a-log", "b-stale", "c-import", "d-well"} {
		dir := d.kiosk(tb, site)
		h := wellBeat(site, now)
		switch site {
		case "a-log":
			first := wellBeat(site, now.Add(-time.Hour))
			first.DisplayLog = displayLog(300, "orig")
			d.beat(tb, dir, first)
			h.DisplayLog = displayLog(120, "orig")
		case "b-stale":
			h.Written = officeNow.Add(-5 * time.Hour).UTC()
		case "c-import":
			h.LastImport = &fleet.Import{At: now.Add(-time.Hour).UTC(), Source: "村务公开.zip", Reason: "签名对不上：包在签名以后被改过"}
		}
		d.beat(tb, dir, h)
		for i := range 3 {
			screenshot(tb, dir, site, now.In(shanghai).Add(-time.Duration(i)*time.Hour), 1920, 1080)
		}
	}
	f, err := d.db.Fleet(context.Background(), collect.Rules{Now: officeNow, StaleHours: collect.DefaultStaleHours})
	if err != nil {
		tb.Fatal(err)
	}
	return d, f
}

func write(tb testing.TB, d *district, f collect.Fleet) Result {
	tb.Helper()
	res, err := Write(context.Background(), Page{Base: filepath.Join(d.root, "district"), Fleet: f, History: d.db.History, Loc: shanghai}, nil)
	if err != nil {
		tb.Fatal(err)
	}
	if len(res.Thumbs) > 0 || len(res.Skipped) > 0 {
		tb.Fatalf("thumbnails %v, skipped %v", res.Thumbs, res.Skipped)
	}
	return res
}

var linkRE = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

// Every link of every page is to a file beside the page (in its folder),
// and each exists.
func TestLinksStayBeside(t *testing.T) {
	d, f := fourKiosks(t)
	res := write(t, d, f)
	pages, err := filepath.Glob(filepath.Join(d.root, "district-fleet", "*.html"))
	if err != nil || len(pages) != 4 {
		t.Fatalf("kiosk pages %v %v", pages, err)
	}
	links := 0
	for _, page := range append(pages, res.File) {
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range linkRE.FindAllStringSubmatch(string(data), -1) {
			links++
			l := m[1]
			if strings.Contains(l, ":") || strings.HasPrefix(l, "/") {
				t.Errorf("%s: link %q is not relative", page, l)
				continue
			}
			target := filepath.Join(filepath.Dir(page), filepath.FromSlash(unescape(t, l)))
			if rel, err := filepath.Rel(d.root, target); err != nil || strings.HasPrefix(rel, "..") {
				t.Errorf("%s: link %q leaves the page's folder", page, l)
			}
			if _, err := os.Stat(target); err != nil {
				t.Errorf("%s: link %q: %v", page, l, err)
			}
		}
	}
	if links < 4*3+4*2 {
		t.Fatalf("only %d links", links)
	}
}

func unescape(tb testing.TB, s string) string {
	tb.Helper()
	out, err := url.PathUnescape(s)
	if err != nil {
		tb.Fatalf("%q: %v", s, err)
	}
	return out
}

var (
	tagRE     = regexp.MustCompile(`</?([a-zA-Z][a-zA-Z0-9]*)[^<>]*>`)
	handlerRE = regexp.MustCompile(`(?i)\son[a-z]+\s*=`)
	pageTags  = map[string]bool{}
)

func init() {
	for _, t := range strings.Fields("html head meta title style body h1 h2 p span table thead tbody tr th td a img ul li br dl dt dd div figure figcaption svg line text polyline") {
		pageTags[t] = true
	}
}

// Everything a heartbeat says reaches the page as text, never as markup.
func TestHostileHeartbeatEscaped(t *testing.T) {
	d := newDistrict(t)
	site := `x"><i>'&`
	dir := d.kiosk(t, site)
	h := wellBeat(site, officeNow.Add(-time.Minute))
	// Markup, and marks that turn the text after them right to left (a
	// message that reads otherwise than it says) or break its line.
	hostile := `<script>alert("清风")</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">` + "\u202e正常\u2066\u200f\r\n\x1b[2J"
	h.SiteName, h.Version, h.Arch = hostile, hostile, hostile
	h.Packages = []fleet.Package{{ID: hostile, Title: hostile, Version: 1}}
	h.LastImport = &fleet.Import{At: officeNow.UTC(), Source: hostile, Reason: hostile}
	h.Refused = []fleet.Import{*h.LastImport}
	h.Errors24h, h.RecentErrors = 1, []fleet.LogEntry{{At: officeNow.UTC(), Message: hostile}}
	h.Update = &fleet.Update{At: officeNow.UTC(), From: hostile, To: hostile, Outcome: hostile, Reason: hostile}
	h.DisplayLog.VerifyProblem = hostile
	d.beat(t, dir, h)
	screenshot(t, dir, site, officeNow, 640, 360)
	f, err := d.db.Fleet(context.Background(), collect.Rules{Now: officeNow, StaleHours: 2})
	if err != nil {
		t.Fatal(err)
	}
	res := write(t, d, f)
	pages, _ := filepath.Glob(filepath.Join(d.root, "district-fleet", "*.html"))
	if len(pages) != 1 {
		t.Fatalf("pages %v", pages)
	}
	for _, page := range append(pages, res.File) {
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		s := string(data)
		// Every tag is one the templates write, with no handler and no
		// script link: the hostile text is text.
		for _, tag := range tagRE.FindAllStringSubmatch(s, -1) {
			if !pageTags[strings.ToLower(tag[1])] || handlerRE.MatchString(tag[0]) || strings.Contains(tag[0], "javascript:") {
				t.Errorf("%s: tag %s", filepath.Base(page), tag[0])
			}
		}
		if !strings.Contains(s, "&lt;script&gt;alert(&#34;清风&#34;)&lt;/script&gt;") {
			t.Errorf("%s: the hostile text is not there as text", filepath.Base(page))
		}
		if i := strings.IndexFunc(s, func(r rune) bool {
			return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == '\r' || r == 0x1b
		}); i >= 0 {
			t.Errorf("%s: %q at byte %d: the hostile text's marks are on the page as marks", filepath.Base(page), []rune(s[i:])[0], i)
		}
		// The log lines are English: a clerk is told they are the
		// program's log, for a technician.
		if !strings.Contains(s, "程序日志") || !strings.Contains(s, "技术人员") {
			t.Errorf("%s: the errors are not labelled as the program's log for a technician", filepath.Base(page))
		}
	}
}

// Screenshots are bounded before they are decoded, and a thumbnail is made
// once.
func TestThumbnails(t *testing.T) {
	cases := []struct {
		name  string
		write func(tb testing.TB, dir, site string) string
		thumb bool   // a thumbnail is made
		skip  bool   // not brought beside the page
		err   string // in Result.Thumbs
		maybe bool   // made or not: it depends on the folder's order
	}{
		{"landscape", func(tb testing.TB, dir, site string) string {
			return screenshot(tb, dir, site, officeNow, 1920, 1080)
		}, true, false, "", false},
		{"portrait", func(tb testing.TB, dir, site string) string {
			return screenshot(tb, dir, site, officeNow, 1080, 1920)
		}, true, false, "", false},
		{"claims 60000 pixels wide", func(tb testing.TB, dir, site string) string {
			name := screenshot(tb, dir, site, officeNow, 64, 64)
			data, _ := os.ReadFile(name)
			// The SOF0 frame's width, after its marker, length,
			// precision and height.
			i := bytes.Index(data, []byte{0xff, 0xc0})
			data[i+7], data[i+8] = 0xea, 0x60
			os.WriteFile(name, data, 0o644)
			return name
		}, false, false, "太大", false},
		{"not a JPEG", func(tb testing.TB, dir, site string) string {
			name := screenshot(tb, dir, site, officeNow, 64, 64)
			os.WriteFile(name, []byte("这不是图片"), 0o644)
			return name
		}, false, false, "读不了", false},
		{"too large a file", func(tb testing.TB, dir, site string) string {
			name := screenshot(tb, dir, site, officeNow, 64, 64)
			os.WriteFile(name, make([]byte, MaxShotBytes+1), 0o644)
			return name
		}, false, true, "", false},
		{"a folder of too many files", func(tb testing.TB, dir, site string) string {
			name := screenshot(tb, dir, site, officeNow, 64, 64)
			for i := range MaxScreensEntries {
				os.WriteFile(filepath.Join(dir, fleet.ScreensDir, fmt.Sprintf("junk-%05d", i)), nil, 0o644)
			}
			return name
		}, false, true, "", true},
		{"progressive CMYK costing hundreds of megabytes to decode", func(tb testing.TB, dir, site string) string {
			// 3000×3000 is within the pixel bounds; Go's decoder (the
			// one for CMYK) keeps 64 coefficients a block for each of its
			// four components: about 216 MB.
			name := screenshot(tb, dir, site, officeNow, 64, 64)
			os.WriteFile(name, contenttest.ProgressiveCMYK(tb, 3000, 3000), 0o644)
			return name
		}, false, false, "内存", false},
		{"hundreds of scans", func(tb testing.TB, dir, site string) string {
			// Each scan a few bytes, each making the decoder visit every
			// block; under libjpeg-turbo's own limit of 500.
			name := screenshot(tb, dir, site, officeNow, 64, 64)
			os.WriteFile(name, contenttest.ScanBombJPEG(2000, 2000, 400), 0o644)
			return name
		}, false, false, "扫描", false},
		{"a link", func(tb testing.TB, dir, site string) string {
			name := screenshot(tb, dir, site, officeNow, 64, 64)
			os.Remove(name)
			os.Symlink("/etc/passwd", name)
			return name
		}, false, true, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := newDistrict(t)
			dir := d.kiosk(t, "k1")
			d.beat(t, dir, wellBeat("k1", officeNow.Add(-time.Minute)))
			shot := filepath.Base(c.write(t, dir, "k1"))
			f, err := d.db.Fleet(context.Background(), collect.Rules{Now: officeNow})
			if err != nil {
				t.Fatal(err)
			}
			p := Page{Base: filepath.Join(d.root, "district"), Fleet: f, Loc: shanghai}
			res, err := Write(context.Background(), p, nil)
			if err != nil {
				t.Fatal(err)
			}
			kept := strings.Replace(shot, "screen-", "shot-", 1)
			thumb := filepath.Join(d.root, "district-fleet", "thumbs", kept)
			st, err := os.Stat(thumb)
			if c.maybe {
				if len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0], "只看了其中") {
					t.Fatalf("skipped %v, want the folder said too full", res.Skipped)
				}
				return
			}
			if (err == nil) != c.thumb {
				t.Fatalf("thumbnail made: %v, want %v (%v)", err == nil, c.thumb, res.Thumbs)
			}
			if (len(res.Skipped) == 1) != c.skip {
				t.Fatalf("skipped %v, want skipped %v", res.Skipped, c.skip)
			}
			if c.err != "" && (len(res.Thumbs) != 1 || !strings.Contains(res.Thumbs[0], c.err)) {
				t.Fatalf("thumbnail problems %v, want one saying %q", res.Thumbs, c.err)
			}
			if !c.thumb {
				return
			}
			data, err := os.ReadFile(thumb)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
			if err != nil || max(cfg.Width, cfg.Height) != ThumbSide {
				t.Fatalf("thumbnail %dx%d %v, want %d on its longer side", cfg.Width, cfg.Height, err, ThumbSide)
			}
			// A rerun leaves it as it is.
			before := st.ModTime()
			if _, err := Write(context.Background(), p, nil); err != nil {
				t.Fatal(err)
			}
			if st, err := os.Stat(thumb); err != nil || !st.ModTime().Equal(before) {
				t.Fatalf("thumbnail made again on a rerun: %v", err)
			}
		})
	}
}

// The office keeps MaxShots of a kiosk's screenshots, the newest, and
// brings each once: the kiosk removing its old ones removes nothing here.
func TestShotsKept(t *testing.T) {
	d := newDistrict(t)
	dir := d.kiosk(t, "k1")
	d.beat(t, dir, wellBeat("k1", officeNow.Add(-time.Minute)))
	start := officeNow.Add(-time.Duration(MaxShots+2) * time.Hour)
	for i := range MaxShots + 2 {
		screenshot(t, dir, "k1", start.Add(time.Duration(i)*time.Hour), 32, 18)
	}
	f, err := d.db.Fleet(context.Background(), collect.Rules{Now: officeNow})
	if err != nil {
		t.Fatal(err)
	}
	p := Page{Base: filepath.Join(d.root, "district"), Fleet: f, Loc: shanghai}
	// Only what is kept is brought: copying more to remove it after
	// would fill the office's disk with a synced folder's old files.
	var brought []string
	defer func(b func(string, string) error) { bringShot = b }(bringShot)
	bringShot = func(from, to string) error {
		brought = append(brought, filepath.Base(to))
		return linkOrCopy(from, to)
	}
	for run := range 2 {
		brought = nil
		if _, err := Write(context.Background(), p, nil); err != nil {
			t.Fatal(err)
		}
		if want := []int{MaxShots, 0}[run]; len(brought) != want {
			t.Errorf("run %d: %d screenshots brought, want %d", run+1, len(brought), want)
		}
		kept, err := filepath.Glob(filepath.Join(d.root, "district-fleet", "shots", "shot-k1-*.jpg"))
		if err != nil || len(kept) != MaxShots {
			t.Fatalf("run %d: %d kept, want %d", run+1, len(kept), MaxShots)
		}
		oldest := "shot-k1-" + start.Add(2*time.Hour).Format("20060102-150405") + ".jpg"
		if filepath.Base(kept[0]) != oldest {
			t.Fatalf("run %d: oldest kept %s, want %s", run+1, filepath.Base(kept[0]), oldest)
		}
		// The kiosk keeps only its last ones.
		shots, _ := filepath.Glob(filepath.Join(dir, fleet.ScreensDir, "*.jpg"))
		for _, s := range shots[:len(shots)-24] {
			os.Remove(s)
		}
	}
	page, err := os.ReadFile(filepath.Join(d.root, "district-fleet", "k1.html"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(page), `<figure>`); n != MaxShots {
		t.Fatalf("kiosk page shows %d screenshots, want %d", n, MaxShots)
	}
}

// A kiosk's page tells its history: software changed, an import refused,
// an update rolled back, a silence, each heartbeat of the hours.
func TestKioskPageTimeline(t *testing.T) {
	d := newDistrict(t)
	dir := d.kiosk(t, "k1")
	at := officeNow.Add(-10 * time.Hour).UTC()
	h := wellBeat("k1", at)
	h.Version = "1.2.0"
	d.beat(t, dir, h)
	h.Written, h.Version = at.Add(time.Hour), "1.3.0"
	d.beat(t, dir, h)
	h.Written = at.Add(2 * time.Hour)
	h.LastImport = &fleet.Import{At: at.Add(90 * time.Minute), Source: "坏包.zip", Reason: "签名对不上"}
	d.beat(t, dir, h)
	h.Written = at.Add(8 * time.Hour)
	h.Update = &fleet.Update{At: at.Add(7 * time.Hour), From: "1.3.0", To: "1.4.0", Outcome: fleet.UpdateRolledBack, Reason: "60 秒内没有报告启动好"}
	d.beat(t, dir, h)
	f, err := d.db.Fleet(context.Background(), collect.Rules{Now: officeNow, StaleHours: 2, Loc: shanghai})
	if err != nil {
		t.Fatal(err)
	}
	write(t, d, f)
	data, err := os.ReadFile(filepath.Join(d.root, "district-fleet", "k1.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	for _, want := range []string{
		"程序从 1.2.0 换成 1.3.0",
		"导入 坏包.zip 失败：签名对不上",
		"更新 1.3.0 → 1.4.0：新版本没能运行，已退回 60 秒内没有报告启动好",
		"恢复消息：前面 6 小时 没有收到状态",
		"最早的一条状态：程序 1.2.0",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the timeline does not say %q", want)
		}
	}
	// Newest first.
	if strings.Index(page, "更新 1.3.0 → 1.4.0") > strings.Index(page, "程序从 1.2.0 换成 1.3.0") {
		t.Error("the timeline is not newest first")
	}
	if n := strings.Count(page, " 条</td></tr>"); n != 4 {
		t.Errorf("%d hourly heartbeats listed, want 4", n)
	}
	if !strings.Contains(page, "<svg") || !strings.Contains(page, "<polyline") {
		t.Error("no memory chart")
	}
}

// Every site id a kiosk may have (outbox.ValidSite) gives page and
// screenshot files that any office PC can hold: no name Windows reserves,
// none longer than a file system allows, and no two that differ only in
// case (Windows and macOS do not tell them apart).
func TestSiteIDsAsFileNames(t *testing.T) {
	long := strings.Repeat("（", outbox.MaxSite)
	sites := []string{"CON", "nul", "Com1", "lpt9.txt", "Ab", "aB", "ab", long, long[:len(long)-len("（")] + "）", "村~41"}
	d := newDistrict(t)
	for i, site := range sites {
		if !outbox.ValidSite(site) {
			t.Fatalf("%q is not a valid site id", site)
		}
		// The outbox folder's name is the office's choice, not the site id.
		dir := d.kiosk(t, fmt.Sprintf("k%d", i))
		os.Rename(dir, dir+"x")
		dir += "x"
		d.keys[site] = d.keys[fmt.Sprintf("k%d", i)]
		reg := outbox.Batch{Format: outbox.Format, ID: uuid.NewString(), Site: site, SiteName: "站", Written: officeNow.Add(-time.Hour).UTC()}
		data, err := outbox.Encode(reg, d.keys[site])
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, outbox.FileName(reg.ID)), data, 0o644); err != nil {
			t.Fatal(err)
		}
		if res, err := d.db.Merge(context.Background(), []string{dir}, nil); err != nil || res.NewBatches != 1 {
			t.Fatalf("registering %q: %+v %v", site, res, err)
		}
		d.beat(t, dir, wellBeat(site, officeNow.Add(-time.Minute)))
		screenshot(t, dir, site, officeNow, 64, 36)
	}
	f, err := d.db.Fleet(context.Background(), collect.Rules{Now: officeNow, StaleHours: 2})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Write(context.Background(), Page{Base: filepath.Join(d.root, "district"), Fleet: f, History: d.db.History, Loc: shanghai}, nil)
	if err != nil {
		t.Fatalf("%v (%+v)", err, res)
	}
	reserved := regexp.MustCompile(`(?i)^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)`)
	seen := map[string]string{}
	for _, sub := range []string{"", "shots", thumbsDir} {
		ents, err := os.ReadDir(filepath.Join(d.root, "district-fleet", sub))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			n := e.Name()
			if e.IsDir() {
				continue
			}
			if len(n) > 255 || reserved.MatchString(n) {
				t.Errorf("%s: %q cannot be a file on every office PC", sub, n)
			}
			if other, ok := seen[sub+"/"+strings.ToLower(n)]; ok {
				t.Errorf("%s: %q and %q are one file on Windows", sub, n, other)
			}
			seen[sub+"/"+strings.ToLower(n)] = n
		}
	}
	// The folders k0… registered kiosks of their own, without heartbeats.
	if want := 2*len(sites) + 2*len(sites); len(seen) != want {
		t.Errorf("%d files (pages, screenshots and thumbnails), want %d", len(seen), want)
	}
}
