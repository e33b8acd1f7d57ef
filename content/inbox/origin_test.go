package inbox

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSyncedInboxFolders(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"sync/inbox", "sync2", "stick/qingfeng"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range []string{"sync/.stfolder", "sync2/.stfolder"} {
		if err := os.MkdirAll(filepath.Join(root, m), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		dir    string
		synced bool
	}{
		{"sync2", true},      // the inbox is the Syncthing folder
		{"sync/inbox", true}, // the inbox is inside one
		{"stick/qingfeng", false},
		{"stick/missing", false}, // a stick not mounted yet
	} {
		t.Run(tc.dir, func(t *testing.T) {
			if got := Synced(filepath.Join(root, tc.dir)); got != tc.synced {
				t.Errorf("Synced(%s) = %v, want %v", tc.dir, got, tc.synced)
			}
		})
	}
}
