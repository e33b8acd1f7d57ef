package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"qingfeng/content/opinionexport"
	"qingfeng/content/release"
	"qingfeng/content/seal"
	"qingfeng/content/sign"
	"qingfeng/content/store"
)

// opinions export reads a kiosk's data folder brought on a stick (under a
// Chinese name): without the office key the names and phones stay sealed,
// with it they are read.
func TestOpinionsExport(t *testing.T) {
	root := tempDir(t)
	keys := filepath.Join(root, "区纪委办公室", "钥匙")
	if code, out := runOffice(t, "keygen", "--out", keys); code != 0 {
		t.Fatalf("keygen: exit %d\n%s", code, out)
	}
	pub, err := seal.ReadPublicFile(filepath.Join(keys, seal.PublicKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(root, "U盘", "青山村展示屏数据")
	ctx := context.Background()
	st, err := store.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	contact, err := seal.SealContact(pub, seal.Contact{Name: "张三丰", Phone: "13812345678"})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 5, 1, 0, 30, 0, 0, time.UTC) // 08:30 in Asia/Shanghai
	var receipts []string
	for _, o := range []store.StoredOpinion{
		{Category: "意见建议", Text: "路灯坏了，什么时候修？", Rating: 1, Site: "qs01", At: at, Contact: contact},
		{Category: "表扬", Rating: 3, Site: "qs01", At: at.Add(time.Hour)},
	} {
		r, err := st.RecordOpinion(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		receipts = append(receipts, r)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "汇总")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	row := func(i int, at, category, text, rating, name, phone string) []string {
		return []string{receipts[i], at, "qs01", category, "", text, rating, "", name, phone, "", "", "", "", "", "否"}
	}
	for _, tc := range []struct {
		name  string
		key   []string
		words string
		first []string
	}{
		{"without the key", nil, "姓名和电话已加密",
			row(0, "2026-05-01 08:30:00", "意见建议", "路灯坏了，什么时候修？", "不满意", opinionexport.ContactSealed, opinionexport.ContactSealed)},
		{"with the key", []string{"--key", filepath.Join(keys, seal.PrivateKeyFile)}, "留了联系方式 1 条",
			row(0, "2026-05-01 08:30:00", "意见建议", "路灯坏了，什么时候修？", "不满意", "张三丰", "13812345678")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(out, "青山村意见-"+strings.ReplaceAll(tc.name, " ", "")+".csv")
			code, text := runOffice(t, append([]string{"opinions", "export", "--data", data, "--out", file}, tc.key...)...)
			if code != 0 || !strings.Contains(text, "已导出 2 条意见") || !strings.Contains(text, tc.words) {
				t.Fatalf("opinions export: exit %d\n%s", code, text)
			}
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF")))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			want := [][]string{opinionexport.Columns, tc.first,
				row(1, "2026-05-01 09:30:00", "表扬", "", "满意", "", "")}
			if !slices.EqualFunc(rows, want, slices.Equal) {
				t.Errorf("rows\n%q\nwant\n%q", rows, want)
			}
			xlsx := strings.TrimSuffix(file, ".csv") + ".xlsx"
			if code, text := runOffice(t, append([]string{"opinions", "export", "--data", data, "--out", xlsx}, tc.key...)...); code != 0 {
				t.Fatalf("opinions export to .xlsx: exit %d\n%s", code, text)
			}
			f, err := excelize.OpenFile(xlsx)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			cell, err := f.GetCellValue(f.GetSheetName(0), "I2")
			if err != nil || cell != tc.first[8] {
				t.Errorf("the .xlsx's name in I2 is %q (%v), want %q", cell, err, tc.first[8])
			}
		})
	}
	// A mistyped data folder is said, and nothing is made there.
	wrong := filepath.Join(root, "U盘", "没有这个文件夹")
	if code, text := runOffice(t, "opinions", "export", "--data", wrong, "--out", filepath.Join(out, "x.csv")); code != 1 || !strings.Contains(text, "没有意见数据库") {
		t.Errorf("export of a wrong folder: exit %d\n%s", code, text)
	}
	if _, err := os.Stat(wrong); !os.IsNotExist(err) {
		t.Errorf("export made the wrong folder: %v", err)
	}
}

// programsEnv names a folder holding qingfeng and qingfeng-exhibits built
// for linux/amd64 and a file "version" with the version stamped into
// them: build/office.sh test builds them on Linux before the Wine run,
// where no Linux Go build can be made.
const programsEnv = "QINGFENG_OFFICE_TEST_PROGRAMS"

// linuxPrograms returns the folder of the kiosk's two programs (tiny
// stand-ins, built for linux/amd64 with -X main.version) and their version.
func linuxPrograms(tb testing.TB) (dir, version string) {
	tb.Helper()
	if dir = os.Getenv(programsEnv); dir != "" {
		v, err := os.ReadFile(filepath.Join(dir, "version"))
		if err != nil {
			tb.Fatal(err)
		}
		return dir, strings.TrimSpace(string(v))
	}
	if runtime.GOOS == "windows" {
		tb.Fatalf("set %s to the Linux programs' folder (build/office.sh test does)", programsEnv)
	}
	version, dir, src := "1.5.0", tempDir(tb), tempDir(tb)
	for _, p := range release.Programs {
		main := filepath.Join(src, p+".go")
		if err := os.WriteFile(main, []byte("package main\n\nvar version string\n\nfunc main() { println(\""+p+"\", version) }\n"), 0o644); err != nil {
			tb.Fatal(err)
		}
		cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-ldflags", "-X main.version="+version, "-o", filepath.Join(dir, p), main)
		cmd.Dir = src
		cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=amd64", "CGO_ENABLED=0", "GOFLAGS=")
		if b, err := cmd.CombinedOutput(); err != nil {
			tb.Fatalf("go build %s: %v\n%s", p, err, b)
		}
	}
	return dir, version
}

// release packs the Linux programs it is given (on Windows too: they are
// only read) into a release signed with a key from keygen, which a kiosk
// trusting that key would take.
func TestRelease(t *testing.T) {
	progs, version := linuxPrograms(t)
	root := tempDir(t)
	keys := filepath.Join(root, "区纪委办公室", "钥匙")
	if code, out := runOffice(t, "keygen", "--signing", "--out", keys); code != 0 {
		t.Fatalf("keygen --signing: exit %d\n%s", code, out)
	}
	key := filepath.Join(keys, "publisher.key")
	pub, err := sign.ReadPublicFile(filepath.Join(keys, "publisher.pub"))
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(root, "展示屏程序")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range release.Programs {
		b, err := os.ReadFile(filepath.Join(progs, p))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(bin, p), b, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	made := filepath.Join(root, "更新包")
	// A version other than the one built into the programs is refused.
	if code, out := runOffice(t, "release", "--key", key, "--out", made, "--bin", bin, "--version", "0.0.1"); code != 1 || !strings.Contains(out, "不是 0.0.1") {
		t.Fatalf("release of a wrong version: exit %d\n%s", code, out)
	}
	code, out := runOffice(t, "release", "--key", key, "--out", made, "--bin", bin)
	if code != 0 || !strings.Contains(out, "版本 "+version+"，架构 amd64") {
		t.Fatalf("release: exit %d\n%s", code, out)
	}
	dir := filepath.Join(made, "qingfeng-"+version)
	kiosk := release.Kiosk{Trusted: []string{pub.String()}, Version: "0.1.0", Arch: "amd64", Root: tempDir(t),
		Free: func(string) (int64, error) { return 1 << 40, nil }}
	c, err := release.Check(dir, kiosk)
	if err != nil || c.Info.Version != version || !slices.Equal(c.Info.Archs, []string{"amd64"}) {
		t.Fatalf("a kiosk checking the release: %+v, %v", c.Info, err)
	}
	other, _, err := sign.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	kiosk.Trusted = []string{other.String()}
	if _, err := release.Check(dir, kiosk); err == nil {
		t.Error("a kiosk trusting another key took the release")
	}
}
