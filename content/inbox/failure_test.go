package inbox

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"qingfeng/content"
	"qingfeng/content/contenttest"
	"qingfeng/content/store"
)

// failingStore fails every install with err.
type failingStore struct {
	*fakeStore
	err error
}

func (f failingStore) Install(context.Context, *content.Package) error { return f.err }

func otherPNG(tb testing.TB) string {
	tb.Helper()
	img := image.NewGray(image.Rect(0, 0, 20, 20))
	var b strings.Builder
	png.Encode(&b, img)
	return b.String()
}

// An import cut short names what cut it: the stick (a read error), the
// package changing under it (a copy still going on), the kiosk's own disk
// (full), or an internal limit; only the disk is the storage's fault.
func TestInterruptedImportNamesTheRealCause(t *testing.T) {
	tests := []struct {
		name    string
		store   func(tb testing.TB) Installer
		meddle  func(root string) // during the install, before the media are copied
		outcome Outcome
		says    []string
		never   []string
	}{
		{
			name:    "the stick is pulled",
			store:   realStore,
			meddle:  func(root string) { os.RemoveAll(filepath.Join(root, "media")) },
			outcome: Failed,
			says:    []string{"读取内容包", "media/c", "U盘"},
			never:   []string{"存储空间"},
		},
		{
			name:    "a picture changes during the import",
			store:   realStore,
			meddle:  func(root string) { os.WriteFile(filepath.Join(root, "media", "c1.png"), []byte(otherPNG(t)), 0o644) },
			outcome: Incomplete,
			says:    []string{"media/c1.png", "改动"},
			never:   []string{"存储空间"},
		},
		{
			name: "the kiosk's disk is full",
			store: func(testing.TB) Installer {
				return failingStore{newFakeStore(), fmt.Errorf("store: writing media ab: %w", &os.PathError{Op: "write", Path: "/data/media/ab", Err: syscall.ENOSPC})}
			},
			outcome: Failed,
			says:    []string{"存储空间不足"},
		},
		{
			name: "the database is full",
			store: func(testing.TB) Installer {
				return failingStore{newFakeStore(), errors.New("store: install p: database or disk is full")}
			},
			outcome: Failed,
			says:    []string{"存储空间不足"},
		},
		{
			name: "an internal limit",
			store: func(testing.TB) Installer {
				return failingStore{newFakeStore(), errors.New("store: install p: story s1: string or blob too big")}
			},
			outcome: Failed,
			says:    []string{"技术人员", "string or blob too big"},
			never:   []string{"存储空间"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "p")
			contenttest.Write(t, root, &txtar.Archive{Files: pkgFiles(t, "cut", 1)})
			im := &Importer{Store: tt.store(t), Site: "test-site"}
			im.Progress = func(stage string, done, _ int) {
				if tt.meddle != nil && stage == "写入展示屏" && done == 0 {
					tt.meddle(root)
				}
			}
			res := im.ImportPath(context.Background(), root)
			if res.Outcome != tt.outcome {
				t.Fatalf("outcome %v, want %v: %s", res.Outcome, tt.outcome, res.Reason)
			}
			report := Report(res, time.UTC)
			for _, w := range tt.says {
				if !strings.Contains(report, w) {
					t.Errorf("report does not say %q:\n%s", w, report)
				}
			}
			for _, w := range tt.never {
				if strings.Contains(report, w) {
					t.Errorf("report blames %q:\n%s", w, report)
				}
			}
		})
	}
}

func realStore(tb testing.TB) Installer {
	tb.Helper()
	st, err := store.Open(context.Background(), tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// Files that arrive while the package is written into the kiosk (after it
// was read and found unchanged) must not leave a partial version behind:
// the last look before the commit finds them, and the complete copy is
// imported once it is quiet.
func TestPackageChangedDuringInstallIsNotCommitted(t *testing.T) {
	root := filepath.Join(t.TempDir(), "p")
	full := completePackage(t, "late")
	contenttest.Write(t, root, &txtar.Archive{Files: only(full, "package.yaml", "disclosures/", "media/", "stories/")})
	st := newFakeStore()
	im := &Importer{Store: st, Site: "test-site", Progress: func(stage string, done, _ int) {
		if stage == "写入展示屏" && done == 0 {
			contenttest.Write(t, root, &txtar.Archive{Files: only(full, "quizzes/")})
		}
	}}
	res := im.ImportPath(context.Background(), root)
	if res.Outcome != Incomplete {
		t.Fatalf("a package that grew while it was installed: outcome %v %q, want incomplete", res.Outcome, res.Reason)
	}
	if n := len(st.installs()); n != 0 {
		t.Fatalf("%d installs of a package that changed before the commit, want none", n)
	}
	// The copy has finished: the next look installs all of it.
	im.Progress = nil
	res = im.ImportPath(context.Background(), root)
	if res.Outcome != Imported {
		t.Fatalf("the finished copy: outcome %v %q", res.Outcome, res.Reason)
	}
	got := st.installs()
	if len(got) != 1 || len(got[0].Quizzes) == 0 {
		t.Fatalf("installed %d packages, the last without the quiz that came late", len(got))
	}
}
