package replies

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"qingfeng/content/collect"
)

// The office's week: the opinions were merged on the 15th (officeNow)
// and two of them handled on Friday; the workbook was exported on Monday
// and again on Wednesday, when a clerk answered in Wednesday's copy and
// imported it. Monday's copy comes back on Thursday.
var (
	friday    = time.Date(2027, 1, 16, 10, 0, 0, 0, shanghai)
	monday    = time.Date(2027, 1, 18, 9, 0, 0, 0, shanghai)
	wednesday = time.Date(2027, 1, 20, 9, 0, 0, 0, shanghai)
	thursday  = time.Date(2027, 1, 21, 9, 0, 0, 0, shanghai)
)

// at sets the office's clock, for the database and the import alike.
func at(db *collect.DB, t time.Time) Options {
	db.Now = func() time.Time { return t }
	return Options{Now: t, Location: shanghai}
}

// officeWeek is that week's district database (four opinions) and
// Monday's workbook, untouched. By Wednesday, row 2 is answered and
// public, row 3 forwarded to 民政办 (城建办 on Monday); rows 4 and 5 have
// not been handled.
func officeWeek(tb testing.TB) (*collect.DB, []string, string) {
	tb.Helper()
	ctx := context.Background()
	dir := tb.TempDir()
	db, receipts := district(tb, dir, "a", 4)
	export := func(name string) string {
		d := filepath.Join(dir, name)
		if err := os.MkdirAll(d, 0o755); err != nil {
			tb.Fatal(err)
		}
		return workbook(tb, db, d)
	}
	at(db, friday.Add(-time.Hour))
	book := fill(tb, export("friday"), map[string]any{"H2": "已答复", "J2": "路灯已修好", "K2": "2027-01-16", "H3": "已转交", "I3": "城建办"})
	if _, ps, err := Import(ctx, db, book, at(db, friday)); err != nil {
		tb.Fatal(err, ps)
	}
	at(db, monday)
	mon := export("monday")
	at(db, wednesday)
	book = fill(tb, export("wednesday"), map[string]any{"J2": "路灯已修好，又加装了两盏", "K2": "2027-01-19", "L2": "是", "I3": "民政办"})
	if _, ps, err := Import(ctx, db, book, at(db, wednesday.Add(time.Hour))); err != nil {
		tb.Fatal(err, ps)
	}
	return db, receipts, mon
}

// Monday's copy imported after Wednesday's answers took them back,
// silently, every row of it applied: the answer, its date and 是否公开
// of row 2 and the unit of row 3 went back to Monday's, and the next
// pack sent those to every kiosk. Now every row the database changed
// after the workbook was made and that the workbook holds otherwise is
// refused, naming its first such column, and the whole workbook with it.
func TestImportKeepsNewerAnswers(t *testing.T) {
	ctx := context.Background()
	stale2 := "意见办理!第2行 答复内容（J列）：本表是 2027-01-18 09:00 导出的，这条意见的办理情况在那以后（2027-01-20 10:00）又改过，" +
		"数据库里是“路灯已修好，又加装了两盏”，表格里是“路灯已修好”：导入这张表会把新的办理情况改回去。请导出新的表格再填写（再运行一次 qingfeng collect）"
	stale3 := "意见办理!第3行 承办单位（I列）：本表是 2027-01-18 09:00 导出的，这条意见的办理情况在那以后（2027-01-20 10:00）又改过，" +
		"数据库里是“民政办”，表格里是“城建办”：导入这张表会把新的办理情况改回去。请导出新的表格再填写（再运行一次 qingfeng collect）"
	for _, tc := range []struct {
		name  string
		cells map[string]any
		want  []string
	}{
		{"Monday's copy as it was", nil, []string{stale2, stale3}},
		// An answer to a row nobody touched since Monday does not carry
		// the stale rows in with it.
		{"Monday's copy answering another row", map[string]any{"H4": "已答复", "J4": "已安排维修"}, []string{stale2, stale3}},
		{"Monday's copy going further on a changed row", map[string]any{"H3": "已答复", "J3": "低保已补发"},
			[]string{stale2, strings.Replace(strings.Replace(stale3, "承办单位（I列）", "办理状态（H列）", 1), "“民政办”，表格里是“城建办”", "“已转交”，表格里是“已答复”", 1)}},
		{"Monday's copy, public changed only", map[string]any{"J2": "路灯已修好，又加装了两盏", "K2": "2027-01-19", "L2": "否", "I3": "民政办"},
			[]string{strings.Replace(strings.Replace(stale2, "答复内容（J列）", "是否公开（L列）", 1), "“路灯已修好，又加装了两盏”，表格里是“路灯已修好”", "“是”，表格里是“否”", 1)}},
		{"Monday's copy, the date changed only", map[string]any{"J2": "路灯已修好，又加装了两盏", "L2": "是", "I3": "民政办"},
			[]string{strings.Replace(strings.Replace(stale2, "答复内容（J列）", "答复日期（K列）", 1), "“路灯已修好，又加装了两盏”，表格里是“路灯已修好”", "“2027-01-19”，表格里是“2027-01-16”", 1)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, receipts, mon := officeWeek(t)
			before := snapshot(t, db)
			if len(tc.cells) > 0 {
				mon = fill(t, mon, tc.cells)
			}
			res, ps, err := Import(ctx, db, mon, at(db, thursday))
			if !errors.Is(err, ErrRefused) {
				t.Errorf("err %v, result %+v: want refused", err, res)
			}
			if got := problemStrings(ps); !slices.Equal(got, tc.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if after := snapshot(t, db); !reflect.DeepEqual(after, before) {
				t.Errorf("the handling table changed:\n%+v\nwas %+v", after, before)
			}
			if h, _, _ := db.HandlingOf(ctx, receipts[0]); h.Reply != "路灯已修好，又加装了两盏" || !h.Public || h.Replied != "2027-01-19" {
				t.Errorf("Wednesday's answer lost: %+v", h)
			}
		})
	}
}

// Exported and answered within the same minute: the message tells the
// two apart by their seconds.
func TestImportKeepsAnAnswerOfTheSameMinute(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, _ := district(t, dir, "a", 1)
	at(db, monday.Add(10*time.Second))
	book := workbook(t, db, dir)
	if _, ps, err := Import(ctx, db, fill(t, book, map[string]any{"H2": "已转交", "I2": "城建办"}), at(db, monday.Add(40*time.Second))); err != nil {
		t.Fatal(err, ps)
	}
	before := snapshot(t, db)
	_, ps, err := Import(ctx, db, fill(t, book, map[string]any{"H2": "已转交", "I2": "民政办"}), at(db, monday.Add(50*time.Second)))
	want := "意见办理!第2行 承办单位（I列）：本表是 2027-01-18 09:00:10 导出的，这条意见的办理情况在那以后（2027-01-18 09:00:40）又改过，" +
		"数据库里是“城建办”，表格里是“民政办”：导入这张表会把新的办理情况改回去。请导出新的表格再填写（再运行一次 qingfeng collect）"
	if got := problemStrings(ps); !errors.Is(err, ErrRefused) || !slices.Equal(got, []string{want}) {
		t.Errorf("err %v, problems:\n%s\nwant:\n%s", err, strings.Join(got, "\n"), want)
	}
	if after := snapshot(t, db); !reflect.DeepEqual(after, before) {
		t.Errorf("the handling table changed:\n%+v\nwas %+v", after, before)
	}
}

// A row the database changed after the workbook was made, but that the
// workbook holds as the database does, takes nothing back: the workbook
// imports, its other rows applied.
func TestImportTakesAStaleRowIdenticalToTheDatabase(t *testing.T) {
	ctx := context.Background()
	db, receipts, mon := officeWeek(t)
	// Monday's copy brought up to date by hand, and row 4 answered.
	book := fill(t, mon, map[string]any{"J2": "路灯已修好，又加装了两盏", "K2": "2027-01-19", "L2": "是", "I3": "民政办",
		"H4": "已答复", "J4": "已安排维修"})
	res, ps, err := Import(ctx, db, book, at(db, thursday))
	if err != nil {
		t.Fatal(err, ps)
	}
	if !res.Made.Equal(monday) {
		t.Errorf("the workbook was made %v, want %v", res.Made, monday)
	}
	if res.Made = (time.Time{}); res != (Result{Rows: 4, Changed: 1, Unchanged: 3}) {
		t.Errorf("result %+v", res)
	}
	if h, _, _ := db.HandlingOf(ctx, receipts[2]); h.Reply != "已安排维修" || !h.Changed.Equal(thursday) {
		t.Errorf("row 4: %+v", h)
	}
	if h, _, _ := db.HandlingOf(ctx, receipts[0]); h.Reply != "路灯已修好，又加装了两盏" || !h.Changed.Equal(wednesday.Add(time.Hour)) {
		t.Errorf("row 2: %+v", h)
	}
}

// A workbook exported before workbooks said when they were made: it
// cannot tell how old it is. A row the office never handled has nothing
// to take back and imports; a handled row imports only as the database
// holds it.
func TestImportAWorkbookWithoutItsTime(t *testing.T) {
	ctx := context.Background()
	oldBook := func(tb testing.TB, name string, cells map[string]any) string {
		tb.Helper()
		c := map[string]any{collect.MadeCellAxis: nil}
		for k, v := range cells {
			c[k] = v
		}
		return fill(tb, name, c)
	}
	t.Run("a handled row as it was", func(t *testing.T) {
		db, _, mon := officeWeek(t)
		before := snapshot(t, db)
		_, ps, err := Import(ctx, db, oldBook(t, mon, map[string]any{"H4": "已答复", "J4": "已安排维修"}), at(db, thursday))
		want := []string{
			"意见办理!第2行 答复内容（J列）：这张表格没有导出时间（是旧版本导出的），看不出它比数据库旧还是新；这条意见已经办理过，" +
				"数据库里是“路灯已修好，又加装了两盏”，表格里是“路灯已修好”：为了不把新的办理情况改回去，不能导入。请导出新的表格再填写（再运行一次 qingfeng collect）",
			"意见办理!第3行 承办单位（I列）：这张表格没有导出时间（是旧版本导出的），看不出它比数据库旧还是新；这条意见已经办理过，" +
				"数据库里是“民政办”，表格里是“城建办”：为了不把新的办理情况改回去，不能导入。请导出新的表格再填写（再运行一次 qingfeng collect）",
		}
		if got := problemStrings(ps); !errors.Is(err, ErrRefused) || !slices.Equal(got, want) {
			t.Errorf("err %v, problems:\n%s\nwant:\n%s", err, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if after := snapshot(t, db); !reflect.DeepEqual(after, before) {
			t.Errorf("the handling table changed:\n%+v\nwas %+v", after, before)
		}
	})
	t.Run("handled rows as the database holds them, others answered", func(t *testing.T) {
		db, receipts, mon := officeWeek(t)
		book := oldBook(t, mon, map[string]any{"J2": "路灯已修好，又加装了两盏", "K2": "2027-01-19", "L2": "是", "I3": "民政办",
			"H4": "已答复", "J4": "已安排维修", "H5": "已转交", "I5": "城建办"})
		res, ps, err := Import(ctx, db, book, at(db, thursday))
		if err != nil || res != (Result{Rows: 4, Changed: 2, Unchanged: 2}) {
			t.Fatalf("%+v %v %v", res, err, ps)
		}
		if h, _, _ := db.HandlingOf(ctx, receipts[3]); h.Unit != "城建办" {
			t.Errorf("row 5: %+v", h)
		}
	})
}

// What says when the workbook was made is one cell of the header; a
// clerk who changed it, or a clock that was wrong, cannot be trusted
// with it.
func TestImportRefusesAnUnreadableTime(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		cells   map[string]any
		formula string
		want    string
	}{
		// Its saved value is the time of the last calculation, which
		// would pass every change before it as older.
		{"a formula", nil, `<c r="N1" t="str"><f>"本表导出于 "&amp;TEXT(NOW(),"yyyy-mm-dd hh:mm:ss")&amp;" +08:00"</f><v>本表导出于 2027-01-21 08:59:00 +08:00</v></c>`,
			"意见办理!第1行 " + collect.MadeHeader + "（N列）：这一格是公式，不是导出时写下的时间：这一格说明表格是什么时候导出的，不能改。请导出新的表格再填写（再运行一次 qingfeng collect）"},
		{"not a time", map[string]any{collect.MadeCellAxis: "本表导出于 上周一"}, "",
			"意见办理!第1行 " + collect.MadeHeader + "（N列）：“本表导出于 上周一”看不出是什么时候：这一格说明表格是什么时候导出的，不能改。请导出新的表格再填写（再运行一次 qingfeng collect）"},
		{"after the import", map[string]any{collect.MadeCellAxis: collect.MadeCell(thursday.Add(time.Hour), shanghai)}, "",
			"意见办理!第1行 " + collect.MadeHeader + "（N列）：表格的导出时间 2027-01-21 10:00 比现在（2027-01-21 09:00）还晚：导出或导入时电脑的时钟不对，或这一格被改过。请把时钟调对后导出新的表格再填写（再运行一次 qingfeng collect）"},
		{"twice", map[string]any{"O1": collect.MadeCell(monday, shanghai)}, "",
			"意见办理!第1行 " + collect.MadeHeader + "（O列）：表头里有两格导出时间：请导出新的表格再填写（再运行一次 qingfeng collect）"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, _, mon := officeWeek(t)
			before := snapshot(t, db)
			book := fill(t, mon, tc.cells)
			if tc.formula != "" {
				book = rewriteSheet(t, book, func(s string) string { return cellXML(t, s, collect.MadeCellAxis, tc.formula) })
			}
			_, ps, err := Import(ctx, db, book, at(db, thursday))
			if got := problemStrings(ps); !errors.Is(err, ErrRefused) || !slices.Equal(got, []string{tc.want}) {
				t.Errorf("err %v, problems:\n%s\nwant:\n%s", err, strings.Join(got, "\n"), tc.want)
			}
			if after := snapshot(t, db); !reflect.DeepEqual(after, before) {
				t.Errorf("the handling table changed:\n%+v\nwas %+v", after, before)
			}
		})
	}
}

func problemStrings(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

// The office answers a row with 答复日期 left empty on Monday and imports;
// on Tuesday it fills another row in the same file and imports it again.
// The first answer keeps Monday as its date and is no stale row: its
// empty date cell means "the day it was answered", which the database
// holds, not "today" again.
func TestImportTheSameWorkbookOnALaterDay(t *testing.T) {
	ctx := context.Background()
	db, receipts := district(t, t.TempDir(), "a", 3)
	at(db, monday.Add(-time.Hour))
	dir := filepath.Join(t.TempDir(), "book")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	book := fill(t, workbook(t, db, dir), map[string]any{"H2": "已答复", "J2": "路灯已修好"})
	if _, ps, err := Import(ctx, db, book, at(db, monday)); err != nil {
		t.Fatal(err, ps)
	}
	tuesday := monday.Add(24 * time.Hour)
	book = fill(t, book, map[string]any{"H3": "已转交", "I3": "民政办"})
	if _, ps, err := Import(ctx, db, book, at(db, tuesday)); err != nil {
		t.Fatalf("the same workbook a day later, one more row filled: %v\n%v", err, ps)
	}
	for _, h := range snapshot(t, db) {
		switch h.Receipt {
		case receipts[0]:
			if h.Replied != "2027-01-18" || h.Reply != "路灯已修好" {
				t.Errorf("the first answer is dated %s (%q), want Monday's 2027-01-18", h.Replied, h.Reply)
			}
		case receipts[1]:
			if h.Unit != "民政办" || h.Forwarded != "2027-01-19" {
				t.Errorf("the second row: unit %q forwarded %q", h.Unit, h.Forwarded)
			}
		}
	}
}
