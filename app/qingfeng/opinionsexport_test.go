package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"qingfeng/app/office"
	"qingfeng/content"
	"qingfeng/content/opinionexport"
	"qingfeng/content/seal"
)

func TestKeygen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	// The config is not read: keygen works where the kiosk's config already
	// names the office.pub being made, or none exists.
	code, out := runCmd(t, "keygen", "--out", dir, "--config", filepath.Join(dir, "none.yaml"))
	if code != 0 || !strings.Contains(out, "office_key: office.pub") {
		t.Fatalf("keygen: exit %d\n%s", code, out)
	}
	privPath, pubPath := filepath.Join(dir, seal.PrivateKeyFile), filepath.Join(dir, seal.PublicKeyFile)
	priv, err := seal.ReadPrivateFile(privPath)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := seal.ReadPublicFile(pubPath)
	if err != nil || priv.Public() != pub {
		t.Fatalf("office.pub %v does not match office.key: %v", pub, err)
	}
	if runtime.GOOS != "windows" {
		if fi, err := os.Stat(privPath); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("office.key mode %v, %v; want 0600", fi.Mode().Perm(), err)
		}
	}
	before, _ := os.ReadFile(privPath)
	code, out = runCmd(t, "keygen", "--out", dir)
	if code != 1 || !strings.Contains(out, "已经存在") {
		t.Fatalf("second keygen: exit %d\n%s", code, out)
	}
	if after, _ := os.ReadFile(privPath); !bytes.Equal(before, after) {
		t.Fatal("second keygen changed office.key")
	}

	// An office.pub alone is not replaced either, and no office.key is
	// made beside it.
	dir2 := t.TempDir()
	os.WriteFile(filepath.Join(dir2, seal.PublicKeyFile), []byte("old"), 0o644)
	if code, out := runCmd(t, "keygen", "--out", dir2); code != 1 {
		t.Fatalf("keygen over office.pub: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir2, seal.PrivateKeyFile)); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("office.key written beside an old office.pub: %v", err)
	}
	if code, _ := runCmd(t, "keygen"); code != 2 {
		t.Fatalf("keygen without --out: exit %d", code)
	}
}

// exportFixture records three opinions through the recorder, installs a
// package of replies answering the first, and returns the kiosk and the
// rows an export must hold, without and with the key.
func exportFixture(tb testing.TB) (k *opinionKiosk, sealed, opened [][]string) {
	tb.Helper()
	k = newOpinionKiosk(tb, true, "  min_interval: 0s\n  hold_words: [红包]\n")
	st := k.openStore(tb)
	rec := newOpinionRecorder(st, &k.cfg, nil)
	t0 := time.Date(2026, 5, 1, 0, 30, 0, 0, time.UTC) // 08:30 in Asia/Shanghai
	ops := []content.Opinion{
		{Category: "意见建议", Subject: "村道硬化工程", Text: "路灯坏了，\n什么时候修？", Rating: content.RatingUnhappy,
			Name: "张三丰", Phone: "13812345678", At: t0, Consent: true},
		{Category: "表扬", Rating: content.RatingHappy, At: t0.Add(time.Hour)},
		{Category: "投诉举报线索", Text: `=HYPERLINK("http://x","有人收红包")`, Phone: "13900001111", At: t0.Add(2 * time.Hour)},
	}
	var receipts []string
	for _, o := range ops {
		r, err := rec.RecordOpinion(context.Background(), o)
		if err != nil {
			tb.Fatal(err)
		}
		receipts = append(receipts, r)
	}
	answer := content.Reply{Receipt: receipts[0], Status: content.StatusReplied, Category: "意见建议",
		Received: time.Date(2026, 5, 2, 0, 0, 0, 0, time.FixedZone("CST", 8*3600)), Unit: "镇交通办",
		Replied: time.Date(2026, 5, 8, 0, 0, 0, 0, time.FixedZone("CST", 8*3600)), Text: "已修好。", Public: true}
	if err := st.Install(context.Background(), &content.Package{ID: "replies-district", Title: "答复", Version: 1,
		Replies: []content.Reply{answer, {Receipt: "WXYZ-2345", Status: content.StatusReceived, Category: "咨询", Received: answer.Received}}}); err != nil {
		tb.Fatal(err)
	}
	st.Close()
	row := func(i int, at, name, phone string) []string {
		o := ops[i]
		held := ""
		if i == 2 {
			held = "是（红包）"
		}
		handling := []string{"", "", "", "", "", "否"}
		if i == 0 {
			handling = []string{"已答复", "镇交通办", "已修好。", "2026-05-08", "是", "是"}
		}
		return append([]string{receipts[i], at, "ceshi-zhan", o.Category, o.Subject, o.Text, content.RatingWord(o.Rating), held, name, phone}, handling...)
	}
	const s = opinionexport.ContactSealed
	sealed = [][]string{opinionexport.Columns,
		row(0, "2026-05-01 08:30:00", s, s), row(1, "2026-05-01 09:30:00", "", ""), row(2, "2026-05-01 10:30:00", s, s)}
	opened = [][]string{opinionexport.Columns,
		row(0, "2026-05-01 08:30:00", "张三丰", "13812345678"), row(1, "2026-05-01 09:30:00", "", ""),
		row(2, "2026-05-01 10:30:00", "", "13900001111")}
	return k, sealed, opened
}

func readCSV(tb testing.TB, path string) [][]string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	rest, ok := bytes.CutPrefix(b, []byte("\xEF\xBB\xBF"))
	if !ok {
		tb.Fatal("CSV has no UTF-8 byte-order mark: Excel would read it as GBK")
	}
	rows, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	return rows
}

func readXLSX(tb testing.TB, path string) [][]string {
	tb.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("意见")
	if err != nil {
		tb.Fatal(err)
	}
	// GetRows drops empty cells at the end of a row.
	for i := range rows {
		for len(rows[i]) < len(opinionexport.Columns) {
			rows[i] = append(rows[i], "")
		}
	}
	return rows
}

func TestOpinionsExport(t *testing.T) {
	k, sealed, opened := exportFixture(t)
	// CSV cells that start like a formula get an apostrophe.
	defused := func(rows [][]string) [][]string {
		out := slices.Clone(rows)
		out[3] = slices.Clone(out[3])
		out[3][5] = "'" + out[3][5]
		return out
	}
	outDir := t.TempDir()
	for _, tc := range []struct {
		name, file string
		key        bool
		read       func(testing.TB, string) [][]string
		want       [][]string
	}{
		{"csv sealed", "意见.csv", false, readCSV, defused(sealed)},
		{"csv with key", "意见-key.csv", true, readCSV, defused(opened)},
		{"xlsx sealed", "意见.xlsx", false, readXLSX, sealed},
		{"xlsx with key", "意见-key.XLSX", true, readXLSX, opened},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(outDir, tc.file)
			args := []string{"opinions", "export", "--config", k.cfgPath, "--out", out}
			if tc.key {
				args = append(args, "--key", k.keyPath)
			}
			code, log := runCmd(t, args...)
			if code != 0 || !strings.Contains(log, "已导出 3 条意见") || !strings.Contains(log, "已有办理情况 1 条") {
				t.Fatalf("exit %d\n%s", code, log)
			}
			got := tc.read(t, out)
			if !slices.EqualFunc(got, tc.want, slices.Equal[[]string]) {
				t.Fatalf("rows:\n%q\nwant:\n%q", got, tc.want)
			}
			if runtime.GOOS != "windows" {
				if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
					t.Errorf("export mode %v, %v; want 0600 (it may hold names and phones)", fi.Mode().Perm(), err)
				}
			}
		})
	}
	entries, _ := os.ReadDir(outDir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temp file left behind: %s", e.Name())
		}
	}

	t.Run("wrong key", func(t *testing.T) {
		other := t.TempDir()
		if code := office.Keygen(other, io.Discard); code != 0 {
			t.Fatal("keygen")
		}
		out := filepath.Join(outDir, "wrong.xlsx")
		code, log := runCmd(t, "opinions", "export", "--config", k.cfgPath, "--out", out, "--key", filepath.Join(other, seal.PrivateKeyFile))
		if code != 1 || !strings.Contains(log, "不是本机所用公钥") || !strings.Contains(log, "不是一对") {
			t.Fatalf("exit %d\n%s", code, log)
		}
		if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("a file was written with the wrong key: %v", err)
		}
	})
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"public key as --key", []string{"--out", filepath.Join(outDir, "x.csv"), "--key", filepath.Join(k.dir, seal.PublicKeyFile)}, 1, "无法读取办公室私钥"},
		{"missing key file", []string{"--out", filepath.Join(outDir, "x.csv"), "--key", filepath.Join(k.dir, "none.key")}, 1, "none.key"},
		{"no --out", nil, 2, "用法"},
		{"other format", []string{"--out", filepath.Join(outDir, "x.txt")}, 2, "用法"},
		{"no database", []string{"--out", filepath.Join(outDir, "x.csv"), "--data", filepath.Join(outDir, "nodata")}, 1, "没有意见数据库"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"opinions", "export", "--config", k.cfgPath}, tc.args...)
			code, log := runCmd(t, args...)
			if code != tc.code || !strings.Contains(log, tc.want) {
				t.Fatalf("exit %d, want %d with %q\n%s", code, tc.code, tc.want, log)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(outDir, "nodata")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("export created the data folder it was pointed at")
	}
}
