package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"qingfeng/content/contenttest"
)

func runCmd(tb testing.TB, args ...string) (int, string) {
	tb.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String() + errOut.String()
}

func TestCheckExitStatus(t *testing.T) {
	good := contenttest.Dir(t, `
-- package.yaml --
id: p
title: 测试
version: 1
-- stories/a.md --
---
id: a
title: 甲
category: 清廉阵地
summry: 一个拼错的项目，只是警告
---
正文
-- disclosures/x.csv --
项目,金额
租金,100
`)
	code, out := runCmd(t, "check", good)
	if code != 0 || !strings.Contains(out, "可以导入：错误0个，警告1个") || !strings.Contains(out, "stories/a.md:5: 警告:") {
		t.Fatalf("good package: exit %d\n%s", code, out)
	}
	bad := contenttest.Dir(t, `
-- package.yaml --
id: p
title: 测试
version: 1
-- stories/a.md --
---
id: a
title: 甲
category: 新闻
---
正文
`)
	code, out = runCmd(t, "check", bad)
	if code != 1 || !strings.Contains(out, "stories/a.md:4: 错误: 分类“新闻”不认识") {
		t.Fatalf("bad package: exit %d\n%s", code, out)
	}
	if code, _ := runCmd(t, "check", filepath.Join(t.TempDir(), "missing")); code != 1 {
		t.Fatalf("missing path: exit %d", code)
	}
	// One problem a line: a file name cannot add a line of its own.
	// A name with a line break in it cannot be a txtar marker: built in Go.
	forged := contenttest.Write(t, t.TempDir(), &txtar.Archive{Files: []txtar.File{
		{Name: "package.yaml", Data: []byte("id: p\ntitle: 测试\nversion: 1\n")},
		{Name: "stories/a.md", Data: []byte("---\nid: a\ntitle: 甲\ncategory: 清廉阵地\n---\n正文\n")},
		{Name: "notes/a\n伪造的一行: 错误: x", Data: []byte("x")},
	}})
	_, out = runCmd(t, "check", forged)
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "伪造的一行") {
			t.Fatalf("a file name wrote a line of its own:\n%s", out)
		}
	}
	if !strings.Contains(out, `notes/a\n伪造的一行`) {
		t.Fatalf("the name should appear escaped:\n%s", out)
	}
}

func TestImportStatusSearch(t *testing.T) {
	data := t.TempDir()
	pkg := contenttest.Dir(t, `
-- package.yaml --
id: p
title: 测试
version: 1
-- stories/a.md --
---
id: a
title: 智慧印章的故事
category: 清廉村居
---
村务公开
-- disclosures/x.csv --
项目,金额
食堂补贴,100
`)
	if code, out := runCmd(t, "import", "--data", data, pkg); code != 0 || !strings.Contains(out, "导入成功") {
		t.Fatalf("import: exit %d\n%s", code, out)
	}
	if code, out := runCmd(t, "import", "--data", data, pkg); code != 1 || !strings.Contains(out, "不比本机已安装的版本 1 新") {
		t.Fatalf("re-import: exit %d\n%s", code, out)
	}
	if code, out := runCmd(t, "status", "--data", data); code != 0 || !strings.Contains(out, "已安装 1 个内容包") {
		t.Fatalf("status: exit %d\n%s", code, out)
	}
	for _, q := range []string{"印章", "食堂", "村"} {
		if code, out := runCmd(t, "search", "--data", data, q); code != 0 || strings.Contains(out, "共 0 条") {
			t.Fatalf("search %s: exit %d\n%s", q, code, out)
		}
	}
}

func TestConfigTypoIsAnError(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "qingfeng.yaml")
	os.WriteFile(cfg, []byte("site:\n  id: a\ninboxs: [x]\n"), 0o644)
	code, out := runCmd(t, "status", "--config", cfg, "--data", t.TempDir())
	if code != 2 || !strings.Contains(out, "inboxs") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

func TestDataFlagKeepsConfiguredInbox(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "qingfeng.yaml")
	os.WriteFile(cfgPath, []byte("inboxes: [/media/usb/qingfeng]\n"), 0o644)
	cfg, err := loadConfig(cfgPath, true)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir = "elsewhere"
	cfg.finish()
	if len(cfg.Inboxes) != 1 || cfg.Inboxes[0] != "/media/usb/qingfeng" {
		t.Fatalf("configured inbox lost: %v", cfg.Inboxes)
	}
	def, _ := loadConfig(filepath.Join(dir, "none.yaml"), false)
	def.DataDir = "elsewhere"
	def.finish()
	if def.Inboxes[0] != filepath.Join("elsewhere", "inbox") {
		t.Fatalf("default inbox should follow --data: %v", def.Inboxes)
	}
}

// What search prints comes from packages: a table cell holding a terminal
// escape or a line break is shown escaped, so it can neither clear the
// technician's terminal nor print a line of its own.
func TestSearchOutputEscaped(t *testing.T) {
	data := t.TempDir()
	// The escape and the CRLF inside the cell are the point: built in Go.
	pkg := contenttest.Write(t, t.TempDir(), &txtar.Archive{Files: []txtar.File{
		{Name: "package.yaml", Data: []byte("id: p\ntitle: 测试\nversion: 1\n")},
		{Name: "stories/a.md", Data: []byte("---\nid: a\ntitle: 甲\ncategory: 清廉村居\n---\n正文\n")},
		{Name: "disclosures/x.csv", Data: []byte("项目,说明\n食堂补贴,\"\x1b[2J\r\n伪造的一行：导入成功\"\n")},
	}})
	if code, out := runCmd(t, "import", "--data", data, pkg); code != 0 {
		t.Fatalf("import: exit %d\n%s", code, out)
	}
	code, out := runCmd(t, "search", "--data", data, "食堂")
	if code != 0 || strings.Contains(out, "共 0 条") {
		t.Fatalf("search: exit %d\n%s", code, out)
	}
	if strings.ContainsAny(out, "\x1b\r") {
		t.Fatalf("search printed a control character: %q", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "伪造的一行") {
			t.Fatalf("a table cell wrote a line of its own: %q", out)
		}
	}
}
