package parse

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"
	"golang.org/x/sync/semaphore"

	"qingfeng/content"
	"qingfeng/content/sign"
)

// Options tune reading. The zero value is usable: default limits, times in
// Asia/Shanghai, no thumbnails (checking only).
type Options struct {
	Limits   content.Limits
	Location *time.Location
	// Thumbnails makes a list-size JPEG of every image while it is decoded
	// for checking anyway, so importing decodes each picture once.
	Thumbnails bool
	// Progress, if set, is called as media files are checked (done of total).
	Progress func(done, total int)
	// HasGlyph, if set, tells whether the kiosk's font can draw a Chinese
	// character; text using one it cannot draw gets a warning naming the
	// character and its line (the screen would show an empty box).
	HasGlyph func(rune) bool
	// Unsigned reads a signed package as if it carried no signature: to
	// sign it again after a change (qingfeng sign).
	Unsigned bool
	// Synced says the package came through a folder Syncthing keeps,
	// where the district publishes packages with package.yaml and files
	// arrive in any order: without package.yaml it is taken as still
	// arriving (its package.yaml may come last), never as a plain folder.
	Synced bool
	// Site is the kiosk's site id: a package given as a plain folder (no
	// package.yaml) takes its id from it and the folder's name. Empty:
	// a fixed word (checking without a kiosk).
	Site string
	// StoryCategories and DisclosureCategories are the categories a
	// package may use (the kiosk's config); nil: content's defaults.
	StoryCategories      []string
	DisclosureCategories []string
	// Films probes each film (videos/) with the player's decoders; nil:
	// only its first bytes are looked at (a check without ffprobe).
	Films FilmProber
}

func (o *Options) fill() {
	if o.Limits == (content.Limits{}) {
		o.Limits = content.DefaultLimits()
	}
	if o.Limits.MaxMemoryBytes <= 0 { // limits set before the budget existed
		o.Limits.MaxMemoryBytes = content.DefaultLimits().MaxMemoryBytes
	}
	if d := content.DefaultLimits(); o.Limits.MaxVideoBytes <= 0 { // limits set before films existed
		o.Limits.MaxVideoBytes, o.Limits.MaxVideoDuration, o.Limits.MaxVideoPixels = d.MaxVideoBytes, d.MaxVideoDuration, d.MaxVideoPixels
	}
	if o.Location == nil {
		o.Location = chinaTime()
	}
	if len(o.StoryCategories) == 0 {
		o.StoryCategories = content.StoryCategories
	}
	if len(o.DisclosureCategories) == 0 {
		o.DisclosureCategories = content.DisclosureCategories
	}
}

var (
	shanghaiOnce sync.Once
	shanghai     *time.Location
)

// chinaTime is the zone dates without one are read in. Every kiosk is in
// China; the fixed fallback covers a machine without zone data.
func chinaTime() *time.Location {
	shanghaiOnce.Do(func() {
		loc, err := time.LoadLocation("Asia/Shanghai")
		if err != nil {
			loc = time.FixedZone("CST", 8*3600)
		}
		shanghai = loc
	})
	return shanghai
}

// Read checks the whole package and returns it with every problem found. The
// package is nil when the problems make it unusable (no files at all);
// callers must look at Problems.HasErrors before using it.
func Read(ctx context.Context, src *Source, opts Options) (*content.Package, content.Problems) {
	opts.fill()
	r := &reader{src: src, opts: opts, ps: append(content.Problems(nil), src.problems...), idLine: map[string]int{}}
	for _, f := range src.files {
		f.used, f.changed = false, false
	}
	pkg := r.read(ctx)
	r.ps.Sort()
	return pkg, r.ps
}

type reader struct {
	src  *Source
	opts Options
	ps   content.Problems
	pkg  content.Package
	// media by path, for checking references
	media map[string]*content.Media
	// idLine is the line of the id field of each story, quiz, tea set and
	// puzzle file, so a duplicate id points at it.
	idLine map[string]int
	// held is the memory the package's texts, table cells and thumbnails
	// take so far; heldOver is set once it passed heldBudget.
	held     int64
	heldOver bool
	// badFolders are the category sub-folders already refused.
	badFolders map[string]bool
	// notices counts the notices read, kept or not (content.MaxNotices).
	notices int
	// declaresNotices: package.yaml has the notices: key (an empty list
	// too). Such a package is not empty: installing it withdraws the
	// notices it carried before.
	declaresNotices bool
}

func (r *reader) read(ctx context.Context) *content.Package {
	lim := r.opts.Limits
	files := r.src.files
	if len(files) == 0 && !r.ps.HasErrors() {
		r.ps.Errorf("", 0, "内容包是空的，里面没有任何文件")
		return nil
	}
	if len(files) > lim.MaxFiles {
		r.ps.Errorf("", 0, "内容包有%d个文件，超过%d个的上限", len(files), lim.MaxFiles)
		return nil
	}
	var total int64
	for _, f := range files {
		total += f.size
	}
	if total > lim.MaxPackageBytes {
		r.ps.Errorf("", 0, "内容包总大小超过%s的上限", humanBytes(lim.MaxPackageBytes))
		return nil
	}
	pf, ok := files["package.yaml"]
	if !ok {
		if pf, ok = files["package.yaml.txt"]; ok {
			extHint(&r.ps, pf.path, "package.yaml")
		}
	}
	if ok {
		r.readPackageYAML(pf)
	} else if r.opts.Synced {
		r.ps = append(r.ps, content.Problem{File: "package.yaml", Severity: content.Error, Incomplete: true,
			Msg: "同步文件夹里的内容包还没有 package.yaml：可能还没有同步完。区里发布的内容包都带 package.yaml；没有它的文件夹请用U盘放进展示屏"})
		return nil
	} else {
		r.readPlain()
	}

	strays := 0 // files left out for where they are
	var stories, quizzes, quizSheets, teaSets, puzzles, mediaFiles []*file
	var tables, texts []placed
	var replies, notices *file
	var films []*file
	var words []wordFile
	storyCat := map[*file]string{}
	sidecars := map[string]*file{}
	for _, p := range r.src.Paths() {
		f := files[p]
		meant, hinted := kindPath(p)
		dir, cat, tooDeep := place(meant)
		ext := strings.ToLower(path.Ext(meant))
		if hinted && !isPackageYAML(p) {
			extHint(&r.ps, p, meant)
		}
		switch {
		case isPackageYAML(p), sign.IsSignatureFile(p):
		case meant == RepliesFile:
			replies = f
		case meant == NoticesFile || strings.EqualFold(meant, "notices.txt"):
			notices = f
		case dir == dirMedia:
			mediaFiles = append(mediaFiles, f)
		case dir == dirVideos && !tooDeep && isFilmPicture(p):
			mediaFiles = append(mediaFiles, f)
		case dir == dirVideos && !tooDeep:
			films = append(films, f)
		case tooDeep:
			strays++
			r.ps.Warnf(p, 0, "这个文件放得太深了，已忽略：故事/ 和 公示/ 里只能再分一层文件夹（就是分类，例如 故事/家风家训/），其他文件夹里不能再分")
		case dir == dirStories && !r.category(p, cat, r.opts.StoryCategories),
			dir == dirDisclosures && !r.category(p, cat, r.opts.DisclosureCategories):
			// in a sub-folder that is no category: said, and left out
		case dir == dirStories && ext == ".md":
			stories = append(stories, f)
			storyCat[f] = cat
		case dir == dirStories && ext == ".docx":
			words = append(words, wordFile{f, cat})
		case dir == dirStories && ext == ".txt":
			texts = append(texts, placed{f, cat})
		case dir == dirStories && (ext == ".doc" || ext == ".wps"):
			r.ps.Errorf(p, 0, "这是旧的Word/WPS格式（%s），展示屏读不了。请在 Word/WPS 里另存为 .docx", ext)
		case dir == dirStories && isBesideCover(files, p):
			mediaFiles = append(mediaFiles, f)
		case dir == dirDisclosures && (ext == ".csv" || ext == ".xlsx"):
			tables = append(tables, placed{f, cat})
		case dir == dirDisclosures && (ext == ".yaml" || ext == ".yml"):
			sidecars[strings.TrimSuffix(meant, path.Ext(meant))] = f
		case dir == dirQuizzes && (ext == ".yaml" || ext == ".yml"):
			quizzes = append(quizzes, f)
		case dir == dirQuizzes && (ext == ".xlsx" || ext == ".csv"):
			quizSheets = append(quizSheets, f)
		case dir == dirTeas && (ext == ".yaml" || ext == ".yml"):
			teaSets = append(teaSets, f)
		case dir == dirPuzzles && (ext == ".yaml" || ext == ".yml"):
			puzzles = append(puzzles, f)
		case isNote(p):
			// a note for whoever opens the folder (the template's 说明.txt)
		case (dir == dirDisclosures || dir == dirQuizzes) && ext == ".xls":
			r.ps.Errorf(p, 0, "不支持旧的 .xls 格式，请在Excel或WPS里“另存为” .xlsx 或 .csv")
		case !strings.Contains(meant, "/") && (ext == ".docx" || ext == ".doc" || ext == ".wps" || ext == ".md"):
			strays++
			r.ps.Warnf(p, 0, "故事没有放进“故事”文件夹，已忽略：请放进“故事”文件夹里以分类命名的文件夹（例如 故事/家风家训/），再放一次")
		case !strings.Contains(meant, "/") && (ext == ".xlsx" || ext == ".xls" || ext == ".csv"):
			strays++
			r.ps.Warnf(p, 0, "表格没有放进“公示”或“答题”文件夹，已忽略：公示表格请放进“公示”文件夹里以分类命名的文件夹（例如 公示/财务/），答题表放进“答题”文件夹，再放一次")
		default:
			strays++
			r.ps.Warnf(p, 0, "不认识这个文件的位置或类型，已忽略（故事放 故事/（stories/），公示表格放 公示/（disclosures/），答题放 答题/（quizzes/），七味茶放 七味茶/（teas/），剪纸拼图放 拼图/（puzzles/），图片音频放 图片/（media/），视频放 视频/（videos/），答复表 replies.csv 放最上层）")
		}
	}

	wordStories, pictures := r.readWordStories(words)
	r.readMedia(ctx, append(mediaFiles, pictures...))
	if ctx.Err() != nil {
		r.ps.Errorf("", 0, "检查被中断")
		return nil
	}
	r.readFilms(ctx, films)
	for _, f := range stories {
		r.readStory(f, storyCat[f])
	}
	for _, ws := range wordStories {
		r.finishWordStory(ws)
	}
	for _, t := range texts {
		r.readTextStory(t.f, t.category)
	}
	used := map[string]bool{}
	for _, t := range tables {
		meant, _ := kindPath(t.f.path)
		base := strings.TrimSuffix(meant, path.Ext(meant))
		sc := sidecars[base]
		if sc != nil {
			used[base] = true
		}
		r.readDisclosure(t.f, sc, t.category)
	}
	for base, sc := range sidecars {
		if !used[base] {
			r.ps.Warnf(sc.path, 0, "找不到与这个说明文件同名的表格（%s.csv 或 %s.xlsx），已忽略", path.Base(base), path.Base(base))
		}
	}
	for _, f := range quizzes {
		r.readQuiz(f)
	}
	for _, f := range quizSheets {
		r.readQuizSheet(f)
	}
	for _, f := range teaSets {
		r.readTeaSet(f)
	}
	for _, f := range puzzles {
		r.readPuzzle(f)
	}
	if replies != nil {
		r.readReplies(replies)
	}
	if notices != nil {
		r.readNoticesText(notices)
	}
	r.checkSignature(files) // after every read for use: it checks what they read
	if r.pkg.Plain {
		// Unsigned is also how qingfeng sign reads what it is to sign.
		if r.pkg.SignedBy != "" || files[sign.ManifestFile] != nil || r.opts.Unsigned {
			// Incomplete: the copy may not have reached package.yaml yet.
			r.ps = append(r.ps, content.Problem{File: "package.yaml", Severity: content.Error, Incomplete: true,
				Msg: "签过名的内容包必须有 package.yaml（写明编号和版本号）：没有它，展示屏无法判断哪一版更新。请补上 package.yaml 后重新签名"})
		}
		r.pkg.Digest = plainDigest(files)
	}
	r.checkIDs()
	if len(r.pkg.Stories)+len(r.pkg.Disclosures)+len(r.pkg.Quizzes)+len(r.pkg.TeaSets)+len(r.pkg.Puzzles)+len(r.pkg.Notices)+len(r.pkg.Films) == 0 && replies == nil && notices == nil && !r.declaresNotices && !r.ps.HasErrors() {
		// A folder still being copied may hold only pictures so far:
		// without package.yaml nothing says it is complete, so it waits.
		// A file left out for its place says it is not that: the clerk
		// put it there, and is told so at once.
		r.ps = append(r.ps, content.Problem{Severity: content.Error, Incomplete: r.pkg.Plain && strays == 0,
			Msg: "内容包里没有任何故事（故事/ 或 stories/）、公示（公示/ 或 disclosures/）、答题（答题/ 或 quizzes/）、七味茶（七味茶/ 或 teas/）、剪纸拼图（拼图/ 或 puzzles/）、视频（视频/ 或 videos/）或答复表（replies.csv）"})
	}
	return &r.pkg
}

func (r *reader) readText(f *file) (string, bool) {
	if r.heldOver {
		return "", false
	}
	data, err := readAll(f, r.opts.Limits.MaxTextBytes)
	if errors.Is(err, errTooLarge) {
		r.ps.Errorf(f.path, 0, "文件太大（超过%s的上限）", humanBytes(r.opts.Limits.MaxTextBytes))
		return "", false
	}
	if err != nil {
		r.ps = append(r.ps, content.Problem{File: f.path, Severity: content.Error, Err: err, Msg: "无法读取这个文件（U盘是否被拔出？）"})
		return "", false
	}
	if len(data) == 0 {
		r.ps = append(r.ps, content.Problem{File: f.path, Severity: content.Error, Incomplete: true, Msg: "文件是空的（0字节），可能没有复制完整"})
		return "", false
	}
	text, ok := decodeText(data, f.path, &r.ps)
	if ok && !r.hold(f.path, int64(len(text))) {
		return "", false
	}
	if ok {
		r.checkGlyphs(f.path, func(yield func(int, string) bool) {
			n := 0
			for line := range strings.SplitSeq(text, "\n") { // no slice of every line
				if n++; !yield(n, line) {
					return
				}
			}
		})
	}
	return text, ok
}

// hold counts n bytes of file as kept in memory until the import is done.
// Past the budget the file is refused, once with a message; later files
// are skipped without one (the package is refused already).
func (r *reader) hold(file string, n int64) bool {
	if r.heldOver {
		return false
	}
	r.held += n
	if budget := heldBudget(r.opts.Limits); r.held > budget {
		r.heldOver = true
		r.ps.Errorf(file, 0, "内容包的文字总量超过%s的上限（读到这个文件时超出，表格和图片缩略图也算在内），请把内容分成几个内容包分别放入", humanBytes(budget))
		return false
	}
	return true
}

// checkGlyphs warns, once per file, about Chinese characters the kiosk's
// font has no glyph for, and once about emoji (the kiosk is built without a
// colour emoji font): the first line with one, and up to five of them.
func (r *reader) checkGlyphs(file string, lines func(yield func(int, string) bool)) {
	if r.opts.HasGlyph == nil {
		return
	}
	var rare, emoji glyphFinds
	for n, line := range lines {
		for _, c := range line {
			switch {
			case c < 0x2E80:
			case isEmoji(c):
				emoji.add(c, n)
			case unicode.Is(unicode.Han, c) && !r.opts.HasGlyph(c):
				rare.add(c, n)
			}
		}
	}
	if rare.first != 0 {
		r.ps.Warnf(file, rare.first, "“%s”%s是很少用的字，展示屏的字体里没有，屏幕上会显示成空白方框；请换成常用字，或在字后用括号注明读音", string(rare.shown), rare.more("个字"))
	}
	if emoji.first != 0 {
		r.ps.Warnf(file, emoji.first, "“%s”%s是表情符号，展示屏的字体里没有，屏幕上会显示成空白方框；请删去，或换成文字", string(emoji.shown), emoji.more("个"))
	}
}

// isEmoji tells the pictographs people type from a phone's emoji keyboard
// (faces, hands, hearts of U+1F000–U+1FAFF): no font the kiosk carries
// draws them.
func isEmoji(c rune) bool { return c >= 0x1F000 && c <= 0x1FAFF }

// glyphFinds are the characters of one kind a file's font check found: the
// first line with one, up to five of them, and how many in all.
type glyphFinds struct {
	first int
	shown []rune
	seen  map[rune]bool
}

func (g *glyphFinds) add(c rune, line int) {
	if g.seen[c] {
		return
	}
	if g.seen == nil {
		g.seen = map[rune]bool{}
	}
	g.seen[c] = true
	if g.first == 0 {
		g.first = line
	}
	if len(g.shown) < 5 {
		g.shown = append(g.shown, c)
	}
}

// more is "等N个字" when more were found than are shown.
func (g *glyphFinds) more(unit string) string {
	if len(g.seen) > len(g.shown) {
		return fmt.Sprintf("等%d%s", len(g.seen), unit)
	}
	return ""
}

// maxVersion bounds a package's version. A version only counts updates, so
// honest ones stay small; the largest in honest use are date-style numbers
// such as 2026120601. Without a bound, one package at 2^63-1 makes its id
// impossible to update ever again (nothing can be newer), and version+1
// overflows wherever it is computed. 2^31-1 admits date-style versions
// until the year 2147 and fits every integer the kiosk, its database and a
// 32-bit build use.
const maxVersion = 1<<31 - 1

func (r *reader) readPackageYAML(f *file) {
	text, ok := r.readText(f)
	if !ok {
		return
	}
	m, ok := parseYAML(text, f.path, 0, &r.ps)
	if !ok {
		return
	}
	m.checkKeys("id", "title", "version", "sites", "publish_at", "expire_at", "notices")
	p := &r.pkg
	p.ID = m.id("id")
	p.Title = m.str("title", true)
	if v, ok := m.integer("version", true); ok {
		switch {
		case v < 1:
			r.ps.Errorf(f.path, m.line("version"), "“version”应为大于0的整数，每次更新内容时加1")
		case v > maxVersion:
			r.ps.Errorf(f.path, m.line("version"), "“version”是%d，太大了（最大%d）：版本号每次更新加1，这么大多半是写错了，而且装上以后这个内容包就再也无法更新", v, maxVersion)
		}
		p.Version = v
	}
	for _, s := range m.strList("sites", false) {
		if !idRE.MatchString(s) {
			r.ps.Errorf(f.path, m.line("sites"), "站点编号“%s”只能用小写英文字母、数字和“-”", shorten(s))
			continue
		}
		p.Sites = append(p.Sites, s)
	}
	p.Window = m.window(r.opts.Location)
	r.readYAMLNotices(f, m)
}

func (r *reader) readMedia(ctx context.Context, files []*file) {
	r.media = map[string]*content.Media{}
	results := make([]content.Media, len(files))
	problems := make([]content.Problems, len(files))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	pixels := semaphore.NewWeighted(decodeBudget(r.opts.Limits))
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range jobs {
				results[i], problems[i] = checkMedia(ctx, files[i], r.opts.Limits, r.opts.Thumbnails, pixels, &r.src.photos)
				mu.Lock()
				// Counted as each is made, not after all of them: five
				// thousand thumbnails would otherwise all be held before
				// the first was counted.
				if !r.hold(files[i].path, int64(len(results[i].Thumb))) {
					results[i] = content.Media{}
				}
				if r.opts.Progress != nil {
					done++
					r.opts.Progress(done, len(files))
				}
				mu.Unlock()
			}
		})
	}
	for i := range files {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	for i := range files {
		r.ps = append(r.ps, problems[i]...)
		if results[i].SHA256 != "" && !problems[i].HasErrors() {
			r.pkg.Media = append(r.pkg.Media, results[i])
		}
	}
	for i := range r.pkg.Media {
		r.media[r.pkg.Media[i].Path] = &r.pkg.Media[i]
	}
}

// ref checks a reference from file at line to a media file of kind. It
// returns the cleaned package path, or "" if the reference is unusable.
func (r *reader) ref(file string, line int, field, ref string, kind content.MediaKind) string {
	if ref == "" {
		return ""
	}
	if strings.HasPrefix(ref, "/") || strings.Contains(ref, "\\") || (len(ref) > 1 && ref[1] == ':') {
		r.ps.Errorf(file, line, "%s“%s”是本机的绝对路径，请写成内容包里的路径，例如 media/图片.png", field, shorten(ref))
		return ""
	}
	for _, part := range strings.Split(ref, "/") {
		if part == ".." {
			r.ps.Errorf(file, line, "%s“%s”指向内容包以外（含有“..”），请写成 media/文件名", field, shorten(ref))
			return ""
		}
	}
	p := path.Clean(strings.TrimPrefix(ref, "./"))
	m, ok := r.media[p]
	if !ok {
		if _, exists := r.src.files[p]; exists && inMedia(p) {
			return "" // present but broken: its own problem was already reported
		}
		r.ps = append(r.ps, content.Problem{File: file, Line: line, Severity: content.Error, Incomplete: true,
			Msg: field + "引用的文件“" + shorten(ref) + "”不存在（请检查文件名和大小写，并放在 图片/ 或 media/ 里）"})
		return ""
	}
	if m.Kind != kind {
		want := "图片"
		if kind == content.Audio {
			want = "音频"
		}
		r.ps.Errorf(file, line, "%s应当是%s，但“%s”不是", field, want, shorten(ref))
		return ""
	}
	return p
}

// placed is a file and the category its sub-folder gives ("" if none).
type placed struct {
	f        *file
	category string
}

// category checks the category a sub-folder gives the file at p; "" (no
// sub-folder) is always fine. A sub-folder that is not a configured
// category leaves its files out, with one message listing those there are.
// knownCategory says, at file:line, when c, a category a file names, is
// not one of allowed (the configured ones): the one message for it.
func (r *reader) knownCategory(file string, line int, c string, allowed []string) bool {
	if oneOf(c, allowed) {
		return true
	}
	r.ps.Errorf(file, line, "分类“%s”不认识，只能是：%s", shorten(c), quoteList(allowed))
	return false
}

func (r *reader) category(p, cat string, allowed []string) bool {
	if cat == "" || oneOf(cat, allowed) {
		return true
	}
	folder := path.Dir(p)
	if r.badFolders[folder] {
		return false // said once, at the folder's first file
	}
	if r.badFolders == nil {
		r.badFolders = map[string]bool{}
	}
	r.badFolders[folder] = true
	switch { // a category of the other kind: the file is in the wrong top folder
	case oneOf(cat, r.opts.DisclosureCategories):
		r.ps.Errorf(p, 0, "“%s”是公示的分类，不是故事的分类：公示的表格请放在 公示/%s/ 里。故事的分类只能是：%s", cat, cat, quoteList(allowed))
	case oneOf(cat, r.opts.StoryCategories):
		r.ps.Errorf(p, 0, "“%s”是故事的分类，不是公示的分类：故事请放在 故事/%s/ 里。公示的分类只能是：%s", cat, cat, quoteList(allowed))
	default:
		r.ps.Errorf(p, 0, "文件夹“%s”被当作分类，但展示屏没有这个分类，只能是：%s（文件夹名要和分类一字不差）", shorten(cat), quoteList(allowed))
	}
	return false
}

// readStory reads a Markdown story; category is the one its sub-folder
// gives ("" if none), which wins over its own category: line.
func (r *reader) readStory(f *file, category string) {
	text, ok := r.readText(f)
	if !ok {
		return
	}
	front, body, bodyLine, ok := splitFrontMatter(text)
	if !ok {
		r.ps.Errorf(f.path, 1, "故事文件必须以“---”开头的说明部分（id、title、category）开始，并用另一行“---”结束")
		return
	}
	m, ok := parseYAML(front, f.path, 1, &r.ps)
	if !ok {
		return
	}
	m.checkKeys("id", "title", "category", "summary", "cover", "audio", "url", "featured", "publish_at", "expire_at")
	s := content.Story{File: f.path, Body: body}
	s.ID = m.id("id")
	r.idLine[f.path] = m.line("id")
	s.Title = m.str("title", true)
	s.Category = m.str("category", category == "")
	switch {
	case category != "" && s.Category != "" && s.Category != category:
		// As for a Word story: the folder staff see wins.
		r.ps.Warnf(f.path, m.line("category"), "这里写的分类是“%s”，但文件放在“%s”文件夹里，按文件夹算作“%s”", shorten(s.Category), category, category)
		s.Category = category
	case category != "":
		s.Category = category
	case s.Category != "":
		r.knownCategory(f.path, m.line("category"), s.Category, r.opts.StoryCategories)
	}
	s.Summary = m.str("summary", false)
	s.Cover = r.ref(f.path, m.line("cover"), "封面图片", m.str("cover", false), content.Image)
	s.Audio = r.ref(f.path, m.line("audio"), "讲解音频", m.str("audio", false), content.Audio)
	if u := m.str("url", false); u != "" {
		pu, err := url.Parse(u)
		if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
			r.ps.Errorf(f.path, m.line("url"), "网址“%s”不完整，应以 http:// 或 https:// 开头", shorten(u))
		} else {
			s.URL = u
		}
	}
	s.Featured = m.boolean("featured")
	s.Window = m.window(r.opts.Location)
	if strings.TrimSpace(body) == "" {
		r.ps.Warnf(f.path, bodyLine, "故事正文是空的")
	}
	r.checkBody(f.path, bodyLine, body, &s)
	r.pkg.Stories = append(r.pkg.Stories, s)
}

// otherCategory is the disclosure category of a table nothing names one
// for: 其他 where the kiosk has it, else the last configured (a list ends
// with its catch-all), so the table is never in a category the kiosk has
// no tab for.
func (r *reader) otherCategory() string {
	cats := r.opts.DisclosureCategories
	if oneOf("其他", cats) || len(cats) == 0 {
		return "其他"
	}
	return cats[len(cats)-1]
}

// readDisclosure reads a table and its sidecar (nil if none); category is
// the one its sub-folder gives ("" if none), which the sidecar overrides.
func (r *reader) readDisclosure(f *file, sidecar *file, category string) {
	meant, _ := kindPath(f.path)
	base := path.Base(meant)
	d := content.Disclosure{File: f.path, ID: strings.TrimSuffix(base, path.Ext(base))}
	var sc tableSidecar
	if sidecar != nil {
		if text, ok := r.readText(sidecar); ok {
			sc.path = sidecar.path
			if m, ok := parseYAML(text, sidecar.path, 0, &r.ps); ok {
				m.checkKeys("title", "category", "period", "unit", "amount_columns", "header_row", "publish_at", "expire_at")
				d.Title = m.str("title", false)
				if c := m.str("category", false); c != "" {
					r.knownCategory(sidecar.path, m.line("category"), c, r.opts.DisclosureCategories)
					d.Category = c
				}
				d.Period = m.str("period", false)
				d.Unit = m.str("unit", false)
				if _, given := m.vals["amount_columns"]; given {
					sc.amountCols = m.strList("amount_columns", false)
					sc.amountGiven = true
				}
				sc.amountLine = m.line("amount_columns")
				if n, ok := m.integer("header_row", false); ok {
					if n < 1 {
						r.ps.Errorf(sidecar.path, m.line("header_row"), "“header_row”应为从1开始的行号")
					} else {
						sc.headerRow = n
					}
				}
				d.Window = m.window(r.opts.Location)
			}
		}
	}
	r.readTable(f, &d, sc, category)
}

// readItemYAML reads a one-item YAML file (a quiz, a tea set, a puzzle),
// warns about keys other than known, and records the line of its id for
// the duplicate-id check.
func (r *reader) readItemYAML(f *file, known ...string) (*mapping, bool) {
	text, ok := r.readText(f)
	if !ok {
		return nil, false
	}
	m, ok := parseYAML(text, f.path, 0, &r.ps)
	if !ok {
		return nil, false
	}
	m.checkKeys(known...)
	r.idLine[f.path] = m.line("id")
	return m, true
}

func (r *reader) readQuiz(f *file) {
	m, ok := r.readItemYAML(f, "id", "title", "answers_from", "questions")
	if !ok {
		return
	}
	q := content.Quiz{File: f.path, ID: m.id("id"), Title: m.str("title", true)}
	// Numbers were counted from 0 before letters came; a number is taken
	// only where the file says it counts from 1, so an old file is refused
	// with its answers spelt out as letters rather than silently shifted.
	fromOne := false
	if n, ok := m.integer("answers_from", false); ok {
		if n == 1 {
			fromOne = true
		} else {
			r.ps.Errorf(f.path, m.line("answers_from"), "“answers_from”只能写 1（答案的数字从1数起）；从0数的旧写法已不再使用，请把答案改成选项字母 A、B、C……")
		}
	}
	for i, n := range m.list("questions", true) {
		if n.Kind != yaml.MappingNode {
			r.ps.Errorf(f.path, n.Line, "第%d题应为包含 q、choices、answer 的一组内容", i+1)
			continue
		}
		qm := newMapping(n, f.path, 0, &r.ps)
		qm.checkKeys("q", "choices", "answer", "explain")
		question := content.Question{Q: qm.str("q", true), Choices: qm.strList("choices", true), Explain: qm.str("explain", false)}
		if len(question.Choices) > 0 && (len(question.Choices) < 2 || len(question.Choices) > maxYAMLChoices) {
			r.ps.Errorf(f.path, qm.line("choices"), "第%d题应有2到%d个选项，现在有%d个", i+1, maxYAMLChoices, len(question.Choices))
		}
		if !qm.missing("answer", true) {
			question.Answer = r.yamlAnswer(f.path, qm, i+1, len(question.Choices), fromOne)
		}
		q.Questions = append(q.Questions, question)
	}
	r.pkg.Quizzes = append(r.pkg.Quizzes, q)
}

// maxYAMLChoices bounds the choices of a question written in YAML (a quiz
// sheet has the columns A to D).
const maxYAMLChoices = 6

// yamlAnswer reads a question's answer: a choice letter, or a number
// counted from 1 when the file says answers_from: 1. It returns the
// 0-based index of the choice (0 after a problem).
func (r *reader) yamlAnswer(file string, qm *mapping, num, choices int, fromOne bool) int {
	v := qm.vals["answer"]
	line := qm.line("answer")
	s := strings.TrimSpace(v.Value)
	last := max(choices, 1)
	if v.Kind != yaml.ScalarNode {
		r.ps.Errorf(file, line, "第%d题的答案应为一个选项字母（A到%c）", num, choiceLetter(last-1))
		return 0
	}
	if i, ok := parseChoiceLetter(s); ok {
		if i >= choices {
			r.ps.Errorf(file, line, "第%d题的答案是%c，但只有%d个选项（A到%c）", num, choiceLetter(i), choices, choiceLetter(last-1))
			return 0
		}
		return i
	}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil:
		r.ps.Errorf(file, line, "第%d题的答案“%s”不是选项字母，请写 A到%c 中的一个", num, shorten(s), choiceLetter(last-1))
	case !fromOne:
		old := ""
		if n >= 0 && n < choices {
			old = fmt.Sprintf("按旧写法（从0数）%d 是选项%c，就写 answer: %c；", n, choiceLetter(n), choiceLetter(n))
		}
		r.ps.Errorf(file, line, "第%d题的答案写成了数字%d，请改写成选项字母（A是第一个选项）：%s如果数字是从1数的，请在文件开头加一行 answers_from: 1", num, n, old)
	case n < 1 || n > choices:
		r.ps.Errorf(file, line, "第%d题的答案编号%d不对：选项从1开始数，应在1到%d之间", num, n, last)
	default:
		return n - 1
	}
	return 0
}

// checkIDs reports ids used twice within one kind of item.
func (r *reader) checkIDs() {
	type item struct{ id, file string }
	check := func(what string, items []item) {
		seen := map[string]string{}
		for _, it := range items {
			if it.id == "" {
				continue
			}
			if prev, dup := seen[it.id]; dup {
				if line := r.idLine[it.file]; line > 0 || r.idLine[prev] > 0 {
					r.ps.Errorf(it.file, line, "%s编号“%s”重复了，%s 也用了它", what, it.id, prev)
				} else { // both ids come from the files' names
					r.ps.Errorf(it.file, 0, "和“%s”的名字重复了（扩展名和所在的分类文件夹不算），展示屏把它们当成同一个%s，分不清。请给其中一个改个名字", prev, what)
				}
				continue
			}
			seen[it.id] = it.file
		}
	}
	var s, d, q, ts, pz []item
	for _, x := range r.pkg.Stories {
		s = append(s, item{x.ID, x.File})
	}
	for _, x := range r.pkg.Disclosures {
		d = append(d, item{x.ID, x.File})
	}
	for _, x := range r.pkg.Quizzes {
		q = append(q, item{x.ID, x.File})
	}
	for _, x := range r.pkg.TeaSets {
		ts = append(ts, item{x.ID, x.File})
	}
	for _, x := range r.pkg.Puzzles {
		pz = append(pz, item{x.ID, x.File})
	}
	sort.SliceStable(d, func(i, j int) bool { return d[i].file < d[j].file })
	check("故事", s)
	check("公示", d)
	check("答题", q)
	check("七味茶", ts)
	check("拼图", pz)
}

// The pair limits of the 七味茶 exhibit (exhibits/teas MinPairs, MaxPairs);
// repeated here because content must not import an exhibit.
const (
	minTeaPairs = 2
	maxTeaPairs = 8
)

func (r *reader) readTeaSet(f *file) {
	m, ok := r.readItemYAML(f, "id", "title", "footnote", "pairs", "publish_at", "expire_at")
	if !ok {
		return
	}
	t := content.TeaSet{File: f.path, ID: m.id("id"), Title: m.str("title", true), Footnote: m.str("footnote", false)}
	items := m.list("pairs", true)
	if n := len(items); n > 0 && (n < minTeaPairs || n > maxTeaPairs) {
		r.ps.Errorf(f.path, m.keys["pairs"], "七味茶应有%d到%d组茶和茶语，现在有%d组", minTeaPairs, maxTeaPairs, n)
	}
	teas, sayings := map[string]int{}, map[string]int{}
	for i, n := range items {
		if n.Kind != yaml.MappingNode {
			r.ps.Errorf(f.path, n.Line, "第%d组应为包含 tea、saying 的一组内容", i+1)
			continue
		}
		pm := newMapping(n, f.path, 0, &r.ps)
		pm.checkKeys("tea", "saying")
		p := content.TeaPair{Tea: pm.str("tea", true), Saying: pm.str("saying", true)}
		if prev, dup := teas[p.Tea]; dup && p.Tea != "" {
			r.ps.Errorf(f.path, pm.line("tea"), "第%d组的茶名“%s”和第%d组重复了，观众分不清该放哪张卡片", i+1, shorten(p.Tea), prev)
		} else if p.Tea != "" {
			teas[p.Tea] = i + 1
		}
		if prev, dup := sayings[p.Saying]; dup && p.Saying != "" {
			r.ps.Errorf(f.path, pm.line("saying"), "第%d组的茶语和第%d组重复了，观众分不清哪杯茶对应它", i+1, prev)
		} else if p.Saying != "" {
			sayings[p.Saying] = i + 1
		}
		t.Pairs = append(t.Pairs, p)
	}
	t.Window = m.window(r.opts.Location)
	r.pkg.TeaSets = append(r.pkg.TeaSets, t)
}

// The side limits of a 剪纸拼图 picture: fewer pieces is no puzzle, more is
// too small to pick up with a finger.
const (
	minPuzzleSide = 2
	maxPuzzleSide = 6
)

func (r *reader) readPuzzle(f *file) {
	m, ok := r.readItemYAML(f, "id", "title", "image", "rows", "cols", "publish_at", "expire_at")
	if !ok {
		return
	}
	p := content.Puzzle{File: f.path, ID: m.id("id"), Title: m.str("title", true)}
	p.Image = r.ref(f.path, m.line("image"), "拼图图片", m.str("image", true), content.Image)
	side := func(key, name string) int {
		n, ok := m.integer(key, false)
		if !ok {
			return 0
		}
		if n < minPuzzleSide || n > maxPuzzleSide {
			r.ps.Errorf(f.path, m.line(key), "“%s”（%s）应在%d到%d之间，现在是%d；不写则由展项自己决定", key, name, minPuzzleSide, maxPuzzleSide, n)
			return 0
		}
		return n
	}
	p.Rows = side("rows", "行数")
	p.Cols = side("cols", "列数")
	p.Window = m.window(r.opts.Location)
	r.pkg.Puzzles = append(r.pkg.Puzzles, p)
}
