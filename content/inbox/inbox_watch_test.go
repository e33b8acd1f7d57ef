package inbox

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	stdsync "sync"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"qingfeng/content"
	"qingfeng/content/contenttest"
	"qingfeng/content/parse"
)

// fakeStore records installs; the real store has its own tests.
type fakeStore struct {
	mu        stdsync.Mutex
	versions  map[string]int
	signers   map[string]string
	installed []*content.Package
	at        []time.Time
}

func newFakeStore() *fakeStore {
	return &fakeStore{versions: map[string]int{}, signers: map[string]string{}}
}

func (f *fakeStore) InstalledSigner(_ context.Context, id string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.signers[id], nil
}

func (f *fakeStore) InstalledVersion(_ context.Context, id string) (int, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.versions[id]
	return v, ok, nil
}

func (f *fakeStore) Install(_ context.Context, p *content.Package) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if v, ok := f.versions[p.ID]; ok && v >= p.Version {
		return content.ErrNotNewer
	}
	if p.Settled != nil {
		if err := p.Settled(); err != nil {
			return err
		}
	}
	f.versions[p.ID] = p.Version
	f.signers[p.ID] = p.SignedBy
	f.installed = append(f.installed, p)
	f.at = append(f.at, time.Now())
	return nil
}

func (f *fakeStore) installs() []*content.Package {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*content.Package(nil), f.installed...)
}

func testPNG(tb testing.TB) string {
	tb.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 32, 24))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	img.Set(0, 0, color.White)
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.String()
}

// pkgFiles is a small package with several files that reference each
// other, in the order a file manager might copy them.
func pkgFiles(tb testing.TB, id string, version int) []txtar.File {
	tb.Helper()
	a := txtar.Parse(fmt.Appendf(nil, `
-- package.yaml --
id: %s
title: 测试
version: %d
-- stories/a.md --
---
id: s1
title: 故事1
category: 清廉阵地
cover: media/c1.png
---
正文1
-- stories/b.md --
---
id: s2
title: 故事2
category: 清廉阵地
cover: media/c2.png
---
正文2
-- disclosures/fin.csv --
月份,收入
1月,100
-- disclosures/fin.yaml --
title: 财务
category: 财务
amount_columns: [收入]
`, id, version))
	// The pictures are drawn in Go.
	return append(a.Files,
		txtar.File{Name: "media/c1.png", Data: []byte(testPNG(tb))},
		txtar.File{Name: "media/c2.png", Data: []byte(testPNG(tb))})
}

// writeInSteps writes files under root one by one, in their order, with a
// pause between two: a slow copy, as a file manager makes it.
func writeInSteps(tb testing.TB, root string, files []txtar.File, pause time.Duration) {
	tb.Helper()
	for i, f := range files {
		if i > 0 {
			time.Sleep(pause)
		}
		contenttest.Write(tb, root, &txtar.Archive{Files: []txtar.File{f}})
	}
}

func zipOf(tb testing.TB, files []txtar.File) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, _ := zw.Create(f.Name)
		w.Write(f.Data)
	}
	zw.Close()
	return buf.Bytes()
}

type harness struct {
	inbox   string
	store   *fakeStore
	mu      stdsync.Mutex
	results []Result
	cancel  context.CancelFunc
	done    chan struct{}
}

func startInbox(tb testing.TB, giveUp time.Duration, dirs ...string) *harness {
	tb.Helper()
	return startInboxWith(tb, func(in *Inbox) { in.GiveUp = giveUp }, dirs...)
}

// startInboxWith starts an inbox with the test defaults, changed by setup.
func startInboxWith(tb testing.TB, setup func(*Inbox), dirs ...string) *harness {
	tb.Helper()
	h := &harness{store: newFakeStore(), done: make(chan struct{})}
	if len(dirs) == 0 {
		dirs = []string{tb.TempDir()}
	}
	h.inbox = dirs[0]
	in := &Inbox{
		Dirs:        dirs,
		Importer:    &Importer{Store: h.store, Site: "test-site"},
		Quiet:       300 * time.Millisecond,
		FolderQuiet: time.Second,
		GiveUp:      time.Minute,
		Poll:        time.Second,
		OnResult: func(r Result) {
			h.mu.Lock()
			h.results = append(h.results, r)
			h.mu.Unlock()
		},
	}
	setup(in)
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() { in.Run(ctx); close(h.done) }()
	tb.Cleanup(func() { cancel(); <-h.done })
	time.Sleep(50 * time.Millisecond) // let the first scan add its watches
	return h
}

func (h *harness) waitResults(tb testing.TB, n int, timeout time.Duration) []Result {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		h.mu.Lock()
		got := len(h.results)
		h.mu.Unlock()
		if got >= n {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.results) < n {
		tb.Fatalf("want %d results within %v, got %d", n, timeout, len(h.results))
	}
	return append([]Result(nil), h.results...)
}

func TestSettle(t *testing.T) {
	t0 := time.Unix(1000, 0)
	s := NewSettle(time.Second)
	s.Touch("a", t0)
	s.Touch("b", t0.Add(500*time.Millisecond))
	if next, ok := s.Next(); !ok || !next.Equal(t0.Add(time.Second)) {
		t.Fatalf("next = %v %v", next, ok)
	}
	if d := s.Due(t0.Add(900 * time.Millisecond)); len(d) != 0 {
		t.Fatalf("due too early: %v", d)
	}
	s.Touch("a", t0.Add(800*time.Millisecond)) // a change restarts the quiet period
	if d := s.Due(t0.Add(1600 * time.Millisecond)); len(d) != 1 || d[0] != "b" {
		t.Fatalf("due = %v, want [b]", d)
	}
	if d := s.Due(t0.Add(1800 * time.Millisecond)); len(d) != 1 || d[0] != "a" {
		t.Fatalf("due = %v, want [a]", d)
	}
	if _, ok := s.Next(); ok || s.Pending() != 0 {
		t.Fatal("nothing should be pending")
	}
}

func TestFolderCopiedSlowlyIsImportedOnceWhenComplete(t *testing.T) {
	h := startInbox(t, time.Minute)
	files := pkgFiles(t, "slow", 1)
	// Pauses longer than a zip's quiet period (a folder has no end marker,
	// so it gets a longer one) and a last file that nothing refers to,
	// arriving after everything else: the import must include it.
	files = append(files, txtar.File{Name: "quizzes/q.yaml", Data: []byte("id: q\ntitle: 答题\nquestions:\n  - q: 几个？\n    choices: [一, 二]\n    answer: A\n")})
	writeInSteps(t, filepath.Join(h.inbox, "slow"), files, 600*time.Millisecond)
	lastWrite := time.Now()
	res := h.waitResults(t, 1, 10*time.Second)
	if res[0].Outcome != Imported {
		t.Fatalf("outcome %v: %s\n%v", res[0].Outcome, res[0].Reason, res[0].Problems)
	}
	inst := h.store.installs()
	if len(inst) != 1 || len(inst[0].Stories) != 2 || len(inst[0].Media) != 2 || len(inst[0].Quizzes) != 1 {
		t.Fatalf("installed %d packages, first %+v", len(inst), inst)
	}
	if h.store.at[0].Before(lastWrite) {
		t.Fatal("imported before the copy finished")
	}
	if _, err := os.Stat(filepath.Join(h.inbox, DoneDir, "slow", "package.yaml")); err != nil {
		t.Fatal("package not moved to done/:", err)
	}
	report, err := os.ReadFile(filepath.Join(h.inbox, DoneDir, "slow"+ReportSuffix))
	if err != nil || !strings.Contains(string(report), "导入成功") {
		t.Fatalf("report: %v\n%s", err, report)
	}
	time.Sleep(2500 * time.Millisecond) // a poll rescan must not import it again
	if n := len(h.store.installs()); n != 1 {
		t.Fatalf("imported %d times", n)
	}
}

func TestAbandonedFolderCopyIsNeverImported(t *testing.T) {
	h := startInbox(t, 2*time.Second)
	files := pkgFiles(t, "half", 1)
	// The copy stops before the pictures the stories refer to.
	writeInSteps(t, filepath.Join(h.inbox, "half"), files[:5], 20*time.Millisecond)
	res := h.waitResults(t, 1, 15*time.Second)
	if n := len(h.store.installs()); n != 0 {
		t.Fatalf("a half copy was imported %d times", n)
	}
	if res[0].Outcome != Rejected || !strings.Contains(res[0].Reason, "仍不完整") {
		t.Fatalf("want rejection after giving up, got %v %q", res[0].Outcome, res[0].Reason)
	}
	report, _ := os.ReadFile(filepath.Join(h.inbox, RejectedDir, "half"+ReportSuffix))
	if !strings.Contains(string(report), "media/c1.png") {
		t.Fatalf("report should name the missing file:\n%s", report)
	}
}

func TestZipWrittenSlowly(t *testing.T) {
	h := startInbox(t, time.Minute)
	data := zipOf(t, pkgFiles(t, "zipped", 1))
	p := filepath.Join(h.inbox, "zipped.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	// Pauses longer than the quiet period: only the zip's own completeness
	// (its central directory, written last) holds the import back.
	chunk := len(data)/4 + 1
	for off := 0; off < len(data); off += chunk {
		f.Write(data[off:min(off+chunk, len(data))])
		f.Sync()
		if off+chunk < len(data) {
			time.Sleep(700 * time.Millisecond)
		}
	}
	f.Close()
	lastWrite := time.Now()
	res := h.waitResults(t, 1, 10*time.Second)
	if res[0].Outcome != Imported || len(h.store.installs()) != 1 {
		t.Fatalf("outcome %v %q, installs %d", res[0].Outcome, res[0].Reason, len(h.store.installs()))
	}
	if h.store.at[0].Before(lastWrite) {
		t.Fatal("imported before the zip was complete")
	}
}

func TestAbandonedZipIsNeverImported(t *testing.T) {
	h := startInbox(t, 2*time.Second)
	data := zipOf(t, pkgFiles(t, "cut", 1))
	os.WriteFile(filepath.Join(h.inbox, "cut.zip"), data[:len(data)*2/3], 0o644)
	res := h.waitResults(t, 1, 15*time.Second)
	if len(h.store.installs()) != 0 || res[0].Outcome != Rejected {
		t.Fatalf("outcome %v, installs %d", res[0].Outcome, len(h.store.installs()))
	}
	report, _ := os.ReadFile(filepath.Join(h.inbox, RejectedDir, "cut.zip"+ReportSuffix))
	if !strings.Contains(string(report), "压缩包不完整") {
		t.Fatalf("report:\n%s", report)
	}
}

func TestBadPackageRejectedWithReport(t *testing.T) {
	h := startInbox(t, time.Minute)
	files := pkgFiles(t, "bad", 1)
	files[3].Data = []byte("月份,收入\n1月,一百\n")
	os.WriteFile(filepath.Join(h.inbox, "bad.zip"), zipOf(t, files), 0o644)
	res := h.waitResults(t, 1, 10*time.Second)
	if res[0].Outcome != Rejected || len(h.store.installs()) != 0 {
		t.Fatalf("outcome %v", res[0].Outcome)
	}
	report, _ := os.ReadFile(filepath.Join(h.inbox, RejectedDir, "bad.zip"+ReportSuffix))
	if !strings.Contains(string(report), "disclosures/fin.csv:2: 错误") || !strings.Contains(string(report), "原有的内容保持不变") {
		t.Fatalf("report:\n%s", report)
	}
}

func TestVersionsSitesAndRescanAtStart(t *testing.T) {
	inbox := t.TempDir()
	// Dropped while the kiosk was off: found by the scan at start.
	os.WriteFile(filepath.Join(inbox, "v2.zip"), zipOf(t, pkgFiles(t, "ver", 2)), 0o644)
	h := startInbox(t, time.Minute, inbox)
	h.waitResults(t, 1, 10*time.Second)
	os.WriteFile(filepath.Join(inbox, "v1.zip"), zipOf(t, pkgFiles(t, "ver", 1)), 0o644)
	res := h.waitResults(t, 2, 10*time.Second)
	if res[1].Outcome != Rejected || !strings.Contains(res[1].Reason, "不比本机已安装的版本 2 新") {
		t.Fatalf("older version: %v %q", res[1].Outcome, res[1].Reason)
	}
	other := pkgFiles(t, "elsewhere", 1)
	other[0].Data = []byte(string(other[0].Data) + "sites: [another-village]\n")
	os.WriteFile(filepath.Join(inbox, "other.zip"), zipOf(t, other), 0o644)
	res = h.waitResults(t, 3, 10*time.Second)
	if res[2].Outcome != Rejected || !strings.Contains(res[2].Reason, "another-village") {
		t.Fatalf("other site: %v %q", res[2].Outcome, res[2].Reason)
	}
	names, _ := os.ReadDir(filepath.Join(inbox, RejectedDir))
	var got []string
	for _, n := range names {
		got = append(got, n.Name())
	}
	sort.Strings(got)
	if strings.Join(got, " ") != "other.zip other.zip.import-report.txt v1.zip v1.zip.import-report.txt" {
		t.Fatalf("rejected/ holds %v", got)
	}
}

func TestInboxAppearingLater(t *testing.T) {
	usb := filepath.Join(t.TempDir(), "usb")
	h := startInbox(t, time.Minute, t.TempDir(), usb)
	time.Sleep(200 * time.Millisecond)
	os.MkdirAll(usb, 0o755) // the stick is mounted after start
	os.WriteFile(filepath.Join(usb, "p.zip"), zipOf(t, pkgFiles(t, "usb", 1)), 0o644)
	res := h.waitResults(t, 1, 10*time.Second)
	if res[0].Outcome != Imported {
		t.Fatalf("outcome %v", res[0].Outcome)
	}
}

func TestSamePackageDroppedTwiceKeepsBothReports(t *testing.T) {
	h := startInbox(t, time.Minute)
	data := zipOf(t, pkgFiles(t, "twice", 1))
	os.WriteFile(filepath.Join(h.inbox, "p.zip"), data, 0o644)
	h.waitResults(t, 1, 10*time.Second)
	os.WriteFile(filepath.Join(h.inbox, "p.zip"), data, 0o644)
	res := h.waitResults(t, 2, 10*time.Second)
	if res[1].Outcome != Rejected {
		t.Fatalf("second drop: %v", res[1].Outcome)
	}
	for _, p := range []string{DoneDir + "/p.zip", DoneDir + "/p.zip" + ReportSuffix, RejectedDir + "/p.zip", RejectedDir + "/p.zip" + ReportSuffix} {
		if _, err := os.Stat(filepath.Join(h.inbox, p)); err != nil {
			t.Error(err)
		}
	}
}

func TestImporterDoesNotTouchStoreOnErrors(t *testing.T) {
	st := newFakeStore()
	im := &Importer{Store: st}
	files := pkgFiles(t, "x", 1)
	files[1].Data = []byte("no front matter")
	res := im.Import(context.Background(), parse.OpenZipBytes("x.zip", zipOf(t, files)))
	if res.Outcome != Rejected || len(st.installs()) != 0 {
		t.Fatalf("outcome %v installs %d", res.Outcome, len(st.installs()))
	}
}

func TestReportCountsTeaSetsAndPuzzles(t *testing.T) {
	st := newFakeStore()
	im := &Importer{Store: st}
	files := append(pkgFiles(t, "exhibits", 1),
		txtar.File{Name: "teas/t.yaml", Data: []byte("id: t\ntitle: 七味茶\npairs:\n  - {tea: 莲心茶, saying: 守得住清苦}\n  - {tea: 清茶, saying: 两袖清风}\n")},
		txtar.File{Name: "puzzles/p.yaml", Data: []byte("id: p\ntitle: 剪纸\nimage: media/c1.png\n")})
	res := im.Import(context.Background(), parse.OpenZipBytes("x.zip", zipOf(t, files)))
	if res.Outcome != Imported {
		t.Fatalf("outcome %v: %s\n%v", res.Outcome, res.Reason, res.Problems)
	}
	if res.Counts.TeaSets != 1 || res.Counts.Puzzles != 1 {
		t.Errorf("counts = %+v", res.Counts)
	}
	if report := Report(res, time.UTC); !strings.Contains(report, "七味茶 1 套，剪纸拼图 1 幅") {
		t.Errorf("report does not count them:\n%s", report)
	}
}
