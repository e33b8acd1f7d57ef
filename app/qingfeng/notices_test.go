package main

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"qingfeng/content/contenttest"
)

// A clerk checks a folder of notices before putting it on a stick: check
// says when each notice will show, in the kiosk's zone, and which sites;
// import installs them and says how many.
func TestCheckAndImportNotices(t *testing.T) {
	dir := t.TempDir()
	pkg := filepath.Join(dir, "停水通知")
	contenttest.Write(t, pkg, txtar.Parse([]byte(`-- 通知.txt --
标题：明天上午停水
级别：紧急
开始：2026-12-07 07:00
结束：2026-12-07 12:00
站点：qingfeng-cun
内容：因管道维修，明天上午停水。
`)))
	code, out := runCmd(t, "check", pkg)
	if code != 0 || !strings.Contains(out, "紧急通知《明天上午停水》2026-12-07 07:00 至 2026-12-07 12:00（站点：qingfeng-cun）") {
		t.Fatalf("check: exit %d\n%s", code, out)
	}
	code, out = runCmd(t, "import", "--data", filepath.Join(dir, "data"), pkg)
	if code != 0 || !strings.Contains(out, "通知：1 条，其中紧急 1 条") {
		t.Fatalf("import: exit %d\n%s", code, out)
	}
}
