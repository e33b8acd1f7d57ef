package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// qingfeng template then qingfeng check on what it wrote: the folder a
// clerk starts from imports without an error or a warning, and a second
// template into the same folder writes nothing.
func TestTemplateThenCheck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "石里村内容")
	if code, out := runCmd(t, "template", "--out", dir); code != 0 || !strings.Contains(out, "说明.txt") {
		t.Fatalf("template: exit %d\n%s", code, out)
	}
	code, out := runCmd(t, "check", dir)
	if code != 0 || !strings.Contains(out, "可以导入：错误0个，警告0个") || !strings.Contains(out, "故事1篇，公示2张，答题1套") {
		t.Fatalf("check of the template: exit %d\n%s", code, out)
	}
	if code, out := runCmd(t, "template", "--out", dir); code != 1 || !strings.Contains(out, "已经有文件了") {
		t.Fatalf("a second template into the same folder: exit %d\n%s", code, out)
	}
}

// With a district's own categories in the config, the template's folders
// are ones it has, and check with the same config finds nothing.
func TestTemplateWithTheDistrictsCategories(t *testing.T) {
	work := t.TempDir()
	cfg := filepath.Join(work, "qingfeng.yaml")
	if err := os.WriteFile(cfg, []byte("categories:\n  stories: [村史, 好人好事]\n  disclosures: [村务]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(work, "内容")
	if code, out := runCmd(t, "template", "--config", cfg, "--out", dir); code != 0 || !strings.Contains(out, filepath.Join("故事", "村史")) {
		t.Fatalf("template: exit %d\n%s", code, out)
	}
	if code, out := runCmd(t, "check", "--config", cfg, dir); code != 0 || !strings.Contains(out, "错误0个，警告0个") {
		t.Fatalf("check with the district's categories: exit %d\n%s", code, out)
	}
}
