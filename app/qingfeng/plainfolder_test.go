package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"qingfeng/content/contenttest"
)

// A clerk's folder, without package.yaml and with a category folder of
// the district's own, passes check and import with the kiosk's config;
// dropped again unchanged it changes nothing.
func TestCheckAndImportPlainFolder(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "qingfeng.yaml")
	if err := os.WriteFile(cfg, []byte("site:\n  id: qingfeng-cun\ncategories:\n  stories: [村史, 好人好事]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pkg := filepath.Join(dir, "三月内容")
	contenttest.Write(t, pkg, txtar.Parse([]byte(`-- 故事/好人好事/a.md --
---
id: a
title: 送水的老王
---
正文
`)))
	code, out := runCmd(t, "check", "--config", cfg, pkg)
	if code != 0 || !strings.Contains(out, "可以导入") || !strings.Contains(out, "qingfeng-cun-") || !strings.Contains(out, "版本由展示屏编号") {
		t.Fatalf("check: exit %d\n%s", code, out)
	}
	// Without the config the category is not one of the defaults.
	if code, out := runCmd(t, "check", pkg); code != 1 || !strings.Contains(out, "文件夹“好人好事”被当作分类") {
		t.Fatalf("check without the config: exit %d\n%s", code, out)
	}
	data := filepath.Join(dir, "data")
	if code, out := runCmd(t, "import", "--config", cfg, "--data", data, pkg); code != 0 {
		t.Fatalf("import: exit %d\n%s", code, out)
	}
	code, out = runCmd(t, "import", "--config", cfg, "--data", data, pkg)
	if !strings.Contains(out, "完全一样") {
		t.Fatalf("import again: exit %d\n%s", code, out)
	}
}
