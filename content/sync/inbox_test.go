package sync

import (
	"os"
	"path/filepath"
	"strings"
	stdsync "sync"
	"testing"
	"time"
)

// completePackage is pkgFiles plus a quiz nothing refers to, so a copy
// that stops before it looks complete by its references alone.
func completePackage(tb testing.TB, id string) [][2]string {
	tb.Helper()
	return append(pkgFiles(tb, id, 1), [2]string{"quizzes/q.yaml",
		"id: q\ntitle: 答题\nquestions:\n  - q: 几个？\n    choices: [一, 二]\n    answer: 0\n"})
}

// only returns the files of files whose path starts with one of prefixes.
func only(files [][2]string, prefixes ...string) [][2]string {
	var out [][2]string
	for _, f := range files {
		for _, p := range prefixes {
			if strings.HasPrefix(f[0], p) {
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
		files  [][2]string
		pause  time.Duration
		remove string // then removed (a copier's temp file renamed)
	}
	tests := []struct {
		name  string
		poll  time.Duration
		steps []step
		// resume, if set, is written while the kiosk reads the folder, as
		// when a stalled copy goes on just then.
		resume [][2]string
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
					[2]string{"quizzes/.syncthing.q.yaml.tmp", "id: q\n"}), pause, ""},
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
			dir := t.TempDir()
			root := filepath.Join(dir, "pkg")
			var resumed stdsync.Once
			h := startInboxWith(t, func(in *Inbox) {
				in.Quiet = 100 * time.Millisecond
				in.FolderQuiet = 700 * time.Millisecond
				in.Poll = tt.poll
				if tt.resume != nil {
					in.Importer.Progress = func(string, int, int) {
						resumed.Do(func() { writeFiles(t, root, tt.resume, 0) })
					}
				}
			}, dir)
			for _, s := range tt.steps {
				writeFiles(t, root, s.files, 0)
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
	writeFiles(t, dir, pkgFiles(t, "old", 1), 0)
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
