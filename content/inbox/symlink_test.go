package inbox

import (
	"os"
	"path/filepath"
	"testing"
)

// A symbolic link in an inbox (an ext4 stick, or one Syncthing synced as
// a link) is no package: read through it, the kiosk would take any folder
// or zip on its own disk for a package, and its report, written back to
// the stick or the synced folder, would list that folder's files.
func TestSymlinkInTheInboxIsNoPackage(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "a.zip"), []byte("PK"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"三月公示", "inbox", "outbox/shili"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, target := range map[string]string{"folder": outside, "b.zip": filepath.Join(outside, "a.zip")} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	in := &Inbox{Dirs: []string{dir}}
	for _, tc := range []struct{ path, want string }{
		{filepath.Join(dir, "三月公示"), filepath.Join(dir, "三月公示")},
		{filepath.Join(dir, "folder"), ""},
		{filepath.Join(dir, "folder", "a.zip"), ""},
		{filepath.Join(dir, "b.zip"), ""},
		// A stick's qingfeng folder: 与U盘同步's folders are no packages.
		{filepath.Join(dir, "outbox", "shili", "batch-1.json"), ""},
		{filepath.Join(dir, "inbox"), ""},
	} {
		if got := in.candidate(tc.path); got != tc.want {
			t.Errorf("candidate(%s) = %q, want %q", tc.path, got, tc.want)
		}
	}
}
