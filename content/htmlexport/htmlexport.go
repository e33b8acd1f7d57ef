// Package htmlexport writes the content a kiosk shows as a static web
// site: the home screen, the story and disclosure lists and pages, and their
// pictures. BENCHMARKS.md compares the kiosk with it (the same content in
// Chromium's kiosk mode). It reads the kiosk's store and reads story bodies
// with content/markdown, as the story screen does. It imports content/...
// and a QR encoder, never kiosk/ (the caller hands it the shell's wording).
package htmlexport

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"qingfeng/content"
	"qingfeng/content/durable"
	"qingfeng/content/inbox"
	"qingfeng/content/store"
)

// Options is what the site shows beside the store's content.
type Options struct {
	SiteName, SiteKind string
	// Text is the shell's wording for a key (tagline, welcome,
	// stories_subtitle, ...), the site's own where configured.
	Text func(key string) string
	// Tiles are the home screen's four tiles' titles, as the shell's.
	Tiles Tiles
	// Now picks what is shown (content has publication windows); zero
	// means time.Now().
	Now time.Time
	// Progress gets a line for each story and disclosure written; nil
	// for none.
	Progress io.Writer
	// StoryCategories and DisclosureCategories are the category tabs, in
	// order, as the kiosk's; nil: content's defaults.
	StoryCategories      []string
	DisclosureCategories []string
}

// Tiles are the titles of the home screen's tiles.
type Tiles struct{ Stories, Disclosures, Exhibits, Opinions string }

// Result counts what an export wrote.
type Result struct{ Pages, Media int }

// Export writes the content st shows at o.Now as a static web site in out:
// index.html (the home screen), stories.html, a page per story,
// disclosures.html, a page per disclosure table, and the pictures in
// out/media. The pages use the system's fonts (no web fonts) and no script
// but the back buttons' history.back().
func Export(ctx context.Context, st *store.Store, out string, o Options) (Result, error) {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	if o.Text == nil {
		o.Text = func(string) string { return "" }
	}
	e := &exporter{ctx: ctx, st: st, o: o, out: out, now: o.Now, media: map[string]string{}}
	err := e.run()
	return Result{Pages: e.pages, Media: len(e.media)}, err
}

type exporter struct {
	ctx   context.Context
	st    *store.Store
	o     Options
	out   string
	now   time.Time
	media map[string]string // blob SHA-256 → its file, relative to out
	pages int
}

func (e *exporter) run() error {
	if err := os.MkdirAll(filepath.Join(e.out, "media"), 0o755); err != nil {
		return err
	}
	stories, err := e.st.Stories(e.ctx, e.now, "")
	if err != nil {
		return err
	}
	discs, err := e.st.Disclosures(e.ctx, e.now, "")
	if err != nil {
		return err
	}
	if err := e.home(stories); err != nil {
		return err
	}
	if err := e.storyLists(stories); err != nil {
		return err
	}
	for i, it := range stories {
		if err := e.story(it); err != nil {
			return fmt.Errorf("story %s/%s: %w", it.PackageID, it.ID, err)
		}
		fmt.Fprintf(e.o.Progress, "故事 %d/%d：%s\n", i+1, len(stories), inbox.ReportName(it.Title))
	}
	if err := e.disclosureLists(discs); err != nil {
		return err
	}
	for i, d := range discs {
		if err := e.disclosure(d); err != nil {
			return fmt.Errorf("disclosure %s/%s: %w", d.PackageID, d.ID, err)
		}
		fmt.Fprintf(e.o.Progress, "公示 %d/%d：%s\n", i+1, len(discs), inbox.ReportName(d.Title))
	}
	for _, soon := range []struct{ file, title, msg string }{
		{"exhibits.html", e.o.Tiles.Exhibits, "互动展项正在准备中，敬请期待"},
		{"opinions.html", e.o.Tiles.Opinions, "意见箱正在准备中，敬请期待"},
	} {
		if err := e.write(soon.file, soon.title, e.bar(soon.file, soon.title, "index.html"),
			`<main class="soon"><h1>`+esc(soon.msg)+"</h1></main>"); err != nil {
			return err
		}
	}
	return nil
}

// text is the kiosk's wording for key, the site's own if configured.
func (e *exporter) text(key string) string { return e.o.Text(key) }

// home is the home screen: site name, the featured stories one at a time
// (a swipeable strip, as the kiosk's carousel), and the four tiles.
func (e *exporter) home(stories []store.StoryItem) error {
	var b strings.Builder
	b.WriteString(`<div class="home"><header class="site"><div><h1>` + esc(e.o.SiteName) + `</h1><p>` +
		esc(e.o.SiteKind+" · "+e.text("tagline")) + "</p></div></header>\n")
	var featured []store.StoryItem
	for _, s := range stories {
		if s.Featured {
			featured = append(featured, s)
		}
	}
	if len(featured) == 0 {
		b.WriteString(`<main class="welcome"><h1>` + esc(e.text("welcome")) + "</h1></main>\n")
	} else {
		b.WriteString(`<main class="carousel">` + "\n")
		for _, s := range featured {
			img, err := e.blob(s.CoverSHA)
			if err != nil {
				return err
			}
			b.WriteString(`<a class="slide" href="` + storyFile(s) + `">`)
			if img != "" {
				b.WriteString(`<img src="` + img + `" alt="">`)
			}
			b.WriteString(`<span class="caption">` + esc(s.Title) + "</span></a>\n")
		}
		b.WriteString("</main>\n")
	}
	b.WriteString(`<nav class="tiles">` + "\n")
	for _, t := range []struct{ href, icon, title, sub string }{
		{"stories.html", "文", e.o.Tiles.Stories, e.text("stories_subtitle")},
		{"disclosures.html", "公", e.o.Tiles.Disclosures, e.text("disclosures_subtitle")},
		{"exhibits.html", "玩", e.o.Tiles.Exhibits, e.text("exhibits_subtitle")},
		{"opinions.html", "言", e.o.Tiles.Opinions, e.text("opinions_subtitle")},
	} {
		fmt.Fprintf(&b, `<a class="tile" href="%s"><span class="icon">%s</span><b>%s</b><small>%s</small></a>`+"\n",
			t.href, t.icon, esc(t.title), esc(t.sub))
	}
	b.WriteString("</nav></div>\n")
	return e.write("index.html", e.o.SiteName, "", b.String())
}

// storyLists writes stories.html (all) and a page per category tab, as the
// kiosk's tabs filter the same grid of cards.
func (e *exporter) storyLists(stories []store.StoryItem) error {
	present := map[string]bool{}
	var found []string
	for _, s := range stories {
		if !present[s.Category] {
			found = append(found, s.Category)
		}
		present[s.Category] = true
	}
	configured := e.o.StoryCategories
	if len(configured) == 0 {
		configured = content.StoryCategories
	}
	cats := []string{""}
	for _, c := range content.OrderCategories(configured, found) {
		if present[c] {
			cats = append(cats, c)
		}
	}
	for _, cat := range cats {
		var b strings.Builder
		b.WriteString(tabs(cats, cat, "stories"))
		var cards strings.Builder
		for _, s := range stories {
			if cat != "" && s.Category != cat {
				continue
			}
			thumb, err := e.blob(s.CoverThumbSHA)
			if err != nil {
				return err
			}
			cards.WriteString(`<a class="card" href="` + storyFile(s) + `">`)
			if thumb != "" {
				cards.WriteString(`<img src="` + thumb + `" alt="">`)
			}
			cards.WriteString(`<span class="cat">` + esc(s.Category) + `</span><b>` + esc(s.Title) + `</b><p>` + esc(s.Summary) + "</p></a>\n")
		}
		if cards.Len() == 0 {
			b.WriteString(`<main class="soon"><h1>暂无内容</h1></main>`)
		} else {
			b.WriteString(`<main class="grid three">` + "\n" + cards.String() + "</main>")
		}
		file := listFile("stories", cat)
		if err := e.write(file, e.o.Tiles.Stories, e.bar(file, e.o.Tiles.Stories, "index.html"), b.String()); err != nil {
			return err
		}
	}
	return nil
}

func (e *exporter) story(it store.StoryItem) error {
	s, ok, err := e.st.Story(e.ctx, e.now, it.PackageID, it.ID)
	if err != nil || !ok {
		return err
	}
	file := storyFile(it)
	root := rootOf(file)
	var b strings.Builder
	b.WriteString(`<div class="reading"><article>` + "\n")
	title := `<h1 class="title">` + esc(s.Title) + "</h1>"
	if s.Audio != "" {
		if src, err := e.packageMedia(s.PackageID, s.Audio); err != nil {
			return err
		} else if src != "" {
			title = `<div class="titlebar">` + title + `<audio controls preload="none" src="` + root + src + `"></audio></div>`
		}
	}
	b.WriteString(title + "\n")
	if cover, err := e.blob(s.CoverSHA); err != nil {
		return err
	} else if cover != "" {
		b.WriteString(`<img class="cover" src="` + root + cover + `" alt="">` + "\n")
	}
	var imgErr error
	b.WriteString(markdownHTML(s.Body, func(path string) string {
		if !slices.Contains(s.Images, path) {
			return "" // the kiosk shows only pictures the package declared
		}
		src, err := e.packageMedia(s.PackageID, path)
		if err != nil {
			imgErr = err
		}
		if src == "" {
			return ""
		}
		return root + src
	}))
	if imgErr != nil {
		return imgErr
	}
	b.WriteString("</article>\n")
	if s.URL != "" {
		qr, err := e.qr(s.URL)
		if err != nil {
			return err
		}
		b.WriteString(`<aside class="qr"><img src="` + root + qr + `" alt="` + esc(s.URL) + `"><p>扫码了解更多</p></aside>` + "\n")
	}
	b.WriteString("</div>")
	return e.write(file, s.Title, e.bar(file, s.Category, "stories.html"), b.String())
}

func (e *exporter) disclosureLists(discs []store.DisclosureItem) error {
	configured := e.o.DisclosureCategories
	if len(configured) == 0 {
		configured = content.DisclosureCategories
	}
	var present []string
	for _, d := range discs {
		present = append(present, d.Category)
	}
	// As on the kiosk: the configured categories, then any an installed
	// table has though the config no longer lists it.
	cats := append([]string{""}, content.OrderCategories(configured, present)...)
	for _, cat := range cats {
		var b strings.Builder
		b.WriteString(tabs(cats, cat, "disclosures"))
		var cards strings.Builder
		for _, d := range discs {
			if cat != "" && d.Category != cat {
				continue
			}
			meta := strings.Join(nonBlank(d.Period, d.Unit, fmt.Sprintf("共%d行", d.RowCount)), " · ")
			cards.WriteString(`<a class="card" href="` + discFile(d) + `"><span class="cat">` + esc(d.Category) + `</span><b>` +
				esc(d.Title) + `</b><p>` + esc(meta) + "</p></a>\n")
		}
		if cards.Len() == 0 {
			b.WriteString(`<main class="soon"><h1>暂无公示</h1></main>`)
		} else {
			b.WriteString(`<main class="grid two">` + "\n" + cards.String() + "</main>")
		}
		file := listFile("disclosures", cat)
		if err := e.write(file, e.o.Tiles.Disclosures, e.bar(file, e.o.Tiles.Disclosures, "index.html"), b.String()); err != nil {
			return err
		}
	}
	return nil
}

func (e *exporter) disclosure(it store.DisclosureItem) error {
	d, ok, err := e.st.Disclosure(e.ctx, e.now, it.PackageID, it.ID)
	if err != nil || !ok {
		return err
	}
	var b strings.Builder
	b.WriteString(`<main class="table"><h2>` + esc(d.Title) + "</h2>\n")
	if facts := nonBlank(prefixed("时间：", d.Period), prefixed("责任单位：", d.Unit)); len(facts) > 0 {
		b.WriteString("<p>" + esc(strings.Join(facts, "　")) + "</p>\n")
	}
	amount := map[int]bool{}
	for _, c := range d.AmountColumns {
		amount[c] = true
	}
	cell := func(tag string, col int, text string) {
		if amount[col] {
			b.WriteString("<" + tag + ` class="num">` + esc(text) + "</" + tag + ">")
		} else {
			b.WriteString("<" + tag + ">" + esc(text) + "</" + tag + ">")
		}
	}
	b.WriteString("<table>\n<thead><tr>")
	for i, h := range d.Header {
		cell("th", i, h)
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for _, r := range d.Rows {
		b.WriteString("<tr>")
		for i := range d.Header {
			text := ""
			if i < len(r.Cells) {
				text = r.Cells[i]
			}
			cell("td", i, text)
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody></table></main>")
	file := discFile(it)
	return e.write(file, d.Title, e.bar(file, d.Category, "disclosures.html"), b.String())
}

// bar is the top bar of every page but home, as the kiosk's: back (the
// browser's history, like the kiosk's stack; parent if there is none),
// home, and the title.
func (e *exporter) bar(file, title, parent string) string {
	root := rootOf(file)
	return `<header class="bar"><a class="btn primary" href="` + root + parent +
		`" onclick="if(history.length>1){history.back();return false}">‹ 返回</a><a class="btn" href="` + root +
		`index.html">首页</a><h1>` + esc(title) + "</h1></header>\n"
}

// tabs is the row of category links above a list; kind is stories or
// disclosures. List pages are all at the top of the site.
func tabs(cats []string, current, kind string) string {
	var b strings.Builder
	b.WriteString(`<nav class="tabs">`)
	for _, c := range cats {
		label := c
		if c == "" {
			label = "全部"
		}
		class := "btn"
		if c == current {
			class = "btn primary"
		}
		b.WriteString(`<a class="` + class + `" href="` + listFile(kind, c) + `">` + esc(label) + "</a>")
	}
	b.WriteString("</nav>\n")
	return b.String()
}

// write puts one page at file (relative to out), with the stylesheet link
// and the top bar.
func (e *exporter) write(file, title, bar, body string) error {
	root := rootOf(file)
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<title>" + esc(title) + "</title>\n<link rel=\"stylesheet\" href=\"" + root + "style.css\">\n</head>\n<body>\n")
	b.WriteString(bar)
	b.WriteString(body)
	b.WriteString("\n</body>\n</html>\n")
	p := filepath.Join(e.out, filepath.FromSlash(file))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		return err
	}
	if e.pages == 0 {
		if err := os.WriteFile(filepath.Join(e.out, "style.css"), []byte(exportCSS), 0o644); err != nil {
			return err
		}
	}
	e.pages++
	return nil
}

// packageMedia exports the media file a package stores at path; "" if the
// package has none there.
func (e *exporter) packageMedia(pkgID, path string) (string, error) {
	m, ok, err := e.st.Media(e.ctx, pkgID, path)
	if err != nil || !ok {
		return "", err
	}
	return e.blob(m.SHA256)
}

// blob hard-links (or, across file systems, copies) one blob of the media
// store into out/media, named by its digest and an extension for its type,
// and returns that name relative to out; "" for no blob.
func (e *exporter) blob(sha string) (string, error) {
	if sha == "" {
		return "", nil
	}
	if name, ok := e.media[sha]; ok {
		return name, nil
	}
	src := e.st.MediaPath(sha)
	if src == "" {
		return "", nil
	}
	ext, err := sniffExt(src)
	if err != nil {
		return "", err
	}
	name := "media/" + sha + ext
	if err := linkOrCopy(src, filepath.Join(e.out, filepath.FromSlash(name))); err != nil {
		return "", err
	}
	e.media[sha] = name
	return name, nil
}

// qr writes a QR code of url as a PNG, as the kiosk shows beside a story
// with a link.
func (e *exporter) qr(url string) (string, error) {
	sum := sha256.Sum256([]byte(url))
	key := "qr:" + hex.EncodeToString(sum[:])
	if name, ok := e.media[key]; ok {
		return name, nil
	}
	name := "media/qr-" + hex.EncodeToString(sum[:8]) + ".png"
	if err := qrcode.WriteFile(url, qrcode.Medium, 240, filepath.Join(e.out, filepath.FromSlash(name))); err != nil {
		return "", err
	}
	e.media[key] = name
	return name, nil
}

// sniffExt names a media blob's type by its first bytes (the store keeps
// blobs without extensions).
func sniffExt(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return "", err
	}
	switch ct := http.DetectContentType(head[:n]); {
	case ct == "image/png":
		return ".png", nil
	case ct == "image/jpeg":
		return ".jpg", nil
	case ct == "image/gif":
		return ".gif", nil
	case ct == "image/webp":
		return ".webp", nil
	case ct == "application/ogg" || strings.HasPrefix(ct, "audio/ogg"):
		return ".ogg", nil
	case ct == "audio/mpeg":
		return ".mp3", nil
	case ct == "audio/wave":
		return ".wav", nil
	}
	return "", nil
}

func linkOrCopy(src, dst string) error {
	if _, err := os.Lstat(dst); err == nil {
		return nil // same digest, same bytes: already exported
	}
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := durable.Create(dst, 0o644)
	if err != nil {
		return err
	}
	defer out.Abort()
	if _, err := io.Copy(out, in); err != nil {
		return err
	}
	return out.Commit()
}

// storyFile and discFile are a page's path relative to out; each path
// segment is made file-name- and URL-safe.
func storyFile(s store.StoryItem) string {
	return "s/" + safeSegment(s.PackageID) + "/" + safeSegment(s.ID) + ".html"
}

func discFile(d store.DisclosureItem) string {
	return "d/" + safeSegment(d.PackageID) + "/" + safeSegment(d.ID) + ".html"
}

// listFile is the list page of one category tab ("" = 全部).
func listFile(kind, cat string) string {
	if cat == "" {
		return kind + ".html"
	}
	return kind + "-" + safeSegment(cat) + ".html"
}

// safeSegment keeps ASCII letters, digits and '-' and writes every other
// byte as _xx, so distinct IDs stay distinct and no ID can leave its
// folder.
func safeSegment(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "_%02x", c)
		}
	}
	if b.Len() == 0 {
		return "_"
	}
	return b.String()
}

// rootOf is the relative path from file's folder back to out.
func rootOf(file string) string {
	return strings.Repeat("../", strings.Count(file, "/"))
}

func esc(s string) string { return html.EscapeString(s) }

func nonBlank(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

func prefixed(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

// exportCSS is the site's one stylesheet: the kiosk's palette and sizes
// (28 px text, 44 px headings, 64 px touch targets), system fonts only.
const exportCSS = `* { box-sizing: border-box; }
html, body { margin: 0; }
body { background: #FAF6EC; color: #222; font: 28px/1.5 "Noto Sans CJK SC", "Noto Sans SC", sans-serif; }
a { color: inherit; text-decoration: none; }
h1 { font-size: 44px; margin: 0; }
h2 { font-size: 34px; }
.btn { display: inline-flex; align-items: center; min-height: 64px; padding: 0 24px; margin: 8px; border-radius: 8px; background: #ECE2CB; font-size: 28px; }
.btn.primary { background: #B71C1C; color: #FFF; }
.bar { position: sticky; top: 0; z-index: 1; display: flex; align-items: center; padding: 8px 16px; background: #FAF6EC; border-bottom: 4px solid #B71C1C; }
.bar h1 { flex: 1; text-align: center; margin-right: 240px; }
.tabs { display: flex; flex-wrap: nowrap; overflow-x: auto; padding: 8px; }
.home { display: grid; grid-template-rows: auto 1fr auto; height: 100vh; padding: 16px; gap: 16px; }
.site h1 { color: #B71C1C; font-size: 57px; }
.site p { margin: 0; font-size: 34px; }
.carousel { display: flex; overflow-x: auto; scroll-snap-type: x mandatory; scrollbar-width: none; min-height: 0; }
.slide { flex: 0 0 100%; scroll-snap-align: start; display: flex; flex-direction: column; background: #FFF; border-radius: 12px; overflow: hidden; }
.slide img { flex: 1; min-height: 0; width: 100%; object-fit: contain; }
.caption { background: #B71C1C; color: #FAF6EC; font-size: 34px; font-weight: bold; text-align: center; padding: 16px; }
.welcome, .soon { display: flex; align-items: center; justify-content: center; min-height: 60vh; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 16px; }
.tile { display: flex; flex-direction: column; align-items: center; padding: 16px; background: #FFF; border-radius: 12px; }
.tile .icon { width: 72px; height: 72px; border-radius: 50%; background: #B71C1C; color: #FFF; font-size: 40px; display: flex; align-items: center; justify-content: center; }
.tile b { color: #B71C1C; font-size: 44px; }
.tile small { font-size: 22px; }
.grid { display: grid; gap: 16px; padding: 16px; }
.grid.three { grid-template-columns: repeat(3, 1fr); }
.grid.two { grid-template-columns: repeat(2, 1fr); }
.card { display: flex; flex-direction: column; padding: 16px; background: #FFF; border-radius: 12px; }
.card img { width: 100%; aspect-ratio: 16 / 9; object-fit: contain; }
.card .cat { color: #B71C1C; font-size: 22px; }
.card p { margin: 8px 0 0; }
.reading { display: flex; gap: 24px; padding: 16px 32px; }
article { flex: 1; max-width: 1400px; }
.titlebar { display: flex; align-items: center; gap: 24px; }
.titlebar .title { flex: 1; }
img.cover { display: block; width: 960px; max-width: 100%; margin: 16px 0; }
figure { margin: 16px 0; text-align: center; }
figure img { width: 800px; max-width: 100%; }
figcaption { font-size: 28px; }
.qr { text-align: center; }
.qr img { width: 240px; height: 240px; image-rendering: pixelated; }
.table { padding: 16px 32px; }
table { border-collapse: collapse; width: 100%; background: #FFF; }
th, td { border: 1px solid #D6CBB4; padding: 12px 16px; text-align: left; }
th { background: #E9DCB4; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
`
