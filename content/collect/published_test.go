package collect

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"qingfeng/content/contenttest"
	"qingfeng/content/fleet"
	"qingfeng/content/sign"
)

// The office's published folder says each package's newest version, from
// a signed package's MANIFEST.txt or an unsigned one's package.yaml, in
// folders and zips; what it cannot read is said, naming it.
func TestPublished(t *testing.T) {
	_, key, err := sign.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	manifest := sign.Manifest{Package: "news", Version: 7, Signer: key.Public(), Files: map[string][32]byte{"stories/a.md": {1}}}
	dir := contenttest.Write(t, t.TempDir(), &txtar.Archive{Files: []txtar.File{
		{Name: "demo/package.yaml", Data: []byte("id: demo\ntitle: 清廉故事\nversion: 5\n")},
		{Name: "demo-old/package.yaml", Data: []byte("id: demo\ntitle: 清廉故事\nversion: 4\n")},
		{Name: "news/MANIFEST.txt", Data: manifest.Encode()},
		{Name: "news/package.yaml", Data: []byte("id: news\nversion: 1\n")}, // the manifest is what was signed
		{Name: "loose/stories/a.md", Data: []byte("正文")},
		{Name: "readme.txt", Data: []byte("not a package")},
	}})
	zf, err := os.Create(filepath.Join(dir, "quiz.zip"))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(zf)
	w, _ := zw.Create("quiz/package.yaml")
	w.Write([]byte("id: quiz\nversion: 2\n"))
	zw.Close()
	zf.Close()
	os.WriteFile(filepath.Join(dir, "broken.zip"), []byte("PK not really"), 0o644)
	// An end record claiming a directory of 4 GB: refused before the zip
	// reader holds any of it.
	eocd := []byte("PK\x05\x06\x00\x00\x00\x00\x01\x00\x01\x00\xfe\xff\xff\xff\x00\x00\x00\x00\x00\x00")
	os.WriteFile(filepath.Join(dir, "huge-dir.zip"), eocd, 0o644)

	got, problems, err := Published(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"demo": 5, "news": 7, "quiz": 2}
	if len(got) != len(want) {
		t.Errorf("published %v, want %v", got, want)
	}
	for id, v := range want {
		if got[id] != v {
			t.Errorf("%s: version %d, want %d", id, got[id], v)
		}
	}
	if len(problems) != 3 || !strings.Contains(problems[0], "broken.zip") || !strings.Contains(problems[1], "huge-dir.zip") || !strings.Contains(problems[1], "目录太大") || !strings.Contains(problems[2], "loose") {
		t.Errorf("problems %q", problems)
	}
}

// A kiosk behind the office's published version is 内容旧 even when no
// kiosk has the newer one yet; the fleet-wide rule still holds.
func TestBehindPublished(t *testing.T) {
	now := time.Date(2027, 1, 15, 12, 0, 0, 0, time.UTC)
	a, b := heartbeat("k1", now), heartbeat("k2", now) // both hold demo 3
	b.Packages = append(b.Packages, fleet.Package{ID: "news", Version: 2})
	for _, tc := range []struct {
		name      string
		published map[string]int
		h         fleet.Heartbeat
		behind    string
	}{
		{"none published, same as the others", nil, a, ""},
		{"published newer", map[string]int{"demo": 4}, a, "demo 第 3 版（有第 4 版）"},
		{"published older than a kiosk's", map[string]int{"news": 1}, b, ""},
		{"another kiosk newer", map[string]int{"demo": 3}, func() fleet.Heartbeat { h := a; h.Packages = []fleet.Package{{ID: "news", Version: 1}}; return h }(), "news 第 1 版（有第 2 版）"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := Wide([]fleet.Heartbeat{a, b}, "", tc.published)
			var got string
			for _, tr := range Troubles(tc.h, now, nil, 0, w, Rules{Now: now, Published: tc.published}) {
				if tr.Word == TroublePackages {
					got = tr.Detail
				}
			}
			if tc.behind == "" && got != "" || tc.behind != "" && !strings.Contains(got, tc.behind) {
				t.Errorf("behind: %q, want %q", got, tc.behind)
			}
		})
	}
}
