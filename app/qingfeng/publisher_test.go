package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"qingfeng/content/contenttest"
)

// On a real kiosk store: a package id stays with the key that first signed
// it, unless allow_publisher_change names the id; a bad id there is a
// config error.
func TestPackageStaysWithItsPublisher(t *testing.T) {
	keys := map[string]string{}
	for _, office := range []string{"county", "town"} {
		dir := t.TempDir()
		if code, out := runCmd(t, "keygen", "--signing", "--out", dir); code != 0 {
			t.Fatalf("keygen: %d\n%s", code, out)
		}
		keys[office] = filepath.Join(dir, "publisher.key")
	}
	signedPkg := func(version int, office string) string {
		dir := contenttest.Dir(t, fmt.Sprintf(`
-- package.yaml --
id: p
title: 测试
version: %d
-- stories/a.md --
---
id: a
title: 甲
category: 清廉阵地
---
%s
`, version, office))
		if code, out := runCmd(t, "sign", dir, "--key", keys[office]); code != 0 {
			t.Fatalf("sign: %d\n%s", code, out)
		}
		return dir
	}
	data := t.TempDir()
	cfg := filepath.Join(data, "qingfeng.yaml")
	config := "trusted_publishers:\n  - " + strings.TrimSuffix(keys["county"], "key") + "pub\n  - " + strings.TrimSuffix(keys["town"], "key") + "pub\n"
	os.WriteFile(cfg, []byte(config), 0o644)
	if code, out := runCmd(t, "import", "--config", cfg, "--data", data, signedPkg(1, "county")); code != 0 {
		t.Fatalf("first install: %d\n%s", code, out)
	}
	if code, out := runCmd(t, "import", "--config", cfg, "--data", data, signedPkg(2, "town")); code != 1 || !strings.Contains(out, "第一次发布它的办公室") {
		t.Fatalf("another trusted publisher: exit %d\n%s", code, out)
	}
	if code, out := runCmd(t, "import", "--config", cfg, "--data", data, signedPkg(2, "county")); code != 0 {
		t.Fatalf("the same publisher: exit %d\n%s", code, out)
	}
	os.WriteFile(cfg, []byte(config+"allow_publisher_change: [p]\n"), 0o644)
	if code, out := runCmd(t, "import", "--config", cfg, "--data", data, signedPkg(3, "town")); code != 0 {
		t.Fatalf("allowed change: exit %d\n%s", code, out)
	}
	os.WriteFile(cfg, []byte(config+"allow_publisher_change: [P 1]\n"), 0o644)
	if code, out := runCmd(t, "status", "--config", cfg, "--data", data); code != 2 || !strings.Contains(out, "allow_publisher_change") {
		t.Fatalf("bad id in allow_publisher_change: exit %d\n%s", code, out)
	}
}

// sign refuses a manifest a kiosk would not read (more files than the
// default limit, here allowed by the config, with long names).
func TestSignRefusesAManifestTooLarge(t *testing.T) {
	pkg := txtar.Parse([]byte(`
-- package.yaml --
id: p
title: 测试
version: 1
-- stories/a.md --
---
id: a
title: 甲
category: 清廉阵地
---
正文
`))
	long := strings.Repeat("清风廉政文化村务公开附件", 6) // 72 characters
	for i := range 30000 {
		pkg.Files = append(pkg.Files, txtar.File{Name: fmt.Sprintf("附件/%s%05d.txt", long, i), Data: []byte("x")})
	}
	dir := contenttest.Write(t, t.TempDir(), pkg)
	keys := t.TempDir()
	runCmd(t, "keygen", "--signing", "--out", keys)
	cfg := filepath.Join(t.TempDir(), "qingfeng.yaml")
	os.WriteFile(cfg, []byte("limits:\n  files: 32000\n"), 0o644)
	code, out := runCmd(t, "sign", dir, "--config", cfg, "--key", filepath.Join(keys, "publisher.key"))
	if code != 1 || !strings.Contains(out, "超过展示屏能读的") {
		t.Fatalf("exit %d\n%s", code, out[max(0, len(out)-2000):])
	}
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST.txt")); err == nil {
		t.Fatal("a manifest was written")
	}
}
