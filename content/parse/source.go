// Package parse reads a content package (a folder, a .zip, or any fs.FS) into
// a content.Package, checking everything and reporting every problem at once
// with the file and line it concerns.
package parse

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"qingfeng/content"
)

// file is one regular file of a package, whatever it came from.
type file struct {
	path string // slash-separated, relative to the package root
	size int64  // as claimed by the directory or zip header; reads are limited anyway
	open func() (io.ReadCloser, error)

	// What was read for use (readAll) is what the signature is checked
	// against: a file that changes between two reads (a USB stick that
	// answers differently, someone writing the inbox during an import)
	// must not install unchecked bytes as signed. used is set by the first
	// read, sum is the SHA-256 of those bytes, and changed records a later
	// read that gave other bytes. Reset by Read.
	used, changed bool
	sum           [32]byte
}

// recordUse remembers the digest of data, just read from f for use.
func (f *file) recordUse(data []byte) { f.recordSum(sha256.Sum256(data)) }

// recordSum remembers sum, the digest of f's bytes just read for use as
// they streamed by.
func (f *file) recordSum(sum [32]byte) {
	if f.used && sum != f.sum {
		f.changed = true
	}
	f.used, f.sum = true, sum
}

// Source is an opened package: its files by path, plus the problems found
// just by listing them (unsafe paths, symlinks). Close releases the zip.
type Source struct {
	Name     string
	files    map[string]*file
	problems content.Problems
	close    func() error
	// root is the folder inside a zip the package was found in ("" for
	// the zip's top): a plain package takes its name from it.
	root   string
	photos spool // pictures turned or reduced at import (photo.go)
}

// Close releases what Open holds. Media.Open functions stop working after it.
func (s *Source) Close() error {
	s.photos.remove()
	if s.close == nil {
		return nil
	}
	return s.close()
}

// Paths returns the package's file paths, sorted.
func (s *Source) Paths() []string {
	ps := make([]string, 0, len(s.files))
	for p := range s.files {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return ps
}

// OpenFile opens the package's file at p (a path from Paths).
func (s *Source) OpenFile(p string) (io.ReadCloser, error) {
	f, ok := s.files[p]
	if !ok {
		return nil, fmt.Errorf("%s: %w", p, fs.ErrNotExist)
	}
	return f.open()
}

// ErrNotPackage is returned by Open for something that is neither a folder
// nor a .zip file.
var ErrNotPackage = errors.New("not a content package (folder or .zip)")

// Open opens the package at p: a folder, or a .zip file. A zip that cannot
// be read (truncated, still being copied) does not fail Open: it yields a
// Source whose problems say so, so the report reaches staff like any other.
func Open(p string) (*Source, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	name := filepath.Base(p)
	if abs, err := filepath.Abs(p); err == nil {
		name = filepath.Base(abs) // "qingfeng check ." names the folder
	}
	if st.IsDir() {
		return FromFS(name, os.DirFS(p))
	}
	if !strings.EqualFold(filepath.Ext(p), ".zip") {
		return nil, fmt.Errorf("%s: %w", p, ErrNotPackage)
	}
	if src := tooManyZipEntries(name, p); src != nil {
		return src, nil
	}
	zr, err := zip.OpenReader(p)
	if err != nil {
		src := &Source{Name: name, files: map[string]*file{}}
		src.problems = append(src.problems, content.Problem{Severity: content.Error, Err: err, Incomplete: true,
			Msg: "压缩包不完整或已损坏，无法打开（可能没有复制完，或U盘被提前拔出）。请重新复制整个压缩包"})
		return src, nil
	}
	src := fromZip(name, &zr.Reader)
	src.close = zr.Close
	return src, nil
}

// maxZipEntries bounds the entries of a package zip, read before the zip
// is opened: the zip reader keeps every entry of the central directory
// (about 450 bytes each, measured), so a 200 MB zip of two million empty
// entries took a gigabyte before any limit of the package could apply. The
// file limit (Limits.MaxFiles, a few thousand) applies after opening.
const maxZipEntries = 100_000

// maxZipDirBytes bounds a package zip's central directory, which the zip
// reader holds whole: names, extra fields and comments of up to 64 KB each
// per entry would let a zip of a few thousand empty entries take
// gigabytes. An honest package's directory is about a megabyte.
const maxZipDirBytes = 64 << 20

// tooManyZipEntries returns a Source refusing the zip at p when its central
// directory holds more than maxZipEntries entries, or nil.
func tooManyZipEntries(name, p string) *Source {
	f, err := os.Open(p)
	if err != nil {
		return nil // Open's own error follows
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil
	}
	return zipEntriesOver(name, f, st.Size())
}

func zipEntriesOver(name string, r io.ReaderAt, size int64) *Source {
	n, dirBytes := countZipEntries(r, size, maxZipEntries+1, maxZipDirBytes+1)
	src := &Source{Name: name, files: map[string]*file{}}
	switch {
	case n > maxZipEntries:
		src.problems.Errorf("", 0, "压缩包里有超过%d个文件和文件夹，内容包不可能有这么多文件（上限是几千个），可能压缩错了文件夹。请只压缩内容包文件夹后再放入", maxZipEntries)
	case dirBytes > maxZipDirBytes:
		src.problems.Errorf("", 0, "压缩包的目录（文件名、注释等附加信息）超过%s的上限，正常的内容包只有一两MB，这不是用普通压缩软件做的。请把内容包文件夹重新压缩后再放入", humanBytes(maxZipDirBytes))
	default:
		return nil
	}
	return src
}

// countZipEntries counts the central directory headers of a zip and their
// bytes, up to most entries or mostBytes. The count the end record claims
// is no use: the zip reader checks only its low 16 bits. A zip it cannot
// read counts 0 (the zip reader reports it).
func countZipEntries(r io.ReaderAt, size int64, most int, mostBytes int64) (n int, dirBytes int64) {
	// The end record is found as the zip reader finds it: the last
	// signature whose comment fits in the file.
	const eocdLen = 22
	tail := min(size, eocdLen+65535)
	buf := make([]byte, tail)
	if _, err := r.ReadAt(buf, size-tail); err != nil && err != io.EOF {
		return 0, 0
	}
	i := len(buf) - eocdLen
	for ; i >= 0; i-- {
		if string(buf[i:i+4]) == "PK\x05\x06" && i+eocdLen+int(binary.LittleEndian.Uint16(buf[i+20:])) <= len(buf) {
			break
		}
	}
	if i < 0 {
		return 0, 0
	}
	eocd := buf[i:]
	end := size - tail + int64(i)
	records := binary.LittleEndian.Uint16(eocd[10:])
	dirSize := int64(binary.LittleEndian.Uint32(eocd[12:]))
	dirOff := int64(binary.LittleEndian.Uint32(eocd[16:]))
	if records == 0xFFFF || dirSize == 0xFFFF || dirOff == 0xFFFFFFFF {
		// Zip64: the locator before the end record points at the zip64
		// end record, which holds the directory's size and offset.
		var loc [20]byte
		if end < 20 {
			return 0, 0
		}
		if _, err := r.ReadAt(loc[:], end-20); err == nil && string(loc[:4]) == "PK\x06\x07" {
			p := int64(binary.LittleEndian.Uint64(loc[8:]))
			var rec [56]byte
			if p < 0 || p > size-56 {
				return 0, 0
			}
			if _, err := r.ReadAt(rec[:], p); err != nil || string(rec[:4]) != "PK\x06\x06" {
				return 0, 0
			}
			end = p
			dirSize, dirOff = int64(binary.LittleEndian.Uint64(rec[40:])), int64(binary.LittleEndian.Uint64(rec[48:]))
		}
	}
	if dirSize < 0 || dirOff < 0 {
		return 0, 0
	}
	// Data before the zip (a self-extractor) shifts every offset, unless a
	// directory header stands at the offset as written.
	base := end - dirSize - dirOff
	if base > 0 {
		var sig [4]byte
		if _, err := r.ReadAt(sig[:], dirOff); err == nil && string(sig[:]) == "PK\x01\x02" {
			base = 0
		}
	}
	start := dirOff + base
	if start < 0 || start >= size {
		return 0, 0
	}
	br := bufio.NewReaderSize(io.NewSectionReader(r, start, size-start), 64<<10)
	var h [46]byte
	for n < most && dirBytes < mostBytes {
		if _, err := io.ReadFull(br, h[:]); err != nil || string(h[:4]) != "PK\x01\x02" {
			break
		}
		n++
		skip := int(binary.LittleEndian.Uint16(h[28:])) + int(binary.LittleEndian.Uint16(h[30:])) + int(binary.LittleEndian.Uint16(h[32:]))
		dirBytes += int64(len(h) + skip)
		if _, err := br.Discard(skip); err != nil {
			break
		}
	}
	return n, dirBytes
}

// OpenZipBytes reads a package from zip bytes held in memory (used by tests
// and fuzzing).
func OpenZipBytes(name string, data []byte) *Source {
	if src := zipEntriesOver(name, bytes.NewReader(data), int64(len(data))); src != nil {
		return src
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		src := &Source{Name: name, files: map[string]*file{}}
		src.problems = append(src.problems, content.Problem{Severity: content.Error, Incomplete: true, Err: err,
			Msg: "压缩包不完整或已损坏，无法打开（可能没有复制完，或U盘被提前拔出）。请重新复制整个压缩包"})
		return src
	}
	return fromZip(name, zr)
}

// ignored reports files that operating systems and office programs leave
// behind on USB sticks and that nobody means as content: hidden files and
// macOS's (.DS_Store, ._name, __MACOSX/), Windows' (Thumbs.db,
// desktop.ini, the recycle bin), and the lock and temporary files Word,
// WPS and Excel keep beside an open document (~$name, ~WRL0001.tmp).
func ignored(p string) bool {
	for _, part := range strings.Split(p, "/") {
		if strings.HasPrefix(part, ".") || part == "__MACOSX" || strings.HasPrefix(part, "~$") {
			return true
		}
		switch strings.ToLower(part) {
		case "$recycle.bin", "system volume information":
			return true
		}
	}
	base := strings.ToLower(path.Base(p))
	return base == "thumbs.db" || base == "desktop.ini" || base == "ehthumbs.db" ||
		strings.HasPrefix(base, "~") && strings.HasSuffix(base, ".tmp")
}

// isNote reports a text file at the top of a package that says it is a
// note for people (说明.txt, 备注.txt, README.txt): read by whoever opens
// the folder, not content, and no cause for a warning.
func isNote(p string) bool {
	if strings.Contains(p, "/") || strings.ToLower(path.Ext(p)) != ".txt" {
		return false
	}
	name := strings.ToLower(strings.TrimSuffix(p, path.Ext(p)))
	for _, w := range []string{"说明", "备注", "readme", "read me", "读我"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// FromFS lists a package held in fsys (a folder through os.DirFS, or the
// embedded demo). Symbolic links are refused: they could point anywhere on
// the kiosk.
func FromFS(name string, fsys fs.FS) (*Source, error) {
	src := &Source{Name: name, files: map[string]*file{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			src.problems.Errorf(p, 0, "无法读取：%v", err)
			return nil
		}
		if p == "." {
			return nil
		}
		if ignored(p) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			src.problems.Errorf(p, 0, "这是一个快捷方式（符号链接），内容包里不允许。请放入真正的文件")
		case d.IsDir():
		case !d.Type().IsRegular():
			src.problems.Errorf(p, 0, "不是普通文件，无法使用")
		default:
			info, err := d.Info()
			if err != nil {
				src.problems.Errorf(p, 0, "无法读取：%v", err)
				return nil
			}
			fp := p
			src.files[p] = &file{path: p, size: info.Size(), open: func() (io.ReadCloser, error) { return fsys.Open(fp) }}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return src, nil
}

// zipName turns a zip entry name into a package path. Names flagged UTF-8
// are taken as they are. Names without the flag come from two kinds of
// tools: Chinese Windows ones write GBK, while Linux zip and macOS Finder
// write UTF-8 and leave the flag out. Bytes that are not valid UTF-8 are
// GBK (read as GB18030, its superset). Valid UTF-8 is usually UTF-8, but
// some GBK names are valid UTF-8 too ("图片" in GBK reads as "ͼƬ"): such a
// misreading is made of rare letters, so of the two readings the one with
// fewer characters outside GB2312 (the everyday Chinese set, which also
// holds ASCII, kana, Greek and Cyrillic) wins; on a tie the one with more
// Chinese characters ("小" in GBK reads as the Cyrillic "С", also in
// GB2312), and UTF-8 on a tie of both.
func zipName(f *zip.File) string {
	n := f.Name
	if !f.NonUTF8 {
		return n
	}
	g, err := simplifiedchinese.GB18030.NewDecoder().String(n)
	if err != nil {
		return n
	}
	if !utf8.ValidString(n) {
		return g
	}
	gu, nu := uncommonRunes(g), uncommonRunes(n)
	if gu < nu || gu == nu && hanRunes(g) > hanRunes(n) {
		return g
	}
	return n
}

func hanRunes(s string) int {
	n := 0
	for _, c := range s {
		if unicode.Is(unicode.Han, c) {
			n++
		}
	}
	return n
}

// uncommonRunes counts the characters of s that GB2312 lacks, and those
// that are not characters at all.
func uncommonRunes(s string) int {
	enc := simplifiedchinese.HZGB2312.NewEncoder()
	n := 0
	for _, c := range s {
		switch {
		case c == utf8.RuneError:
			n++
		case c < utf8.RuneSelf:
		default:
			if _, err := enc.String(string(c)); err != nil {
				n++
			}
		}
	}
	return n
}

// unreadableZipEntry says why archive/zip cannot give f's bytes at all, or
// "". Such an entry would otherwise fail at its first read, which looks
// like a stick pulled out or a copy cut short.
func unreadableZipEntry(f *zip.File) string {
	if f.Flags&0x1 != 0 || f.Method == 99 { // 99: WinZip AES, a password too
		return "设置了密码（加密），展示屏无法解开。请用压缩软件重新压缩内容包文件夹，不要设置密码"
	}
	if f.Method == zip.Store || f.Method == zip.Deflate {
		return ""
	}
	name, ok := map[uint16]string{9: "Deflate64", 12: "BZip2", 14: "LZMA", 93: "Zstandard", 95: "XZ", 98: "PPMd"}[f.Method]
	if !ok {
		name = "编号 " + strconv.Itoa(int(f.Method))
	}
	return "用了展示屏不支持的压缩方式（" + name + "）。请重新压缩：格式选“ZIP”、压缩方法选“Deflate”（标准），或在 Windows 里右键文件夹“发送到 → 压缩(zipped)文件夹”"
}

// unsafeZipPath says why a zip entry name could write or read outside the
// package ("zip slip"), or "" if it is safe.
func unsafeZipPath(n string) string {
	if strings.Contains(n, "\\") {
		n = strings.ReplaceAll(n, "\\", "/")
	}
	if strings.HasPrefix(n, "/") || (len(n) > 1 && n[1] == ':') {
		return "是绝对路径"
	}
	for _, part := range strings.Split(n, "/") {
		if part == ".." {
			return "含有“..”，指向内容包以外"
		}
	}
	return ""
}

func fromZip(name string, zr *zip.Reader) *Source {
	src := &Source{Name: name, files: map[string]*file{}}
	type zentry struct {
		name string
		f    *zip.File
	}
	var entries []zentry
	unreadable := map[string][]string{} // why -> entries, reported once per reason
	var whys []string
	for _, f := range zr.File {
		n := zipName(f)
		if why := unsafeZipPath(n); why != "" {
			src.problems.Errorf(n, 0, "压缩包里的路径不安全（%s），整个内容包被拒绝", why)
			continue
		}
		n = strings.ReplaceAll(n, "\\", "/")
		n = strings.TrimPrefix(path.Clean("/"+n), "/")
		if n == "" || strings.HasSuffix(f.Name, "/") || f.FileInfo().IsDir() {
			continue
		}
		if ignored(n) {
			continue
		}
		if f.Mode()&fs.ModeSymlink != 0 {
			src.problems.Errorf(n, 0, "这是一个快捷方式（符号链接），内容包里不允许。请放入真正的文件")
			continue
		}
		if !f.Mode().IsRegular() {
			src.problems.Errorf(n, 0, "不是普通文件，无法使用")
			continue
		}
		if why := unreadableZipEntry(f); why != "" {
			if unreadable[why] == nil {
				whys = append(whys, why)
			}
			unreadable[why] = append(unreadable[why], n)
			continue
		}
		entries = append(entries, zentry{n, f})
	}
	for _, why := range whys {
		es := unreadable[why]
		count := ""
		if len(es) > 1 {
			count = fmt.Sprintf("（共 %d 个文件如此）", len(es))
		}
		src.problems.Errorf(es[0], 0, "压缩包%s%s", why, count)
	}
	if len(whys) > 0 {
		return src // the rest would only be reported missing
	}
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.name
	}
	prefix, ok := zipRoot(src, names)
	if !ok {
		return src
	}
	src.root = strings.TrimSuffix(prefix, "/")
	for _, e := range entries {
		if !strings.HasPrefix(e.name, prefix) {
			continue // warned about by zipRoot
		}
		p := strings.TrimPrefix(e.name, prefix)
		if _, dup := src.files[p]; dup {
			src.problems.Errorf(p, 0, "压缩包里有两个同名文件")
			continue
		}
		zf := e.f
		src.files[p] = &file{path: p, size: int64(zf.UncompressedSize64), open: func() (io.ReadCloser, error) { return zf.Open() }}
	}
	return src
}

// zipRoot finds the package among the names of a zip's files: the zip's
// top, or the one folder that holds package.yaml, as "compress this folder"
// makes, or the one folder there is (a plain folder compressed) unless it
// is one of a package's own folders (故事/ alone). Files beside that folder (a readme, a note for the clerk) are
// ignored with a warning naming each; other folders beside it, several
// package folders, or a zip inside the zip are refused, each with its own
// message, and ok is false.
func zipRoot(src *Source, names []string) (prefix string, ok bool) {
	isDir := map[string]bool{} // top-level name -> it is a folder
	has := map[string]bool{}
	for _, n := range names {
		if isPackageYAML(n) {
			return "", true
		}
		has[n] = true
		top, _, dir := strings.Cut(n, "/")
		isDir[top] = isDir[top] || dir
	}
	var pkgDirs, otherDirs, loose []string
	for _, t := range slices.Sorted(maps.Keys(isDir)) {
		switch {
		case !isDir[t]:
			loose = append(loose, t)
		case has[t+"/package.yaml"] || has[t+"/package.yaml.txt"]:
			pkgDirs = append(pkgDirs, t)
		default:
			otherDirs = append(otherDirs, t)
		}
	}
	switch {
	case len(pkgDirs) > 1:
		src.problems.Errorf("", 0, "压缩包里有多个内容包（文件夹“%s”里各有 package.yaml），一次只能导入一个。请把每个内容包文件夹分别压缩", strings.Join(pkgDirs, "”“"))
		return "", false
	case len(pkgDirs) == 1 && len(otherDirs) > 0:
		src.problems.Errorf("", 0, "package.yaml 在文件夹“%s”里，但压缩包最上层还有其他文件夹（%s），分不清哪个是内容包。请只压缩内容包文件夹本身",
			pkgDirs[0], strings.Join(otherDirs, "、"))
		return "", false
	case len(pkgDirs) == 1:
		for _, l := range loose {
			src.problems.Warnf(l, 0, "这个文件在压缩包最上层、内容包文件夹“%s”以外，已忽略（只读取 package.yaml 所在的文件夹）", pkgDirs[0])
		}
		return pkgDirs[0] + "/", true
	}
	for _, n := range names {
		if strings.EqualFold(path.Ext(n), ".zip") {
			src.problems.Errorf(n, 0, "压缩包里面还套着一个压缩包，展示屏只解开一层。请先解压外面这一层，再把里面的压缩包（或解压出来的内容包文件夹）放进收件箱")
			return "", false
		}
	}
	if len(otherDirs) == 1 && len(loose) == 0 && !isPackageFolder(otherDirs[0]) {
		return otherDirs[0] + "/", true // a plain folder, zipped
	}
	return "", true
}

// errTooLarge marks a file that is bigger than its limit.
var errTooLarge = errors.New("file too large")

// readAll reads f, refusing more than limit bytes whatever the header
// claimed (a zip can lie about its sizes). Every read of a file's content
// for use goes through it, so the signature is checked against the digest
// it records.
func readAll(f *file, limit int64) ([]byte, error) {
	if f.size > limit {
		return nil, errTooLarge
	}
	rc, err := f.open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	// Sized as the file says (one byte more, for the read that finds its
	// end): growing from empty leaves about as much garbage again as the
	// file, which matters when several 50 MB files are read at once.
	data := make([]byte, 0, f.size+1)
	r := io.LimitReader(rc, limit+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if int64(len(data)) > limit {
		return nil, errTooLarge
	}
	f.recordUse(data)
	return data, nil
}
