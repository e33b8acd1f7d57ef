package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	stdsync "sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"qingfeng/content"
	"qingfeng/content/contenttest"
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(inboxChild())
	}
	os.Exit(m.Run())
}

// completePackage is pkgFiles plus a quiz nothing refers to, so a copy
// that stops before it looks complete by its references alone.
func completePackage(tb testing.TB, id string) []txtar.File {
	tb.Helper()
	quiz := txtar.Parse([]byte(`
-- quizzes/q.yaml --
id: q
title: 答题
questions:
  - q: 几个？
    choices: [一, 二]
    answer: A
`))
	return append(pkgFiles(tb, id, 1), quiz.Files...)
}

// only returns the files of files whose path starts with one of prefixes.
func only(files []txtar.File, prefixes ...string) []txtar.File {
	var out []txtar.File
	for _, f := range files {
		for _, p := range prefixes {
			if strings.HasPrefix(f.Name, p) {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// A folder arrives in steps with pauses longer than its quiet period, or
// is watched with a poll shorter than that period: either way it ends as
// exactly one import of the whole package, never a part of it.
func TestFolderCopiedInStepsIsImportedOnceComplete(t *testing.T) {
	const pause = 1100 * time.Millisecond // longer than FolderQuiet below
	full := completePackage(t, "steps")
	signedFull := signed(t, full, newPublisher(t))
	type step struct {
		files  []txtar.File
		pause  time.Duration
		remove string // then removed (a copier's temp file renamed)
	}
	tests := []struct {
		name  string
		poll  time.Duration
		steps []step
		// resume, if set, is written while the kiosk reads the folder, as
		// when a stalled copy goes on just then.
		resume []txtar.File
	}{
		{
			name: "something referenced is missing at every pause",
			poll: time.Second,
			steps: []step{
				{only(full, "stories/"), pause, ""},
				{only(full, "package.yaml", "disclosures/", "quizzes/"), pause, ""},
				{only(full, "media/c1"), pause, ""},
				{only(full, "media/c2"), 0, ""},
			},
		},
		{
			name:   "the copy goes on while the kiosk reads",
			poll:   time.Second,
			steps:  []step{{only(full, "package.yaml", "disclosures/", "media/", "stories/"), 0, ""}},
			resume: only(full, "quizzes/"),
		},
		{
			name: "signed folder: its manifest lists what is still missing",
			poll: time.Second,
			steps: []step{
				// Consistent by its references, but not by its manifest.
				{only(signedFull, "MANIFEST", "package.yaml", "disclosures/"), pause, ""},
				{only(signedFull, "media/"), pause, ""},
				{only(signedFull, "stories/", "quizzes/"), 0, ""},
			},
		},
		{
			name: "Syncthing still pulling a file",
			poll: time.Second,
			steps: []step{
				{append(only(full, "package.yaml", "disclosures/", "media/", "stories/"),
					txtar.File{Name: "quizzes/.syncthing.q.yaml.tmp", Data: []byte("id: q\n")}), pause, ""},
				{only(full, "quizzes/"), 0, "quizzes/.syncthing.q.yaml.tmp"},
			},
		},
		{
			name:  "poll shorter than the folder quiet period",
			poll:  150 * time.Millisecond,
			steps: []step{{full, 0, ""}},
		},
		{
			name: "poll shorter than the folder quiet period, copied in steps",
			poll: 150 * time.Millisecond,
			steps: []step{
				{only(full, "stories/"), pause, ""},
				{only(full, "package.yaml", "disclosures/", "quizzes/", "media/"), 0, ""},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // each waits on its own clock; none is timed
			dir := t.TempDir()
			root := filepath.Join(dir, "pkg")
			var resumed stdsync.Once
			h := startInboxWith(t, func(in *Inbox) {
				in.Quiet = 100 * time.Millisecond
				in.FolderQuiet = 700 * time.Millisecond
				in.Poll = tt.poll
				if tt.resume != nil {
					in.Importer.Progress = func(string, int, int) {
						resumed.Do(func() { contenttest.Write(t, root, &txtar.Archive{Files: tt.resume}) })
					}
				}
			}, dir)
			for _, s := range tt.steps {
				contenttest.Write(t, root, &txtar.Archive{Files: s.files})
				if s.remove != "" {
					os.Remove(filepath.Join(root, s.remove))
				}
				time.Sleep(s.pause)
			}
			res := h.waitResults(t, 1, 15*time.Second)
			time.Sleep(3 * max(tt.poll, 700*time.Millisecond)) // nothing more may follow
			res = h.waitResults(t, 1, 0)
			inst := h.store.installs()
			if len(res) != 1 || len(inst) != 1 {
				t.Fatalf("%d results, %d imports; first: %v %q %v", len(res), len(inst), res[0].Outcome, res[0].Reason, res[0].Problems)
			}
			p := inst[0]
			if res[0].Outcome != Imported || len(p.Stories) != 2 || len(p.Media) != 2 || len(p.Quizzes) != 1 || len(p.Disclosures) != 1 {
				t.Fatalf("imported part of the package: %v, %d stories, %d media, %d quizzes, %d disclosures",
					res[0].Outcome, len(p.Stories), len(p.Media), len(p.Quizzes), len(p.Disclosures))
			}
			if _, err := os.Stat(filepath.Join(dir, DoneDir, "pkg", "quizzes", "q.yaml")); err != nil {
				t.Fatal("the whole package should be in done/:", err)
			}
		})
	}
}

// A rescan sees a package as it is; seeing it again unchanged is not a
// change, so it must not move the quiet clock.
func TestSettleObservationDoesNotResetQuietClock(t *testing.T) {
	t0 := time.Unix(1000, 0)
	s := NewSettle(time.Second)
	s.Touch("a", t0)
	s.Touch("a", t0.Add(-300*time.Millisecond)) // an older change, seen late
	if d := s.Due(t0.Add(900 * time.Millisecond)); len(d) != 0 {
		t.Fatalf("due before a second after the last change: %v", d)
	}
	if d := s.Due(t0.Add(time.Second)); len(d) != 1 {
		t.Fatalf("due = %v, want [a]", d)
	}
}

// A copier that keeps the files' old modification times (cp -p, rsync -a,
// Syncthing) still changes them now: the change time says so.
func TestFingerprintSeesCopiesThatKeepOldTimes(t *testing.T) {
	dir := t.TempDir()
	contenttest.Write(t, dir, &txtar.Archive{Files: pkgFiles(t, "old", 1)})
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	filepath.Walk(dir, func(p string, _ os.FileInfo, _ error) error { return os.Chtimes(p, old, old) })
	fp, err := fingerprintOf(dir)
	if err != nil {
		t.Fatal(err)
	}
	if since := time.Since(fp.changedAt()); since > time.Minute || since < -time.Minute {
		t.Fatalf("last change %v ago, want about now", since)
	}
}

// The child process's side of the crash tests: an inbox whose store
// kills the process in the middle of the import, as the kernel does to a
// kiosk out of memory.
const childEnv = "QINGFENG_TEST_INBOX_CHILD"

type killingStore struct{ *fakeStore }

func (killingStore) Install(context.Context, *content.Package) error {
	syscall.Kill(os.Getpid(), syscall.SIGKILL)
	select {}
}

func inboxChild() int {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	done := make(chan Result, 1)
	in := &Inbox{
		Dirs:        []string{os.Getenv("QINGFENG_TEST_INBOX")},
		Marker:      os.Getenv("QINGFENG_TEST_MARKER"),
		Importer:    &Importer{Store: killingStore{newFakeStore()}, Site: "test-site"},
		Quiet:       100 * time.Millisecond,
		FolderQuiet: 300 * time.Millisecond,
		OnResult: func(r Result) {
			select {
			case done <- r:
			default:
			}
		},
	}
	go in.Run(ctx)
	select {
	case r := <-done:
		fmt.Printf("%s: %s\n", r.Outcome, r.Reason)
		return 0
	case <-ctx.Done():
		fmt.Println("no result")
		return 3
	}
}

// runChild runs the inbox in a child process and says whether it was
// killed.
func runChild(tb testing.TB, inbox, marker string) (killed bool, out string) {
	tb.Helper()
	exe, err := os.Executable()
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1", "QINGFENG_TEST_INBOX="+inbox, "QINGFENG_TEST_MARKER="+marker)
	b, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			return true, string(b)
		}
	}
	if err != nil {
		tb.Fatalf("child: %v\n%s", err, b)
	}
	return false, string(b)
}

// A package that kills the kiosk during its import is set aside on the
// next start: one package can never kill the kiosk twice. Dropped again,
// it gets one more try (the first may have been a power cut).
func TestPackageThatKilledTheImportIsSetAside(t *testing.T) {
	for _, kind := range []string{"zip", "folder"} {
		t.Run(kind, func(t *testing.T) {
			inbox := t.TempDir()
			marker := filepath.Join(t.TempDir(), "data", "import-attempt.json")
			os.MkdirAll(filepath.Dir(marker), 0o755)
			name := "p.zip"
			drop := func() {
				if kind == "zip" {
					if err := os.WriteFile(filepath.Join(inbox, name), zipOf(t, pkgFiles(t, "killer", 1)), 0o644); err != nil {
						t.Fatal(err)
					}
				} else {
					contenttest.Write(t, filepath.Join(inbox, name), &txtar.Archive{Files: pkgFiles(t, "killer", 1)})
				}
			}
			if kind == "folder" {
				name = "p"
			}
			drop()
			if killed, out := runChild(t, inbox, marker); !killed {
				t.Fatalf("the first run should die in the import; it said: %s", out)
			}
			if killed, out := runChild(t, inbox, marker); killed {
				t.Fatalf("the same package killed the kiosk a second time (crash loop)%s", out)
			}
			if _, err := os.Stat(filepath.Join(inbox, name)); err == nil {
				t.Fatal("the package is still in the inbox")
			}
			report, err := os.ReadFile(filepath.Join(inbox, RejectedDir, name+ReportSuffix))
			if err != nil {
				t.Fatal(err)
			}
			for _, words := range []string{"导入没有完成", "断电", "内存", "重新放进收件箱", "qingfeng check"} {
				if !strings.Contains(string(report), words) {
					t.Errorf("report does not say %q:\n%s", words, report)
				}
			}
			if _, err := os.Stat(marker); err == nil {
				t.Error("the attempt marker is still there")
			}

			// Dropped again (it was a power cut): imported normally.
			drop()
			h := startInboxWith(t, func(in *Inbox) { in.Marker = marker }, inbox)
			if res := h.waitResults(t, 1, 10*time.Second); res[0].Outcome != Imported {
				t.Fatalf("dropped again: %v %q", res[0].Outcome, res[0].Reason)
			}
			if _, err := os.Stat(marker); err == nil {
				t.Error("the attempt marker is left after a finished import")
			}
		})
	}
}

// blockingStore holds the import until the kiosk shuts down.
type blockingStore struct {
	*fakeStore
	started chan struct{}
}

func (b blockingStore) Install(ctx context.Context, _ *content.Package) error {
	close(b.started)
	<-ctx.Done()
	return ctx.Err()
}

// A shutdown during an import is not a crash: the package stays in the
// inbox and is imported at the next start.
func TestShutdownDuringImportIsNotACrash(t *testing.T) {
	inbox := t.TempDir()
	marker := filepath.Join(t.TempDir(), "import-attempt.json")
	os.WriteFile(filepath.Join(inbox, "p.zip"), zipOf(t, pkgFiles(t, "calm", 1)), 0o644)
	started := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	in := &Inbox{Dirs: []string{inbox}, Marker: marker, Quiet: 100 * time.Millisecond,
		Importer: &Importer{Store: blockingStore{newFakeStore(), started}, Site: "test-site"}}
	stopped := make(chan struct{})
	go func() { in.Run(ctx); close(stopped) }()
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("the import never started")
	}
	cancel()
	<-stopped
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("a shutdown left the attempt marker, as a crash would")
	}
	h := startInboxWith(t, func(in *Inbox) { in.Marker = marker }, inbox)
	if res := h.waitResults(t, 1, 10*time.Second); res[0].Outcome != Imported {
		t.Fatalf("after the restart: %v %q", res[0].Outcome, res[0].Reason)
	}
}

// The stick that held the package that killed the kiosk is mounted only
// later, after another package came in: that package is still set aside,
// whether the inbox folder is missing until then or is the mount point
// itself (an empty folder).
func TestPackageThatKilledTheImportOnAStickMountedLater(t *testing.T) {
	for _, mountPoint := range []bool{false, true} {
		t.Run(fmt.Sprintf("inbox is the mount point: %v", mountPoint), func(t *testing.T) {
			base := t.TempDir()
			stick, local := filepath.Join(base, "stick"), filepath.Join(base, "local")
			os.MkdirAll(stick, 0o755)
			os.MkdirAll(local, 0o755)
			marker := filepath.Join(base, "import-attempt.json")
			os.WriteFile(filepath.Join(stick, "p.zip"), zipOf(t, pkgFiles(t, "killer", 1)), 0o644)
			// The inbox is a link to the stick's folder, so that mounting
			// and unmounting leave the package's own times alone, as a
			// real mount does.
			usb := filepath.Join(base, "usb")
			if err := os.Symlink(stick, usb); err != nil {
				t.Fatal(err)
			}
			if killed, out := runChild(t, usb, marker); !killed {
				t.Fatalf("the first run should die in the import; it said: %s", out)
			}
			os.Remove(usb) // the stick is out at the restart
			if mountPoint {
				os.Mkdir(filepath.Join(base, "empty"), 0o755)
				os.Symlink(filepath.Join(base, "empty"), usb)
			}
			h := startInboxWith(t, func(in *Inbox) { in.Marker = marker }, local, usb)
			os.WriteFile(filepath.Join(local, "other.zip"), zipOf(t, pkgFiles(t, "other", 1)), 0o644)
			if res := h.waitResults(t, 1, 10*time.Second); res[0].Outcome != Imported {
				t.Fatalf("other package: %v %q", res[0].Outcome, res[0].Reason)
			}
			mounted := filepath.Join(base, "usb.new")
			os.Symlink(stick, mounted)
			if err := os.Rename(mounted, usb); err != nil { // mounted again
				t.Fatal(err)
			}
			res := h.waitResults(t, 2, 10*time.Second)
			if res[1].Outcome != Rejected || !strings.Contains(res[1].Reason, "导入没有完成") {
				t.Fatalf("the package that killed the kiosk: %v %q", res[1].Outcome, res[1].Reason)
			}
			if n := len(h.store.installs()); n != 1 {
				t.Fatalf("%d installs, want only the other package", n)
			}
			if _, err := os.Stat(filepath.Join(stick, RejectedDir, "p.zip"+ReportSuffix)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// A package set aside after the process died while it was handled gets
// the words Aside gives for it (a software release's), not the content
// import's.
func TestSetAsideWithOwnWords(t *testing.T) {
	for _, own := range []bool{true, false} {
		t.Run(fmt.Sprintf("own words: %v", own), func(t *testing.T) {
			inbox := t.TempDir()
			marker := filepath.Join(t.TempDir(), "import-attempt.json")
			c := filepath.Join(inbox, "p.zip")
			os.WriteFile(c, zipOf(t, pkgFiles(t, "calm", 1)), 0o644)
			fp, err := fingerprintOf(c)
			if err != nil {
				t.Fatal(err)
			}
			a := attempt{Path: c, Files: fp.files, Size: fp.size, Changed: fp.changed, Started: time.Now().Add(-time.Minute)}
			data, _ := json.Marshal(markerFile{Running: &a})
			os.WriteFile(marker, data, 0o644)
			h := startInboxWith(t, func(in *Inbox) {
				in.Marker = marker
				in.Aside = func(path string) (Result, bool) {
					return Result{PackageID: "own", Reason: "自己的说法", Text: "自己的报告\n"}, own && path == c
				}
			}, inbox)
			res := h.waitResults(t, 1, 10*time.Second)
			report, err := os.ReadFile(filepath.Join(inbox, RejectedDir, "p.zip"+ReportSuffix))
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case res[0].Outcome != Rejected:
				t.Errorf("outcome %v", res[0].Outcome)
			case own && (res[0].Reason != "自己的说法" || !strings.Contains(string(report), "自己的报告")):
				t.Errorf("the hook's words were not used: %q\n%s", res[0].Reason, report)
			case !own && res[0].Reason != neverFinishedReason:
				t.Errorf("reason %q", res[0].Reason)
			}
		})
	}
}
