// Package replies is the district office's answer to the opinions it
// collected: it reads back the 意见办理 sheet of the district workbook that
// the office filled in Excel or WPS (Import: every row checked, all applied
// or none), and writes the signed package of replies that kiosks import
// through their inbox like any package (WritePack).
//
// It imports content (the statuses, receipts and bounds of a reply),
// content/collect (the district database and the sheet's columns) and
// content/durable.
package replies

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"qingfeng/content"
	"qingfeng/content/collect"
	"qingfeng/content/parse"
)

// Problem is one thing wrong with the workbook: Row 0 is the file as a
// whole, Col "" the row as a whole.
type Problem struct {
	Sheet  string
	Row    int
	Col    string // the column's letter
	Header string // the column's name
	Msg    string
}

// String is the problem as the office reads it:
// 意见办理!第12行 答复内容（J列）：…
func (p Problem) String() string {
	switch {
	case p.Row == 0:
		return p.Sheet + "：" + p.Msg
	case p.Col == "":
		return fmt.Sprintf("%s!第%d行：%s", p.Sheet, p.Row, p.Msg)
	}
	return fmt.Sprintf("%s!第%d行 %s（%s列）：%s", p.Sheet, p.Row, p.Header, p.Col, p.Msg)
}

// beforeApply, set by a test, runs between checking the rows and writing
// them.
var beforeApply func()

// ErrRefused is returned by Import when the workbook has problems: nothing
// was changed.
var ErrRefused = errors.New("replies: the workbook has problems; nothing was changed")

// Options tune Import. The zero value is usable.
type Options struct {
	// Now is the office's clock: a reply may not be dated after its day,
	// and dates Import fills in (forwarded, closed, a reply without a
	// date) are its day. Zero means time.Now.
	Now time.Time
	// Location is the district's time zone, where days are counted.
	// Nil means China time.
	Location *time.Location
	// MaxMemoryBytes bounds what reading the workbook may take (see
	// checkWorkbook); 0 means content.DefaultLimits().MaxMemoryBytes.
	MaxMemoryBytes int64
}

// Result is what Import found.
type Result struct {
	Rows      int // rows with a receipt
	Changed   int // rows whose handling changed (applied)
	Unchanged int // rows left as they were
	// Made is when the workbook was made, as its header says; zero for
	// a workbook made before workbooks said so.
	Made time.Time
}

// Import reads the HandlingSheet of the workbook name and applies the
// office's changes to db. Every row is checked first; if any has a
// problem, every problem is returned with ErrRefused and nothing is
// changed. Rows the office did not change change nothing. Should another
// import change one of the rows between their check and their writing,
// nothing is written and the row is named.
//
// The rule for a row (each column named by its header, so columns may be
// moved or added):
//   - no formula in a column it reads but 答复日期 (the file keeps a
//     formula's last saved value, which need not be what the screen shows);
//   - 回执号 (full-width letters and digits read as ASCII) must be an
//     opinion of this database, on one row only, and changed only if
//     of one opinion (not two residents' who drew the same one);
//   - 办理状态 is one of content.ReplyStatuses; left empty with every other
//     column of the office empty, the row is skipped;
//   - 已收到: no 承办单位, 答复内容 or 答复日期, not public;
//   - 已转交: a 承办单位, and no 答复内容 or 答复日期, not public;
//   - 已答复 and 已办结: a 答复内容; 承办单位 optional; 答复日期 optional
//     (the day of the import when empty), not after today nor before the
//     opinion was submitted;
//   - the workbook's time (collect.MadeCell), when its header has it,
//     reads, is there once and is not after Now;
//   - a row the database changed after the workbook was made must hold what the database holds in the
//     office's columns (办理状态, 承办单位, 答复内容, 答复日期 as the import
//     would write it, 是否公开): the workbook was made before that change
//     and would take it back. A workbook without that time (made before
//     workbooks said it) cannot tell, so every row the office has already
//     handled (anything but 已收到 with nothing else) must hold what the
//     database holds; only rows never handled take its changes;
//   - an opinion is not taken back to 已收到 or 已转交 from a later status
//     (the sign of a workbook filled before that was imported);
//   - 是否公开 is 是 or 否 (empty is 否);
//   - 承办单位 and 答复内容 within content.MaxReplyUnitRunes and
//     content.MaxReplyTextRunes, without a character parse.UnsafeRune
//     refuses (line breaks are kept, written "\n").
//
// The day an opinion went to its unit is the day of the import that first
// named the unit (or a new one); the day it was closed, the day of the
// import that first marked it 已办结.
func Import(ctx context.Context, db *collect.DB, name string, opts Options) (Result, []Problem, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.Location == nil {
		opts.Location = chinaTime()
	}
	if opts.MaxMemoryBytes <= 0 {
		opts.MaxMemoryBytes = content.DefaultLimits().MaxMemoryBytes
	}
	sheetProblem := func(msg string) []Problem {
		return []Problem{{Sheet: collect.HandlingSheet, Msg: msg}}
	}
	formulas, ps := checkWorkbook(name, opts.MaxMemoryBytes)
	if len(ps) > 0 {
		return Result{}, ps, ErrRefused
	}
	budget := decodeBudget(opts.MaxMemoryBytes)
	f, err := excelize.OpenFile(name, excelize.Options{UnzipSizeLimit: budget, UnzipXMLSizeLimit: budget / 4})
	if err != nil {
		return Result{}, sheetProblem("无法打开这个表格（文件可能已损坏，或不是 .xlsx 格式；WPS 请另存为 .xlsx）：" + err.Error()), ErrRefused
	}
	defer f.Close()
	if !slices.Contains(f.GetSheetList(), collect.HandlingSheet) {
		return Result{}, sheetProblem("表格里没有“" + collect.HandlingSheet + "”工作表：请用 qingfeng collect 写出的区汇总表填写答复"), ErrRefused
	}
	it, err := f.Rows(collect.HandlingSheet)
	if err != nil {
		return Result{}, sheetProblem("无法读取工作表：" + err.Error()), ErrRefused
	}
	defer it.Close()
	im := importer{ctx: ctx, db: db, opts: opts, seen: map[string]int{}, formulas: formulas}
	for line := 1; it.Next(); line++ {
		if err := ctx.Err(); err != nil {
			return Result{}, nil, err
		}
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			im.add(line, -1, "无法读取这一行："+err.Error())
			break
		}
		if line == 1 {
			if !im.header(cells) {
				break
			}
			continue
		}
		if err := im.row(line, cells); err != nil {
			return Result{}, nil, err
		}
	}
	if err := it.Error(); err != nil {
		im.ps = append(im.ps, sheetProblem("无法读取工作表："+err.Error())...)
	}
	if im.cols == nil && len(im.ps) == 0 {
		im.ps = sheetProblem("工作表是空的，没有表头")
	}
	if len(im.ps) > 0 {
		return Result{}, im.ps, ErrRefused
	}
	if beforeApply != nil {
		beforeApply()
	}
	var changed *collect.ChangedError
	switch err := db.ApplyHandlingFrom(ctx, im.olds, im.changes); {
	case errors.As(err, &changed):
		im.add(im.seen[changed.Receipt], im.cols[collect.ColReceipt], "就在这次导入的同时，另一次导入改了这条意见的办理情况：什么都没有改。请用 qingfeng collect 重新导出最新的汇总表，在上面填写后再导入")
		return Result{}, im.ps, ErrRefused
	case errors.Is(err, collect.ErrBusy):
		return Result{}, sheetProblem("区数据库正被另一个程序（多半是正在汇总的 qingfeng collect）写入，什么都没有改：请等它结束后再导入"), ErrRefused
	case err != nil:
		return Result{}, nil, err
	}
	im.res.Changed, im.res.Made = len(im.changes), im.made
	return im.res, nil, nil
}

// importer is one Import: the columns found in the header, the rows seen,
// the changes and problems so far.
type importer struct {
	ctx     context.Context
	db      *collect.DB
	opts    Options
	cols    map[string]int // header → index
	seen    map[string]int // receipt → its row
	changes []collect.Handling
	olds    []collect.Handling // each change's handling as read
	ps      []Problem
	res     Result
	// made is when the workbook was made, from its header; zero when it
	// does not say.
	made time.Time
	// formulas are the cells that hold a formula: the import reads what
	// the spreadsheet last saved as its value, which a workbook passed
	// around may make differ from what the office sees on screen.
	formulas map[cellAt]bool
}

// The columns Import reads.
var readColumns = []string{collect.ColReceipt, collect.ColStatus, collect.ColUnit, collect.ColReply, collect.ColReplied, collect.ColPublic}

// add records a problem at line in column index col (-1: the row).
func (im *importer) add(line, col int, msg string) {
	p := Problem{Sheet: collect.HandlingSheet, Row: line, Msg: msg}
	if col >= 0 {
		p.Col, _ = excelize.ColumnNumberToName(col + 1)
		p.Header = im.headerAt(col)
	}
	im.ps = append(im.ps, p)
}

func (im *importer) headerAt(col int) string {
	for h, i := range im.cols {
		if i == col {
			return h
		}
	}
	return ""
}

func (im *importer) header(cells []string) bool {
	im.cols = map[string]int{}
	madeAt := -1
	for i, c := range cells {
		if t, marker, ok := collect.ReadMadeCell(c); marker {
			im.madeAt(i, c, t, ok, madeAt)
			madeAt = i
			continue
		}
		if h := strings.TrimSpace(c); slices.Contains(readColumns, h) {
			if _, dup := im.cols[h]; dup {
				im.add(1, -1, fmt.Sprintf("表头里有两列都叫“%s”", h))
				continue
			}
			im.cols[h] = i
		}
	}
	var missing []string
	for _, h := range readColumns {
		if _, ok := im.cols[h]; !ok {
			missing = append(missing, h)
		}
	}
	if len(missing) > 0 {
		im.add(1, -1, "表头缺少这些列："+strings.Join(missing, "、")+"（请用 qingfeng collect 写出的区汇总表填写，不要删改表头）")
	}
	return len(im.ps) == 0
}

// exportAgain is what the office does with a workbook too old to import.
const exportAgain = "导出新的表格再填写（再运行一次 qingfeng collect）"

// minuteLayout is how a message writes a time.
const minuteLayout = "2006-01-02 15:04"

// madeAt reads the header's cell col, text c, that says when the
// workbook was made (t, ok: whether it read); seen is the column of one
// seen before, -1 for none.
func (im *importer) madeAt(col int, c string, t time.Time, ok bool, seen int) {
	add := func(msg string) {
		name, _ := excelize.ColumnNumberToName(col + 1)
		im.ps = append(im.ps, Problem{Sheet: collect.HandlingSheet, Row: 1, Col: name, Header: collect.MadeHeader, Msg: msg})
	}
	switch {
	case seen >= 0:
		add("表头里有两格导出时间：请" + exportAgain)
	case im.formulas[cellAt{1, col + 1}]:
		add("这一格是公式，不是导出时写下的时间：这一格说明表格是什么时候导出的，不能改。请" + exportAgain)
	case !ok:
		add(fmt.Sprintf("“%s”看不出是什么时候：这一格说明表格是什么时候导出的，不能改。请%s", shorten(c), exportAgain))
	case t.After(im.opts.Now):
		// A time to come would pass every later change as older.
		add(fmt.Sprintf("表格的导出时间 %s 比现在（%s）还晚：导出或导入时电脑的时钟不对，或这一格被改过。请把时钟调对后%s",
			im.minute(t), im.minute(im.opts.Now), exportAgain))
	default:
		im.made = t.In(im.opts.Location)
	}
}

// minute is t as a message writes it, in the district's time.
func (im *importer) minute(t time.Time) string { return t.In(im.opts.Location).Format(minuteLayout) }

// row checks one row and, if the office changed it, keeps the change.
func (im *importer) row(line int, cells []string) error {
	cell := func(h string) string {
		if i := im.cols[h]; i < len(cells) {
			return strings.TrimSpace(cells[i])
		}
		return ""
	}
	at := func(h string) int { return im.cols[h] }
	formula := false
	for _, h := range []string{collect.ColReceipt, collect.ColStatus, collect.ColUnit, collect.ColReply, collect.ColPublic} {
		if im.formulas[cellAt{line, at(h) + 1}] {
			im.add(line, at(h), "这一格是公式：导入读到的是表格上次保存时的计算结果，可能和屏幕上显示的不一样。请把公式换成文字（复制后用“选择性粘贴→数值”粘贴回来）")
			formula = true
		}
	}
	if formula {
		return nil
	}
	receiptText, statusText, unit, reply, dateText, publicText :=
		cell(collect.ColReceipt), cell(collect.ColStatus), cell(collect.ColUnit), cell(collect.ColReply), cell(collect.ColReplied), cell(collect.ColPublic)
	unit, reply, dateText = visible(unit), visible(reply), narrow(dateText)
	officeEmpty := statusText == "" && unit == "" && reply == "" && dateText == "" && (publicText == "" || publicText == collect.No)
	if receiptText == "" {
		if !officeEmpty {
			im.add(line, at(collect.ColReceipt), "这一行填了办理情况，但没有回执号")
		}
		return nil
	}
	im.res.Rows++
	receipt, ok := content.NormalizeReceipt(narrow(receiptText))
	if !ok {
		im.add(line, at(collect.ColReceipt), fmt.Sprintf("“%s”不是回执号（回执号是8个字母和数字，如 K7M2-Q9XP）", shorten(receiptText)))
		return nil
	}
	if first, dup := im.seen[receipt]; dup {
		im.add(line, at(collect.ColReceipt), fmt.Sprintf("回执号 %s 和第%d行重复：一条意见只能有一行", receipt, first))
		return nil
	}
	im.seen[receipt] = line
	old, ok, err := im.db.HandlingOf(im.ctx, receipt)
	if err != nil {
		return err
	}
	if !ok {
		im.add(line, at(collect.ColReceipt), fmt.Sprintf("这个数据库里没有回执号 %s 的意见（可能是别的区的表格，或回执号被改过）", receipt))
		return nil
	}
	if officeEmpty {
		im.res.Unchanged++
		return nil
	}
	before := len(im.ps)
	status := content.ReplyStatus(statusText)
	switch {
	case statusText == "":
		im.add(line, at(collect.ColStatus), "填了办理情况，但没有填办理状态")
	case !status.Valid():
		im.add(line, at(collect.ColStatus), fmt.Sprintf("“%s”不是办理状态（只能填：%s）", shorten(statusText), statusList()))
	}
	for _, c := range []struct{ header, text string }{{collect.ColUnit, unit}, {collect.ColReply, reply}} {
		if r, bad := parse.UnsafeRune(c.text); bad {
			im.add(line, at(c.header), fmt.Sprintf("%s里有看不见的控制字符（%U），多半是从网页或别的软件复制时带进来的，请删掉这段文字后重新输入", c.header, r))
		}
	}
	if n := utf8.RuneCountInString(unit); n > content.MaxReplyUnitRunes {
		im.add(line, at(collect.ColUnit), fmt.Sprintf("承办单位有%d个字，最多%d个字", n, content.MaxReplyUnitRunes))
	}
	if n := utf8.RuneCountInString(reply); n > content.MaxReplyTextRunes {
		im.add(line, at(collect.ColReply), fmt.Sprintf("答复内容有%d个字，最多%d个字", n, content.MaxReplyTextRunes))
	}
	public := false
	switch publicText {
	case collect.Yes:
		public = true
	case collect.No, "":
	default:
		im.add(line, at(collect.ColPublic), fmt.Sprintf("“%s”不对：是否公开只能填“是”或“否”", shorten(publicText)))
	}
	today := day(im.opts.Now, im.opts.Location)
	replied := ""
	if dateText != "" {
		d, ok := parseDay(dateText)
		switch {
		case !ok:
			im.add(line, at(collect.ColReplied), fmt.Sprintf("“%s”不是日期（请写成 2026-12-01）", shorten(dateText)))
		case d > today:
			im.add(line, at(collect.ColReplied), fmt.Sprintf("答复日期 %s 在今天（%s）之后", d, today))
		case d < day(old.At, im.opts.Location):
			im.add(line, at(collect.ColReplied), fmt.Sprintf("答复日期 %s 早于提交意见的日期 %s", d, day(old.At, im.opts.Location)))
		default:
			replied = d
		}
	}
	if status.Valid() {
		q := "“" + string(status) + "”"
		if !status.Answered() {
			if reply != "" {
				im.add(line, at(collect.ColReply), "办理状态为"+q+"，却填了答复内容：已经答复的，请把办理状态改为“已答复”或“已办结”")
			}
			if dateText != "" {
				im.add(line, at(collect.ColReplied), "办理状态为"+q+"，却填了答复日期：已经答复的，请把办理状态改为“已答复”或“已办结”")
			}
			if public {
				im.add(line, at(collect.ColPublic), "办理状态为"+q+"，还没有答复，不能公开")
			}
		}
		switch {
		case status == content.StatusReceived && unit != "":
			im.add(line, at(collect.ColUnit), "办理状态为“已收到”，却填了承办单位：已经转交的，请把办理状态改为“已转交”")
		case status == content.StatusForwarded && unit == "":
			im.add(line, at(collect.ColUnit), "办理状态为“已转交”，但没有填承办单位")
		case status.Answered() && reply == "":
			im.add(line, at(collect.ColReply), "办理状态为"+q+"，但没有答复内容")
		}
	}
	taken := im.takesBack(line, old, statusText, unit, reply, dateText, publicText, status, today)
	// Every row of the workbook carries a status, so a copy filled
	// before another clerk's answers were imported holds each of them
	// as still unanswered, and would take them back.
	// Between 已答复 and 已办结 the office may go either way.
	if !taken && status.Valid() && slices.Index(content.ReplyStatuses, status) < slices.Index(content.ReplyStatuses, old.Status) && !status.Answered() {
		im.add(line, at(collect.ColStatus), fmt.Sprintf("这条意见在数据库里已经是“%s”，表格里却是“%s”：多半是在较早导出的汇总表上填写的。请用 qingfeng collect 重新导出最新的汇总表，在上面填写后再导入", old.Status, status))
	}
	if len(im.ps) > before {
		return nil
	}
	h := old
	h.Status, h.Unit, h.Reply, h.Public = status, unit, reply, public
	switch {
	case unit == "":
		h.Forwarded = ""
	case unit != old.Unit || old.Forwarded == "":
		h.Forwarded = today
	}
	h.Replied = ""
	if status.Answered() {
		h.Replied = replied
		if replied == "" {
			h.Replied = answerDay(old, today)
		}
	}
	h.Closed = ""
	if status == content.StatusClosed {
		h.Closed = old.Closed
		if h.Closed == "" {
			h.Closed = today
		}
	}
	if h == old {
		im.res.Unchanged++
		return nil
	}
	if old.Opinions > 1 {
		im.add(line, at(collect.ColReceipt), fmt.Sprintf("回执号 %s 碰巧同时属于%d条不同居民的意见（在不同的服务点提交）：凭回执号答复会让一位居民看到另一位的答复。这一行请保持导出时的样子，改用其他方式答复居民", receipt, old.Opinions))
		return nil
	}
	im.changes, im.olds = append(im.changes, h), append(im.olds, old)
	return nil
}

// answerDay is the date of an answer whose 答复日期 was left empty: the
// day it was first answered, which the database keeps, else today. The
// same workbook imported again on a later day (one more row filled) then
// neither moves the date of the answers it already gave nor is taken for
// an older copy.
func answerDay(old collect.Handling, today string) string {
	if old.Status.Answered() && old.Replied != "" {
		return old.Replied
	}
	return today
}

// takesBack refuses, naming its first such column, a row that may hold
// the handling as it was before the database last changed it and holds
// it otherwise than the database: imported, it would take the change
// back. With the workbook's time (im.made) that is a row changed after
// it; without, any row the office has handled. The row's cells are
// compared as the import would write them (a date as a day, an empty
// date of an answer as today, an empty 是否公开 as 否).
func (im *importer) takesBack(line int, old collect.Handling, statusText, unit, reply, dateText, publicText string, status content.ReplyStatus, today string) bool {
	if !im.made.IsZero() && !old.Changed.After(im.made) {
		return false
	}
	if im.made.IsZero() && old.Status == content.StatusReceived && old.Unit == "" && old.Reply == "" &&
		old.Forwarded == "" && old.Replied == "" && old.Closed == "" && !old.Public {
		return false // never handled: nothing to take back
	}
	date := dateText
	switch d, ok := parseDay(dateText); {
	case ok:
		date = d
	case dateText == "" && status.Answered():
		date = answerDay(old, today)
	}
	public := publicText
	if public == "" {
		public = collect.No
	}
	for _, c := range []struct{ header, db, book string }{
		{collect.ColStatus, string(old.Status), statusText},
		{collect.ColUnit, old.Unit, unit},
		{collect.ColReply, old.Reply, reply},
		{collect.ColReplied, old.Replied, date},
		{collect.ColPublic, yesNo(old.Public), public},
	} {
		if c.db == c.book {
			continue
		}
		was := fmt.Sprintf("数据库里是“%s”，表格里是“%s”", orEmpty(shorten(c.db)), orEmpty(shorten(c.book)))
		if im.made.IsZero() {
			im.add(line, im.cols[c.header], "这张表格没有导出时间（是旧版本导出的），看不出它比数据库旧还是新；这条意见已经办理过，"+
				was+"：为了不把新的办理情况改回去，不能导入。请"+exportAgain)
		} else {
			made, changed := im.minute(im.made), im.minute(old.Changed)
			if made == changed { // within the minute: the seconds tell them apart
				made, changed = im.made.Format(time.DateTime), old.Changed.In(im.opts.Location).Format(time.DateTime)
			}
			im.add(line, im.cols[c.header], fmt.Sprintf("本表是 %s 导出的，这条意见的办理情况在那以后（%s）又改过，%s：导入这张表会把新的办理情况改回去。请%s",
				made, changed, was, exportAgain))
		}
		return true
	}
	return false
}

func yesNo(b bool) string {
	if b {
		return collect.Yes
	}
	return collect.No
}

// orEmpty says that a cell is empty.
func orEmpty(s string) string {
	if s == "" {
		return "（空）"
	}
	return s
}

// narrow is s with the full-width forms of ASCII that a Chinese input
// method types (Ｋ７Ｍ２－Ｑ９ＸＰ) written as ASCII, and its wide space as
// a space.
func narrow(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
}

// visible is s with its line breaks written "\n" (lineBreaks) and
// without zero-width characters (U+200B–U+200D, U+2060, U+FEFF), which
// come along with text copied from chats and web pages and would show as
// boxes in the kiosk's font. It is trimmed again: a zero-width character
// can hide a space at either end.
func visible(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
			return -1
		}
		return r
	}, lineBreaks(s))
	return strings.TrimSpace(s)
}

// lineBreaks writes every line break of s as "\n", however the
// spreadsheet wrote it.
func lineBreaks(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

func statusList() string {
	var s []string
	for _, st := range content.ReplyStatuses {
		s = append(s, string(st))
	}
	return strings.Join(s, "、")
}

// day is t's date in loc, as the office writes dates.
func day(t time.Time, loc *time.Location) string { return t.In(loc).Format(collect.DateLayout) }

// dayLayouts are the ways a date is typed in a cell as text.
var dayLayouts = []string{collect.DateLayout, "2006-1-2", "2006/1/2", "2006.1.2", "2006年1月2日"}

// parseDay reads a date cell: text in one of dayLayouts, or the serial
// number Excel and WPS keep for a cell formatted as a date.
func parseDay(s string) (string, bool) {
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		if v < 1 || v > 2958465 || math.IsNaN(v) {
			return "", false
		}
		t, err := excelize.ExcelDateToTime(v, false)
		if err != nil {
			return "", false
		}
		return t.Format(collect.DateLayout), true
	}
	for _, l := range dayLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.Format(collect.DateLayout), true
		}
	}
	return "", false
}

// shorten keeps a quoted cell on one short line.
func shorten(s string) string {
	s = content.Printable(s)
	if r := []rune(s); len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}

func chinaTime() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}
