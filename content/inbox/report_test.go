package inbox

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/tools/txtar"

	"qingfeng/content"
	"qingfeng/content/contenttest"
	"qingfeng/content/parse"
)

// A name in a package (a zip entry, a folder, a title, a site) that holds a
// line break or another control character must not write a line of its
// own into the report: staff and scripts read the report line by line.
func TestReportNamesCannotForgeLines(t *testing.T) {
	const forged = "伪造的一行：导入成功"
	tests := []struct {
		name   string
		source string
		files  func([]txtar.File) []txtar.File
		escape string // how the break must appear instead
	}{
		{"zip entry name", "p.zip", func(fs []txtar.File) []txtar.File {
			return append(fs, txtar.File{Name: "notes/a\n" + forged + ".txt", Data: []byte("x")})
		}, `\n`},
		{"carriage return in an entry name", "p.zip", func(fs []txtar.File) []txtar.File {
			return append(fs, txtar.File{Name: "notes/a\r" + forged + ".txt", Data: []byte("x")})
		}, `\r`},
		{"line separator in an entry name", "p.zip", func(fs []txtar.File) []txtar.File {
			return append(fs, txtar.File{Name: "notes/a\u2028" + forged + ".txt", Data: []byte("x")})
		}, `\u2028`},
		{"package file name", "p\n" + forged + ".zip", func(fs []txtar.File) []txtar.File { return fs }, `\n`},
		{"title", "p.zip", func(fs []txtar.File) []txtar.File {
			fs[0].Data = []byte("id: forge\ntitle: \"测试\\n" + forged + "\"\nversion: 1\n")
			return fs
		}, `\n`},
		{"site", "p.zip", func(fs []txtar.File) []txtar.File {
			fs[0].Data = []byte(string(fs[0].Data) + "sites: [\"x\\n" + forged + "\"]\n")
			return fs
		}, `\n`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			im := &Importer{Store: newFakeStore(), Site: "test-site"}
			res := im.Import(context.Background(), parse.OpenZipBytes("p.zip", zipOf(t, tt.files(pkgFiles(t, "forge", 1)))))
			res.Source = filepath.Join("inbox", tt.source)
			report := Report(res, time.UTC)
			for _, line := range strings.FieldsFunc(report, func(r rune) bool { return r == '\n' || r == '\r' || r == '\u2028' }) {
				if strings.HasPrefix(strings.TrimSpace(line), forged) {
					t.Fatalf("a name wrote its own line into the report:\n%s", report)
				}
			}
			if !strings.Contains(report, tt.escape+forged) {
				t.Fatalf("the name should appear escaped (%s), Chinese kept readable:\n%s", tt.escape, report)
			}
		})
	}
	if got := ReportName("清风\t村\x00.zip"); got != `清风\t村\x00.zip` {
		t.Errorf("ReportName = %q", got)
	}
}

// changingStore is a store that can tell what a new version changes; it
// answers before the install, from what it holds then.
type changingStore struct {
	*fakeStore
	changes content.Changes
	asked   []int // the installed version each time it was asked
}

func (c *changingStore) Changes(ctx context.Context, p *content.Package) (content.Changes, error) {
	v, _, _ := c.InstalledVersion(ctx, p.ID)
	c.asked = append(c.asked, v)
	return c.changes, nil
}

func TestReportSaysWhatTheNewVersionRemoved(t *testing.T) {
	ctx := context.Background()
	removed := []content.Item{{Kind: content.KindStory, ID: "s2", Title: "故事2"}, {Kind: content.KindDisclosure, ID: "d1", Title: "2026年第一季度\n财务"}}
	st := &changingStore{fakeStore: newFakeStore(), changes: content.Changes{
		Added:   []content.Item{{Kind: content.KindQuiz, ID: "q", Title: "答题"}},
		Changed: []content.Item{{Kind: content.KindStory, ID: "s1", Title: "故事1"}},
		Removed: removed,
	}}
	im := &Importer{Store: st, Site: "test-site"}
	first := im.Import(ctx, parse.OpenZipBytes("p.zip", zipOf(t, pkgFiles(t, "village", 1))))
	if first.Outcome != Imported || first.Changes != nil || len(st.asked) != 0 {
		t.Fatalf("a first install: %v %q, changes %+v, store asked %v times", first.Outcome, first.Reason, first.Changes, len(st.asked))
	}
	if strings.Contains(Report(first, time.UTC), "相比") {
		t.Errorf("a first install has nothing to compare with:\n%s", Report(first, time.UTC))
	}
	second := im.Import(ctx, parse.OpenZipBytes("p.zip", zipOf(t, pkgFiles(t, "village", 2))))
	if second.Outcome != Imported || second.Changes == nil || !slices.Equal(st.asked, []int{1}) {
		t.Fatalf("a second version: %v %q, changes %+v, asked with installed versions %v", second.Outcome, second.Reason, second.Changes, st.asked)
	}
	report := Report(second, time.UTC)
	for _, want := range []string{
		"和本机原来的版本 1 相比：",
		"新增 1 项：答题《答题》",
		"修改 1 项：故事《故事1》",
		`删除 2 项：故事《故事2》、公示《2026年第一季度\n财务》`,
		"展示屏上已经撤下",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}

	// A refused version changes nothing: nothing to list.
	st.changes = content.Changes{Removed: removed}
	refused := im.Import(ctx, parse.OpenZipBytes("p.zip", zipOf(t, pkgFiles(t, "village", 2))))
	if refused.Outcome != Rejected || refused.Changes != nil || strings.Contains(Report(refused, time.UTC), "删除") {
		t.Errorf("a refused version: %v, changes %+v\n%s", refused.Outcome, refused.Changes, Report(refused, time.UTC))
	}

	// Thousands of removed stories: the report names a hundred and says
	// how many there were.
	many := make([]content.Item, 2500)
	for i := range many {
		many[i] = content.Item{Kind: content.KindStory, ID: fmt.Sprint(i), Title: fmt.Sprint("第", i, "篇")}
	}
	long := Report(Result{Source: "p.zip", Outcome: Imported, PackageID: "village", Version: 3, Previous: 2, Changes: &content.Changes{Removed: many}}, time.UTC)
	if !strings.Contains(long, "故事《第99篇》 等，共 2500 项") || strings.Contains(long, "第100篇") {
		t.Errorf("a long list is not cut at a hundred:\n%.600s", long)
	}
}

// The report on the stick is read in Notepad on old office PCs: without a
// byte order mark it guesses the wrong encoding, and without CR LF it
// shows every line run together.
func TestReportFileOpensInOldNotepad(t *testing.T) {
	dir := t.TempDir()
	var started []string
	h := startInboxWith(t, func(in *Inbox) {
		in.OnStart = func(path, inboxDir string) { started = append(started, path+" in "+inboxDir) }
	}, dir)
	contenttest.Write(t, filepath.Join(dir, "bad"), txtar.Parse([]byte(`
-- package.yaml --
id: bad
title: 坏
version: 1
-- stories/a.md --
---
id: a
title: 不认识的分类
category: 没有这个分类
---
正文
`)))
	res := h.waitResults(t, 1, 15*time.Second)
	if res[0].Outcome != Rejected || res[0].Inbox != dir {
		t.Fatalf("result %v from inbox %q, want rejected from %q", res[0].Outcome, res[0].Inbox, dir)
	}
	if want := filepath.Join(dir, "bad") + " in " + dir; !slices.Equal(started, []string{want}) {
		t.Errorf("OnStart was told %q, want %q", started, want)
	}
	b, err := os.ReadFile(filepath.Join(dir, RejectedDir, "bad"+ReportSuffix))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		t.Errorf("the report starts % x, not with the UTF-8 byte order mark", b[:min(3, len(b))])
	}
	text := string(bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF}))
	if !utf8.ValidString(text) || !strings.HasSuffix(text, "\r\n") {
		t.Errorf("the report is not UTF-8 text ending with CR LF: %q", text[max(0, len(text)-20):])
	}
	if lone := strings.Count(text, "\n") - strings.Count(text, "\r\n"); lone != 0 || strings.Count(text, "\r") != strings.Count(text, "\r\n") {
		t.Errorf("%d line ends are not CR LF:\n%q", lone, text)
	}
	if got := strings.ReplaceAll(text, "\r\n", "\n"); !strings.Contains(got, "\n结果：没有导入") || !strings.Contains(got, "stories/a.md") {
		t.Errorf("the report does not say what it should:\n%s", got)
	}
}
