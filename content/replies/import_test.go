package replies

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"qingfeng/content"
	"qingfeng/content/collect"
)

func importOpts() Options { return Options{Now: importNow, Location: shanghai} }

// Each refusal names sheet, row and column, every problem is listed, and
// nothing changes.
func TestImportRefuses(t *testing.T) {
	dir := t.TempDir()
	db, receipts := district(t, dir, "a", 3)
	book := workbook(t, db, dir)
	long := strings.Repeat("答", content.MaxReplyTextRunes+1)
	longUnit := strings.Repeat("办", content.MaxReplyUnitRunes+1)
	for _, tc := range []struct {
		name  string
		cells map[string]any
		want  []string
	}{
		{"unknown receipt", map[string]any{"A2": "ZZZZ-ZZZZ"},
			[]string{"意见办理!第2行 回执号（A列）：这个数据库里没有回执号 ZZZZ-ZZZZ 的意见（可能是别的区的表格，或回执号被改过）"}},
		{"not a receipt", map[string]any{"A2": "K7M2-Q9X0"},
			[]string{"意见办理!第2行 回执号（A列）：“K7M2-Q9X0”不是回执号（回执号是8个字母和数字，如 K7M2-Q9XP）"}},
		{"duplicated receipt row", map[string]any{"A4": receipts[0]},
			[]string{fmt.Sprintf("意见办理!第4行 回执号（A列）：回执号 %s 和第2行重复：一条意见只能有一行", receipts[0])}},
		{"answered without a reply", map[string]any{"H2": "已答复"},
			[]string{"意见办理!第2行 答复内容（J列）：办理状态为“已答复”，但没有答复内容"}},
		{"closed without a reply", map[string]any{"H3": "已办结", "I3": "城建办"},
			[]string{"意见办理!第3行 答复内容（J列）：办理状态为“已办结”，但没有答复内容"}},
		{"reply date in the future", map[string]any{"H2": "已答复", "J2": "已修好", "K2": "2027-01-21"},
			[]string{"意见办理!第2行 答复日期（K列）：答复日期 2027-01-21 在今天（2027-01-20）之后"}},
		{"reply date before the opinion", map[string]any{"H2": "已答复", "J2": "已修好", "K2": "2026-11-30"},
			[]string{"意见办理!第2行 答复日期（K列）：答复日期 2026-11-30 早于提交意见的日期 2026-12-01"}},
		{"not a date", map[string]any{"H2": "已答复", "J2": "已修好", "K2": "下周一"},
			[]string{"意见办理!第2行 答复日期（K列）：“下周一”不是日期（请写成 2026-12-01）"}},
		{"unknown status", map[string]any{"H2": "处理中"},
			[]string{"意见办理!第2行 办理状态（H列）：“处理中”不是办理状态（只能填：已收到、已转交、已答复、已办结）"}},
		{"public neither yes nor no", map[string]any{"H2": "已答复", "J2": "已修好", "L2": "公开"},
			[]string{"意见办理!第2行 是否公开（L列）：“公开”不对：是否公开只能填“是”或“否”"}},
		{"reply too long", map[string]any{"H2": "已答复", "J2": long},
			[]string{fmt.Sprintf("意见办理!第2行 答复内容（J列）：答复内容有%d个字，最多%d个字", content.MaxReplyTextRunes+1, content.MaxReplyTextRunes)}},
		{"unit too long", map[string]any{"H2": "已转交", "I2": longUnit},
			[]string{fmt.Sprintf("意见办理!第2行 承办单位（I列）：承办单位有%d个字，最多%d个字", content.MaxReplyUnitRunes+1, content.MaxReplyUnitRunes)}},
		{"half filled: a unit without 已转交", map[string]any{"I2": "城建办"},
			[]string{"意见办理!第2行 承办单位（I列）：办理状态为“已收到”，却填了承办单位：已经转交的，请把办理状态改为“已转交”"}},
		{"half filled: 已转交 without a unit", map[string]any{"H2": "已转交"},
			[]string{"意见办理!第2行 承办单位（I列）：办理状态为“已转交”，但没有填承办单位"}},
		{"half filled: a reply without 已答复", map[string]any{"H2": "已转交", "I2": "城建办", "J2": "已修好"},
			[]string{"意见办理!第2行 答复内容（J列）：办理状态为“已转交”，却填了答复内容：已经答复的，请把办理状态改为“已答复”或“已办结”"}},
		{"half filled: a reply without a status", map[string]any{"H2": "", "J2": "已修好"},
			[]string{"意见办理!第2行 办理状态（H列）：填了办理情况，但没有填办理状态"}},
		{"half filled: public before an answer", map[string]any{"L2": "是"},
			[]string{"意见办理!第2行 是否公开（L列）：办理状态为“已收到”，还没有答复，不能公开"}},
		{"half filled: an answer without a receipt", map[string]any{"A3": "", "H3": "已答复", "J3": "已修好"},
			[]string{"意见办理!第3行 回执号（A列）：这一行填了办理情况，但没有回执号"}},
		// A good row beside bad ones is not applied either; every
		// problem of every row is listed.
		{"every problem listed", map[string]any{"H2": "已答复", "J2": "已修好", "H3": "已答复", "L3": "可以", "A4": "ZZZZ-ZZZZ"},
			[]string{
				"意见办理!第3行 是否公开（L列）：“可以”不对：是否公开只能填“是”或“否”",
				"意见办理!第3行 答复内容（J列）：办理状态为“已答复”，但没有答复内容",
				"意见办理!第4行 回执号（A列）：这个数据库里没有回执号 ZZZZ-ZZZZ 的意见（可能是别的区的表格，或回执号被改过）",
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := snapshot(t, db)
			res, ps, err := Import(context.Background(), db, fill(t, book, tc.cells), importOpts())
			if !errors.Is(err, ErrRefused) {
				t.Fatalf("err %v, result %+v: want refused", err, res)
			}
			var got []string
			for _, p := range ps {
				got = append(got, p.String())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if after := snapshot(t, db); !reflect.DeepEqual(after, before) {
				t.Errorf("the database changed:\n%+v\nwas %+v", after, before)
			}
		})
	}
}

// A workbook of another district: none of its receipts is here.
func TestImportRefusesAnotherDistrictsWorkbook(t *testing.T) {
	dir := t.TempDir()
	ours, _ := district(t, dir, "a", 2)
	theirs, theirReceipts := district(t, dir, "bb", 2)
	book := fill(t, workbook(t, theirs, t.TempDir()), map[string]any{"H2": "已答复", "J2": "已修好"})
	before := snapshot(t, ours)
	_, ps, err := Import(context.Background(), ours, book, importOpts())
	if !errors.Is(err, ErrRefused) {
		t.Fatalf("err %v", err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.String())
	}
	want := []string{
		"意见办理!第2行 回执号（A列）：这个数据库里没有回执号 " + theirReceipts[0] + " 的意见（可能是别的区的表格，或回执号被改过）",
		"意见办理!第3行 回执号（A列）：这个数据库里没有回执号 " + theirReceipts[1] + " 的意见（可能是别的区的表格，或回执号被改过）",
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !reflect.DeepEqual(snapshot(t, ours), before) {
		t.Error("the database changed")
	}
}

// A workbook without the sheet, or with its header changed, is refused
// as a whole.
func TestImportRefusesAnotherWorkbook(t *testing.T) {
	dir := t.TempDir()
	db, _ := district(t, dir, "a", 1)
	book := workbook(t, db, dir)
	for _, tc := range []struct {
		name  string
		cells map[string]any
		want  string
	}{
		{"a header removed", map[string]any{"J1": "回复"}, "意见办理!第1行：表头缺少这些列：答复内容（请用 qingfeng collect 写出的区汇总表填写，不要删改表头）"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, ps, err := Import(context.Background(), db, fill(t, book, tc.cells), importOpts())
			if !errors.Is(err, ErrRefused) || len(ps) != 1 || ps[0].String() != tc.want {
				t.Fatalf("%v %v", err, ps)
			}
		})
	}
}

// A clean import applies the office's changes, fills in the days it
// decides, and leaves untouched rows as they were; importing the same
// workbook again changes nothing.
func TestImportApplies(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, receipts := district(t, dir, "a", 4)
	book := fill(t, workbook(t, db, dir), map[string]any{
		"H2": "已转交", "I2": "城建办",
		"H3": "已答复", "J3": "路灯已修好", "K3": time.Date(2027, 1, 18, 0, 0, 0, 0, time.UTC), "L3": "是", // a date cell, as Excel keeps it
		"H4": "已办结", "I4": "民政办", "J4": "已办理低保", "K4": "2027/1/19",
	})
	untouched := snapshot(t, db)[3]
	res, ps, err := Import(ctx, db, book, importOpts())
	if err != nil {
		t.Fatal(err, ps)
	}
	if !res.Made.Equal(officeNow) {
		t.Errorf("the workbook was made %v, want %v", res.Made, officeNow)
	}
	if res.Made = (time.Time{}); res != (Result{Rows: 4, Changed: 3, Unchanged: 1}) {
		t.Errorf("result %+v", res)
	}
	get := func(i int) collect.Handling {
		h, ok, err := db.HandlingOf(ctx, receipts[i])
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		return h
	}
	type office struct {
		Status                           content.ReplyStatus
		Forwarded, Unit, Replied, Closed string
		Reply                            string
		Public                           bool
	}
	of := func(h collect.Handling) office {
		return office{h.Status, h.Forwarded, h.Unit, h.Replied, h.Closed, h.Reply, h.Public}
	}
	for i, want := range []office{
		{content.StatusForwarded, "2027-01-20", "城建办", "", "", "", false},
		{content.StatusReplied, "", "", "2027-01-18", "", "路灯已修好", true},
		{content.StatusClosed, "2027-01-20", "民政办", "2027-01-19", "2027-01-20", "已办理低保", false},
	} {
		if got := of(get(i)); got != want {
			t.Errorf("row %d: %+v\nwant %+v", i+2, got, want)
		}
	}
	if got := get(3); got != untouched {
		t.Errorf("untouched row changed: %+v", got)
	}
	// Again, days later: the same workbook is no change, and the days
	// the import filled in stay.
	before := snapshot(t, db)
	opts := importOpts()
	opts.Now = importNow.AddDate(0, 0, 3)
	res, _, err = Import(ctx, db, book, opts)
	if err != nil || res.Changed != 0 {
		t.Fatalf("again: %+v, %v", res, err)
	}
	if !reflect.DeepEqual(snapshot(t, db), before) {
		t.Error("importing the same workbook again changed the database")
	}
	// The next workbook, written from the database, shows what was
	// imported, and imports as no change.
	res, _, err = Import(ctx, db, workbook(t, db, t.TempDir()), opts)
	if err != nil || res.Changed != 0 || res.Unchanged != 4 {
		t.Fatalf("the next workbook: %+v, %v", res, err)
	}
}
