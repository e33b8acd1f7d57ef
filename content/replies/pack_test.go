package replies

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"qingfeng/content"
	"qingfeng/content/collect"
	"qingfeng/content/outbox"
	"qingfeng/content/sign"
)

// packBytes is every file of the pack at dir, by its path.
func packBytes(tb testing.TB, dir string) map[string][]byte {
	tb.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

// The pack: signed by the publisher's key, one row an opinion with its
// status, and neither an opinion's text without consent nor a name, phone
// or anything sealed, even for a public reply.
func TestPack(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, receipts := district(t, dir, "a", 3)
	book := fill(t, workbook(t, db, dir), map[string]any{
		"H2": "已答复", "J2": "路灯已修好", "K2": "2027-01-18", "L2": "是",
		"H3": "已转交", "I3": "城建办",
	})
	if _, ps, err := Import(ctx, db, book, importOpts()); err != nil {
		t.Fatal(err, ps)
	}
	key := keyOf(t, "publisher")
	out := filepath.Join(dir, "out")
	made := time.Date(2027, 1, 20, 17, 0, 0, 0, shanghai)
	path, n, err := WritePack(ctx, db, out, "qingfeng-qu", made, shanghai, signFolder(key))
	if err != nil {
		t.Fatal(err)
	}
	if path != filepath.Join(out, "replies-qingfeng-qu") || n != 3 {
		t.Fatalf("pack %s of %d", path, n)
	}
	files := packBytes(t, path)
	var names []string
	for p := range files {
		names = append(names, p)
	}
	slices.Sort(names)
	if want := []string{sign.SignatureFile, sign.ManifestFile, "package.yaml", File}; !slices.Equal(names, want) {
		t.Fatalf("files %v, want %v", names, want)
	}
	for p, b := range files {
		for _, secret := range []string{secretText, secretContact, "张三", "13800000000"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds %q", p, secret)
			}
		}
	}
	m, err := sign.Verify(files[sign.ManifestFile], files[sign.SignatureFile])
	if err != nil {
		t.Fatal(err)
	}
	if m.Signer != key.Public() || m.Package != "replies-qingfeng-qu" || m.Version != PackVersion(made) || len(m.Files) != 2 {
		t.Errorf("manifest %+v", m)
	}
	for _, p := range []string{"package.yaml", File} {
		if sum, _ := sign.Hash(bytes.NewReader(files[p])); m.Files[p] != sum {
			t.Errorf("%s: its digest is not the signed one", p)
		}
	}
	if y := string(files["package.yaml"]); !strings.Contains(y, "\nid: replies-qingfeng-qu\n") || !strings.Contains(y, "\nversion: 30007260\n") {
		t.Errorf("package.yaml:\n%s", y)
	}
	rows, err := csv.NewReader(bytes.NewReader(files[File])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"回执号", "办理状态", "类别", "收到日期", "转交日期", "承办单位", "答复日期", "答复内容", "是否公开", "意见内容"},
		{receipts[0], "已答复", "意见建议", "2027-01-15", "", "", "2027-01-18", "路灯已修好", "是", ""},
		{receipts[1], "已转交", "意见建议", "2027-01-15", "2027-01-20", "城建办", "", "", "否", ""},
		{receipts[2], "已收到", "意见建议", "2027-01-15", "", "", "", "", "否", ""},
	}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("replies.csv:\n%v\nwant %v", rows, want)
	}
	// A later pack replaces it whole; nothing temporary is left beside.
	if _, _, err := WritePack(ctx, db, out, "qingfeng-qu", made.Add(time.Hour), shanghai, signFolder(key)); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 || entries[0].Name() != "replies-qingfeng-qu" {
		t.Errorf("beside the pack: %v", entries)
	}
	if m2, _ := sign.Verify(packBytes(t, path)[sign.ManifestFile], packBytes(t, path)[sign.SignatureFile]); m2.Version != PackVersion(made)+60 {
		t.Errorf("the second pack has version %d", m2.Version)
	}
}

// A pack that fails to be signed leaves nothing in the folder, and an
// earlier pack stays as it was.
func TestPackFailsWhole(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, _ := district(t, dir, "a", 1)
	out := filepath.Join(dir, "out")
	path, _, err := WritePack(ctx, db, out, "", officeNow, shanghai, signFolder(keyOf(t, "publisher")))
	if err != nil || filepath.Base(path) != "replies-district" {
		t.Fatal(path, err)
	}
	before := packBytes(t, path)
	refuse := errors.New("no key")
	if _, _, err := WritePack(ctx, db, out, "", officeNow.Add(time.Hour), shanghai, func(string, string, int) error { return refuse }); !errors.Is(err, refuse) {
		t.Fatalf("err %v", err)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 {
		t.Errorf("left in the folder: %v", entries)
	}
	if after := packBytes(t, path); len(after) != len(before) || !bytes.Equal(after[File], before[File]) || !bytes.Equal(after[sign.SignatureFile], before[sign.SignatureFile]) {
		t.Error("the earlier pack changed")
	}
	if _, _, err := WritePack(ctx, db, out, "Bad Name", officeNow, shanghai, signFolder(keyOf(t, "publisher"))); !errors.Is(err, ErrDistrict) {
		t.Errorf("a bad district name: %v", err)
	}
}

// The opinion's own text travels only with the resident's consent and a
// public reply.
func TestFromHandlingCarriesTheOpinionOnlyWithConsent(t *testing.T) {
	h := collect.Handling{Receipt: "K7M2-Q9XP", Text: secretText, Status: content.StatusReplied, Reply: "已修好",
		Replied: "2027-01-18", Received: officeNow}
	long := strings.Repeat("长", content.MaxReplyTextRunes+5)
	for _, tc := range []struct {
		consent, public bool
		text, want      string
	}{
		{false, false, secretText, ""}, {true, false, secretText, ""}, {false, true, secretText, ""}, {true, true, secretText, secretText},
		// No longer than a kiosk reads.
		{true, true, long, strings.Repeat("长", content.MaxReplyTextRunes-1) + "…"},
	} {
		h.Text = tc.text
		h.Consent, h.Public = tc.consent, tc.public
		r := FromHandling(h, shanghai)
		if r.Opinion != tc.want {
			t.Errorf("consent %v public %v: opinion %q", tc.consent, tc.public, r.Opinion)
		}
		if r.Replied.Format(collect.DateLayout) != "2027-01-18" || r.Received.Format(collect.DateLayout) != "2027-01-15" || !r.Forwarded.IsZero() {
			t.Errorf("dates %v %v %v", r.Received, r.Forwarded, r.Replied)
		}
	}
}

// An opinion whose receipt a resident could not type (a batch may carry
// any letters) is left out of the pack, which a kiosk would otherwise
// refuse whole for its row.
func TestPackLeavesOutReceiptsNobodyCanType(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, receipts := district(t, dir, "a", 1)
	b := outbox.Batch{Format: outbox.Format, ID: uid("odd"), Site: "shili", Written: officeNow.Add(-time.Hour)}
	b.Opinions = []outbox.Opinion{{UID: uid("odd-o"), Receipt: "ABCD-0000", Site: "shili", At: officeNow.Add(-2 * time.Hour), Category: "咨询", Text: "问"}}
	data, err := outbox.Encode(b, keyOf(t, "kiosk shili"))
	if err != nil {
		t.Fatal(err)
	}
	odd := filepath.Join(dir, "odd")
	os.MkdirAll(odd, 0o755)
	os.WriteFile(filepath.Join(odd, outbox.FileName(b.ID)), data, 0o644)
	if res, err := db.Merge(ctx, []string{odd}, nil); err != nil || res.NewOpinions != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	path, n, err := WritePack(ctx, db, filepath.Join(dir, "out"), "", officeNow, shanghai, signFolder(keyOf(t, "publisher")))
	if err != nil || n != 1 {
		t.Fatalf("%d replies, %v", n, err)
	}
	rows, err := csv.NewReader(bytes.NewReader(packBytes(t, path)[File])).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][0] != receipts[0] {
		t.Errorf("rows %v, %v", rows, err)
	}
}
