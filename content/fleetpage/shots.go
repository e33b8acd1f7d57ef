package fleetpage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/sync/semaphore"

	"qingfeng/content/durable"
	"qingfeng/content/fleet"
	"qingfeng/content/jpegturbo"
)

// Bounds on a screenshot, checked before it is read or decoded: a kiosk
// writes a JPEG of its screen, a few hundred kilobytes of at most 4K.
const (
	MaxShotBytes  = 8 << 20
	MaxShotSide   = 8192
	MaxShotPixels = 40 << 20
	// MaxShots is how many of a kiosk's screenshots the office keeps
	// beside the page (the kiosk keeps its last 24): two weeks hourly.
	MaxShots = 14 * 24
	// ThumbSide is a thumbnail's longer side, in pixels.
	ThumbSide = 240
	// MaxShotDecode bounds what decoding one screenshot may cost, as
	// jpegturbo.GoCost counts it (the most either decoder takes): a 4K
	// progressive screenshot costs about 60 MB, a baseline one a third.
	MaxShotDecode = 128 << 20
)

// decoding is the memory all the thumbnails being made at once may take:
// Write makes them on every core.
var decoding = semaphore.NewWeighted(2 * MaxShotDecode)

// ShotPrefix begins every screenshot's name beside the page.
const ShotPrefix = "shot-"

// shotTime is the time a screenshot's name ends with.
var shotTime = regexp.MustCompile(`-\d{8}-\d{6}\.jpg$`)

// Shot is one screenshot kept beside the page.
type Shot struct {
	Name string // in the page folder's shots/ (and thumbs/ for the latest)
	When string // "2027-01-15 09:00", the kiosk's time from the name
}

// safeName is site as a file name on any office PC: lower-case letters,
// digits, _ and common Chinese characters kept, every other byte ~XX (so
// Windows' forbidden <>:"|?*, and upper case, which Windows and macOS do
// not tell from lower). A name Windows reserves (con, nul, com1…) gets a
// ~ in front, and one longer than maxSafeName bytes is cut and ends in
// ~~ and a hash of the whole id: a page's name, with the temporary name
// it is written under, stays far below a file system's 255 bytes. Each
// form is told apart from the others by what follows its ~, so two sites
// never share a name.
func safeName(site string) string {
	var b strings.Builder
	for _, r := range site {
		switch {
		case r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 0x4e00 && r <= 0x9fff:
			b.WriteRune(r)
		default:
			for _, c := range []byte(string(r)) {
				fmt.Fprintf(&b, "~%02X", c)
			}
		}
	}
	s := b.String()
	if windowsReserved.MatchString(s) {
		s = "~" + s
	}
	if len(s) > maxSafeName {
		cut := maxSafeName - len("~~") - 16
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		sum := sha256.Sum256([]byte(site))
		s = s[:cut] + "~~" + hex.EncodeToString(sum[:8])
	}
	return s
}

// maxSafeName bounds safeName's result in bytes.
const maxSafeName = 120

// windowsReserved is the device names Windows refuses as a file's name,
// whatever follows them.
var windowsReserved = regexp.MustCompile(`^(con|prn|aux|nul|com[0-9]|lpt[0-9])$`)

func whenOf(name string) string {
	m := shotTime.FindString(name)
	if len(m) != len("-20060102-150405.jpg") {
		return ""
	}
	d, t := m[1:9], m[10:16]
	return d[:4] + "-" + d[4:6] + "-" + d[6:] + " " + t[:2] + ":" + t[2:4]
}

// keptShots is what the shots folder holds, by site (safeName): one
// reading of the folder for every kiosk.
func keptShots(shots string) (map[string][]string, error) {
	ents, err := os.ReadDir(shots)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	const tail = len("-20060102-150405.jpg")
	for _, e := range ents {
		n := e.Name()
		if strings.HasPrefix(n, ShotPrefix) && len(n) > len(ShotPrefix)+tail && shotTime.MatchString(n) {
			site := n[len(ShotPrefix) : len(n)-tail]
			out[site] = append(out[site], n)
		}
	}
	return out, nil
}

// copyShots brings site's screenshots from its outbox folder into
// shots (a hard link where it can, else a copy), each at most once, and
// returns the site's shots there, newest first, at most MaxShots (older
// ones removed). have is what shots held of the site's before. Only those
// that will be kept are brought: a synced folder may hold thousands of
// old screenshots, and copying them to remove them would fill the office's
// disk first. A file that is not a plain file or is too large is skipped
// and said in skipped.
func copyShots(outbox, shots, site string, have []string) (kept []Shot, skipped []string, err error) {
	ents, full, err := readDirBounded(filepath.Join(outbox, fleet.ScreensDir), MaxScreensEntries)
	if err != nil {
		return nil, nil, err
	}
	if full {
		skipped = append(skipped, fmt.Sprintf("%s：文件超过 %d 个，只看了其中 %d 个（展示屏只留最近 24 张截图）", filepath.Join(outbox, fleet.ScreensDir), MaxScreensEntries, MaxScreensEntries))
	}
	dst := ShotPrefix + safeName(site) + "-"
	names := append([]string(nil), have...)
	from := map[string]string{} // a name to bring → its file in the outbox
	for _, e := range ents {
		n := e.Name()
		stamp, ok := fleet.IsScreenshotOf(n, site)
		if !ok {
			continue
		}
		to := dst + stamp + ".jpg"
		if _, ok := from[to]; ok {
			continue
		}
		if _, err := os.Lstat(filepath.Join(shots, to)); err == nil {
			continue
		}
		from[to] = filepath.Join(outbox, fleet.ScreensDir, n)
		names = append(names, to)
	}
	sort.Sort(sort.Reverse(sort.StringSlice(names)))
	for _, n := range names {
		src, bring := from[n]
		if len(kept) >= MaxShots {
			if !bring {
				os.Remove(filepath.Join(shots, n))
				os.Remove(filepath.Join(filepath.Dir(shots), thumbsDir, n))
			}
			continue
		}
		if bring {
			st, err := os.Lstat(src)
			if err != nil {
				continue // gone meanwhile: the kiosk keeps only its last ones
			}
			if !st.Mode().IsRegular() || st.Size() > MaxShotBytes {
				skipped = append(skipped, src)
				continue
			}
			if err := bringShot(src, filepath.Join(shots, n)); err != nil {
				return nil, skipped, err
			}
		}
		kept = append(kept, Shot{Name: n, When: whenOf(n)})
	}
	return kept, skipped, nil
}

// bringShot is linkOrCopy; tests count its calls.
var bringShot = linkOrCopy

// MaxScreensEntries bounds what is read of a kiosk's screens folder (a
// synced folder anyone may fill): the kiosk keeps 24 screenshots there.
const MaxScreensEntries = 10000

// readDirBounded reads at most n entries of dir (none if it is missing),
// and says whether there were more.
func readDirBounded(dir string, n int) ([]os.DirEntry, bool, error) {
	f, err := os.Open(dir)
	if os.IsNotExist(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	var out []os.DirEntry
	for {
		ents, err := f.ReadDir(256)
		out = append(out, ents...)
		if len(out) > n {
			return out[:n], true, nil
		}
		if err == io.EOF || len(ents) == 0 {
			return out, false, nil
		}
		if err != nil {
			return nil, false, err
		}
	}
}

func linkOrCopy(from, to string) error {
	if err := os.Link(from, to); err == nil {
		return nil
	}
	f, err := os.Open(from)
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxShotBytes+1))
	if err != nil {
		return err
	}
	if len(data) > MaxShotBytes {
		return fmt.Errorf("%s: grew past %d bytes while read", from, MaxShotBytes)
	}
	return durable.WriteFile(to, data, 0o644)
}

const thumbsDir = "thumbs"

// thumbnail makes thumbs/name from shots/name unless it is there (its
// size read from its header then), and returns its size: the picture's
// header checked (sides, pixels) before it is decoded, decoded at the DCT
// scale nearest above the thumbnail's size.
func thumbnail(ctx context.Context, shots, thumbs, name string) (w, h int, err error) {
	to := filepath.Join(thumbs, name)
	if f, err := os.Open(to); err == nil {
		cfg, err := jpeg.DecodeConfig(f)
		f.Close()
		if err == nil {
			return cfg.Width, cfg.Height, nil
		}
	}
	if err := makeThumbnail(ctx, shots, to, name); err != nil {
		return 0, 0, err
	}
	f, err := os.Open(to)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	cfg, err := jpeg.DecodeConfig(f)
	return cfg.Width, cfg.Height, err
}

func makeThumbnail(ctx context.Context, shots, to, name string) error {
	from := filepath.Join(shots, name)
	f, err := os.Open(from)
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxShotBytes+1))
	if err != nil {
		return err
	}
	if len(data) > MaxShotBytes {
		return fmt.Errorf("截图超过 %d MB", MaxShotBytes>>20)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("截图读不了（不是完整的 JPEG 图片）：%w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxShotSide || cfg.Height > MaxShotSide || int64(cfg.Width)*int64(cfg.Height) > MaxShotPixels {
		return fmt.Errorf("截图 %d×%d 像素，太大了：展示屏的截图不会超过 %d×%d", cfg.Width, cfg.Height, MaxShotSide, MaxShotSide)
	}
	// A scan can be a few bytes and makes the decoder visit every block.
	if n := jpegturbo.Scans(data); n > jpegturbo.MaxScans {
		return fmt.Errorf("截图有 %d 遍扫描（展示屏的截图只有 1 遍，上限 %d 遍），解码它要很久：不是展示屏写的截图，请查明它从哪里来", n, jpegturbo.MaxScans)
	}
	cost, _, _ := jpegturbo.GoCost(data, int64(cfg.Width), int64(cfg.Height))
	cost += int64(len(data)) + 4*ThumbSide*ThumbSide
	if cost > MaxShotDecode {
		return fmt.Errorf("截图（%d×%d）解码要约 %d MB 内存，上限 %d MB：展示屏的截图用不了这么多，请查明它从哪里来", cfg.Width, cfg.Height, cost>>20, MaxShotDecode>>20)
	}
	if err := decoding.Acquire(ctx, cost); err != nil {
		return err
	}
	defer decoding.Release(cost)
	minW, minH := ThumbSide, 0
	if cfg.Height > cfg.Width {
		minW, minH = 0, ThumbSide
	}
	img, err := jpegturbo.Decode(data, jpegturbo.ScaleFor(cfg.Width, cfg.Height, minW, minH), int64(cfg.Width)*int64(cfg.Height))
	if err != nil {
		return fmt.Errorf("截图读不了：%w", err)
	}
	b := img.Bounds()
	if w, h := b.Dx(), b.Dy(); max(w, h) > ThumbSide {
		tw, th := ThumbSide, max(1, h*ThumbSide/w)
		if h > w {
			tw, th = max(1, w*ThumbSide/h), ThumbSide
		}
		small := image.NewRGBA(image.Rect(0, 0, tw, th))
		xdraw.ApproxBiLinear.Scale(small, small.Bounds(), img, b, xdraw.Src, nil)
		img = small
	}
	var buf bytes.Buffer
	if err := jpegturbo.Encode(&buf, img, 80); err != nil {
		return err
	}
	return durable.WriteFile(to, buf.Bytes(), 0o644)
}
