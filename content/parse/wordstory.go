package parse

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"unicode"

	"qingfeng/content"
	"qingfeng/content/docx"
	"qingfeng/content/markdown"
)

// A story written in Word or WPS (.docx) is read in two steps around the
// media check: before it, the document gives its body and the pictures it
// shows, and each picture becomes a media file of the package (a file
// whose open takes the picture out of the document again), checked,
// limited and thumbnailed like any picture in media/; after it, the body
// and cover are checked against the media that passed.

// wordFile is a .docx found for a story, with the category its folder
// gives ("" if none).
type wordFile struct {
	f        *file
	category string
}

// wordStory is a story read from a .docx, waiting for its pictures' check.
type wordStory struct {
	f        *file
	story    content.Story
	pictures []string // package paths of its pictures, in body order
}

// docxLimits are those of the Word reader.
var docxLimits = docx.DefaultLimits()

// maxDocxDirBytes bounds a .docx's zip directory, counted before it is
// opened (see maxZipDirBytes): Word's is a few kilobytes.
const maxDocxDirBytes = 1 << 20

// errDocxChanged: a picture taken out of a .docx again is not the one
// checked when the document was read.
var errDocxChanged = errors.New("the Word document changed after it was read")

// readWordStories reads each .docx for its story and returns the stories
// and their pictures as media files to check. The pictures of all
// documents count against the package's file limit.
func (r *reader) readWordStories(words []wordFile) ([]*wordStory, []*file) {
	var out []*wordStory
	var pics []*file
	room := r.opts.Limits.MaxFiles - len(r.src.files)
	// The pictures count towards the package's size too: they compress
	// to nothing inside a document, and are stored inflated.
	var total int64
	for _, f := range r.src.files {
		total += f.size
	}
	for _, w := range words {
		ws, ps := r.readWordStory(w.f, w.category, room)
		if ws == nil {
			continue
		}
		for _, p := range ps {
			total += min(p.size, r.opts.Limits.MaxPackageBytes+1) // a claimed size may be absurd
		}
		if total > r.opts.Limits.MaxPackageBytes {
			r.ps.Errorf(w.f.path, 0, "内容包总大小（算上Word文档里的图片）超过%s的上限，请把内容分成几个内容包分别放入", humanBytes(r.opts.Limits.MaxPackageBytes))
			return out, pics
		}
		room -= len(ps)
		out = append(out, ws)
		pics = append(pics, ps...)
	}
	return out, pics
}

// openDocx opens data (a .docx's bytes, or the file itself when it can be
// read at any offset) as a zip, its directory bounded before it is read.
func openDocx(ra io.ReaderAt, size int64) (*zip.Reader, error) {
	if n, dir := countZipEntries(ra, size, docxLimits.MaxEntries+1, maxDocxDirBytes+1); n > docxLimits.MaxEntries || dir > maxDocxDirBytes {
		return nil, &docx.Error{Msg: "这个Word文档里的部件太多，不像是Word或WPS保存的文档。请在Word/WPS里打开后重新“另存为” .docx", Err: docx.ErrTooLarge}
	}
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, &docx.Error{Err: err, Msg: "这个Word文档已损坏或不完整，打不开（可能没有复制完）。如果它是旧的 .doc 改了名字，请在Word/WPS里“另存为” .docx"}
	}
	return zr, nil
}

// readWordStory reads f for its story and the pictures it shows, at most
// room of them (what the package's file limit leaves).
func (r *reader) readWordStory(f *file, category string, room int) (*wordStory, []*file) {
	if r.heldOver {
		return nil, nil
	}
	lim := r.opts.Limits
	data, err := readAll(f, lim.MaxSheetBytes)
	switch {
	case errors.Is(err, errTooLarge):
		r.ps.Errorf(f.path, 0, "Word文档太大（超过%s的上限），多半是图片太多太大。请在Word里“压缩图片”后另存，或分成几个文档", humanBytes(lim.MaxSheetBytes))
		return nil, nil
	case err != nil:
		r.ps = append(r.ps, content.Problem{File: f.path, Severity: content.Error, Err: err, Msg: "无法读取这个文件（U盘是否被拔出？）"})
		return nil, nil
	case len(data) == 0:
		r.ps = append(r.ps, content.Problem{File: f.path, Severity: content.Error, Incomplete: true, Msg: "文件是空的（0字节），可能没有复制完整"})
		return nil, nil
	}
	if oldOffice(data, f.path, "Word", ".doc 或 .wps", ".docx", &r.ps) {
		return nil, nil
	}
	zr, err := openDocx(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		r.docxProblem(f.path, err)
		return nil, nil
	}
	base := strings.TrimSuffix(path.Base(f.path), path.Ext(f.path))
	picPath := func(part string) string { return f.path + "/" + part }
	doc, err := docx.Read(zr, docxLimits, picPath)
	if err != nil {
		r.docxProblem(f.path, err)
		return nil, nil
	}
	if len(doc.Pictures) > room {
		r.ps.Errorf(f.path, 0, "内容包里的文件加上Word文档里的图片超过%d个的上限，请把内容分成几个内容包分别放入", r.opts.Limits.MaxFiles)
		return nil, nil
	}
	for _, w := range doc.Warnings {
		r.ps.Warnf(f.path, 0, "%s", w)
	}
	ws := &wordStory{f: f, story: content.Story{File: f.path, ID: nameID(base, "story"), Title: doc.Title, Body: doc.Body}}
	if ws.story.Title == "" {
		ws.story.Title = base
	}
	ws.story.Category = r.storyCategory(f.path, 0, category, doc.Category)
	var pics []*file
	var spools []spoolJob
	for _, p := range doc.Pictures {
		sp := p.Path
		ws.pictures = append(ws.pictures, sp)
		pf := &file{path: sp, size: p.Size}
		var sum [32]byte
		if p.Size <= lim.MaxImageBytes && r.opts.Thumbnails {
			// Importing: the picture is taken out once, into the
			// import's temporary folder (photo.go's spool), from the
			// document as read; the check and the store read that
			// copy instead of inflating the part twice more.
			spools = append(spools, spoolJob{f: pf, part: p.Part})
			pics = append(pics, pf)
			continue
		}
		if p.Size <= lim.MaxImageBytes { // a larger one is refused by the media check before it is opened
			if sum, err = partSum(zr, p.Part, p.Size); err != nil {
				r.docxProblem(sp, err)
				continue
			}
		}
		pf.open = docxPart(f, lim.MaxSheetBytes, p.Part, p.Size, sum)
		pics = append(pics, pf)
	}
	if failed := r.spoolParts(zr, spools); len(failed) > 0 {
		pics = slices.DeleteFunc(pics, func(pf *file) bool { return failed[pf] })
	}
	return ws, pics
}

// spoolJob is a picture of a document to take out into the spool.
type spoolJob struct {
	f    *file
	part string
	err  error
}

// spoolParts takes the pictures of jobs out of zr into the import's
// spool, two at a time (inflating them is most of what a document of
// phone photos costs, and the two cores of a kiosk share it; two bound
// the pictures held at once to two of the picture limit), and sets each
// file's open. It reports those that failed, in order, and returns them.
func (r *reader) spoolParts(zr *zip.Reader, jobs []spoolJob) map[*file]bool {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(2, len(jobs)) {
		wg.Go(func() {
			for i := range next {
				j := &jobs[i]
				j.f.open, j.err = spoolPart(zr, j.part, j.f.size, &r.src.photos)
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	var failed map[*file]bool
	for _, j := range jobs {
		if j.err != nil {
			r.docxProblem(j.f.path, j.err)
			if failed == nil {
				failed = map[*file]bool{}
			}
			failed[j.f] = true
		}
	}
	return failed
}

// oleMagic starts a compound file (old Office formats); encryptedPackage
// is the stream name, in UTF-16, of a password-protected .docx or .xlsx
// inside one.
var (
	oleMagic         = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	encryptedPackage = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00")
)

// oldOffice tells a compound file where an Office Open XML one (.docx,
// .xlsx) was expected, with what it is: an old format renamed (old, e.g.
// ".xls"), or a document with a password, which Word and Excel keep in
// one. It reports whether it was one.
func oldOffice(data []byte, file, program, old, want string, ps *content.Problems) bool {
	if !bytes.HasPrefix(data, oleMagic) {
		return false
	}
	if bytes.Contains(data, encryptedPackage) {
		ps.Errorf(file, 0, "这个文件设置了密码（加密），展示屏打不开。请在 %s/WPS 里取消密码后另存为 %s", program, want)
	} else {
		ps.Errorf(file, 0, "这个文件其实是旧的 %s 格式（只是改了扩展名），展示屏读不了。请在 %s/WPS 里另存为 %s", old, program, want)
	}
	return true
}

func (r *reader) docxProblem(file string, err error) {
	var de *docx.Error
	if errors.As(err, &de) {
		r.ps = append(r.ps, content.Problem{File: file, Severity: content.Error, Err: de.Err, Msg: de.Msg})
		return
	}
	r.ps = append(r.ps, content.Problem{File: file, Severity: content.Error, Err: err, Msg: "这个Word文档读不出来（文件可能已损坏），请在Word/WPS里打开后重新“另存为” .docx"})
}

// spoolPart writes a part of the zip, read once when the document is
// read, to sp, and returns how to open that copy. The copy is the bytes
// of the document as read for use (what a signature covers); it lives in
// the import's own folder, which only the kiosk's user may enter, and the
// store checks what it installs against the digest the check records.
func spoolPart(zr *zip.Reader, part string, size int64, sp *spool) (func() (io.ReadCloser, error), error) {
	data, err := readPart(zr, part, size)
	if err != nil {
		return nil, err
	}
	open, _, _, err := sp.write(func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
	return open, err
}

// partSum is the SHA-256 of a part of the zip, read once when the document
// is read: the bytes a picture must have whenever it is taken out again.
func partSum(zr *zip.Reader, part string, size int64) ([32]byte, error) {
	data, err := readPart(zr, part, size)
	if err != nil {
		return [32]byte{}, err
	}
	return sha256.Sum256(data), nil
}

func readPart(zr *zip.Reader, part string, size int64) ([]byte, error) {
	for _, zf := range zr.File {
		if zf.Name != part {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, &docx.Error{Err: err, Msg: "Word文档里的这张图片读不出来（文档可能已损坏）"}
		}
		defer rc.Close()
		// Sized as the directory says, up to a megabyte: the directory
		// may lie, and a hundred pictures claiming 20 MB each would
		// otherwise cost as many allocations of 20 MB.
		buf := bytes.NewBuffer(make([]byte, 0, min(size, 1<<20)+1))
		if _, err := io.Copy(buf, io.LimitReader(rc, size+1)); err != nil {
			return nil, &docx.Error{Err: err, Msg: "Word文档里的这张图片读不出来（文档可能已损坏或不完整）"}
		}
		if int64(buf.Len()) != size {
			return nil, &docx.Error{Err: zip.ErrFormat, Msg: "Word文档里的这张图片和文档目录记的大小不一致（文档已损坏）"}
		}
		return buf.Bytes(), nil
	}
	return nil, &docx.Error{Err: fs.ErrNotExist, Msg: "Word文档里找不到这张图片"}
}

// docxPart is the open function of a picture of the .docx f: it takes the
// part out of the document again, and gives it only if its bytes are those
// read with the document (want), the bytes a signature was checked
// against. A document on disk is read at the part's offset; one inside a
// zipped package is read whole.
func docxPart(f *file, maxDoc int64, part string, size int64, want [32]byte) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) {
		rc, err := f.open()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		var ra io.ReaderAt
		var n int64
		if at, ok := rc.(interface {
			io.ReaderAt
			Stat() (fs.FileInfo, error)
		}); ok {
			st, err := at.Stat()
			if err != nil {
				return nil, err
			}
			ra, n = at, st.Size()
		} else {
			// Not read for use (the file's record of its digest stays):
			// the picture's own digest below is what must match.
			data, err := io.ReadAll(io.LimitReader(rc, maxDoc+1))
			if err != nil {
				return nil, err
			}
			ra, n = bytes.NewReader(data), int64(len(data))
		}
		if n > maxDoc {
			return nil, fmt.Errorf("%s: %w", f.path, errDocxChanged)
		}
		zr, err := openDocx(ra, n)
		if err != nil {
			return nil, err
		}
		data, err := readPart(zr, part, size)
		if err != nil {
			return nil, err
		}
		if sha256.Sum256(data) != want {
			return nil, fmt.Errorf("%s: %w", f.path+"/"+part, errDocxChanged)
		}
		return io.NopCloser(bytes.NewReader(data)), nil
	}
}

// finishWordStory checks a Word story's body and cover against the media
// that passed the check, and adds it to the package.
func (r *reader) finishWordStory(ws *wordStory) {
	s := ws.story
	// A picture that failed its own check has its problem already; the
	// body leaves it out rather than report it missing as well.
	var first string
	for _, p := range ws.pictures {
		if _, ok := r.media[p]; ok {
			if first == "" {
				first = p
			}
			continue
		}
		s.Body = strings.ReplaceAll(s.Body, "![](<"+p+">)", "")
	}
	s.Cover = r.besideCover(ws.f.path)
	if s.Cover == "" {
		s.Cover = first
	}
	r.finishStory(ws.f.path, s, false)
}

// summaryRunes is how much of a story's first paragraph its card shows
// when nobody wrote a summary: about two lines of a card.
const summaryRunes = 60

// leadSummary is the start of body's first paragraph, as the card of a
// story from Word or Notepad shows it (those have no summary field): the
// text as typed, cut at summaryRunes with "…".
func leadSummary(body string) string {
	for _, b := range markdown.Parse(body).Blocks {
		if b.Kind != markdown.Paragraph {
			continue
		}
		var t strings.Builder
		for _, sp := range b.Spans {
			t.WriteString(sp.Text)
		}
		text := []rune(strings.Join(strings.Fields(t.String()), " "))
		if len(text) == 0 {
			continue
		}
		if len(text) > summaryRunes {
			return string(text[:summaryRunes]) + "…"
		}
		return string(text)
	}
	return ""
}

// finishStory checks a story's body read from a .docx or .txt and adds it.
// Lines of the body are not lines of the file, so its problems name the
// file alone. bodyChecked: the text's characters were checked as it was
// read (a .txt); the title, from a heading or the file's name, is always.
func (r *reader) finishStory(file string, s content.Story, bodyChecked bool) {
	if c := unprintableRune(s.Title); c >= 0 {
		r.ps.Errorf(file, 0, "故事的标题（Word文档里的第一个标题，没有时是文件名）里有看不见的控制字符（%U），多半是从网页或别的软件复制时带进来的。请删掉这个字符后重新保存，或给文件改个名字", c)
		return
	}
	if !r.hold(file, int64(len(s.Body))) {
		return
	}
	if strings.TrimSpace(s.Body) == "" && s.Cover == "" {
		r.ps.Warnf(file, 0, "故事正文是空的")
	}
	if s.Summary == "" {
		s.Summary = leadSummary(s.Body)
	}
	n := len(r.ps)
	r.checkBody(file, 1, s.Body, &s)
	r.checkGlyphs(file, func(yield func(int, string) bool) {
		if !yield(1, s.Title) || bodyChecked {
			return // a .txt's text was checked as it was read, line by line
		}
		for line := range strings.SplitSeq(s.Body, "\n") {
			if !yield(1, line) {
				return
			}
		}
	})
	for i := n; i < len(r.ps); i++ {
		r.ps[i].Line = 0
	}
	r.idLine[file] = 0
	r.pkg.Stories = append(r.pkg.Stories, s)
}

// unprintableRune is the first character of a title taken from a file
// that no honest title holds, as YAML's are refused for it (printable): a
// control character, or one that reorders the text around it; -1 if none.
func unprintableRune(s string) rune {
	for _, c := range s {
		if unicode.IsControl(c) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) {
			return c
		}
	}
	return -1
}

// besideCover is the picture with a story file's name beside it
// (故事/老支书.docx and 故事/老支书.jpg), if it passed the media check.
func (r *reader) besideCover(storyPath string) string {
	base := strings.TrimSuffix(storyPath, path.Ext(storyPath))
	for _, ext := range coverExts {
		for _, p := range []string{base + ext, base + strings.ToUpper(ext)} {
			if m, ok := r.media[p]; ok && m.Kind == content.Image {
				return p
			}
		}
	}
	return ""
}

var coverExts = []string{".jpg", ".jpeg", ".png"}

// isBesideCover reports whether p is a picture with the name of a .docx or
// .txt story in the same folder: that story's cover, checked as media.
func isBesideCover(files map[string]*file, p string) bool {
	ext := strings.ToLower(path.Ext(p))
	found := false
	for _, e := range coverExts {
		found = found || ext == e
	}
	if !found {
		return false
	}
	base := strings.TrimSuffix(p, path.Ext(p))
	for _, e := range []string{".docx", ".txt", ".DOCX", ".TXT"} {
		if files[base+e] != nil {
			return true
		}
	}
	return false
}

// storyCategory is the category of a story read from a .docx or .txt: the
// one its folder gives, else the one its "分类：" line names (at line). A
// story without one, or with one the kiosk does not show, is refused with
// the list.
func (r *reader) storyCategory(file string, line int, folder, written string) string {
	c := folder
	if c == "" {
		c = written
	}
	switch {
	case c == "":
		r.ps.Errorf(file, 0, "这个故事没有分类：请把它放进以分类命名的文件夹（例如 故事/%s/），或在第一行写“分类：%s”。可用的分类：%s",
			r.opts.StoryCategories[0], r.opts.StoryCategories[0], quoteList(r.opts.StoryCategories))
	case !r.knownCategory(file, line, c, r.opts.StoryCategories):
		return "" // refused: a line of megabytes is not kept
	}
	return strings.Clone(c) // not the whole text of the .txt it was cut from
}
