package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"qingfeng/content"
)

// pkgSpec describes a generated package. Everything generated is a pure
// function of the spec, so two processes (the crash test's parent and
// child) build identical packages.
type pkgSpec struct {
	ID          string
	Title       string
	Version     int
	Seed        uint64 // varies the content; 0 derives it from ID and Version
	Stories     int
	Disclosures int
	Rows        int // rows in each disclosure
	Images      int // JPEG images (see ImageBytes)
	// ImageBytes > 0 makes images random bytes of that size (cheap, hard to
	// compress); 0 uses the shared generated 800×600 JPEG, varied per image.
	ImageBytes int
	Audio      int
	Quizzes    int
	Window     content.Window
}

func (sp pkgSpec) seed() uint64 {
	if sp.Seed != 0 {
		return sp.Seed
	}
	h := sha256.Sum256(fmt.Appendf(nil, "%s/%d", sp.ID, sp.Version))
	return uint64(h[0]) | uint64(h[1])<<8 | uint64(h[2])<<16 | uint64(h[3])<<24 | uint64(h[4])<<32
}

var (
	jpegOnce            sync.Once
	jpegImage, jpegThmb []byte
)

// sampleJPEGs encodes, once per process, an 800×600 photo-like JPEG and a
// 160×120 thumbnail.
func sampleJPEGs(tb testing.TB) (img, thumb []byte) {
	tb.Helper()
	jpegOnce.Do(func() {
		enc := func(w, h int) []byte {
			m := image.NewRGBA(image.Rect(0, 0, w, h))
			r := rand.New(rand.NewPCG(1, 2))
			for y := 0; y < h; y++ {
				for x := 0; x < w; x++ {
					m.Set(x, y, color.RGBA{
						uint8(x * 255 / w), uint8(y * 255 / h),
						uint8(128 + 60*math.Sin(float64(x+y)/40) + float64(r.IntN(24))), 255,
					})
				}
			}
			var b bytes.Buffer
			if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 80}); err != nil {
				panic(err)
			}
			return b.Bytes()
		}
		jpegImage, jpegThmb = enc(800, 600), enc(160, 120)
	})
	return jpegImage, jpegThmb
}

// varyJPEG gives a JPEG distinct bytes (and so a distinct SHA-256) by
// inserting a comment segment after the SOI marker; decoders ignore it.
func varyJPEG(src []byte, tag string) []byte {
	com := []byte(tag)
	out := make([]byte, 0, len(src)+len(com)+4)
	out = append(out, src[:2]...)
	out = append(out, 0xFF, 0xFE, byte((len(com)+2)>>8), byte(len(com)+2))
	out = append(out, com...)
	return append(out, src[2:]...)
}

func mediaOf(path string, kind content.MediaKind, format string, data, thumb []byte, w, h int) content.Media {
	sum := sha256.Sum256(data)
	return content.Media{
		Path: path, Kind: kind, Format: format, Size: int64(len(data)),
		SHA256: hex.EncodeToString(sum[:]), Width: w, Height: h, Thumb: thumb,
		Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil },
	}
}

var (
	surnames   = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈")
	givenChars = []rune("建国华明丽芳军伟强秀英德志勇静敏海平桂兰玉春红金林山文")
	groups     = []string{"东湾组", "西岭组", "南塘组", "北坡组", "村委会", "老年协会", "合作社", "第三村民小组"}
	items      = []string{
		"办公用品采购", "道路硬化工程款", "食堂食材采购", "公章刻制费", "印章刻制及备案费",
		"村务公开栏维修费", "保洁员工资", "水电费", "土地租金收入", "集体鱼塘承包费",
		"路灯安装工程进度款", "党员活动室修缮", "防汛物资采购", "困难群众慰问金", "食堂燃气费",
		"垃圾清运费", "绿化苗木采购", "会议误工补贴", "财务审计服务费", "村级监督委员会工作经费",
		"农田水利维修", "集体厂房租金收入", "上级转移支付资金", "文化礼堂设备采购", "村务公开资料印刷费",
	}
	notes = []string{"已公示", "发票已附", "经村民代表大会通过", "", "", "凭证已归档", "监委会已审核", "分期支付", "含税"}

	sentences = []string{
		"清正廉洁是村干部的立身之本。", "他一生守着集体的每一分钱，从不把公家的东西带回家。",
		"村务公开栏每月更新，群众看得明白、心里亮堂。", "家风正则民风淳，民风淳则政风清。",
		"老支书常说：印章是集体的，不是个人的。", "食堂账目日清月结，接受全体村民监督。",
		"数字化监督平台让每一笔支出都有迹可循。", "廉洁文化走进田间地头，村民在茶余饭后谈家训。",
		"The village committee publishes every invoice online.", "清风廉韵，润物无声。",
	}
	questions = []string{"村级重大事项须经什么程序决定？", "村务公开栏多久更新一次？", "集体资金支出需要谁审核？"}
)

// buildPackage generates a realistic package: stories with Markdown bodies
// and covers, village-finance disclosure tables, quizzes and media.
func buildPackage(tb testing.TB, sp pkgSpec) *content.Package {
	tb.Helper()
	r := rand.New(rand.NewPCG(sp.seed(), 0x9e3779b97f4a7c15))
	title := sp.Title
	if title == "" {
		title = fmt.Sprintf("%s 清风内容 v%d", sp.ID, sp.Version)
	}
	p := &content.Package{ID: sp.ID, Title: title, Version: sp.Version, Window: sp.Window}
	tag := fmt.Sprintf("%s/%d/%d", sp.ID, sp.Version, sp.seed())

	var images []string
	for i := range sp.Images {
		path := fmt.Sprintf("media/photo%03d.jpg", i)
		var data, thumb []byte
		if sp.ImageBytes > 0 {
			data = make([]byte, sp.ImageBytes)
			for j := range data {
				data[j] = byte(r.Uint32())
			}
			thumb = fmt.Appendf(nil, "thumb of %s %s", path, tag)
		} else {
			img, th := sampleJPEGs(tb)
			data = varyJPEG(img, fmt.Sprintf("%s %s", tag, path))
			thumb = varyJPEG(th, fmt.Sprintf("thumb %s %s", tag, path))
		}
		p.Media = append(p.Media, mediaOf(path, content.Image, "jpeg", data, thumb, 800, 600))
		images = append(images, path)
	}
	for i := range sp.Audio {
		path := fmt.Sprintf("media/voice%02d.mp3", i)
		data := fmt.Appendf(nil, "ID3 fake narration %s %s", path, tag)
		p.Media = append(p.Media, mediaOf(path, content.Audio, "mp3", data, nil, 0, 0))
	}

	for i := range sp.Stories {
		var body strings.Builder
		fmt.Fprintf(&body, "# 第%d个故事\n\n", i+1)
		for k := 0; k < 3+r.IntN(4); k++ {
			for j := 0; j < 2+r.IntN(4); j++ {
				body.WriteString(sentences[r.IntN(len(sentences))])
			}
			body.WriteString("\n\n")
		}
		st := content.Story{
			ID:       fmt.Sprintf("story%02d", i),
			File:     fmt.Sprintf("stories/story%02d.md", i),
			Title:    fmt.Sprintf("%s的清廉故事%d", string(surnames[r.IntN(len(surnames))])+"书记", i+1),
			Category: content.StoryCategories[i%len(content.StoryCategories)],
			Summary:  sentences[r.IntN(len(sentences))],
			Featured: i%4 == 0,
			URL:      fmt.Sprintf("https://example.org/story/%d", i),
		}
		if len(images) > 0 {
			st.Cover = images[i%len(images)]
			st.Images = []string{images[(i+1)%len(images)]}
			fmt.Fprintf(&body, "![配图](%s)\n", st.Images[0])
		}
		if sp.Audio > 0 {
			st.Audio = fmt.Sprintf("media/voice%02d.mp3", i%sp.Audio)
		}
		st.Body = body.String()
		p.Stories = append(p.Stories, st)
	}

	for i := range sp.Disclosures {
		d := content.Disclosure{
			ID:            fmt.Sprintf("finance%02d", i),
			File:          fmt.Sprintf("disclosures/finance%02d.csv", i),
			Title:         fmt.Sprintf("%d年第%d季度村级财务收支明细", 2024+i/4, i%4+1),
			Category:      content.DisclosureCategories[i%len(content.DisclosureCategories)],
			Period:        fmt.Sprintf("%d年第%d季度", 2024+i/4, i%4+1),
			Unit:          "清风村村民委员会",
			Header:        []string{"日期", "摘要", "收入(元)", "支出(元)", "经办人", "备注"},
			AmountColumns: []int{2, 3},
		}
		for j := range sp.Rows {
			amount := float64(r.IntN(5000000)) / 100
			in, out := "", fmt.Sprintf("%.2f", amount)
			amts := []float64{math.NaN(), amount}
			if r.IntN(5) == 0 {
				in, out = out, ""
				amts = []float64{amount, math.NaN()}
			}
			name := string(surnames[r.IntN(len(surnames))]) + string(givenChars[r.IntN(len(givenChars))])
			if r.IntN(2) == 0 {
				name += string(givenChars[r.IntN(len(givenChars))])
			}
			summary := groups[r.IntN(len(groups))] + items[r.IntN(len(items))]
			d.Rows = append(d.Rows, content.Row{
				Line: j + 2,
				Cells: []string{
					fmt.Sprintf("%d-%02d-%02d", 2024+i/4, 1+r.IntN(12), 1+r.IntN(28)),
					summary, in, out, name, notes[r.IntN(len(notes))],
				},
				Amounts: amts,
			})
		}
		p.Disclosures = append(p.Disclosures, d)
	}

	for i := range sp.Quizzes {
		q := content.Quiz{ID: fmt.Sprintf("quiz%d", i), File: fmt.Sprintf("quizzes/quiz%d.yaml", i), Title: fmt.Sprintf("清廉知识问答%d", i+1)}
		for j, text := range questions {
			q.Questions = append(q.Questions, content.Question{
				Q: text, Choices: []string{"村民代表会议", "村支书一人", "每月", "监委会"},
				Answer: j % 4, Explain: "依照村务公开有关规定。",
			})
		}
		p.Quizzes = append(p.Quizzes, q)
	}
	return p
}

// openStore opens a store in dir (a new temp dir if ""), closed at cleanup.
func openStore(tb testing.TB, dir string, opts ...Option) *Store {
	tb.Helper()
	if dir == "" {
		dir = tb.TempDir()
	}
	s, err := Open(context.Background(), dir, opts...)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func mustInstall(tb testing.TB, s *Store, p *content.Package) {
	tb.Helper()
	if err := s.Install(context.Background(), p); err != nil {
		tb.Fatalf("Install %s v%d: %v", p.ID, p.Version, err)
	}
}

// fixedClock is an injectable clock tests can move.
type fixedClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fixedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fixedClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// The dump functions describe, one line per fact, everything a kiosk can see
// at now: from a store through its public API, and as expected from the
// packages themselves. Equal dumps mean the store holds exactly those
// packages. Lines are sorted, so only content matters, not listing order.

func secs(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return fmt.Sprint(t.Unix())
}

func winStr(w content.Window) string { return secs(w.From) + ".." + secs(w.Until) }

func amountsStr(a []float64) string {
	parts := make([]string, len(a))
	for i, f := range a {
		if math.IsNaN(f) {
			parts[i] = "NaN"
		} else {
			parts[i] = fmt.Sprint(f)
		}
	}
	return strings.Join(parts, ",")
}

func dumpStore(tb testing.TB, s *Store, now time.Time) string {
	tb.Helper()
	ctx := context.Background()
	var lines []string
	add := func(format string, args ...any) { lines = append(lines, fmt.Sprintf(format, args...)) }
	pkgs, err := s.Packages(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	for _, p := range pkgs {
		add("pkg %s %q v%d sites=%q win=%s n=%d/%d/%d/%d/%d", p.ID, p.Title, p.Version, p.Sites,
			winStr(p.Window), p.Stories, p.Disclosures, p.Rows, p.Quizzes, p.Media)
		ms, err := s.PackageMedia(ctx, p.ID)
		if err != nil {
			tb.Fatal(err)
		}
		for _, m := range ms {
			add("media %s %s %s %s %s %d %dx%d thumb=%s file=%s", p.ID, m.Path, m.SHA256, m.Kind, m.Format,
				m.Size, m.Width, m.Height, m.ThumbSHA, fileState(s, m.SHA256))
			if m.ThumbSHA != "" {
				add("thumbfile %s %s", m.ThumbSHA, fileState(s, m.ThumbSHA))
			}
		}
	}
	stories, err := s.Stories(ctx, now, "")
	if err != nil {
		tb.Fatal(err)
	}
	for _, it := range stories {
		st, ok, err := s.Story(ctx, now, it.PackageID, it.ID)
		if err != nil || !ok {
			tb.Fatalf("Story %s/%s: ok=%v err=%v", it.PackageID, it.ID, ok, err)
		}
		if st.StoryItem != it {
			tb.Fatalf("Story %s/%s: item %+v, listed as %+v", it.PackageID, it.ID, st.StoryItem, it)
		}
		add("story %s/%s %q %q %q feat=%v win=%s cover=%s/%s/%s file=%s audio=%s url=%s images=%q body=%q",
			st.PackageID, st.ID, st.Title, st.Category, st.Summary, st.Featured, winStr(st.Window),
			st.Cover, st.CoverSHA, st.CoverThumbSHA, st.File, st.Audio, st.URL, st.Images, st.Body)
	}
	discs, err := s.Disclosures(ctx, now, "")
	if err != nil {
		tb.Fatal(err)
	}
	for _, it := range discs {
		d, ok, err := s.Disclosure(ctx, now, it.PackageID, it.ID)
		if err != nil || !ok {
			tb.Fatalf("Disclosure %s/%s: ok=%v err=%v", it.PackageID, it.ID, ok, err)
		}
		add("disc %s/%s %q %q %q %q win=%s rows=%d file=%s header=%q cols=%v", d.PackageID, d.ID, d.Title,
			d.Category, d.Period, d.Unit, winStr(d.Window), d.RowCount, d.File, d.Header, d.AmountColumns)
		for i, r := range d.Rows {
			add("row %s/%s %06d line=%d %q %s", d.PackageID, d.ID, i, r.Line, r.Cells, amountsStr(r.Amounts))
		}
	}
	quizzes, err := s.Quizzes(ctx, now)
	if err != nil {
		tb.Fatal(err)
	}
	for _, q := range quizzes {
		add("quiz %s/%s %q win=%s", q.PackageID, q.ID, q.Title, winStr(q.Window))
		for i, qq := range q.Questions {
			add("question %s/%s %d %q %q %d %q", q.PackageID, q.ID, i, qq.Q, qq.Choices, qq.Answer, qq.Explain)
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// fileState is "ok" if the blob's file exists and hashes to its name.
func fileState(s *Store, sha string) string {
	b, err := os.ReadFile(s.MediaPath(sha))
	if err != nil {
		return "missing"
	}
	sum := sha256.Sum256(b)
	if hex.EncodeToString(sum[:]) != sha {
		return "corrupt"
	}
	return "ok"
}

// truncWin mirrors the store's second precision.
func truncWin(w content.Window) content.Window {
	tr := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		return time.Unix(t.Unix(), 0).UTC()
	}
	return content.Window{From: tr(w.From), Until: tr(w.Until)}
}

func dumpPackages(now time.Time, pkgs ...*content.Package) string {
	var lines []string
	add := func(format string, args ...any) { lines = append(lines, fmt.Sprintf(format, args...)) }
	for _, p := range pkgs {
		rows := 0
		for _, d := range p.Disclosures {
			rows += len(d.Rows)
		}
		var sites []string
		if len(p.Sites) > 0 {
			sites = p.Sites
		}
		add("pkg %s %q v%d sites=%q win=%s n=%d/%d/%d/%d/%d", p.ID, p.Title, p.Version, sites,
			winStr(truncWin(p.Window)), len(p.Stories), len(p.Disclosures), rows, len(p.Quizzes), len(p.Media))
		shaOf, thumbOf := map[string]string{}, map[string]string{}
		for _, m := range p.Media {
			thumb := ""
			if len(m.Thumb) > 0 {
				sum := sha256.Sum256(m.Thumb)
				thumb = hex.EncodeToString(sum[:])
			}
			shaOf[m.Path], thumbOf[m.Path] = m.SHA256, thumb
			add("media %s %s %s %s %s %d %dx%d thumb=%s file=ok", p.ID, m.Path, m.SHA256, m.Kind, m.Format,
				m.Size, m.Width, m.Height, thumb)
			if thumb != "" {
				add("thumbfile %s ok", thumb)
			}
		}
		for _, st := range p.Stories {
			win := truncWin(st.Window.Intersect(p.Window))
			if !win.Contains(now) {
				continue
			}
			var images []string
			if len(st.Images) > 0 {
				images = st.Images
			}
			add("story %s/%s %q %q %q feat=%v win=%s cover=%s/%s/%s file=%s audio=%s url=%s images=%q body=%q",
				p.ID, st.ID, st.Title, st.Category, st.Summary, st.Featured, winStr(win),
				st.Cover, shaOf[st.Cover], thumbOf[st.Cover], st.File, st.Audio, st.URL, images, st.Body)
		}
		for _, d := range p.Disclosures {
			win := truncWin(d.Window.Intersect(p.Window))
			if !win.Contains(now) {
				continue
			}
			header, cols := d.Header, d.AmountColumns
			if header == nil {
				header = []string{}
			}
			if cols == nil {
				cols = []int{}
			}
			add("disc %s/%s %q %q %q %q win=%s rows=%d file=%s header=%q cols=%v", p.ID, d.ID, d.Title,
				d.Category, d.Period, d.Unit, winStr(win), len(d.Rows), d.File, header, cols)
			for i, r := range d.Rows {
				add("row %s/%s %06d line=%d %q %s", p.ID, d.ID, i, r.Line, r.Cells, amountsStr(r.Amounts))
			}
		}
		for _, q := range p.Quizzes {
			win := truncWin(p.Window)
			if !win.Contains(now) {
				continue
			}
			add("quiz %s/%s %q win=%s", p.ID, q.ID, q.Title, winStr(win))
			for i, qq := range q.Questions {
				add("question %s/%s %d %q %q %d %q", p.ID, q.ID, i, qq.Q, qq.Choices, qq.Answer, qq.Explain)
			}
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}
