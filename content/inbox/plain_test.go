package inbox

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"qingfeng/content"
	"qingfeng/content/contenttest"
	"qingfeng/content/store"
)

// A plain folder (no package.yaml) dropped twice with one story changed
// replaces the first; dropped a third time unchanged, it is refused as the
// same and the kiosk keeps what it has.
func TestPlainFolderDroppedAgainReplaces(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	im := &Importer{Store: st, Site: "qingfeng-cun"}
	im.Options.Site = im.Site

	root := filepath.Join(t.TempDir(), "三月公示")
	contenttest.Write(t, root, txtar.Parse([]byte(`-- 故事/家风家训/账本.md --
---
id: zhangben
title: 老支书的账本
---
第一版正文
-- 故事/家风家训/茶馆.md --
---
id: chaguan
title: 茶馆
---
茶馆正文
`)))
	body := func(tb testing.TB, pkgID string) string {
		tb.Helper()
		s, ok, err := st.Story(ctx, time.Now(), pkgID, "zhangben")
		if err != nil || !ok {
			tb.Fatalf("story: ok %v, %v", ok, err)
		}
		return s.Body
	}

	first := im.ImportPath(ctx, root)
	if first.Outcome != Imported || first.Version != 1 {
		t.Fatalf("first drop: %v version %d %q %v", first.Outcome, first.Version, first.Reason, first.Problems)
	}
	if !strings.Contains(body(t, first.PackageID), "第一版") {
		t.Fatal("first version not installed")
	}

	story := filepath.Join(root, "故事", "家风家训", "账本.md")
	data, err := os.ReadFile(story)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(story, []byte(strings.Replace(string(data), "第一版", "第二版", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	second := im.ImportPath(ctx, root)
	if second.Outcome != Imported || second.PackageID != first.PackageID || second.Version != 2 {
		t.Fatalf("second drop: %v %s version %d %q %v", second.Outcome, second.PackageID, second.Version, second.Reason, second.Problems)
	}
	if b := body(t, first.PackageID); !strings.Contains(b, "第二版") {
		t.Fatalf("the changed story was not replaced: %q", b)
	}
	if c := second.Changes; c == nil || len(c.Changed) != 1 || c.Changed[0].ID != "zhangben" || len(c.Added)+len(c.Removed) != 0 {
		t.Errorf("changes %+v: want the one story changed", c)
	}
	pkgs, err := st.Packages(ctx)
	if err != nil || len(pkgs) != 1 {
		t.Fatalf("packages %+v, %v: want the one replaced", pkgs, err)
	}

	third := im.ImportPath(ctx, root)
	if third.Outcome != Rejected || third.Reason != unchangedReason {
		t.Fatalf("third drop, unchanged: %v %q", third.Outcome, third.Reason)
	}
	if rep := Report(third, time.UTC); strings.Contains(rep, "版本：0") || !strings.Contains(rep, first.PackageID) {
		t.Errorf("the report of the refused drop names a version 0, or not the package:\n%s", rep)
	}
	if v, _, _ := st.InstalledVersion(ctx, first.PackageID); v != 2 {
		t.Fatalf("installed version %d after the unchanged drop, want 2", v)
	}
}

// lateStore installs, then lets a file arrive: the instant between the
// store's last look and its commit.
type lateStore struct {
	*fakeStore
	arrive func()
}

func (s lateStore) Install(ctx context.Context, p *content.Package) error {
	err := s.fakeStore.Install(ctx, p)
	s.arrive()
	return err
}

// A package that changed during its install is installed as it was read,
// with a warning that says how to send the rest: a plain folder has no
// version to raise, so its warning does not ask for one.
func TestChangedDuringInstallWordsForPlainFolders(t *testing.T) {
	for _, tc := range []struct {
		name, tree, want, never string
	}{
		{"plain", "-- 故事/a.md --\n---\nid: a\ntitle: 甲\ncategory: 清廉阵地\n---\n正文\n", "再把整个文件夹放一次", "version"},
		{"versioned", "-- package.yaml --\nid: p\ntitle: 甲\nversion: 1\n-- 故事/a.md --\n---\nid: a\ntitle: 甲\ncategory: 清廉阵地\n---\n正文\n", "version 加1", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "三月")
			contenttest.Write(t, root, txtar.Parse([]byte(tc.tree)))
			st := lateStore{newFakeStore(), func() {
				contenttest.Write(t, root, txtar.Parse([]byte("-- 故事/b.md --\nlate\n")))
			}}
			res := (&Importer{Store: st}).ImportPath(context.Background(), root)
			if res.Outcome != Imported {
				t.Fatalf("outcome %v %q %v", res.Outcome, res.Reason, res.Problems)
			}
			var words string
			for _, p := range res.Problems {
				words += p.Msg + "\n"
			}
			if !strings.Contains(words, tc.want) || tc.never != "" && strings.Contains(words, tc.never) {
				t.Fatalf("warnings %q: want %q, never %q", words, tc.want, tc.never)
			}
		})
	}
}

// In a folder Syncthing keeps, files arrive in any order and may pause
// longer than the folder's quiet time: a package whose package.yaml comes
// last must wait for it, not go in early as a plain folder under another
// id (its content would then show twice). On a stick the same folder
// without package.yaml is a plain package.
func TestSyncedPackageWaitsForItsPackageYAML(t *testing.T) {
	synced := t.TempDir()
	if err := os.Mkdir(filepath.Join(synced, ".stfolder"), 0o755); err != nil {
		t.Fatal(err)
	}
	h := startInbox(t, time.Minute, synced)
	files := pkgFiles(t, "district-pkg", 1)
	yaml, rest := files[0], files[1:]
	if yaml.Name != "package.yaml" {
		t.Fatalf("the package's first file is %s", yaml.Name)
	}
	root := filepath.Join(h.inbox, "district-pkg")
	writeInSteps(t, root, rest, 10*time.Millisecond)
	time.Sleep(3 * time.Second) // past the folder's quiet time: looked at, found waiting
	if n := len(h.store.installs()); n != 0 {
		t.Fatalf("installed %d packages before package.yaml arrived", n)
	}
	contenttest.Write(t, root, &txtar.Archive{Files: []txtar.File{yaml}})
	var res []Result
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if res = h.waitResults(t, 1, 15*time.Second); res[len(res)-1].Outcome == Imported {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	inst := h.store.installs()
	if len(inst) != 1 || inst[0].ID != "district-pkg" {
		var ids []string
		for _, p := range inst {
			ids = append(ids, p.ID)
		}
		t.Fatalf("installed %v, want only district-pkg; results %+v", ids, res)
	}

	// The same files without package.yaml from a stick: a plain folder.
	stick := startInbox(t, time.Minute)
	writeInSteps(t, filepath.Join(stick.inbox, "三月"), rest, 10*time.Millisecond)
	if r := stick.waitResults(t, 1, 15*time.Second); r[0].Outcome != Imported || r[0].PackageID == "district-pkg" {
		t.Fatalf("from a stick: %v %s %q %v", r[0].Outcome, r[0].PackageID, r[0].Reason, r[0].Problems)
	}
}
