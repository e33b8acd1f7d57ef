package inbox

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A folder whose name is as long as the stick allows is filed with its
// report beside it, dropped once or twice: the report's name (and the
// second drop's -2) would otherwise run past the longest name a file
// system takes, and the clerk would find the package moved but no report.
func TestReportOfALongNamedPackage(t *testing.T) {
	for _, tc := range []struct{ name, folder string }{
		{"Chinese name of 250 bytes", strings.Repeat("三月村务公示", 13) + "村务公"}, // 83 characters, 249 bytes
		{"name of 255 bytes", strings.Repeat("a", 255)},
		{"emoji name", strings.Repeat("🏮", 63)}, // 252 bytes
	} {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.folder) > 255 {
				t.Fatalf("test folder name of %d bytes", len(tc.folder))
			}
			dir := t.TempDir()
			in := &Inbox{Location: time.UTC}
			for drop := 1; drop <= 2; drop++ {
				c := filepath.Join(dir, tc.folder)
				if err := os.Mkdir(c, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := in.file(c, RejectedDir, Result{Source: c, Outcome: Rejected, Reason: "测试"}); err != nil {
					t.Fatalf("drop %d: %v", drop, err)
				}
			}
			ents, err := os.ReadDir(filepath.Join(dir, RejectedDir))
			if err != nil {
				t.Fatal(err)
			}
			folders, reports := 0, 0
			for _, e := range ents {
				switch {
				case e.IsDir():
					folders++
				case strings.HasSuffix(e.Name(), ReportSuffix):
					reports++
				}
			}
			if folders != 2 || reports != 2 {
				t.Errorf("rejected/ holds %d folders and %d reports, want 2 of each: %v", folders, reports, ents)
			}
		})
	}
}
