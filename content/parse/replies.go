package parse

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"qingfeng/content"
)

// RepliesFile is the file at a package's top that carries the district
// office's replies to residents' opinions.
const RepliesFile = "replies.csv"

// RepliesHeader is replies.csv's header row, exactly.
var RepliesHeader = []string{"回执号", "办理状态", "类别", "收到日期", "转交日期", "承办单位", "答复日期", "答复内容", "是否公开", "意见内容"}

// Bounds of replies.csv. A district's pack holds every reply it has ever
// given, so it is far larger than a disclosure table: it is read a row at
// a time, never whole, and what it keeps is counted against the memory
// budget like a table's cells. A busy district answers some tens of
// thousands of opinions a year.
const (
	maxReplies            = 200_000
	maxReplyCategoryRunes = 100 // as a category in an outbox batch
	maxReplyProblems      = 50  // rows named one by one; the rest are counted
	replyCost             = 200 // a content.Reply and its receipt, beyond its texts
	replyDate             = "2006-01-02"
	// maxReplyRowBytes bounds one row as read, the CSV reader's look-ahead
	// included: two texts of content.MaxReplyTextRunes Chinese characters,
	// every quote doubled, fit with room to spare. Without it, one endless
	// quoted cell would be gathered whole, several times over, before it
	// could be refused.
	maxReplyRowBytes  = 64 << 10
	replyYes, replyNo = "是", "否"
)

// The columns of replies.csv, in RepliesHeader's order.
const (
	colReceipt = iota
	colStatus
	colCategory
	colReceived
	colForwarded
	colUnit
	colReplied
	colText
	colPublic
	colOpinion
	replyColumns
)

// readReplies reads replies.csv into the package, streaming: at most one
// row is held as read, and a file larger than the decode budget is refused
// before it is opened. Every row is checked; the first maxReplyProblems
// problems are named with their line, the rest counted in one more.
func (r *reader) readReplies(f *file) {
	if r.heldOver {
		return
	}
	limit := decodeBudget(r.opts.Limits)
	if f.size > limit {
		r.ps.Errorf(f.path, 0, "文件太大（超过%s的上限），请分成几个答复包", humanBytes(limit))
		return
	}
	if f.size == 0 {
		r.ps = append(r.ps, content.Problem{File: f.path, Severity: content.Error, Incomplete: true, Msg: "文件是空的（0字节），可能没有复制完整"})
		return
	}
	rc, err := f.open()
	if err != nil {
		r.ps = append(r.ps, content.Problem{File: f.path, Severity: content.Error, Err: err, Msg: "无法读取这个文件（U盘是否被拔出？）"})
		return
	}
	defer rc.Close()
	h := sha256.New()
	lr := &io.LimitedReader{R: rc, N: limit + 1}
	br := bufio.NewReaderSize(io.TeeReader(lr, h), 64<<10)
	if bom, _ := br.Peek(len(utf8BOM)); bytes.Equal(bom, utf8BOM) {
		br.Discard(len(utf8BOM))
	}
	rr := replyRows{reader: r, file: f.path, seen: map[string]int{}, words: map[string]string{}}
	if !rr.read(br) {
		return
	}
	if lr.N <= 0 {
		r.ps.Errorf(f.path, 0, "文件太大（超过%s的上限），请分成几个答复包", humanBytes(limit))
		return
	}
	// What the signature is checked against is what was read here.
	var sum [32]byte
	h.Sum(sum[:0])
	f.recordSum(sum)
	if rr.bad > maxReplyProblems {
		r.ps.Errorf(f.path, 0, "另有%d行有问题没有一一列出（改好上面的问题后再检查一次）", rr.bad-maxReplyProblems)
	}
	r.checkGlyphs(f.path, func(yield func(int, string) bool) {
		for i, rep := range rr.replies {
			if !yield(rr.lines[i], rep.Unit+" "+rep.Text+" "+rep.Opinion) {
				return
			}
		}
	})
	if rr.bad == 0 && len(rr.replies) == 0 {
		r.ps.Warnf(f.path, 0, "答复表没有数据行")
	}
	r.pkg.Replies = rr.replies
}

// replyRows is replies.csv as it is being read.
type replyRows struct {
	reader  *reader
	file    string
	replies []content.Reply
	lines   []int             // each reply's line, for the glyph warning
	seen    map[string]int    // receipt → line
	words   map[string]string // categories and units, kept once however often they recur
	bad     int               // rows with a problem
	last    int               // the line of the last row read
}

// errRowTooLong is a row of replies.csv longer than maxReplyRowBytes.
var errRowTooLong = errors.New("row too long")

// rowGuard stops the CSV reader once it has read maxReplyRowBytes past
// the end of the last row it returned (start).
type rowGuard struct {
	r     io.Reader
	read  int64
	start int64
}

func (g *rowGuard) Read(p []byte) (int, error) {
	room := g.start + maxReplyRowBytes - g.read
	if room <= 0 {
		return 0, errRowTooLong
	}
	if int64(len(p)) > room {
		p = p[:room]
	}
	n, err := g.r.Read(p)
	g.read += int64(n)
	return n, err
}

// problem reports one row's problem, the first maxReplyProblems of them.
func (rr *replyRows) problem(line int, format string, args ...any) {
	if rr.bad++; rr.bad <= maxReplyProblems {
		rr.reader.ps.Errorf(rr.file, line, format, args...)
	}
}

// read reads every row; false when the file could not be read to its end
// (its problem reported).
func (rr *replyRows) read(in io.Reader) bool {
	r := rr.reader
	guard := &rowGuard{r: in}
	cr := csv.NewReader(guard)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	header := true
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			msg := "表格格式错误，无法继续读取（多半是引号没有配对）"
			if errors.Is(err, errRowTooLong) {
				line, msg = rr.last+1, fmt.Sprintf("从这一行起的一行超过%s，无法继续读取（多半是引号没有配对，后面的内容都被当成了一格）", humanBytes(maxReplyRowBytes))
			}
			r.ps = append(r.ps, content.Problem{File: rr.file, Line: line, Severity: content.Error, Err: err, Msg: msg})
			return false
		}
		guard.start = cr.InputOffset()
		line, _ := cr.FieldPos(0)
		rr.last = line
		if header {
			header = false
			if !rr.checkHeader(rec, line) {
				return false
			}
			continue
		}
		if blankRow(rec) {
			continue
		}
		if len(rr.replies) == maxReplies {
			r.ps.Errorf(rr.file, line, "答复超过%d条的上限，请分成几个答复包", maxReplies)
			return false
		}
		rep, cost, ok := rr.row(rec, line)
		if !ok {
			continue
		}
		if !r.hold(rr.file, cost) {
			return false
		}
		rr.replies = append(rr.replies, rep)
		rr.lines = append(rr.lines, line)
	}
	if header {
		r.ps.Errorf(rr.file, 0, "答复表是空的，连表头也没有")
		return false
	}
	return true
}

func (rr *replyRows) checkHeader(rec []string, line int) bool {
	n := len(rec)
	for n > 0 && strings.TrimSpace(rec[n-1]) == "" {
		n--
	}
	ok := n == len(RepliesHeader)
	for i := 0; ok && i < n; i++ {
		ok = strings.TrimSpace(rec[i]) == RepliesHeader[i]
	}
	if !ok {
		rr.reader.ps.Errorf(rr.file, line, "表头不对，应当正好是：%s", strings.Join(RepliesHeader, ","))
	}
	return ok
}

// row checks one data row and makes its reply; cost is what it keeps in
// memory.
func (rr *replyRows) row(rec []string, line int) (rep content.Reply, cost int64, ok bool) {
	n := len(rec)
	for n > replyColumns && strings.TrimSpace(rec[n-1]) == "" {
		n--
	}
	if n != replyColumns {
		rr.problem(line, "这一行有%d列，答复表应有%d列", n, replyColumns)
		return rep, 0, false
	}
	cell := func(i int) string { return strings.TrimSpace(rec[i]) }
	for i := range replyColumns {
		if !utf8.ValidString(rec[i]) {
			rr.problem(line, "“%s”一格里有无法识别的文字：答复表必须是UTF-8编码", RepliesHeader[i])
			return rep, 0, false
		}
	}
	bad := rr.bad
	receipt, valid := content.NormalizeReceipt(cell(colReceipt))
	switch {
	case !valid:
		rr.problem(line, "回执号“%s”不对：应是8位，只用数字2到9和大写字母（没有I、L、O），例如 K7M2-Q9XP", shorten(cell(colReceipt)))
	case rr.seen[receipt] != 0:
		rr.problem(line, "回执号“%s”重复了，第%d行也是它：一条意见只能有一条答复", receipt, rr.seen[receipt])
	default:
		rr.seen[receipt] = line
	}
	rep.Receipt = receipt
	rep.Status = replyStatus(cell(colStatus))
	if rep.Status == "" {
		rr.problem(line, "办理状态“%s”不认识，只能是：%s", shorten(cell(colStatus)), quoteList(replyStatusWords()))
	}
	date := func(col int, required bool) time.Time {
		s := cell(col)
		if s == "" {
			if required {
				rr.problem(line, "“%s”是空的，每条答复都要写", RepliesHeader[col])
			}
			return time.Time{}
		}
		t, err := time.ParseInLocation(replyDate, s, rr.reader.opts.Location)
		if err != nil {
			rr.problem(line, "“%s”写的“%s”不是日期，应写成 2026-01-02 这样", RepliesHeader[col], shorten(s))
		}
		return t
	}
	rep.Received = date(colReceived, true)
	rep.Forwarded = date(colForwarded, false)
	rep.Replied = date(colReplied, false)
	words := func(col, most int) string {
		s := unquoteCell(cell(col))
		if c := utf8.RuneCountInString(s); c > most {
			rr.problem(line, "“%s”有%d个字，最多%d个", RepliesHeader[col], c, most)
		}
		return s
	}
	for _, col := range []int{colCategory, colUnit, colText, colOpinion} {
		if c, bad := UnsafeRune(rec[col]); bad {
			rr.problem(line, "“%s”里有看不见的控制字符（%U），多半是从网页或别的软件复制时带进来的：请在区里的答复表格里删掉它，重新导入、重新生成答复包", RepliesHeader[col], c)
		}
	}
	rep.Category = rr.word(words(colCategory, maxReplyCategoryRunes))
	rep.Unit = rr.word(words(colUnit, content.MaxReplyUnitRunes))
	rep.Text = words(colText, content.MaxReplyTextRunes)
	rep.Opinion = words(colOpinion, content.MaxReplyTextRunes)
	switch cell(colPublic) {
	case replyYes:
		rep.Public = true
	case replyNo:
		if rep.Opinion != "" {
			rr.problem(line, "“是否公开”是“否”，“意见内容”却不是空的：居民的意见只随公开的答复发布，不公开时这一格必须空着")
		}
	default:
		rr.problem(line, "“是否公开”写的“%s”，只能是“是”或“否”", shorten(cell(colPublic)))
	}
	// The kiosk's timeline and its answer must tell the same story.
	switch {
	case rep.Status.Answered() && rep.Text == "":
		rr.problem(line, "办理状态是“%s”，“答复内容”却是空的", rep.Status)
	case rep.Status.Valid() && !rep.Status.Answered() && (rep.Text != "" || cell(colReplied) != ""):
		rr.problem(line, "办理状态是“%s”，还没有答复，“答复内容”和“答复日期”应当空着", rep.Status)
	}
	if rr.bad != bad {
		return rep, 0, false
	}
	// The texts are copies: a cell shares its memory with the whole row.
	rep.Text, rep.Opinion = strings.Clone(rep.Text), strings.Clone(rep.Opinion)
	return rep, replyCost + int64(len(rep.Text)+len(rep.Opinion)), true
}

// word is s kept once however many rows repeat it (a category, a unit),
// and counted against the budget the first time.
func (rr *replyRows) word(s string) string {
	if s == "" {
		return ""
	}
	if w, ok := rr.words[s]; ok {
		return w
	}
	w := strings.Clone(s)
	rr.words[w] = w
	rr.reader.hold(rr.file, int64(len(w))+cellOverhead*4)
	return w
}

// replyStatus is the status s names, as content spells it (not a slice
// of the row, which would keep the whole row in memory); "" for none.
func replyStatus(s string) content.ReplyStatus {
	for _, v := range content.ReplyStatuses {
		if string(v) == s {
			return v
		}
	}
	return ""
}

func replyStatusWords() []string {
	out := make([]string, len(content.ReplyStatuses))
	for i, s := range content.ReplyStatuses {
		out[i] = string(s)
	}
	return out
}

// UnsafeRune is the first character of s that no honest text holds, ok
// false when there is none: a control character other than tab and line
// break, or one that reorders the text around it (U+202A–U+202E,
// U+2066–U+2069). On a kiosk's screen they show the words backwards or as
// boxes; written into a terminal, a log or a report they can clear the
// screen or forge a line.
func UnsafeRune(s string) (r rune, ok bool) {
	for _, c := range s {
		if (unicode.IsControl(c) && c != '\t' && c != '\n') || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) {
			return c, true
		}
	}
	return 0, false
}

// formulaStart is what makes a spreadsheet take a cell of a CSV file for
// a formula, and run it, when someone opens the file.
const formulaStart = "=+-@"

// QuoteCell is s as replies.csv writes a text: with a leading apostrophe,
// as spreadsheets mark a text, when s (past any apostrophes it begins
// with) begins like a formula, so that opening the file in a spreadsheet
// shows the words rather than running them. A kiosk reads the words back
// exactly (unquoteCell).
func QuoteCell(s string) string {
	if t := strings.TrimLeft(s, "'"); t != "" && strings.ContainsRune(formulaStart, rune(t[0])) {
		return "'" + s
	}
	return s
}

// unquoteCell undoes QuoteCell.
func unquoteCell(s string) string {
	if t := strings.TrimLeft(s, "'"); len(t) < len(s) && t != "" && strings.ContainsRune(formulaStart, rune(t[0])) {
		return s[1:]
	}
	return s
}
