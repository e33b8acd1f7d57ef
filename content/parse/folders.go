package parse

import (
	"crypto/sha256"
	"encoding/hex"
	"path"
	"sort"
	"strings"
	"unicode"

	"qingfeng/content"
)

// Top-level folders of a package. Each has an English name and the
// Chinese one staff give it; both are read the same way.
const (
	dirStories     = "stories"
	dirDisclosures = "disclosures"
	dirQuizzes     = "quizzes"
	dirTeas        = "teas"
	dirPuzzles     = "puzzles"
	dirMedia       = "media"
)

var folderAliases = map[string]string{
	"故事":  dirStories,
	"公示":  dirDisclosures,
	"答题":  dirQuizzes,
	"七味茶": dirTeas,
	"拼图":  dirPuzzles,
	"图片":  dirMedia,
	"视频":  dirVideos,
}

// place splits a package path into the folder it belongs to (English
// name, Chinese ones mapped), the category sub-folder between that folder
// and the file ("" if none), and whether the path is deeper than a
// category sub-folder allows. A file at the top has dir "".
func place(p string) (dir, category string, tooDeep bool) {
	parts := strings.Split(p, "/")
	if len(parts) == 1 {
		return "", "", false
	}
	dir = parts[0]
	if en, ok := folderAliases[dir]; ok {
		dir = en
	}
	switch {
	case dir == dirMedia:
		return dir, "", false // media may hold folders of any depth
	case len(parts) == 2:
		return dir, "", false
	case len(parts) == 3 && (dir == dirStories || dir == dirDisclosures):
		return dir, parts[1], false
	}
	return dir, "", true
}

// hintedExts are the file types Windows' Notepad or a careless rename
// turn into "name.ext.txt": Windows hides extensions, so staff see
// "故事.md" and cannot tell.
var hintedExts = map[string]bool{".yaml": true, ".yml": true, ".md": true, ".csv": true, ".docx": true, ".xlsx": true}

// kindPath is p as it was meant: without a ".txt" that follows one of
// hintedExts. hinted says whether one was taken off.
func kindPath(p string) (meant string, hinted bool) {
	if !strings.EqualFold(path.Ext(p), ".txt") {
		return p, false
	}
	inner := strings.TrimSuffix(p, path.Ext(p))
	if hintedExts[strings.ToLower(path.Ext(inner))] {
		return inner, true
	}
	return p, false
}

// extHint is the warning a "name.ext.txt" file gets: it is read as
// "name.ext", and staff learn how to see the real name.
func extHint(ps *content.Problems, p, meant string) {
	ps.Warnf(p, 0, "文件名的最后多了“.txt”（Windows 默认隐藏扩展名，所以看起来像“%s”），已按“%s”读取。以后保存时请在“保存类型”里选“所有文件”，或在文件夹的“查看”菜单里勾选“文件扩展名”后改名",
		path.Base(meant), path.Base(meant))
}

// plainName is the name a package without package.yaml takes its title
// and id from: the folder's name, or the zip's name without .zip (or the
// one folder inside it).
func (s *Source) plainName() string {
	if s.root != "" {
		return s.root
	}
	n := s.Name
	if strings.EqualFold(path.Ext(n), ".zip") {
		n = strings.TrimSuffix(n, path.Ext(n))
	}
	return n
}

// maxPlainTitle bounds a title taken from a folder's name, in characters.
const maxPlainTitle = 40

// readPlain fills in a package given as a plain folder: id from the
// site and the folder's name, title from the folder's name. Its version
// is the store's to number (content.Package.Plain).
func (r *reader) readPlain() {
	name := strings.TrimSpace(r.src.plainName())
	title := name
	for _, c := range title {
		if unicode.IsControl(c) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) {
			r.ps.Errorf("", 0, "文件夹的名字里有看不见的控制字符（%U），请把文件夹改个名字再放入", c)
			title = ""
			break
		}
	}
	if rs := []rune(title); len(rs) > maxPlainTitle {
		r.ps.Warnf("", 0, "文件夹的名字有%d个字，标题只取前%d个字；名字短一点更好看", len(rs), maxPlainTitle)
		title = string(rs[:maxPlainTitle])
	}
	if title == "" || title == "." {
		title = "未命名内容"
	}
	r.pkg.Plain = true
	r.pkg.Title = title
	r.pkg.ID = PlainID(r.opts.Site, name)
}

// plainDigest is the digest of everything a plain package's read used:
// each file's path and the SHA-256 of its bytes. Files ignored do not
// count, so a new Thumbs.db leaves it as it was.
func plainDigest(files map[string]*file) string {
	var used []string
	for p, f := range files {
		if f.used {
			used = append(used, p)
		}
	}
	sort.Strings(used)
	h := sha256.New()
	for _, p := range used {
		h.Write([]byte(p))
		h.Write([]byte{0})
		h.Write(files[p].sum[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// isPackageYAML reports whether p is the package's description, also
// when Notepad saved it as package.yaml.txt.
func isPackageYAML(p string) bool { return p == "package.yaml" || p == "package.yaml.txt" }

// isPackageFolder reports whether name is one of the folders inside a
// package (stories, 故事, media …).
func isPackageFolder(name string) bool {
	if _, ok := folderAliases[name]; ok {
		return true
	}
	switch name {
	case dirStories, dirDisclosures, dirQuizzes, dirTeas, dirPuzzles, dirMedia, dirVideos:
		return true
	}
	return false
}

// inMedia reports whether p is under the media folder (media/ or 图片/).
func inMedia(p string) bool {
	dir, _, _ := place(p)
	return dir == dirMedia
}
