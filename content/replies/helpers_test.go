package replies

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"qingfeng/content"
	"qingfeng/content/collect"
	"qingfeng/content/outbox"
	"qingfeng/content/sign"
)

var shanghai = time.FixedZone("CST", 8*3600)

// officeNow is when the office merged the opinions; importNow when it
// imports its answers.
var (
	officeNow = time.Date(2027, 1, 15, 9, 0, 0, 0, shanghai)
	importNow = time.Date(2027, 1, 20, 16, 0, 0, 0, shanghai)
)

// secret marks what must never reach a package of replies: an opinion's
// text without consent, and a sealed contact.
const (
	secretText    = "村东头的路灯坏了三个月没人修"
	secretContact = "SEALED-CONTACT-张三-13800000000"
)

func keyOf(tb testing.TB, name string) sign.Private {
	tb.Helper()
	seed := sha256.Sum256([]byte(name))
	k, err := sign.ParsePrivate(sign.PrivatePrefix + base64.StdEncoding.EncodeToString(seed[:]))
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

func uid(name string) string { return uuid.NewSHA1(uuid.NameSpaceOID, []byte(name)).String() }

// receiptOf is the n-th receipt of a district, distinct for each n.
func receiptOf(district string, n int) string {
	a := content.ReceiptAlphabet
	s := []byte{a[len(district)%len(a)]}
	for range content.ReceiptLen - 1 {
		s = append(s, a[n%len(a)])
		n /= len(a)
	}
	r, _ := content.NormalizeReceipt(string(s))
	return r
}

// district makes a district database at dir/district.db holding n
// opinions of site "shili", the i-th submitted on 2026-12-01 plus i
// minutes, each with a sealed contact and text secretText, merged at
// officeNow.
func district(tb testing.TB, dir, name string, n int) (*collect.DB, []string) {
	tb.Helper()
	ctx := context.Background()
	out := filepath.Join(dir, "outbox-"+name)
	if err := os.MkdirAll(out, 0o755); err != nil {
		tb.Fatal(err)
	}
	var receipts []string
	const per = 2000
	for b := 0; b*per < n; b++ {
		batch := outbox.Batch{Format: outbox.Format, ID: uid(fmt.Sprintf("%s-%d", name, b)), Site: "shili", SiteName: "十里村联络站",
			Written: time.Date(2026, 12, 1, 0, 0, 0, 0, shanghai)}
		for i := b * per; i < min(n, (b+1)*per); i++ {
			r := receiptOf(name, i)
			receipts = append(receipts, r)
			batch.Opinions = append(batch.Opinions, outbox.Opinion{UID: uid(name + r), Receipt: r, Site: "shili",
				At: time.Date(2026, 12, 1, 9, 0, 0, 0, shanghai).Add(time.Duration(i) * time.Minute), Category: "意见建议",
				Subject: "路灯", Text: secretText, Rating: 2, Contact: []byte(secretContact)})
		}
		data, err := outbox.Encode(batch, keyOf(tb, "kiosk shili"))
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, outbox.FileName(batch.ID)), data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	db, err := collect.Open(ctx, filepath.Join(dir, name+".db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return officeNow }
	res, err := db.Merge(ctx, []string{out}, nil)
	if err != nil || res.NewOpinions != n {
		tb.Fatalf("merged %+v, %v", res, err)
	}
	return db, receipts
}

// workbook writes db's district workbook into dir, as collect does, and
// returns its path.
func workbook(tb testing.TB, db *collect.DB, dir string) string {
	tb.Helper()
	sum, err := db.Summarise(context.Background(), shanghai)
	if err != nil {
		tb.Fatal(err)
	}
	name := filepath.Join(dir, "district.xlsx")
	if err := collect.WriteWorkbook(name, sum, nil, shanghai); err != nil {
		tb.Fatal(err)
	}
	return name
}

// fill sets cells of the 意见办理 sheet ("J3": value) as the office would in
// a spreadsheet, and saves the workbook as a new file.
func fill(tb testing.TB, name string, cells map[string]any) string {
	tb.Helper()
	f, err := excelize.OpenFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	for cell, v := range cells {
		if err := f.SetCellValue(collect.HandlingSheet, cell, v); err != nil {
			tb.Fatal(err)
		}
	}
	out := strings.TrimSuffix(name, ".xlsx") + fmt.Sprintf("-%d.xlsx", time.Now().UnixNano())
	if err := f.SaveAs(out); err != nil {
		tb.Fatal(err)
	}
	return out
}

// snapshot is every handling row of db.
func snapshot(tb testing.TB, db *collect.DB) []collect.Handling {
	tb.Helper()
	var out []collect.Handling
	if err := db.Handlings(context.Background(), func(h collect.Handling) error { out = append(out, h); return nil }); err != nil {
		tb.Fatal(err)
	}
	return out
}

// signFolder signs the package in dir with k as content/sign defines it.
func signFolder(k sign.Private) Signer {
	return func(dir, id string, version int) error {
		sums := map[string][32]byte{}
		for _, p := range []string{"package.yaml", File} {
			f, err := os.Open(filepath.Join(dir, p))
			if err != nil {
				return err
			}
			sums[p], err = sign.Hash(f)
			f.Close()
			if err != nil {
				return err
			}
		}
		data := sign.Manifest{Package: id, Version: version, Signer: k.Public(), Files: sums}.Encode()
		if err := os.WriteFile(filepath.Join(dir, sign.ManifestFile), data, 0o644); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, sign.SignatureFile), sign.Sign(k, data), 0o644)
	}
}
