package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"qingfeng/content/contenttest"
	"qingfeng/content/fleet"
	"qingfeng/content/outbox"
	"qingfeng/content/store"
)

// collect --published DIR: a kiosk behind the office's published package
// is 内容旧 though no other kiosk has the newer one; a package there that
// says no version is named, and a folder that cannot be read is said.
func TestCollectPublished(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	cfg := filepath.Join(data, "qingfeng.yaml")
	os.WriteFile(cfg, []byte("site:\n  id: shili\n  name: 石里联络站\n"), 0o644)
	st, err := store.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.RecordOpinion(ctx, store.StoredOpinion{Site: "shili", Category: "意见建议", Text: "路灯不亮", Rating: 2}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if code, out := runCmd(t, "outbox", "--config", cfg, "--data", data); code != 0 {
		t.Fatalf("outbox: exit %d\n%s", code, out)
	}
	key, _, err := outbox.LoadOrCreateKey(data)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(data, "outbox")
	h := fleet.Heartbeat{Site: "shili", SiteName: "石里联络站", Written: time.Now().UTC(), Version: "1.0.0", Arch: "amd64",
		AlwaysOpen: true, Open: true, DiskFreeMB: 9000, DiskTotalMB: 10000, Packages: []fleet.Package{{ID: "demo", Version: 3, Title: "清廉故事"}}}
	if err := fleet.Write(dir, h, key); err != nil {
		t.Fatal(err)
	}
	published := contenttest.Dir(t, `
-- demo/package.yaml --
id: demo
title: 清廉故事
version: 4
-- draft/stories/a.md --
正文
`)
	district := filepath.Join(t.TempDir(), "district.db")
	page := strings.TrimSuffix(district, ".db") + "-fleet.html"
	for _, tc := range []struct {
		name, published string
		says            []string
	}{
		{"behind the published", published, []string{"要留意 1", "draft", "看不出版本"}},
		{"no such folder", filepath.Join(published, "nowhere"), []string{"读不了发布文件夹", "正常 1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out := runCmd(t, "collect", "--out", district, "--published", tc.published, dir)
			if code != 0 {
				t.Fatalf("collect: exit %d\n%s", code, out)
			}
			for _, s := range tc.says {
				if !strings.Contains(out, s) {
					t.Errorf("output does not say %q:\n%s", s, out)
				}
			}
			html, _ := os.ReadFile(page)
			if behind := strings.Contains(string(html), "demo 第 3 版（有第 4 版）"); behind != (tc.published == published) {
				t.Errorf("page says behind: %v", behind)
			}
		})
	}
}
