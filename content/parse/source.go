// Package parse reads a content package (a folder, a .zip, or any fs.FS) into
// a content.Package, checking everything and reporting every problem at once
// with the file and line it concerns.
package parse

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
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
func (f *file) recordUse(data []byte) {
	sum := sha256.Sum256(data)
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
}

// Close releases what Open holds. Media.Open functions stop working after it.
func (s *Source) Close() error {
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
	if st.IsDir() {
		return FromFS(name, os.DirFS(p))
	}
	if !strings.EqualFold(filepath.Ext(p), ".zip") {
		return nil, fmt.Errorf("%s: %w", p, ErrNotPackage)
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

// OpenZipBytes reads a package from zip bytes held in memory (used by tests
// and fuzzing).
func OpenZipBytes(name string, data []byte) *Source {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		src := &Source{Name: name, files: map[string]*file{}}
		src.problems = append(src.problems, content.Problem{Severity: content.Error, Incomplete: true, Err: err,
			Msg: "压缩包不完整或已损坏，无法打开（可能没有复制完，或U盘被提前拔出）。请重新复制整个压缩包"})
		return src
	}
	return fromZip(name, zr)
}

// ignored reports files that operating systems leave behind on USB sticks
// and that nobody means as content.
func ignored(p string) bool {
	for _, part := range strings.Split(p, "/") {
		if strings.HasPrefix(part, ".") || part == "__MACOSX" {
			return true
		}
	}
	base := strings.ToLower(path.Base(p))
	return base == "thumbs.db" || base == "desktop.ini"
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

// zipName turns a zip entry name into a package path. Chinese Windows zip
// tools write names in GBK without the UTF-8 flag; those are converted.
func zipName(f *zip.File) string {
	n := f.Name
	if f.NonUTF8 || !utf8.ValidString(n) {
		if s, err := simplifiedchinese.GB18030.NewDecoder().String(n); err == nil {
			n = s
		}
	}
	return n
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
		entries = append(entries, zentry{n, f})
	}
	// A zip made by "compress this folder" holds everything under one
	// top-level folder: treat that folder as the package root.
	prefix := ""
	hasRootYAML := false
	tops := map[string]bool{}
	for _, e := range entries {
		if e.name == "package.yaml" {
			hasRootYAML = true
		}
		top, _, _ := strings.Cut(e.name, "/")
		tops[top] = true
	}
	if !hasRootYAML && len(tops) == 1 {
		for t := range tops {
			prefix = t + "/"
		}
	}
	for _, e := range entries {
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
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, errTooLarge
	}
	f.recordUse(data)
	return data, nil
}
