package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The command wires the store and the shell's wording into the export.
func TestExportHTMLCommand(t *testing.T) {
	data, out := t.TempDir(), t.TempDir()
	if code, log := runCmd(t, "import", "--data", data, filepath.Join("..", "..", "assets", "demo")); code != 0 {
		t.Fatalf("import: exit %d\n%s", code, log)
	}
	code, log := runCmd(t, "export-html", "--data", data, "--out", out)
	if code != 0 || !strings.Contains(log, "完成") || !strings.Contains(log, "故事 1/") {
		t.Fatalf("export-html: exit %d\n%s", code, log)
	}
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	// The configured site name, the shell's default wording and its tiles.
	for _, want := range []string{"清厢茶馆", "读一读身边的清廉故事", "清廉故事", "公开公示", "互动展项", "我有话说"} {
		if !strings.Contains(string(index), want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
}

func TestExportHTMLNeedsOut(t *testing.T) {
	if code, _ := runCmd(t, "export-html", "--data", t.TempDir()); code != 2 {
		t.Fatalf("exit %d without --out", code)
	}
}
