// Package docx reads a Word document (.docx, as Word, WPS and LibreOffice
// save it) into a story: its title, a Markdown body the story pipeline
// takes, and the names of the pictures it shows, in place.
//
// A .docx is a zip of XML parts. Only the parts a story needs are read
// (the main document, its relationships, styles and numbering), each
// streamed with encoding/xml within limits: the inflated size of every
// part is checked before it is read, elements are counted and their
// nesting bounded, and a relationship is followed only to a part inside
// the same zip. Nothing a document names is opened outside it.
//
// It imports the standard library only.
package docx

import (
	"archive/zip"
	"errors"
	"io"
	"path"
	"strings"

	"qingfeng/content/markdown"
)

// Limits bound what reading one document may cost.
type Limits struct {
	MaxEntries  int   // parts in the zip
	MaxXMLBytes int64 // the main document's XML, inflated
	// MaxPartBytes bounds each other part read (styles, numbering,
	// relationships), inflated.
	MaxPartBytes int64
	MaxElements  int64 // start tags of all parts read, together
	MaxDepth     int   // elements open at once
	MaxPictures  int
	MaxBodyBytes int // the Markdown written
}

// DefaultLimits suit a story: tens of pages and pictures.
func DefaultLimits() Limits {
	return Limits{
		MaxEntries:   2000,
		MaxXMLBytes:  16 << 20,
		MaxPartBytes: 4 << 20,
		MaxElements:  2_000_000,
		MaxDepth:     64,
		MaxPictures:  100,
		MaxBodyBytes: markdown.MaxBodyBytes, // a longer body is refused while it is read

	}
}

// Document is what a story takes from a .docx.
type Document struct {
	// Title is the text of the first heading (a Title or Heading style,
	// or a paragraph with an outline level), "" if there is none.
	Title string
	// Category is the text after "分类：" when the first paragraph is
	// such a line (it is not part of the body), else "".
	Category string
	// Body is Markdown: paragraphs, headings, bold, lists, and each
	// picture as its own paragraph ![](<Path(part)>). Text is escaped so
	// that whatever was typed shows as typed. The first heading is left
	// out when it opens the document, as it is the title.
	Body string
	// Pictures are the parts of the zip the body shows, in order, each
	// once.
	Pictures []Picture
	// Warnings are things left out, in Chinese, for the clerk.
	Warnings []string
}

// Picture is one picture of the document: its entry's name in the zip
// ("word/media/image1.png"), the path the body refers to it by, and its
// inflated size.
type Picture struct {
	Part string
	Path string
	Size int64
}

// Error is a reason the document cannot be read, in Chinese, for the clerk.
type Error struct {
	Msg string
	Err error // the cause, if any
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Err }

func fail(err error, format string) *Error { return &Error{Msg: format, Err: err} }

// ErrTooLarge is the cause of every Error about a limit.
var ErrTooLarge = errors.New("docx: over a limit")

// Read reads the document in zr. picturePath turns a picture's part name
// into the path the body refers to it by. The caller bounds zr's entries
// before opening it (a zip reader holds every entry of the directory);
// Read refuses more than MaxEntries all the same.
func Read(zr *zip.Reader, lim Limits, picturePath func(part string) string) (*Document, error) {
	if len(zr.File) > lim.MaxEntries {
		return nil, fail(ErrTooLarge, "这个Word文档里的部件太多，不像是Word或WPS保存的文档。请在Word/WPS里打开后重新“另存为” .docx")
	}
	pk := &pkg{files: map[string]*zip.File{}, lower: map[string]*zip.File{}, lim: lim}
	for _, f := range zr.File {
		n := strings.TrimPrefix(strings.ReplaceAll(f.Name, "\\", "/"), "/")
		pk.files[n] = f
		pk.lower[strings.ToLower(n)] = f
	}
	main := "word/document.xml"
	top, err := pk.rels("_rels/.rels", "")
	if err != nil {
		return nil, err
	}
	for _, r := range top {
		if strings.HasSuffix(r.typ, "/officeDocument") && !r.external {
			main = r.target
			break
		}
	}
	if pk.find(main) == nil {
		return nil, fail(nil, "这不是Word文档（.docx）：里面没有正文。旧的 .doc 或 .wps 文件请在Word/WPS里“另存为” .docx")
	}
	dir, base := path.Split(main)
	rels, err := pk.rels(dir+"_rels/"+base+".rels", dir)
	if err != nil {
		return nil, err
	}
	st := &styles{}
	num := &numbering{}
	for _, r := range rels {
		if r.external {
			continue
		}
		switch {
		case strings.HasSuffix(r.typ, "/styles"):
			if st, err = pk.readStyles(r.target); err != nil {
				return nil, err
			}
		case strings.HasSuffix(r.typ, "/numbering"):
			if num, err = pk.readNumbering(r.target); err != nil {
				return nil, err
			}
		}
	}
	byID := map[string]rel{}
	for _, r := range rels {
		byID[r.id] = r
	}
	return pk.readBody(main, byID, st, num, picturePath)
}

// pkg is the zip being read and what it has cost so far.
type pkg struct {
	files, lower map[string]*zip.File
	lim          Limits
	elements     int64
}

// find returns the part named n, matched exactly or, as Word does,
// ignoring case.
func (p *pkg) find(n string) *zip.File {
	if f, ok := p.files[n]; ok {
		return f
	}
	return p.lower[strings.ToLower(n)]
}

// open opens part n for streaming, refusing one that inflates past max.
// A missing part is (nil, nil).
func (p *pkg) open(n string, max int64) (io.ReadCloser, error) {
	f := p.find(n)
	if f == nil {
		return nil, nil
	}
	if f.UncompressedSize64 > uint64(max) {
		return nil, fail(ErrTooLarge, "这个Word文档的“"+shortName(n)+"”部分解压后有"+sizeText(int64(min(f.UncompressedSize64, 1<<62)))+"，超过"+sizeText(max)+"的上限（正文太长，或文档不是Word/WPS保存的）。请把它分成几个文档")
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fail(err, "这个Word文档已损坏，打不开（可能没有复制完整）。请重新保存后再放入")
	}
	// The zip reader checks the size the directory claims only at the
	// end; the limit holds whatever the entry really inflates to.
	return struct {
		io.Reader
		io.Closer
	}{io.LimitReader(rc, max+1), rc}, nil
}

func shortName(n string) string {
	if len([]rune(n)) > 40 {
		return string([]rune(n)[:40]) + "…"
	}
	return n
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return itoa(n>>20) + " MB"
	case n >= 1<<10:
		return itoa(n>>10) + " KB"
	}
	return itoa(n) + " 字节"
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// resolve turns a relationship's target, relative to the folder of the
// part that holds it, into a part name; "" if it would leave the zip.
func resolve(dir, target string) string {
	target = strings.ReplaceAll(target, "\\", "/")
	if i := strings.IndexAny(target, "?#"); i >= 0 {
		target = target[:i]
	}
	var n string
	if strings.HasPrefix(target, "/") {
		n = path.Clean(target)[1:]
	} else {
		n = path.Join(dir, target)
	}
	if n == "" || n == "." || n == ".." || strings.HasPrefix(n, "../") || strings.HasPrefix(n, "/") || strings.Contains(n, ":") {
		return ""
	}
	return n
}
