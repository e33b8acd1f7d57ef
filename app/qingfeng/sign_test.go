package main

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"qingfeng/content/contenttest"
)

// The whole path a district office and a kiosk take: a publisher key, a
// package signed (folder and zip), checked, tampered with, imported by a
// kiosk that trusts only that key.
func TestSignCheckImport(t *testing.T) {
	keys := t.TempDir()
	if code, out := runCmd(t, "keygen", "--signing", "--out", keys); code != 0 || !strings.Contains(out, "trusted_publishers") {
		t.Fatalf("keygen --signing: exit %d\n%s", code, out)
	}
	if code, out := runCmd(t, "keygen", "--signing", "--out", keys); code != 1 || !strings.Contains(out, "没有覆盖") {
		t.Fatalf("keygen over an existing key: exit %d\n%s", code, out)
	}
	key := filepath.Join(keys, "publisher.key")
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
	folder := contenttest.Write(t, t.TempDir(), pkg)
	if code, out := runCmd(t, "sign", folder, "--key", key); code != 0 || !strings.Contains(out, "已签名：内容包 p 第 1 版，2 个文件") {
		t.Fatalf("sign folder: exit %d\n%s", code, out)
	}
	if code, out := runCmd(t, "check", folder); code != 0 || !strings.Contains(out, "签名完好") {
		t.Fatalf("check signed folder: exit %d\n%s", code, out)
	}
	// Changed after signing: check names the file, without any trusted key.
	os.WriteFile(filepath.Join(folder, "stories", "a.md"), []byte("---\nid: a\ntitle: 乙\ncategory: 清廉阵地\n---\n正文\n"), 0o644)
	if code, out := runCmd(t, "check", folder); code != 1 || !strings.Contains(out, "stories/a.md: 错误: 这个文件和签名清单里记的不一样") {
		t.Fatalf("check tampered folder: exit %d\n%s", code, out)
	}
	// Signing again after a change replaces the signature.
	if code, out := runCmd(t, "sign", folder, "--key", key); code != 0 {
		t.Fatalf("sign again: exit %d\n%s", code, out)
	}

	// A zip (with its files under a folder, as "compress this folder"
	// makes it) is written anew with the signature.
	zipPath := filepath.Join(t.TempDir(), "p.zip")
	f, _ := os.Create(zipPath)
	zw := zip.NewWriter(f)
	for _, f := range pkg.Files {
		w, _ := zw.Create("p/" + f.Name)
		w.Write([]byte(strings.Replace(string(f.Data), "version: 1", "version: 2", 1)))
	}
	zw.Close()
	f.Close()
	if code, out := runCmd(t, "sign", zipPath, "--key", key); code != 0 || !strings.Contains(out, "第 2 版") {
		t.Fatalf("sign zip: exit %d\n%s", code, out)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(zipPath), ".*signing*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}

	// A kiosk that trusts the key: takes the signed zip, refuses an
	// unsigned package and says why.
	data := t.TempDir()
	cfg := filepath.Join(data, "qingfeng.yaml")
	os.WriteFile(cfg, []byte("trusted_publishers:\n  - "+key[:len(key)-len("key")]+"pub\n"), 0o644)
	unsigned := contenttest.Dir(t, `
-- package.yaml --
id: q
title: 测试
version: 1
-- stories/a.md --
---
id: a
title: 甲
category: 清廉阵地
---
正文
`)
	if code, out := runCmd(t, "import", "--config", cfg, "--data", data, unsigned); code != 1 || !strings.Contains(out, "没有签名") {
		t.Fatalf("import unsigned: exit %d\n%s", code, out)
	}
	if code, out := runCmd(t, "import", "--config", cfg, "--data", data, zipPath); code != 0 || !strings.Contains(out, "导入成功") {
		t.Fatalf("import signed: exit %d\n%s", code, out)
	}
	if code, out := runCmd(t, "check", "--config", cfg, unsigned); !strings.Contains(out, "不会导入没有签名的内容包") {
		t.Fatalf("check unsigned on a trusting kiosk: exit %d\n%s", code, out)
	}
	// A config naming a key file that is not a publisher key is an error.
	os.WriteFile(cfg, []byte("trusted_publishers:\n  - "+key+"\n"), 0o644)
	if code, out := runCmd(t, "status", "--config", cfg, "--data", data); code != 2 || !strings.Contains(out, "trusted_publishers") {
		t.Fatalf("private key as trusted: exit %d\n%s", code, out)
	}
}
