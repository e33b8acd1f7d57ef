package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/tools/txtar"

	"qingfeng/content/collect"
	"qingfeng/content/contenttest"
	"qingfeng/content/outbox"
	"qingfeng/content/sign"
)

// These tests also run on Windows under Wine (make office-test): every
// folder has a Chinese name, as a district office's folders do.

// tempDir is t.TempDir, but a folder left behind is not a failure: under
// Wine 8 (Debian 12) Go's os.RemoveAll gets "Invalid function" from the
// call that deletes a file by handle. The Wine prefix the tests run in is
// thrown away after them (build/office.sh).
func tempDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.MkdirTemp("", "qingfeng-office-")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := os.RemoveAll(dir); err != nil {
			tb.Logf("left behind: %v", err)
		}
	})
	return dir
}

func runOffice(tb testing.TB, args ...string) (int, string) {
	tb.Helper()
	var out bytes.Buffer
	code := run(context.Background(), args, &out, &out)
	return code, out.String()
}

// A district office's day on its own PC: a publisher key, a package
// signed and checked, a changed file caught, a zip signed.
func TestKeygenSignCheck(t *testing.T) {
	root := tempDir(t)
	keys := filepath.Join(root, "区纪委办公室", "钥匙")
	if code, out := runOffice(t, "keygen", "--signing", "--out", keys); code != 0 || !strings.Contains(out, "trusted_publishers") {
		t.Fatalf("keygen --signing: exit %d\n%s", code, out)
	}
	if code, out := runOffice(t, "keygen", "--out", keys); code != 0 || !strings.Contains(out, "office_key") {
		t.Fatalf("keygen: exit %d\n%s", code, out)
	}
	key := filepath.Join(keys, "publisher.key")
	folder := contenttest.Write(t, filepath.Join(root, "内容包", "清风村廉洁故事"), txtar.Parse([]byte(`
-- package.yaml --
id: qingfengcun
title: 清风村廉洁故事
version: 3
-- stories/家风.md --
---
id: jiafeng
title: 好家风
category: 清廉阵地
---
正文
`)))
	if code, out := runOffice(t, "sign", folder, "--key", key); code != 0 || !strings.Contains(out, "已签名：内容包 qingfengcun 第 3 版，2 个文件") {
		t.Fatalf("sign: exit %d\n%s", code, out)
	}
	for _, f := range []string{"MANIFEST.txt", "MANIFEST.sig"} {
		if _, err := os.Stat(filepath.Join(folder, f)); err != nil {
			t.Errorf("after sign: %v", err)
		}
	}
	if code, out := runOffice(t, "check", folder); code != 0 || !strings.Contains(out, "签名完好") {
		t.Fatalf("check signed: exit %d\n%s", code, out)
	}
	story := filepath.Join(folder, "stories", "家风.md")
	if err := os.WriteFile(story, []byte("---\nid: jiafeng\ntitle: 改过\ncategory: 清廉阵地\n---\n正文\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out := runOffice(t, "check", folder); code != 1 || !strings.Contains(out, "stories/家风.md: 错误: 这个文件和签名清单里记的不一样") {
		t.Fatalf("check changed after signing: exit %d\n%s", code, out)
	}
	// A package with an error is not signed.
	bad := contenttest.Write(t, filepath.Join(root, "内容包", "有错的"), txtar.Parse([]byte("-- package.yaml --\nid: x\ntitle: 缺版本\n")))
	if code, out := runOffice(t, "sign", bad, "--key", key); code != 1 || !strings.Contains(out, "没有签名") {
		t.Fatalf("sign a package with an error: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(bad, "MANIFEST.sig")); !os.IsNotExist(err) {
		t.Errorf("a package with an error got a signature: %v", err)
	}
}

// collect reads a stick's outbox folder (qingfeng/outbox/SITE) under a
// Chinese path and writes the workbook, charts and fleet page beside the
// district's database; the answers filled into the workbook go back as a
// signed replies package onto the stick's inbox.
func TestCollectAnswerPack(t *testing.T) {
	root := tempDir(t)
	site := filepath.Join(root, "U盘", "qingfeng", "outbox", "青山村")
	if err := os.MkdirAll(site, 0o755); err != nil {
		t.Fatal(err)
	}
	seed := sha256.Sum256([]byte("青山村的展示屏"))
	k, err := sign.ParsePrivate(sign.PrivatePrefix + base64.StdEncoding.EncodeToString(seed[:]))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	b := outbox.Batch{Format: outbox.Format, ID: "6f1c2a4e-0d7b-4c3e-9a51-2b8e7f4d9c10", Site: "qs01", SiteName: "青山村党群服务中心",
		Written: at.Add(time.Hour)}
	for i, text := range []string{"路灯坏了，请尽快修一修", "村务公开栏请按时更新"} {
		b.Opinions = append(b.Opinions, outbox.Opinion{UID: []string{"0b6f1f0e-7c1d-4f51-8f5a-3c2d1e0a9b01", "0b6f1f0e-7c1d-4f51-8f5a-3c2d1e0a9b02"}[i],
			Receipt: []string{"K7M2-Q9XP", "A2B3-C4D5"}[i], Site: "qs01", At: at, Category: "意见建议", Text: text, Rating: 3})
	}
	data, err := outbox.Encode(b, k)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, outbox.FileName(b.ID)), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "汇总"), 0o755); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(root, "汇总", "全区.db")
	code, out := runOffice(t, "collect", "--out", db, site)
	if code != 0 || !strings.Contains(out, "新站点 qs01") || !strings.Contains(out, "新意见 2 条") {
		t.Fatalf("collect: exit %d\n%s", code, out)
	}
	for _, f := range []string{"全区.db", "全区.xlsx", "全区-sites.png", "全区-fleet.html"} {
		if st, err := os.Stat(filepath.Join(root, "汇总", f)); err != nil || st.Size() == 0 {
			t.Errorf("after collect, %s: %v", f, err)
		}
	}
	// Again: the batch is known, nothing is counted twice.
	if code, out := runOffice(t, "collect", "--out", db, site); code != 0 || !strings.Contains(out, "新批次 0 个，以前汇总过的 1 个；新意见 0 条") {
		t.Fatalf("collect again: exit %d\n%s", code, out)
	}

	// The office answers one opinion in the workbook, imports it and packs
	// the replies for the kiosks' inboxes, signed.
	f, err := excelize.OpenFile(filepath.Join(root, "汇总", "全区.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	for c, v := range map[string]string{"H2": "已办结", "I2": "镇纪委", "J2": "路灯已修好", "L2": "是"} {
		f.SetCellValue(collect.HandlingSheet, c, v)
	}
	answered := filepath.Join(root, "汇总", "已填答复.xlsx")
	if err := f.SaveAs(answered); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if code, out := runOffice(t, "replies", "import", "--db", db, answered); code != 0 || !strings.Contains(out, "2 行里 1 条意见的办理情况有变化，1 条没有变") {
		t.Fatalf("replies import: exit %d\n%s", code, out)
	}
	keys := filepath.Join(root, "钥匙")
	if code, out := runOffice(t, "keygen", "--signing", "--out", keys); code != 0 {
		t.Fatalf("keygen: exit %d\n%s", code, out)
	}
	inbox := filepath.Join(root, "U盘", "qingfeng", "inbox")
	if code, out := runOffice(t, "replies", "pack", "--db", db, "--key", filepath.Join(keys, "publisher.key"), "--out", inbox); code != 0 ||
		!strings.Contains(out, "已写出答复包") {
		t.Fatalf("replies pack: exit %d\n%s", code, out)
	}
	packs, _ := filepath.Glob(filepath.Join(inbox, "replies-*"))
	if len(packs) != 1 {
		t.Fatalf("replies packs in the inbox: %v", packs)
	}
	if code, out := runOffice(t, "check", packs[0]); code != 0 || !strings.Contains(out, "签名完好") {
		t.Fatalf("check the replies pack: exit %d\n%s", code, out)
	}
}

// Wrong words on the command line get a Chinese line and the usage, exit 2;
// the kiosk's own commands are not here.
func TestArguments(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no command lists them", nil, 0, "collect"},
		{"kiosk command", []string{"run"}, 2, "没有这个命令：run"},
		{"sign without key", []string{"sign", "包"}, 2, "缺少 --key"},
		{"sign two packages", []string{"sign", "甲", "乙", "--key", "k"}, 2, "多了参数：乙"},
		{"keygen without out", []string{"keygen"}, 2, "缺少 --out"},
		{"collect without outbox", []string{"collect", "--out", "区.db"}, 2, "缺少发件箱文件夹"},
		{"collect bad overdue", []string{"collect", "--out", "区.db", "--overdue-days", "0", "甲"}, 2, "至少是 1 天"},
		{"unknown flag", []string{"check", "--data", "x", "甲"}, 2, "选项写得不对"},
		{"help of a command", []string{"collect", "-h"}, 0, "-stale-hours 小时"},
		{"check needs a package", []string{"check"}, 2, "缺少内容包"},
		{"replies without what", []string{"replies"}, 2, "replies 后面要写 import 或 pack"},
		{"replies with a wrong word", []string{"replies", "export"}, 2, "replies 后面要写 import 或 pack"},
		{"replies import without db", []string{"replies", "import", "答复.xlsx"}, 2, "缺少 --db"},
		{"replies pack without key", []string{"replies", "pack", "--db", "区.db", "--out", "包"}, 2, "缺少 --key"},
		{"opinions export without data", []string{"opinions", "export", "--out", "意见.xlsx"}, 2, "缺少 --data"},
		{"opinions export to a wrong kind", []string{"opinions", "export", "--data", "数据", "--out", "意见.txt"}, 2, "用法：qingfeng-office opinions export"},
		{"release without out", []string{"release", "--key", "publisher.key"}, 2, "缺少 --out"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out := runOffice(t, tc.args...)
			if code != tc.code || !strings.Contains(out, tc.want) {
				t.Errorf("qingfeng-office %s: exit %d, want %d with %q\n%s", strings.Join(tc.args, " "), code, tc.code, tc.want, out)
			}
		})
	}
}
