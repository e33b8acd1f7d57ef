package inbox

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

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
