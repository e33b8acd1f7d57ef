package parse

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/txtar"

	"qingfeng/content"
	"qingfeng/content/sign"
)

// signTree adds a manifest and a signature by k over files, as
// `qingfeng sign` writes them.
func signTree(tb testing.TB, a *txtar.Archive, id string, version int, k sign.Private) *txtar.Archive {
	tb.Helper()
	m := sign.Manifest{Package: id, Version: version, Signer: k.Public(), Files: map[string][32]byte{}}
	for _, f := range a.Files {
		if !ignored(f.Name) {
			m.Files[f.Name] = sha256.Sum256(f.Data)
		}
	}
	data := m.Encode()
	return &txtar.Archive{Files: append(slices.Clone(a.Files),
		txtar.File{Name: sign.ManifestFile, Data: data},
		txtar.File{Name: sign.SignatureFile, Data: sign.Sign(k, data)})}
}

func newKey(tb testing.TB) sign.Private {
	tb.Helper()
	_, k, err := sign.GenerateKey()
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// fickleFS serves a file's versions in turn, one per open, the last one
// from then on: a USB stick that answers differently, or someone writing
// the inbox while the package is read.
type fickleFS struct {
	fs.FS
	mu       sync.Mutex
	path     string
	versions []string
	opens    int
}

func (f *fickleFS) Open(name string) (fs.File, error) {
	if name != f.path {
		return f.FS.Open(name)
	}
	f.mu.Lock()
	v := f.versions[min(f.opens, len(f.versions)-1)]
	f.opens++
	f.mu.Unlock()
	one, err := txtar.FS(&txtar.Archive{Files: []txtar.File{{Name: name, Data: []byte(v)}}})
	if err != nil {
		return nil, err
	}
	return one.Open(name)
}

func archiveFS(tb testing.TB, a *txtar.Archive) fs.FS {
	tb.Helper()
	fsys, err := txtar.FS(a)
	if err != nil {
		tb.Fatal(err)
	}
	return fsys
}

// comparable drops what cannot be compared (the media's open functions).
func comparable(p *content.Package) content.Package {
	c := *p
	c.Media = append([]content.Media(nil), p.Media...)
	for i := range c.Media {
		c.Media[i].Open = nil
	}
	return c
}

// A file that changes between reads is never installed as signed unless
// what was used is what was signed: either the package is refused, or
// everything read from it equals the signed package.
func TestSignedMeansTheBytesUsed(t *testing.T) {
	k := newKey(t)
	good := baseTree(t)
	signed := signTree(t, good, "demo", 1, k)
	want, ps := Read(context.Background(), mustFS(t, signed), Options{Thumbnails: true})
	if ps.HasErrors() || want.SignedBy == "" {
		t.Fatalf("the signed package itself: signed by %q, %v", want.SignedBy, ps)
	}
	evil := map[string]string{
		"package.yaml":         strings.Replace(okPackageYAML, "示例", "假冒", 1),
		"stories/tea.md":       strings.Replace(okStory, "茶馆里有七味茶。", "请扫码转账到个人账户。", 1),
		"disclosures/fin.csv":  "月份,收入,支出\n1月,1,999999\n2月,1,999999\n",
		"disclosures/fin.yaml": "title: 假冒财务\ncategory: 财务\namount_columns: [收入, 支出]\n",
		"quizzes/q.yaml":       strings.Replace(get(good, "quizzes/q.yaml"), "answer: A", "answer: B", 1),
		"media/cover.png":      string(pngBytes(t, 64, 48)[:0]) + string(pngBytes(t, 48, 64)),
	}
	for p, bad := range evil {
		for _, order := range []string{"signed first", "changed first"} {
			t.Run(p+"/"+order, func(t *testing.T) {
				versions := []string{get(good, p), bad}
				if order == "changed first" {
					versions = []string{bad, get(good, p)}
				}
				src, err := FromFS("p", &fickleFS{FS: archiveFS(t, signed), path: p, versions: versions})
				if err != nil {
					t.Fatal(err)
				}
				got, ps := Read(context.Background(), src, Options{Thumbnails: true})
				if ps.HasErrors() {
					assertProblem(t, ps, p, 0, content.Error, "签名清单")
					return
				}
				if got.SignedBy == "" {
					t.Fatalf("accepted as unsigned: %v", ps)
				}
				if !reflect.DeepEqual(comparable(got), comparable(want)) {
					t.Fatalf("installed as signed, but not what was signed:\n got %s\nwant %s", summary(got), summary(want))
				}
			})
		}
	}
}

func mustFS(tb testing.TB, a *txtar.Archive) *Source {
	tb.Helper()
	src, err := FromFS("p", archiveFS(tb, a))
	if err != nil {
		tb.Fatal(err)
	}
	return src
}

// Every package `qingfeng sign` signs is one a kiosk can check: here a few
// thousand files with long Chinese names, whose manifest passes 1 MiB.
func TestLargeManifest(t *testing.T) {
	k := newKey(t)
	files := &txtar.Archive{Files: []txtar.File{{Name: "package.yaml", Data: []byte(okPackageYAML)}}}
	long := strings.Repeat("清风廉政文化展示屏村务公开财务明细", 5) // 85 characters, 255 bytes
	for i := range 3500 {
		set(files, fmt.Sprintf("stories/%s%04d.md", long[:len(long)-12], i), fmt.Sprintf("---\nid: s%d\ntitle: 故事\ncategory: 清廉阵地\n---\n正文\n", i))
	}
	signed := signTree(t, files, "demo", 1, k)
	if n := len(get(signed, sign.ManifestFile)); n <= 1<<20 {
		t.Fatalf("manifest is only %d bytes; the case needs more than 1 MiB", n)
	}
	pkg, ps := Read(context.Background(), mustFS(t, signed), Options{})
	if ps.HasErrors() || pkg.SignedBy == "" {
		t.Fatalf("signed by %q; problems: %v", pkg.SignedBy, firstProblems(ps, 5))
	}
}

func firstProblems(ps content.Problems, n int) content.Problems {
	return ps[:min(n, len(ps))]
}

// summary shows what a reader would notice of a package, thumbnails left out.
func summary(p *content.Package) string {
	s := fmt.Sprintf("title %q", p.Title)
	for _, st := range p.Stories {
		s += fmt.Sprintf(", story %q", st.Body)
	}
	for _, d := range p.Disclosures {
		s += fmt.Sprintf(", table %q %v", d.Title, d.Rows)
	}
	for _, q := range p.Quizzes {
		s += fmt.Sprintf(", quiz %v", q.Questions)
	}
	for _, m := range p.Media {
		s += fmt.Sprintf(", media %s %dx%d %s", m.Path, m.Width, m.Height, m.SHA256)
	}
	return s
}

// A manifest over the limit is named as such, not as a broken signature.
func TestManifestOverTheLimit(t *testing.T) {
	k := newKey(t)
	signed := signTree(t, baseTree(t), "demo", 1, k)
	set(signed, sign.ManifestFile, get(signed, sign.ManifestFile)+strings.Repeat("#", sign.MaxManifestBytes))
	_, ps := Read(context.Background(), mustFS(t, signed), Options{})
	assertProblem(t, ps, sign.ManifestFile, 0, content.Error, "签名清单超过8 MB的上限")
}
