package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"qingfeng/content/collect"
	"qingfeng/content/outbox"
	"qingfeng/content/sign"
)

// The office's loop by its commands: collect writes the workbook, the
// office answers in it, replies import reads the answers (refusing a bad
// row with its place and changing nothing), and replies pack writes a
// package signed as `qingfeng sign` signs, without the resident's text or
// contact.
func TestRepliesCommands(t *testing.T) {
	dir := t.TempDir()
	const text, contact = "食堂的菜价太贵了希望公开账目", "SEALED-李四-13900000000"
	_, kioskKey, err := sign.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	box := filepath.Join(dir, "outbox")
	os.MkdirAll(box, 0o755)
	b := outbox.Batch{Format: outbox.Format, ID: "5f0c6f4e-2b1d-4c55-9a57-3f8f0b7c1a01", Site: "shili", SiteName: "十里村联络站",
		Written: time.Now().Add(-time.Hour)}
	for i, r := range []string{"K7M2-Q9XP", "A2B3-C4D5"} {
		b.Opinions = append(b.Opinions, outbox.Opinion{UID: []string{"0b8e7a52-6d0e-4f3c-8f4e-0a1b2c3d4e01", "0b8e7a52-6d0e-4f3c-8f4e-0a1b2c3d4e02"}[i],
			Receipt: r, Site: "shili", At: time.Now().Add(-2 * time.Hour), Category: "意见建议", Text: text, Contact: []byte(contact)})
	}
	data, err := outbox.Encode(b, kioskKey)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(box, outbox.FileName(b.ID)), data, 0o644)
	db := filepath.Join(dir, "district.db")
	if code, out := runCmd(t, "collect", "--out", db, "--overdue-days", "7", box); code != 0 || !strings.Contains(out, "district-replies.png") ||
		!strings.Contains(out, "意见办理：已答复 0 条，办理中 2 条，超过 7 天没有答复的 0 条") {
		t.Fatalf("collect: exit %d\n%s", code, out)
	}
	book := filepath.Join(dir, "district.xlsx")
	answer := func(cells map[string]string) string {
		f, err := excelize.OpenFile(book)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for c, v := range cells {
			f.SetCellValue(collect.HandlingSheet, c, v)
		}
		name := filepath.Join(dir, "answered-"+cells["H2"]+".xlsx")
		if err := f.SaveAs(name); err != nil {
			t.Fatal(err)
		}
		return name
	}
	bad := answer(map[string]string{"H2": "已答复", "L2": "是"})
	code, out := runCmd(t, "replies", "import", "--db", db, bad)
	if code != 1 || !strings.Contains(out, "意见办理!第2行 答复内容（J列）：办理状态为“已答复”，但没有答复内容\n") || !strings.Contains(out, "什么都没有改") {
		t.Fatalf("a bad row: exit %d\n%s", code, out)
	}
	good := answer(map[string]string{"H2": "已办结", "I2": "镇纪委", "J2": "菜价已按月公示", "L2": "是"})
	if code, out := runCmd(t, "replies", "import", "--db", db, good); code != 0 || !strings.Contains(out, "2 行里 1 条意见的办理情况有变化，1 条没有变") ||
		!strings.Contains(out, "已导入（表格导出于 ") {
		t.Fatalf("import: exit %d\n%s", code, out)
	}
	// A database that is not there is not made.
	if code, _ := runCmd(t, "replies", "import", "--db", filepath.Join(dir, "other.db"), good); code != 1 {
		t.Errorf("a missing database: exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "other.db")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a database was made: %v", err)
	}

	keys := filepath.Join(dir, "keys")
	if code, out := runCmd(t, "keygen", "--signing", "--out", keys); code != 0 {
		t.Fatalf("keygen: %s", out)
	}
	inbox := filepath.Join(dir, "inbox")
	code, out = runCmd(t, "replies", "pack", "--db", db, "--key", filepath.Join(keys, "publisher.key"), "--out", inbox, "--district", "qingfeng-qu")
	if code != 0 {
		t.Fatalf("pack: exit %d\n%s", code, out)
	}
	pack := filepath.Join(inbox, "replies-qingfeng-qu")
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(pack, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	m, err := sign.Verify(read(sign.ManifestFile), read(sign.SignatureFile))
	if err != nil {
		t.Fatal(err)
	}
	pub, err := sign.ReadPublicFile(filepath.Join(keys, "publisher.pub"))
	if err != nil || m.Signer != pub || m.Package != "replies-qingfeng-qu" {
		t.Errorf("signed %+v by %v (%v)", m, pub, err)
	}
	csv := read("replies.csv")
	for _, secret := range []string{text, contact, "李四", "13900000000"} {
		for _, f := range []string{"replies.csv", "package.yaml", sign.ManifestFile} {
			if bytes.Contains(read(f), []byte(secret)) {
				t.Errorf("%s holds %q", f, secret)
			}
		}
	}
	if !bytes.HasPrefix(csv, []byte("回执号,办理状态,类别,收到日期,转交日期,承办单位,答复日期,答复内容,是否公开,意见内容\n")) ||
		!bytes.Contains(csv, []byte(",镇纪委,")) || !bytes.Contains(csv, []byte("菜价已按月公示,是,\n")) {
		t.Errorf("replies.csv:\n%s", csv)
	}
	if code, out := runCmd(t, "replies", "pack", "--db", db, "--key", filepath.Join(keys, "publisher.key"), "--out", inbox, "--district", "Bad Name"); code != 2 || !strings.Contains(out, "区的名称") {
		t.Errorf("a bad district name: exit %d\n%s", code, out)
	}
}
