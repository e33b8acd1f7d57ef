package parse

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/tools/txtar"

	"qingfeng/content"
)

// zipEntry is one entry of a zip built by hand: its name exactly as
// stored, and how it is stored.
type zipEntry struct {
	name    string
	data    string
	nonUTF8 bool   // no UTF-8 flag, whatever the name's bytes
	method  uint16 // compression method number; raw data is stored as given
	flags   uint16 // extra general purpose flags (bit 0: encrypted)
	raw     bool   // data is the stored (compressed or encrypted) bytes
}

func buildZip(tb testing.TB, entries []zipEntry) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, NonUTF8: e.nonUTF8, Method: e.method, Flags: e.flags}
		if e.raw {
			h.CRC32 = crc32.ChecksumIEEE([]byte(e.data))
			h.CompressedSize64 = uint64(len(e.data))
			h.UncompressedSize64 = uint64(len(e.data)) * 3
			w, err := zw.CreateRaw(h)
			if err != nil {
				tb.Fatal(err)
			}
			w.Write([]byte(e.data))
			continue
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			tb.Fatal(err)
		}
		w.Write([]byte(e.data))
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func gbk(tb testing.TB, s string) string {
	tb.Helper()
	g, err := simplifiedchinese.GBK.NewEncoder().String(s)
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

// Names are decoded as UTF-8 when that is what they are (Linux zip and
// macOS Finder write UTF-8 without the flag), as GBK otherwise (Chinese
// Windows tools), including GBK names whose bytes happen to be valid UTF-8
// ("图片" in GBK is CD BC C6 AC, in UTF-8 "ͼƬ"; "小" is D0 A1, in UTF-8
// "С").
func TestZipNameEncodings(t *testing.T) {
	names := []string{
		"stories/清风茶馆.md",
		"media/图片.png",
		"puzzles/拼图.yaml",
		"stories/通知.md",
		"media/展示/学习.jpg",
		"disclosures/2026年第一季度村务财务公开.xlsx",
		"media/封面（新）.png",
		"media/cover.png",
		"stories/小.md",     // GBK D0 A1, as UTF-8 the Cyrillic "С"
		"media/写 2.png",    // GBK D0 B4, as UTF-8 "д"
		"media/Москва.png", // Cyrillic, in GBK too
	}
	for _, name := range names {
		for _, enc := range []string{"UTF-8 with the flag", "UTF-8 without the flag", "GBK"} {
			t.Run(enc+"/"+name, func(t *testing.T) {
				e := zipEntry{name: name, data: "x", method: zip.Store}
				switch enc {
				case "UTF-8 without the flag":
					e.nonUTF8 = true
				case "GBK":
					e.name, e.nonUTF8 = gbk(t, name), true
				}
				src := OpenZipBytes("p.zip", buildZip(t, []zipEntry{e, {name: "package.yaml", data: okPackageYAML}}))
				if got := src.Paths(); !slices.Contains(got, name) {
					t.Fatalf("paths %q, want %q among them", got, name)
				}
			})
		}
	}
}

// A package zipped by Linux zip or macOS Finder (UTF-8 names, no flag) is
// read like any other.
func TestZipFromLinuxOrMac(t *testing.T) {
	tree := baseTree(t)
	set(tree, "media/封面.png", get(tree, "media/cover.png"))
	set(tree, "stories/清风茶馆.md", strings.NewReplacer("id: tea", "id: qingfeng", "media/cover.png", "media/封面.png").Replace(okStory))
	var entries []zipEntry
	for _, f := range tree.Files {
		entries = append(entries, zipEntry{name: "清风村/" + f.Name, data: string(f.Data), nonUTF8: true, method: zip.Deflate})
	}
	pkg, ps := Read(context.Background(), OpenZipBytes("p.zip", buildZip(t, entries)), Options{})
	if ps.HasErrors() || len(pkg.Stories) != 2 {
		t.Fatalf("stories %d; problems: %v", len(pkg.Stories), ps)
	}
}

// Zips the kiosk cannot read say why, each in its own words, and are not
// taken for a copy still in progress.
func TestZipHonestReasons(t *testing.T) {
	tree := baseTree(t)
	plain := func(prefix string, change func(e *zipEntry)) []zipEntry {
		var entries []zipEntry
		for _, f := range sortedFiles(tree) {
			e := zipEntry{name: prefix + f.Name, data: string(f.Data), method: zip.Deflate}
			if change != nil {
				change(&e)
			}
			entries = append(entries, e)
		}
		return entries
	}
	inner := buildZip(t, plain("", nil))
	cases := []struct {
		name    string
		entries []zipEntry
		file    string
		want    string
	}{
		{"password", plain("", func(e *zipEntry) {
			e.flags, e.raw, e.data = 0x1, true, "\x9c\x1f\x03\xd7garbage that no inflater takes\xff\x00\x12"
		}), "disclosures/fin.csv", "设置了密码"},
		{"WinZip AES password", plain("", func(e *zipEntry) {
			e.method, e.flags, e.raw, e.data = 99, 0x1, true, "\x01\x02encrypted"
		}), "disclosures/fin.csv", "设置了密码"},
		{"BZip2", plain("", func(e *zipEntry) {
			e.method, e.raw, e.data = 12, true, "BZh91AY&SY"+e.data
		}), "disclosures/fin.csv", "不支持的压缩方式（BZip2）"},
		{"LZMA", plain("", func(e *zipEntry) {
			e.method, e.raw = 14, true
		}), "disclosures/fin.csv", "不支持的压缩方式（LZMA）"},
		{"Deflate64", plain("", func(e *zipEntry) {
			e.method, e.raw = 9, true
		}), "disclosures/fin.csv", "不支持的压缩方式（Deflate64）"},
		{"zip in a zip", []zipEntry{{name: "清风村内容包.zip", data: string(inner), method: zip.Store}},
			"清风村内容包.zip", "压缩包里面还套着一个压缩包"},
		{"zip in a folder in a zip", []zipEntry{{name: "发给各村/清风村.zip", data: string(inner), method: zip.Store}},
			"发给各村/清风村.zip", "压缩包里面还套着一个压缩包"},
		{"two packages", append(plain("清风村/", nil), plain("明月村/", nil)...),
			"", "多个内容包"},
		{"package folder beside another folder", append(plain("清风村/", nil),
			zipEntry{name: "照片/合影.png", data: get(tree, "media/cover.png"), method: zip.Store}),
			"", "还有其他文件夹（照片）"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, ps := Read(context.Background(), OpenZipBytes("p.zip", buildZip(t, tc.entries)), Options{})
			assertProblem(t, ps, tc.file, 0, content.Error, tc.want)
			if ps.OnlyIncomplete() {
				t.Fatalf("taken for a copy in progress: %v", ps)
			}
			for _, p := range ps {
				if strings.Contains(p.Msg, "U盘") || strings.Contains(p.Msg, "复制") {
					t.Errorf("blames the copy: %v", p)
				}
			}
		})
	}
}

// A zip holding the package folder and, beside it, a readme: the folder is
// the package, and the readme is named as ignored.
func TestZipFolderPlusReadme(t *testing.T) {
	var entries []zipEntry
	tree := baseTree(t)
	for _, f := range sortedFiles(tree) {
		entries = append(entries, zipEntry{name: "清风村/" + f.Name, data: string(f.Data), method: zip.Deflate})
	}
	entries = append(entries, zipEntry{name: "使用说明.txt", data: "请把文件夹复制到U盘", method: zip.Deflate},
		zipEntry{name: "readme.md", data: "# readme", method: zip.Deflate})
	pkg, ps := Read(context.Background(), OpenZipBytes("p.zip", buildZip(t, entries)), Options{})
	if ps.HasErrors() || pkg == nil || len(pkg.Stories) != 1 {
		t.Fatalf("problems: %v", ps)
	}
	assertProblem(t, ps, "使用说明.txt", 0, content.Warning, "已忽略")
	assertProblem(t, ps, "readme.md", 0, content.Warning, "已忽略")
}

func sortedFiles(a *txtar.Archive) []txtar.File {
	return slices.SortedFunc(slices.Values(a.Files), func(x, y txtar.File) int { return strings.Compare(x.Name, y.Name) })
}

// A zip of more entries than any package can have is refused before the
// zip reader holds its whole central directory; an honest zip of a few
// thousand files opens. Past 65,535 entries the zip64 end record applies.
func TestZipEntryCount(t *testing.T) {
	cases := []struct {
		name    string
		entries int
		comment int // bytes of each entry's comment, held by the zip reader too
		refused string
	}{
		{"a few thousand files", 3000, 0, ""},
		{"more entries than any package", maxZipEntries + 1, 0, "个文件和文件夹"},
		{"a directory of long comments", maxZipDirBytes/65535 + 1, 65535, "压缩包的目录"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "many.zip")
			f, err := os.Create(p)
			if err != nil {
				t.Fatal(err)
			}
			zw := zip.NewWriter(f)
			comment := strings.Repeat("x", tc.comment)
			w, _ := zw.Create("package.yaml")
			w.Write([]byte(okPackageYAML))
			for i := range tc.entries {
				if _, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("media/%d/", i), Comment: comment}); err != nil {
					t.Fatal(err)
				}
			}
			if err := zw.Close(); err != nil {
				t.Fatal(err)
			}
			f.Close()
			src, err := Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			refused := slices.ContainsFunc(src.problems, func(p content.Problem) bool {
				return tc.refused != "" && strings.Contains(p.Msg, tc.refused)
			})
			if refused != (tc.refused != "") || tc.refused == "" && len(src.problems) > 0 {
				t.Fatalf("want refused with %q; problems: %v", tc.refused, src.problems)
			}
		})
	}
}

// countZipEntries finds the directory the zip reader reads, whatever the
// zip's shape: a comment holding a stray end signature, data before the
// zip, the zip64 records, and end records whose count the reader does not
// check.
func TestCountZipEntriesAgreesWithReader(t *testing.T) {
	zipOf := func(tb testing.TB, n int, comment string) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for i := range n {
			if _, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("d/%d", i)}); err != nil {
				tb.Fatal(err)
			}
		}
		zw.SetComment(comment)
		if err := zw.Close(); err != nil {
			tb.Fatal(err)
		}
		return buf.Bytes()
	}
	cases := []struct {
		name string
		data func(tb testing.TB) []byte
	}{
		{"plain", func(tb testing.TB) []byte { return zipOf(tb, 10, "") }},
		{"stray end signature at the end of the comment", func(tb testing.TB) []byte { return zipOf(tb, 10, "note PK\x05\x06xx") }},
		{"data before the zip", func(tb testing.TB) []byte { return append([]byte("#!/bin/sh\nexit 0\n"), zipOf(tb, 10, "")...) }},
		{"zip64", func(tb testing.TB) []byte { return zipOf(tb, 70_000, "") }},
		{"many entries behind a count of one", func(tb testing.TB) []byte { return xlsxManyEntries(tb, 65_536) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.data(t)
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			if n, _ := countZipEntries(bytes.NewReader(data), int64(len(data)), 1<<30, 1<<62); n != len(zr.File) {
				t.Fatalf("counted %d entries, the zip reader has %d", n, len(zr.File))
			}
		})
	}
}

// Whatever zip the zip reader opens, countZipEntries counts at least its
// entries: a zip it undercounted would escape the entry and directory
// bounds. It may count more on a broken directory the reader gives up on
// (testdata/fuzz: a record signature followed by garbage, which the
// reader takes as no entries): refusing such a zip a little early is
// safe. Well-formed zips are counted exactly (TestCountZipEntriesAgreesWithReader).
func FuzzCountZipEntries(f *testing.F) {
	f.Add(buildZip(f, []zipEntry{{name: "package.yaml", data: okPackageYAML}, {name: "media/"}}))
	f.Add(append([]byte("MZ"), buildZip(f, []zipEntry{{name: "a"}})...))
	f.Fuzz(func(t *testing.T, data []byte) {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		if n, _ := countZipEntries(bytes.NewReader(data), int64(len(data)), 1<<30, 1<<62); n < len(zr.File) {
			t.Fatalf("counted %d entries, the zip reader has %d", n, len(zr.File))
		}
	})
}
