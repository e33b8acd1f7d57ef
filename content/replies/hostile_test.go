package replies

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"qingfeng/content"
	"qingfeng/content/collect"
	"qingfeng/content/durable"
	"qingfeng/content/parse"
	"qingfeng/content/sign"
)

// Text pasted from a web page or a chat into the workbook may carry
// characters that reorder or hide the words around them: refused, naming
// the cell. A line break, whichever way the spreadsheet wrote it, is
// the answer's own.
func TestImportRefusesInvisibleCharacters(t *testing.T) {
	dir := t.TempDir()
	db, receipts := district(t, dir, "a", 2)
	book := workbook(t, db, dir)
	for _, tc := range []struct {
		name  string
		cells map[string]any
		want  string
	}{
		{"a bidi override in the answer", map[string]any{"H2": "已答复", "J2": "路灯\u202e已修好"},
			"意见办理!第2行 答复内容（J列）：答复内容里有看不见的控制字符（U+202E），多半是从网页或别的软件复制时带进来的，请删掉这段文字后重新输入"},
		// As Excel keeps a control character in its XML.
		{"a bell in the unit", map[string]any{"H2": "已转交", "I2": "城建_x0007_办"},
			"意见办理!第2行 承办单位（I列）：承办单位里有看不见的控制字符（U+0007），多半是从网页或别的软件复制时带进来的，请删掉这段文字后重新输入"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := snapshot(t, db)
			_, ps, err := Import(context.Background(), db, fill(t, book, tc.cells), importOpts())
			if !errors.Is(err, ErrRefused) || len(ps) != 1 || ps[0].String() != tc.want {
				t.Fatalf("err %v, problems %v\nwant %s", err, ps, tc.want)
			}
			if !reflect.DeepEqual(snapshot(t, db), before) {
				t.Error("the database changed")
			}
		})
	}
	t.Run("line breaks", func(t *testing.T) {
		for i, text := range []string{"一、修好\r\n二、检查", "一、修好\r二、检查", "一、修好\n二、检查"} {
			if _, ps, err := Import(context.Background(), db, fill(t, book, map[string]any{"H2": "已答复", "J2": text}), importOpts()); err != nil {
				t.Fatalf("%d: %v %v", i, err, ps)
			}
			if h, _, _ := db.HandlingOf(context.Background(), receipts[0]); h.Reply != "一、修好\n二、检查" {
				t.Errorf("%d: stored %q", i, h.Reply)
			}
		}
	})
}

// What the office did not type (a category, the resident's own words from
// a kiosk's batch) reaches the pack without such characters: one would
// make every kiosk refuse the whole pack.
func TestPackCleansInvisibleCharacters(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, _ := district(t, dir, "a", 1)
	fromDongcun(t, db, dir, "WXYZ-WXYZ", "低保\u202e没有发\x1b[2J，\t请查\n谢谢")
	book := workbook(t, db, dir)
	if _, ps, err := Import(ctx, db, fill(t, book, map[string]any{"H3": "已答复", "J3": "已查明", "L3": "是"}), importOpts()); err != nil {
		t.Fatal(err, ps)
	}
	path, _, err := WritePack(ctx, db, filepath.Join(dir, "out"), "", importNow, shanghai, signFolder(keyOf(t, "publisher")))
	if err != nil {
		t.Fatal(err)
	}
	data := packBytes(t, path)[File]
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(rows, func(r []string) bool { return r[0] == "WXYZ-WXYZ" })
	if i < 0 || rows[i][9] != "低保没有发[2J，\t请查\n谢谢" {
		t.Errorf("replies.csv:\n%s", data)
	}
	if strings.ContainsAny(string(data), "\u202e\x1b") {
		t.Errorf("replies.csv holds an invisible character:\n%q", data)
	}
}

// A reply or an opinion that begins like a formula (=, +, -, @) would be
// run by a spreadsheet opening replies.csv — a clerk checking a pack, or
// anyone it is passed to. The pack writes it as spreadsheets write text
// (a leading apostrophe), and a kiosk reads back the very words.
func TestPackNeverWritesAFormula(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, _ := district(t, dir, "a", 1)
	opinions := map[string]string{
		"WXYZ-WXY2": `=HYPERLINK("http://example.com/","点这里领补贴")`,
		"WXYZ-WXY3": "+cmd|' /C calc'!A0",
		"WXYZ-WXY4": "@SUM(1+1)",
		"WXYZ-WXY5": "-2+3",
		"WXYZ-WXY6": "'=已经带了撇号",
		"WXYZ-WXY7": "'引号开头，不是公式",
	}
	cells := map[string]any{}
	row := 3
	for _, r := range slices.Sorted(maps.Keys(opinions)) {
		fromDongcun(t, db, dir, r, opinions[r])
		cells[fmt.Sprintf("H%d", row)], cells[fmt.Sprintf("J%d", row)], cells[fmt.Sprintf("L%d", row)] = "已答复", opinions[r], "是"
		row++
	}
	book := fill(t, workbook(t, db, dir), cells)
	if _, ps, err := Import(ctx, db, book, importOpts()); err != nil {
		t.Fatal(err, ps)
	}
	path, _, err := WritePack(ctx, db, filepath.Join(dir, "out"), "", importNow, shanghai, signFolder(keyOf(t, "publisher")))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(packBytes(t, path)[File])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		for i, f := range r {
			if f != "" && strings.ContainsRune("=+-@", rune(f[0])) {
				t.Errorf("%s, column %d: %q begins like a formula", r[0], i+1, f)
			}
		}
	}
	src, err := parse.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	pkg, ps := parse.Read(ctx, src, parse.Options{})
	if ps.HasErrors() {
		t.Fatal(ps)
	}
	for _, rep := range pkg.Replies {
		if want, ok := opinions[rep.Receipt]; ok && (rep.Text != want || rep.Opinion != want) {
			t.Errorf("%s: a kiosk reads %q and %q, want %q", rep.Receipt, rep.Text, rep.Opinion, want)
		}
	}
}

// Kiosks take a pack only if its version is newer than the one they
// hold. A second pack within the same minute (a typo fixed and packed
// again), or one made on a machine whose clock went back, must still be
// newer than the pack it replaces.
func TestPackVersionOnlyGrows(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, _ := district(t, dir, "a", 1)
	out := filepath.Join(dir, "out")
	version := func(path string) int {
		files := packBytes(t, path)
		m, err := sign.Verify(files[sign.ManifestFile], files[sign.SignatureFile])
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(files["package.yaml"]), fmt.Sprintf("\nversion: %d\n", m.Version)) {
			t.Errorf("package.yaml and the manifest disagree:\n%s", files["package.yaml"])
		}
		return m.Version
	}
	last := 0
	for i, at := range []time.Time{importNow, importNow.Add(20 * time.Second), importNow.Add(-48 * time.Hour), importNow.Add(time.Hour)} {
		path, _, err := WritePack(ctx, db, out, "", at, shanghai, signFolder(keyOf(t, "publisher")))
		if err != nil {
			t.Fatal(err)
		}
		v := version(path)
		if v <= last {
			t.Errorf("pack %d, made %s: version %d, not newer than %d", i, at, v, last)
		}
		if i == 3 && v != PackVersion(at) {
			t.Errorf("a pack made on time has version %d, want its minute %d", v, PackVersion(at))
		}
		last = v
	}
}

// Two clerks fill copies of the same workbook: the second to import
// holds every row as it was before the first's answers. Imported, it took
// those answers back, silently, and the kiosks' next pack lost them. A
// row that would take an answered opinion back to unanswered is refused,
// pointing at the newer workbook.
func TestImportRefusesAStaleWorkbook(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, _ := district(t, dir, "a", 3)
	book := workbook(t, db, dir)
	first := fill(t, book, map[string]any{"H2": "已答复", "J2": "路灯已修好", "L2": "是", "H4": "已转交", "I4": "民政办"})
	if _, ps, err := Import(ctx, db, first, importOpts()); err != nil {
		t.Fatal(err, ps)
	}
	before := snapshot(t, db)
	second := fill(t, book, map[string]any{"H3": "已转交", "I3": "城建办"})
	_, ps, err := Import(ctx, db, second, importOpts())
	want := "意见办理!第2行 办理状态（H列）：这条意见在数据库里已经是“已答复”，表格里却是“已收到”：多半是在较早导出的汇总表上填写的。请用 qingfeng collect 重新导出最新的汇总表，在上面填写后再导入"
	want4 := "意见办理!第4行 办理状态（H列）：这条意见在数据库里已经是“已转交”，表格里却是“已收到”：多半是在较早导出的汇总表上填写的。请用 qingfeng collect 重新导出最新的汇总表，在上面填写后再导入"
	if !errors.Is(err, ErrRefused) || len(ps) != 2 || ps[0].String() != want || ps[1].String() != want4 {
		t.Fatalf("err %v, problems %v\nwant %s\n%s", err, ps, want, want4)
	}
	if !reflect.DeepEqual(snapshot(t, db), before) {
		t.Error("the database changed")
	}
	// The newer workbook, written after the first import, imports.
	if _, ps, err := Import(ctx, db, fill(t, workbook(t, db, t.TempDir()), map[string]any{"H3": "已转交", "I3": "城建办"}), importOpts()); err != nil {
		t.Fatal(err, ps)
	}
}

// A receipt retyped in the workbook with a Chinese input method's
// full-width letters, or in lower case, is the same receipt; a date typed
// so is the same date.
func TestImportReadsAReceiptAsTyped(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, receipts := district(t, dir, "a", 2)
	wide := strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7f {
			return r + 0xFEE0
		}
		return r
	}, receipts[0])
	book := fill(t, workbook(t, db, dir), map[string]any{"A2": wide, "H2": "已答复", "J2": "已修好", "K2": "２０２７－０１－１８",
		"A3": " " + strings.ToLower(strings.ReplaceAll(receipts[1], "-", "")) + "\u3000", "H3": "已答复", "J3": "已修好"})
	if res, ps, err := Import(ctx, db, book, importOpts()); err != nil || res.Changed != 2 {
		t.Fatalf("%+v %v %v", res, err, ps)
	}
	if h, _, _ := db.HandlingOf(ctx, receipts[0]); h.Replied != "2027-01-18" {
		t.Errorf("replied %q", h.Replied)
	}
}

// Zero-width characters come along with text copied from chats and web
// pages; invisible by their nature, they are dropped rather than shown as
// boxes by the kiosk's font.
func TestImportDropsZeroWidthCharacters(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, receipts := district(t, dir, "a", 1)
	book := fill(t, workbook(t, db, dir), map[string]any{"H2": "已答复", "I2": "城建\u200b办", "J2": "\ufeff路灯\u200d已\u2060修好\u200c"})
	if _, ps, err := Import(ctx, db, book, importOpts()); err != nil {
		t.Fatal(err, ps)
	}
	if h, _, _ := db.HandlingOf(ctx, receipts[0]); h.Unit != "城建办" || h.Reply != "路灯已修好" {
		t.Errorf("stored %q, %q", h.Unit, h.Reply)
	}
}

// Two clerks import at once: the one that writes second checked its rows
// against handling the first has since changed. It writes nothing and
// says which row, rather than overwrite the other's answer.
func TestImportRacingAnotherImport(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, receipts := district(t, dir, "a", 2)
	book := workbook(t, db, dir)
	other := fill(t, book, map[string]any{"H3": "已答复", "J3": "已办理低保"})
	mine := fill(t, book, map[string]any{"H2": "已答复", "J2": "路灯已修好", "H3": "已转交", "I3": "民政办"})
	beforeApply = func() {
		beforeApply = nil
		if _, ps, err := Import(ctx, db, other, importOpts()); err != nil {
			t.Fatal(err, ps)
		}
	}
	t.Cleanup(func() { beforeApply = nil })
	after := func() []collect.Handling { return snapshot(t, db) }
	_, ps, err := Import(ctx, db, mine, importOpts())
	want := "意见办理!第3行 回执号（A列）：就在这次导入的同时，另一次导入改了这条意见的办理情况：什么都没有改。请用 qingfeng collect 重新导出最新的汇总表，在上面填写后再导入"
	if !errors.Is(err, ErrRefused) || len(ps) != 1 || ps[0].String() != want {
		t.Fatalf("err %v, problems %v\nwant %s", err, ps, want)
	}
	h, _, _ := db.HandlingOf(ctx, receipts[1])
	if h.Reply != "已办理低保" {
		t.Errorf("the other import's answer was overwritten: %+v", h)
	}
	if h, _, _ := db.HandlingOf(ctx, receipts[0]); h.Reply != "" {
		t.Errorf("half applied: %+v", after())
	}
}

// A power cut while a pack was being made or put in place leaves its
// temporary folders beside the pack: a whole pack's size each time. The
// next pack removes those an hour old; a fresh one may be another pack
// being made.
func TestPackRemovesWhatAPowerCutLeft(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, _ := district(t, dir, "a", 1)
	out := filepath.Join(dir, "out")
	id := PackID(DefaultDistrict)
	left := map[string]bool{ // name → still there after the pack
		durable.TempPrefix + id + "-123":                false,
		durable.TempPrefix + id + "-old-456":            false,
		durable.TempPrefix + "old-789":                  false, // as an earlier version named the pack moved aside
		durable.TempPrefix + id + "-fresh":              true,
		durable.TempPrefix + "replies-other-district-1": true,
	}
	for name, fresh := range left {
		p := filepath.Join(out, name, id)
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(p, File), []byte("回执号\n"), 0o644)
		if !fresh || strings.Contains(name, "other") {
			old := time.Now().Add(-2 * time.Hour)
			os.Chtimes(filepath.Join(out, name), old, old)
		}
	}
	if _, _, err := WritePack(ctx, db, out, "", importNow, shanghai, signFolder(keyOf(t, "publisher"))); err != nil {
		t.Fatal(err)
	}
	for name, stays := range left {
		if _, err := os.Stat(filepath.Join(out, name)); (err == nil) != stays {
			t.Errorf("%s: there %v, want %v", name, err == nil, stays)
		}
	}
}

// The resident agreed to publish the opinion "不含姓名电话", but may have
// written a phone or an ID number into the text itself: on the public
// board those digits are masked; a house number or a date is not.
func TestFromHandlingMasksNumbersInTheOpinion(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"我家电话13800138000，请联系", "我家电话***********，请联系"},
		{"电话 138-0013-8000 或 138 0013 8000", "电话 ************* 或 *************"},
		{"身份证330102199001011234号", "身份证******************号"},
		{"身份证33010219900101123X", "身份证******************"},
		{"全角１３８００１３８０００", "全角＊＊＊＊＊＊＊＊＊＊＊"},
		{"座机0571-8888888", "座机************"},
		{"门牌12号，2026年11月3日起，路灯坏了60天，编号A12345", "门牌12号，2026年11月3日起，路灯坏了60天，编号A12345"},
		{"从2026-11-03到2026-12-01", "从2026-11-03到2026-12-01"},
	} {
		h := collect.Handling{Receipt: "K7M2-Q9XP", Text: tc.text, Status: content.StatusReplied, Reply: "已修好",
			Replied: "2027-01-18", Received: officeNow, Consent: true, Public: true}
		if got := FromHandling(h, shanghai).Opinion; got != tc.want {
			t.Errorf("%q: published as %q, want %q", tc.text, got, tc.want)
		}
	}
}

// A pack is read back as a kiosk reads it before it is put in place: one
// row a kiosk would refuse makes every kiosk refuse the whole pack, so
// such a pack is not written, and the error names the receipt. (A reply
// of zero-width characters only, imported before they were dropped,
// arrives empty under 已答复.)
func TestPackIsReadBackAsAKioskReadsIt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, receipts := district(t, dir, "a", 3)
	h, _, _ := db.HandlingOf(ctx, receipts[1])
	h.Status, h.Reply, h.Replied = content.StatusReplied, "\u200b", "2027-01-18"
	// The row before it spans lines.
	g, _, _ := db.HandlingOf(ctx, receipts[0])
	g.Status, g.Reply, g.Replied = content.StatusReplied, "一、\n二、\n三、", "2027-01-18"
	if err := db.ApplyHandling(ctx, []collect.Handling{h, g}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	_, _, err := WritePack(ctx, db, out, "", importNow, shanghai, signFolder(keyOf(t, "publisher")))
	var refused *RefusedError
	if !errors.As(err, &refused) || len(refused.Problems) != 1 ||
		refused.Problems[0] != "回执号 "+receipts[1]+"：办理状态是“已答复”，“答复内容”却是空的" {
		t.Fatalf("err %v", err)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("left in the folder: %v", entries)
	}
}

// collect merging while the office imports: the import waits a while for
// the database and, if it is still busy, says so in words the office
// reads, having changed nothing.
func TestImportWhileTheDatabaseIsBusy(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, receipts := district(t, dir, "a", 1)
	book := fill(t, workbook(t, db, dir), map[string]any{"H2": "已答复", "J2": "路灯已修好"})
	other, err := sql.Open("sqlite3", "file:"+filepath.ToSlash(filepath.Join(dir, "a.db"))+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.BeginTx(ctx, nil) // another program writing, and taking its time
	if err != nil {
		t.Fatal(err)
	}
	_, ps, err := Import(ctx, db, book, importOpts())
	tx.Rollback()
	want := "意见办理：区数据库正被另一个程序（多半是正在汇总的 qingfeng collect）写入，什么都没有改：请等它结束后再导入"
	if !errors.Is(err, ErrRefused) || len(ps) != 1 || ps[0].String() != want {
		t.Fatalf("err %v, problems %v\nwant %s", err, ps, want)
	}
	if h, _, _ := db.HandlingOf(ctx, receipts[0]); h.Reply != "" {
		t.Errorf("changed: %+v", h)
	}
}
