package collect

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"qingfeng/content/fleet"
)

// A stick's qingfeng/outbox holds one folder a site: given whole, it is
// opened into them; a kiosk's own outbox, and anything else, stays as given.
func TestOutboxFolders(t *testing.T) {
	root := t.TempDir()
	stick := filepath.Join(root, "U盘", "qingfeng", "outbox")
	touch := func(p string) {
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	touch(filepath.Join(stick, "青山村", "batch-0193a0b0-0000-7000-8000-000000000001.json"))
	touch(filepath.Join(stick, "kiosk2", fleet.File))
	os.MkdirAll(filepath.Join(stick, "empty"), 0o755)
	os.Symlink(filepath.Join(stick, "青山村"), filepath.Join(stick, "link"))
	synced := filepath.Join(root, "collected", "kiosk1")
	touch(filepath.Join(synced, "batch-0193a0b0-0000-7000-8000-000000000002.json"))
	missing := filepath.Join(root, "missing")

	got := OutboxFolders([]string{stick, synced, missing})
	want := []string{filepath.Join(stick, "kiosk2"), filepath.Join(stick, "青山村"), synced, missing}
	if !slices.Equal(got, want) {
		t.Errorf("OutboxFolders:\n got %q\nwant %q", got, want)
	}
}
