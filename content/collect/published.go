package collect

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"qingfeng/content/sign"
)

// What the office's published content folder may cost to read: its
// entries are counted before any is opened, and of each package only
// package.yaml or the head of MANIFEST.txt is read, bounded.
const (
	maxPublished         = 2000     // packages (folders and zips) in the folder
	maxPublishedYAML     = 64 << 10 // package.yaml
	maxManifestHead      = 4 << 10  // MANIFEST.txt's first lines: package, version
	maxPublishedZipFiles = 100_000  // entries of one zip's directory
	maxPublishedZipBytes = 1 << 30  // a zip file
	maxPublishedZipDir   = 8 << 20  // its central directory, before it is read
)

// Published is each package's newest version in the office's published
// content folder dir (`collect --published DIR`): the folders and zips in
// it, each read from its signed MANIFEST.txt (package and version) or, not
// signed, its package.yaml (id and version). A package it cannot read is
// left out and said in problems, in Chinese, naming it.
func Published(dir string) (map[string]int, []string, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, nil, err
	}
	entries, err := f.ReadDir(maxPublished + 1)
	f.Close()
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, nil, err
	}
	if len(entries) > maxPublished {
		return nil, nil, fmt.Errorf("发布文件夹 %s 里超过 %d 个内容包，没有读", dir, maxPublished)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	out := map[string]int{}
	var problems []string
	for _, e := range entries {
		name := filepath.Join(dir, e.Name())
		var id string
		var version int
		var err error
		switch {
		case e.IsDir():
			id, version, err = publishedFolder(name)
		case e.Type().IsRegular() && strings.EqualFold(path.Ext(e.Name()), ".zip"):
			id, version, err = publishedZip(name)
		default:
			continue
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s：%v", name, err))
			continue
		}
		out[id] = max(out[id], version)
	}
	return out, problems, nil
}

// errNoID: neither file says which package it is.
var errNoID = errors.New("没有 MANIFEST.txt，也没有写明编号和版本号的 package.yaml，不知道是哪个内容包")

func publishedFolder(dir string) (string, int, error) {
	read := func(name string, most int64) ([]byte, error) {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return nil, err
		}
		if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("%s 不是普通文件", name)
		}
		return io.ReadAll(io.LimitReader(f, most+1))
	}
	if data, err := read(sign.ManifestFile, maxManifestHead); err == nil {
		return manifestHead(data)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", 0, err
	}
	data, err := read("package.yaml", maxPublishedYAML)
	if errors.Is(err, fs.ErrNotExist) {
		return "", 0, errNoID
	}
	if err != nil {
		return "", 0, err
	}
	return packageYAML(data)
}

func publishedZip(name string) (string, int, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", 0, err
	}
	if st.Size() > maxPublishedZipBytes {
		return "", 0, fmt.Errorf("超过 %d MB，没有读", maxPublishedZipBytes>>20)
	}
	if n := zipDirectoryBytes(f, st.Size()); n < 0 || n > maxPublishedZipDir {
		return "", 0, fmt.Errorf("压缩包的目录太大或读不了，不像是内容包，没有读")
	}
	z, err := zip.NewReader(f, st.Size())
	if err != nil {
		return "", 0, fmt.Errorf("不是能打开的 zip 文件")
	}
	if len(z.File) > maxPublishedZipFiles {
		return "", 0, fmt.Errorf("里面超过 %d 个文件，没有读", maxPublishedZipFiles)
	}
	// At the top, or in the one folder a zip of a folder holds.
	find := func(base string) *zip.File {
		for _, zf := range z.File {
			if p := strings.TrimPrefix(zf.Name, "./"); p == base || path.Base(p) == base && strings.Count(p, "/") == 1 {
				return zf
			}
		}
		return nil
	}
	read := func(zf *zip.File, most int64) ([]byte, error) {
		r, err := zf.Open()
		if err != nil {
			return nil, err
		}
		defer r.Close()
		return io.ReadAll(io.LimitReader(r, most+1))
	}
	if zf := find(sign.ManifestFile); zf != nil {
		data, err := read(zf, maxManifestHead)
		if err != nil {
			return "", 0, fmt.Errorf("%s 读不了", sign.ManifestFile)
		}
		return manifestHead(data)
	}
	if zf := find("package.yaml"); zf != nil {
		data, err := read(zf, maxPublishedYAML)
		if err != nil {
			return "", 0, fmt.Errorf("package.yaml 读不了")
		}
		return packageYAML(data)
	}
	return "", 0, errNoID
}

// manifestHead reads the package and version lines at the top of a
// manifest (sign.Manifest.Encode); the file hashes after them are not
// needed here, and a manifest may be megabytes.
func manifestHead(data []byte) (string, int, error) {
	var id string
	version := 0
	sc := bufio.NewScanner(bytes.NewReader(data[:min(len(data), maxManifestHead)]))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ": ")
		switch {
		case !ok:
		case k == "package":
			id = v
		case k == "version":
			version, _ = strconv.Atoi(v)
		}
		if id != "" && version > 0 {
			return id, version, nil
		}
	}
	return "", 0, fmt.Errorf("%s 开头没有写明内容包的编号和版本号", sign.ManifestFile)
}

func packageYAML(data []byte) (string, int, error) {
	if len(data) > maxPublishedYAML {
		return "", 0, fmt.Errorf("package.yaml 超过 %d KB", maxPublishedYAML>>10)
	}
	var p struct {
		ID      string `yaml:"id"`
		Version int    `yaml:"version"`
	}
	if err := yaml.Unmarshal(data, &p); err != nil || p.ID == "" || p.Version < 1 {
		return "", 0, fmt.Errorf("package.yaml 里没有写明编号（id）和版本号（version）")
	}
	return p.ID, p.Version, nil
}

// zipDirectoryBytes is the size of the central directory the end record
// of the zip in r says, found as archive/zip finds it (the last end record
// whose comment fits); -1 when there is none, or for a zip64 (a package
// of over 65,535 files or 4 GB is not one an office publishes). What
// zip.NewReader then holds in memory grows with this size.
func zipDirectoryBytes(r io.ReaderAt, size int64) int64 {
	const eocdLen = 22
	tail := min(size, eocdLen+65535)
	buf := make([]byte, tail)
	if _, err := r.ReadAt(buf, size-tail); err != nil && !errors.Is(err, io.EOF) {
		return -1
	}
	for i := len(buf) - eocdLen; i >= 0; i-- {
		if string(buf[i:i+4]) == "PK\x05\x06" && i+eocdLen+int(binary.LittleEndian.Uint16(buf[i+20:])) <= len(buf) {
			records, dir := binary.LittleEndian.Uint16(buf[i+10:]), binary.LittleEndian.Uint32(buf[i+12:])
			if records == 0xFFFF || dir == 0xFFFFFFFF {
				return -1
			}
			return int64(dir)
		}
	}
	return -1
}
