package parse

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"image"
	"image/jpeg"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/tools/txtar"

	"qingfeng/content"
	"qingfeng/content/contenttest"
	"qingfeng/content/markdown"
)

// docxFixture is a .docx written by a real word processor (content/docx/testdata,
// made by build/make-docx-fixtures.sh). The LibreOffice one starts with the
// line 分类：家风家训; the python-docx one has no category line.
func docxFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("..", "docx", "testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// storyTree is a package whose only content is the given story files.
func storyTree(files ...txtar.File) *txtar.Archive {
	return &txtar.Archive{Files: append([]txtar.File{{Name: "package.yaml", Data: []byte(okPackageYAML)}}, files...)}
}

func TestWordAndTextStories(t *testing.T) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("分类：清廉村居\n　　村里的账，一笔一笔都公开。\n# 不是标题\n")
	cases := []struct {
		name  string
		files []txtar.File
		check func(t *testing.T, pkg *content.Package, ps content.Problems)
	}{
		{"Word story with its category line and a picture inside", []txtar.File{{Name: "stories/老支书.docx", Data: docxFixture(t, "libreoffice.docx")}},
			func(t *testing.T, pkg *content.Package, ps content.Problems) {
				if len(ps) != 0 {
					t.Fatalf("problems: %v", ps)
				}
				s := pkg.Stories[0]
				pic := "stories/老支书.docx/word/media/image1.png"
				if s.Title != "清风村的老支书" || s.Category != "家风家训" || s.ID != nameID("老支书", "story") || s.Cover != pic {
					t.Errorf("story %q %q %q cover %q", s.ID, s.Title, s.Category, s.Cover)
				}
				if !reflect.DeepEqual(s.Images, []string{pic}) || !strings.Contains(s.Body, "**一辈子**") || strings.Contains(s.Body, "分类") {
					t.Errorf("body %q, images %v", s.Body, s.Images)
				}
				if len(pkg.Media) != 1 || pkg.Media[0].Path != pic || pkg.Media[0].Width != 64 || len(pkg.Media[0].Thumb) == 0 {
					t.Fatalf("media %+v", pkg.Media)
				}
				rc, err := pkg.Media[0].Open()
				if err != nil {
					t.Fatal(err)
				}
				defer rc.Close()
				var got bytes.Buffer
				got.ReadFrom(rc)
				if got.Len() != int(pkg.Media[0].Size) {
					t.Errorf("picture opened again: %d bytes, checked %d", got.Len(), pkg.Media[0].Size)
				}
			}},
		{"a picture with the story's name beside it is the cover", []txtar.File{
			{Name: "stories/老支书.docx", Data: docxFixture(t, "libreoffice.docx")},
			{Name: "stories/老支书.png", Data: pngBytes(t, 40, 30)}},
			func(t *testing.T, pkg *content.Package, ps content.Problems) {
				if len(ps) != 0 {
					t.Fatalf("problems: %v", ps)
				}
				if s := pkg.Stories[0]; s.Cover != "stories/老支书.png" || len(s.Images) != 1 {
					t.Errorf("cover %q, images %v", s.Cover, s.Images)
				}
				if len(pkg.Media) != 2 {
					t.Errorf("media %d, want the cover and the picture inside", len(pkg.Media))
				}
			}},
		{"Word story without a category", []txtar.File{{Name: "stories/laozhishu.docx", Data: docxFixture(t, "python-docx.docx")}},
			func(t *testing.T, pkg *content.Package, ps content.Problems) {
				assertProblem(t, ps, "stories/laozhishu.docx", 0, content.Error, "没有分类")
			}},
		{"text story, UTF-8 with a byte-order mark", []txtar.File{
			{Name: "stories/家规.txt", Data: []byte("\ufeff分类：家风家训\r\n\r\n勤俭持家，*不*收礼。\r\n1. 第一条\r\n")},
			{Name: "stories/家规.jpg", Data: jpegOf(t, 32, 24)}},
			func(t *testing.T, pkg *content.Package, ps content.Problems) {
				if len(ps) != 0 {
					t.Fatalf("problems: %v", ps)
				}
				s := pkg.Stories[0]
				if s.Title != "家规" || s.Category != "家风家训" || s.Cover != "stories/家规.jpg" || s.ID != nameID("家规", "story") {
					t.Errorf("story %q %q %q cover %q", s.ID, s.Title, s.Category, s.Cover)
				}
				if s.Body != `勤俭持家，\*不\*收礼。`+"\n\n"+`1\. 第一条` {
					t.Errorf("body %q", s.Body)
				}
			}},
		{"text story in GBK", []txtar.File{{Name: "stories/村账.txt", Data: []byte(gbk)}},
			func(t *testing.T, pkg *content.Package, ps content.Problems) {
				assertProblem(t, ps, "stories/村账.txt", 0, content.Warning, "GBK")
				if ps.HasErrors() {
					t.Fatal(ps)
				}
				if s := pkg.Stories[0]; s.Category != "清廉村居" || !strings.HasPrefix(s.Body, "　　村里的账") || !strings.Contains(s.Body, `\# 不是标题`) {
					t.Errorf("story %+v", s)
				}
			}},
		{"a category the kiosk does not have", []txtar.File{{Name: "stories/a.txt", Data: []byte("分类：别的\n正文\n")}},
			func(t *testing.T, pkg *content.Package, ps content.Problems) {
				assertProblem(t, ps, "stories/a.txt", 1, content.Error, "分类“别的”不认识")
			}},
		{"Word's lock file beside an open document", []txtar.File{
			{Name: "stories/老支书.docx", Data: docxFixture(t, "libreoffice.docx")},
			{Name: "stories/~$老支书.docx", Data: []byte("\x0cAdministrator")}},
			func(t *testing.T, pkg *content.Package, ps content.Problems) {
				if ps.HasErrors() || len(pkg.Stories) != 1 {
					t.Fatalf("problems %v, %d stories", ps, len(pkg.Stories))
				}
			}},
		{"old Word and WPS files", []txtar.File{{Name: "stories/a.doc", Data: []byte{0xD0, 0xCF, 0x11, 0xE0}}, {Name: "stories/b.wps", Data: []byte{0xD0, 0xCF, 0x11, 0xE0}}},
			func(t *testing.T, pkg *content.Package, ps content.Problems) {
				assertProblem(t, ps, "stories/a.doc", 0, content.Error, "请在 Word/WPS 里另存为 .docx")
				assertProblem(t, ps, "stories/b.wps", 0, content.Error, "请在 Word/WPS 里另存为 .docx")
			}},
		{"an old .doc renamed to .docx", []txtar.File{{Name: "stories/a.docx", Data: append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)}},
			func(t *testing.T, pkg *content.Package, ps content.Problems) {
				assertProblem(t, ps, "stories/a.docx", 0, content.Error, "其实是旧的 .doc 或 .wps 格式")
			}},
		{"a Word document with a password", []txtar.File{{Name: "stories/a.docx", Data: append(append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...),
			[]byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00")...)}},
			func(t *testing.T, pkg *content.Package, ps content.Problems) {
				assertProblem(t, ps, "stories/a.docx", 0, content.Error, "设置了密码")
			}},
		{"a document cut short while copying", []txtar.File{{Name: "stories/a.docx", Data: docxFixture(t, "libreoffice.docx")[:3000]}},
			func(t *testing.T, pkg *content.Package, ps content.Problems) {
				assertProblem(t, ps, "stories/a.docx", 0, content.Error, "不完整")
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := contenttest.Write(t, t.TempDir(), storyTree(tc.files...))
			src, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close() // pictures taken out of a document at import live as long as it
			pkg, ps := Read(context.Background(), src, Options{Thumbnails: true})
			if pkg == nil {
				t.Fatalf("no package: %v", ps)
			}
			tc.check(t, pkg, ps)
		})
	}
}

// A picture of a Word story inside a zipped package is taken out of the
// document read whole, as a zip entry cannot be read at an offset.
func TestWordStoryInZip(t *testing.T) {
	data := zipTree(t, storyTree(txtar.File{Name: "stories/老支书.docx", Data: docxFixture(t, "libreoffice.docx")}), "")
	src := OpenZipBytes("p.zip", data)
	pkg, ps := Read(context.Background(), src, Options{Thumbnails: true})
	if len(ps) != 0 || len(pkg.Media) != 1 || len(pkg.Media[0].Thumb) == 0 {
		t.Fatalf("problems %v, media %+v", ps, pkg.Media)
	}
}

// The folder's category wins over the document's own line.
func TestWordStoryCategoryFromFolder(t *testing.T) {
	src := mustFS(t, storyTree(txtar.File{Name: "stories/a.docx", Data: docxFixture(t, "libreoffice.docx")}))
	r := &reader{src: src, idLine: map[string]int{}}
	r.opts.fill()
	ws, pics := r.readWordStory(src.files["stories/a.docx"], "清廉村居", 10)
	if len(r.ps) != 0 || ws == nil || ws.story.Category != "清廉村居" || len(pics) != 1 {
		t.Fatalf("problems %v, story %+v, %d pictures", r.ps, ws, len(pics))
	}
}

// A signed package's Word story installs only as signed: a document that
// is one thing when read and another when its pictures are taken out is
// refused, whichever comes first.
func TestSignedWordStory(t *testing.T) {
	k := newKey(t)
	good := storyTree(txtar.File{Name: "stories/a.docx", Data: docxFixture(t, "libreoffice.docx")})
	signed := signTree(t, good, "demo", 1, k)
	want, ps := Read(context.Background(), mustFS(t, signed), Options{Thumbnails: true})
	if ps.HasErrors() || want.SignedBy == "" {
		t.Fatalf("the signed package itself: signed by %q, %v", want.SignedBy, ps)
	}
	other := replaceDocxPart(t, docxFixture(t, "libreoffice.docx"), "word/media/image1.png")
	for _, order := range []string{"signed first", "changed first"} {
		t.Run(order, func(t *testing.T) {
			versions := []string{string(docxFixture(t, "libreoffice.docx")), string(other)}
			if order == "changed first" {
				versions[0], versions[1] = versions[1], versions[0]
			}
			src, err := FromFS("p", &fickleFS{FS: archiveFS(t, signed), path: "stories/a.docx", versions: versions})
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			got, ps := Read(context.Background(), src, Options{Thumbnails: true})
			t.Logf("problems: %v", ps)
			if !ps.HasErrors() {
				if !reflect.DeepEqual(comparable(got), comparable(want)) {
					t.Fatalf("installed as signed, but not what was signed:\n got %s\nwant %s", summary(got), summary(want))
				}
				// A picture opens as the bytes checked (and signed) or
				// not at all, never from the changed document.
				for _, m := range got.Media {
					rc, err := m.Open()
					if err != nil {
						continue
					}
					data, _ := io.ReadAll(rc)
					rc.Close()
					if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != m.SHA256 {
						t.Fatalf("%s opens as other bytes than were checked", m.Path)
					}
				}
			}
		})
	}
}

// replaceDocxPart is data with one part's bytes replaced by another
// picture of the same size (a PNG ends at its last chunk: what follows is
// padding no decoder reads), so nothing but its content tells it apart.
func replaceDocxPart(tb testing.TB, data []byte, part string) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		w, err := zw.Create(f.Name)
		if err != nil {
			tb.Fatal(err)
		}
		if f.Name == part {
			with := pngBytes(tb, 8, 8)
			if uint64(len(with)) > f.UncompressedSize64 {
				tb.Fatalf("replacement of %d bytes for %d", len(with), f.UncompressedSize64)
			}
			w.Write(append(with, make([]byte, int(f.UncompressedSize64)-len(with))...))
			continue
		}
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		w.Write(b.Bytes())
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// The one rule for ids made from file names (Word and text stories, quiz
// sheets): a valid id stays as it is, anything else gets its readable
// part and a digest, so names that differ otherwise than in case never
// share an id.
func TestNameID(t *testing.T) {
	for _, tc := range []struct{ name, kind, want string }{
		{"tea-house", "story", "tea-house"},
		{"Tea-House", "story", "tea-house"},
		{"quiz-1", "quiz", "quiz-1"},
	} {
		if got := nameID(tc.name, tc.kind); got != tc.want {
			t.Errorf("nameID(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	seen := map[string]string{}
	for _, name := range []string{"老支书", "老书记", "2024年 老支书", "老支书（修改版）", "a.b", strings.Repeat("很长的名字", 40),
		"Tea House", "tea_house", "tea-house", "Quiz 1", "quiz_1"} {
		id := nameID(name, "story")
		if !ValidID(id) || id != nameID(name, "story") {
			t.Errorf("nameID(%q) = %q: not a valid, stable id", name, id)
		}
		if prev, dup := seen[id]; dup {
			t.Errorf("%q and %q both get %q", prev, name, id)
		}
		seen[id] = name
	}
	for _, tc := range []struct{ name, prefix string }{{"2024年 老支书", "2024-"}, {"Tea House", "tea-house-"}, {"老支书", "story-"}} {
		if id := nameID(tc.name, "story"); !strings.HasPrefix(id, tc.prefix) {
			t.Errorf("nameID(%q) = %q, want it to start %q", tc.name, id, tc.prefix)
		}
	}
	if a, b := nameID("Quiz 1", "quiz"), sheetItemID("quizzes/Quiz 1.xlsx"); a != b {
		t.Errorf("a Word story and a quiz sheet of one name get %q and %q", a, b)
	}
}

// jpegOf is a small w×h JPEG.
func jpegOf(tb testing.TB, w, h int) []byte {
	tb.Helper()
	img, _, err := image.Decode(bytes.NewReader(pngBytes(tb, w, h)))
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// A Word document changed on disk after the check (a clerk saving it again
// while the import runs) gives no picture the check did not see.
func TestWordPictureChangedOnDisk(t *testing.T) {
	dir := contenttest.Write(t, t.TempDir(), storyTree(txtar.File{Name: "stories/a.docx", Data: docxFixture(t, "libreoffice.docx")}))
	src, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	pkg, ps := Read(context.Background(), src, Options{})
	if ps.HasErrors() || len(pkg.Media) != 1 {
		t.Fatalf("problems %v, media %d", ps, len(pkg.Media))
	}
	other := replaceDocxPart(t, docxFixture(t, "libreoffice.docx"), "word/media/image1.png")
	if err := os.WriteFile(filepath.Join(dir, "stories", "a.docx"), other, 0o644); err != nil {
		t.Fatal(err)
	}
	if rc, err := pkg.Media[0].Open(); err == nil {
		rc.Close()
		t.Fatal("the picture opens from the changed document")
	}
}

// docxOf writes a .docx whose document holds body (the XML inside
// <w:body>), with the document's relationships rels and further parts.
func docxOf(tb testing.TB, body, rels string, parts map[string][]byte) []byte {
	tb.Helper()
	return contenttest.Docx(tb, body, rels, parts)
}

// docxPictures is a Word story of n copies of one picture, each its own
// part.
func docxPictures(tb testing.TB, n int, pic []byte) []byte {
	tb.Helper()
	body := `<w:p><w:r><w:t>分类：家风家训</w:t></w:r></w:p>`
	var rels strings.Builder
	parts := map[string][]byte{}
	for i := range n {
		body += fmt.Sprintf(`<w:p><w:r><w:drawing><a:blip r:embed="rId%d"/></w:drawing></w:r></w:p>`, i+10)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/p%d.png"/>`, i+10, i)
		parts[fmt.Sprintf("word/media/p%d.png", i)] = pic
	}
	return docxOf(tb, body, rels.String(), parts)
}

// docxLyingBomb is a .docx whose document.xml says it is small and
// inflates to n bytes of paragraphs.
func docxLyingBomb(tb testing.TB, n int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var z bytes.Buffer
	fw, _ := flate.NewWriter(&z, flate.BestSpeed)
	crc := crc32.NewIEEE()
	w := io.MultiWriter(fw, crc)
	head := `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`
	io.WriteString(w, head)
	p := []byte(strings.Repeat(`<w:p><w:r></w:r></w:p>`, 1000)) // no text: no body to fill
	for written := len(head); written < n; written += len(p) {
		w.Write(p)
	}
	fw.Close()
	raw, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(z.Len()), UncompressedSize64: 1 << 20})
	if err != nil {
		tb.Fatal(err)
	}
	raw.Write(z.Bytes())
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// A story from Word or Notepad has no summary field: its card shows the
// start of its first paragraph, as typed.
func TestLeadSummary(t *testing.T) {
	long := strings.Repeat("清", summaryRunes+5)
	for _, tc := range []struct{ body, want string }{
		{"![](<stories/a.docx/word/media/image1.png>)\n\n## 小标题\n\n村口的茶馆  坐满了人。\n\n第二段", "村口的茶馆 坐满了人。"},
		{markdown.Escape("1. 第一条 *不是* 列表") + "\n\n后面", "1. 第一条 *不是* 列表"},
		{long, strings.Repeat("清", summaryRunes) + "…"},
		{"- 只有列表\n- 没有段落", ""},
		{"", ""},
	} {
		if got := leadSummary(tc.body); got != tc.want {
			t.Errorf("leadSummary(%q) = %q, want %q", tc.body, got, tc.want)
		}
	}
}
