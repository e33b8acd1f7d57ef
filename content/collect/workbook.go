package collect

// The district's summary as the office reads it: a workbook of tables and
// stacked-bar charts drawn in the bundled font, so that it needs no office
// software beyond a spreadsheet.

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"qingfeng/assets"
	"qingfeng/content"
	"qingfeng/content/durable"
	"qingfeng/content/outbox"
)

// Chart is one of the summary's pictures.
type Chart struct {
	File, Title string
	Counts      []Count
}

// Charts are the summary's pictures beside base.xlsx: by site, by month
// and the stories read most.
func Charts(base string, sum Summary) []Chart {
	return []Chart{
		{base + "-sites.png", "各站点的群众意见（按类别）", sum.BySiteCategory},
		{base + "-months.png", "每月的群众意见（按类别）", sum.ByMonthCategory},
		{base + "-stories.png", "浏览最多的清廉故事", only(sum.Stories, "浏览次数")},
		{base + "-replies.png", fmt.Sprintf("各站点意见办理情况（超过%d天未答复为逾期）", sum.OverdueDays), sum.HandlingBySite},
	}
}

// PNG is c drawn, as the bytes of its file.
func (c Chart) PNG() ([]byte, error) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, StackedBars(c.Title, c.Counts)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteWorkbook writes the summary into the spreadsheet name: a sheet per table, rows × columns
// with totals, written anew each time (atomically).
func WriteWorkbook(name string, sum Summary, refused []Refused, loc *time.Location) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	sheets := []struct {
		name, corner string
		counts       []Count
	}{
		{"按站点和类别", "站点", sum.BySiteCategory},
		{"按月份和类别", "月份", sum.ByMonthCategory},
		{"按站点和满意度", "站点", sum.BySiteRating},
		{"故事浏览", "故事", sum.Stories},
		{"公示浏览", "公示", sum.Disclosures},
		{"互动展项", "展项", sum.Exhibits},
		{"各站点使用", "站点", sum.SiteUsage},
	}
	for i, s := range sheets {
		if i == 0 {
			f.SetSheetName("Sheet1", s.name)
		} else if _, err := f.NewSheet(s.name); err != nil {
			return err
		}
		rows, cols, cell := pivot(s.counts)
		header := append([]any{s.corner}, anySlice(cols)...)
		// Totals add up counts; a row of counts and averages has none.
		withTotal := len(cols) > 1 && !slices.ContainsFunc(cols, func(c string) bool { return strings.HasPrefix(c, "平均") || strings.Contains(c, "（") })
		if withTotal {
			header = append(header, "合计")
		}
		f.SetSheetRow(s.name, "A1", &header)
		for r, row := range rows {
			line := []any{row}
			total := 0
			for _, c := range cols {
				n := cell[row][c]
				total += n
				line = append(line, n)
			}
			if withTotal {
				line = append(line, total)
			}
			axis, _ := excelize.CoordinatesToCellName(1, r+2)
			f.SetSheetRow(s.name, axis, &line)
		}
		last, _ := excelize.CoordinatesToCellName(len(cols)+2, 1)
		f.SetCellStyle(s.name, "A1", last, bold)
		f.SetColWidth(s.name, "A", "A", 24)
	}
	if err := writeHandlingSheet(f, sum, loc); err != nil {
		return err
	}
	if sum.Fleet != nil {
		if err := writeFleetSheet(f, *sum.Fleet, loc, bold); err != nil {
			return err
		}
	}
	// The batch files set aside, so the office sees them beside the
	// figures they are missing from.
	const sheet = "拒收的批次"
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	header := []any{"文件", "站点", "批次", "原因", "首次发现"}
	f.SetSheetRow(sheet, "A1", &header)
	for i, r := range refused {
		kind := "拒收"
		switch r.Kind {
		case outbox.KindKey:
			kind = "钥匙变了"
		case outbox.KindWithdrawn:
			kind = "已撤出"
		}
		line := []any{r.File, r.Site, r.Batch, kind + "：" + r.Reason, r.First.In(loc).Format("2006-01-02 15:04")}
		axis, _ := excelize.CoordinatesToCellName(1, i+2)
		f.SetSheetRow(sheet, axis, &line)
	}
	f.SetCellStyle(sheet, "A1", "E1", bold)
	f.SetColWidth(sheet, "A", "A", 40)
	f.SetColWidth(sheet, "D", "D", 80)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	return durable.WriteFile(name, buf.Bytes(), 0o600)
}

// FleetSheet is the fleet page's table in the workbook: a kiosk a row, the
// worst first, its troubles in words (the page's colours as the cells').
const FleetSheet = "展示屏"

// FleetHeader is FleetSheet's first row.
var FleetHeader = []any{"状态", "问题", "站点", "站点名称", "最后消息", "程序版本", "系统", "内容包", "最近导入", "最近24小时错误",
	"磁盘剩余（MB）", "磁盘共（MB）", "内存（MB）", "展示记录（条）", "逾期未答复（条）"}

var levelWords = [...]string{LevelOK: "正常", LevelNotice: "要留意", LevelWarn: "要处理", LevelAlarm: "严重"}

func writeFleetSheet(f *excelize.File, fl Fleet, loc *time.Location, bold int) error {
	const sheet = FleetSheet
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	f.SetSheetRow(sheet, "A1", &FleetHeader)
	var fills [4]int
	for l, colour := range []string{"C8E6C9", "FFF59D", "FFCC80", "EF9A9A"} {
		id, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}}})
		if err != nil {
			return err
		}
		fills[l] = id
	}
	for i, k := range fl.Kiosks {
		var words []string
		for _, t := range k.Trouble {
			words = append(words, t.Word+"："+t.Detail)
		}
		line := []any{levelWords[k.Worst()], strings.Join(words, "；"), k.Site, k.SiteName}
		if h := k.Heartbeat; k.HasHeartbeat {
			var ps []string
			for _, p := range h.Packages {
				ps = append(ps, fmt.Sprintf("%s 第%d版", p.ID, p.Version))
			}
			imp := ""
			if li := h.LastImport; li != nil {
				imp = li.At.In(loc).Format("2006-01-02 15:04") + " " + li.Source
				if li.OK {
					imp += " 成功"
				} else {
					imp += " 失败：" + li.Reason
				}
			}
			line = append(line, h.Written.In(loc).Format("2006-01-02 15:04"), h.Version, h.Arch, strings.Join(ps, "，"), imp,
				h.Errors24h, h.DiskFreeMB, h.DiskTotalMB, int(h.RSSMB+0.5), h.DisplayLog.Entries, k.Overdue)
		} else {
			line = append(line, "没有收到过", "", "", "", "", "", "", "", "", "", k.Overdue)
		}
		for j, v := range line {
			if s, ok := v.(string); ok {
				line[j] = sheetText(s)
			}
		}
		axis, _ := excelize.CoordinatesToCellName(1, i+2)
		f.SetSheetRow(sheet, axis, &line)
		f.SetCellStyle(sheet, axis, axis, fills[k.Worst()])
	}
	last, _ := excelize.CoordinatesToCellName(len(FleetHeader), 1)
	f.SetCellStyle(sheet, "A1", last, bold)
	f.SetColWidth(sheet, "B", "B", 60)
	f.SetColWidth(sheet, "C", "D", 16)
	return nil
}

// sheetText is a heartbeat's text as a cell shows it, on its line and in
// its order, and bounded. (A cell excelize writes from a string is text, never a
// formula, whatever it starts with.)
func sheetText(s string) string {
	s = printable(s)
	if r := []rune(s); len(r) > maxFleetCell {
		s = string(r[:maxFleetCell]) + "…"
	}
	return s
}

// maxFleetCell bounds a cell of FleetSheet: a spreadsheet cell holds at
// most 32,767 characters, and a heartbeat's texts are short.
const maxFleetCell = 2000

// HandlingSheet is the sheet of the workbook where the office answers
// opinions, one row each: it fills the columns from ColStatus to ColPublic
// and `qingfeng replies import` reads them back.
const HandlingSheet = "意见办理"

// The columns of HandlingSheet that the importer reads, by their header.
const (
	ColReceipt = "回执号"
	ColStatus  = "办理状态"
	ColUnit    = "承办单位"
	ColReply   = "答复内容"
	ColReplied = "答复日期"
	ColPublic  = "是否公开"
	ColOverdue = "是否逾期"
)

// HandlingHeader is HandlingSheet's first row. The columns before
// ColStatus describe the opinion (never a name or phone); ColOverdue is
// computed when the workbook is written.
var HandlingHeader = []string{ColReceipt, "提交时间", "站点", "类别", "事项", "内容", "满意度",
	ColStatus, ColUnit, ColReply, ColReplied, ColPublic, ColOverdue}

// The workbook says when it was made, in one cell of HandlingSheet's
// header just after HandlingHeader (MadeCellAxis), written by MadeCell:
// 本表导出于 2027-01-18 09:00:05 +08:00（导入时核对，请勿改动）. A cell
// keeps its value whatever spreadsheet saves the file, and the header row
// is frozen, so the office sees it on every screen of the sheet (document
// properties are not shown, and not every spreadsheet keeps custom ones).
// `qingfeng replies import` finds it by its prefix wherever it is in the
// header, and refuses a row the database changed after that time when
// the workbook holds it otherwise: a copy made before newer answers
// would take them back.
const (
	// MadeHeader names the cell in the office's messages.
	MadeHeader = "导出时间"
	madePrefix = "本表导出于"
	madeLayout = "2006-01-02 15:04:05 -07:00"
	madeNote   = "（导入时核对，请勿改动）"
)

// MadeCellAxis is where WriteWorkbook writes the time it made the
// workbook: the header's first cell after HandlingHeader.
var MadeCellAxis, _ = excelize.CoordinatesToCellName(len(HandlingHeader)+1, 1)

// MadeCell is the text of MadeCellAxis for a workbook made at t: the
// district's time, to the second, with its offset from UTC so that it
// reads back the same whatever time zone the importer is told.
func MadeCell(t time.Time, loc *time.Location) string {
	return madePrefix + " " + t.In(loc).Format(madeLayout) + madeNote
}

// ReadMadeCell reads a header cell: marker is whether s is the cell
// MadeCell writes (its prefix), ok whether its time reads.
func ReadMadeCell(s string) (t time.Time, marker, ok bool) {
	rest, marker := strings.CutPrefix(strings.TrimSpace(s), madePrefix)
	if !marker {
		return time.Time{}, false, false
	}
	rest, _, _ = strings.Cut(rest, "（")
	t, err := time.Parse(madeLayout, strings.TrimSpace(rest))
	return t, true, err == nil
}

// Yes and No are how the sheet and the package of replies write 是否公开
// and 是否逾期.
const (
	Yes = "是"
	No  = "否"
)

// ratingWord is a rating as the summary names it; "" for none.
func ratingWord(r int) string {
	switch r {
	case 3:
		return "满意"
	case 2:
		return "一般"
	case 1:
		return "不满意"
	}
	return ""
}

// writeHandlingSheet writes HandlingSheet, streaming (a district's years of
// opinions), overdue rows filled red, with lists to pick 办理状态 and
// 是否公开 from.
func writeHandlingSheet(f *excelize.File, sum Summary, loc *time.Location) error {
	const sheet = HandlingSheet
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	overdue, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}},
		Font: &excelize.Font{Color: "9C0006"}})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, w := range []float64{11, 17, 16, 12, 16, 40, 8, 10, 16, 40, 12, 9, 9, 52} {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(HandlingHeader), len(HandlingHeader)+1)
	for i, h := range HandlingHeader {
		header[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	// When the handling below was read (At is taken before the rows are):
	// a summary without a time has no such cell.
	if !sum.At.IsZero() {
		made, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "595959"}})
		if err != nil {
			return err
		}
		header = append(header, excelize.Cell{StyleID: made, Value: MadeCell(sum.At, loc)})
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	rows := 0
	write := func(h Handling) error {
		public, late, style := No, No, 0
		if h.Public {
			public = Yes
		}
		if h.Overdue(sum.At, sum.OverdueDays) {
			late, style = Yes, overdue
		}
		values := []string{h.Receipt, h.At.In(loc).Format("2006-01-02 15:04"), h.Site, h.Category, h.Subject, h.Text, ratingWord(h.Rating),
			string(h.Status), h.Unit, h.Reply, h.Replied, public, late}
		row := make([]any, len(values))
		for j, v := range values {
			row[j] = excelize.Cell{StyleID: style, Value: v}
		}
		rows++
		axis, _ := excelize.CoordinatesToCellName(1, rows+1)
		return sw.SetRow(axis, row)
	}
	if sum.Handling != nil {
		if err := sum.Handling(write); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	last := max(rows+1, 2)
	var statuses []string
	for _, st := range content.ReplyStatuses {
		statuses = append(statuses, string(st))
	}
	for _, list := range []struct {
		col     string
		choices []string
	}{
		{ColStatus, statuses},
		{ColPublic, []string{Yes, No}},
	} {
		c, _ := excelize.ColumnNumberToName(slices.Index(HandlingHeader, list.col) + 1)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", c, c, last)
		if err := dv.SetDropList(list.choices); err != nil {
			return err
		}
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return err
		}
	}
	return nil
}

// only keeps the counts of column col.
func only(counts []Count, col string) []Count {
	var out []Count
	for _, c := range counts {
		if c.Col == col {
			out = append(out, c)
		}
	}
	return out
}

// pivot turns counts into row keys, column keys (each in first-seen order)
// and the cells.
func pivot(counts []Count) (rows, cols []string, cell map[string]map[string]int) {
	cell = map[string]map[string]int{}
	for _, c := range counts {
		if cell[c.Row] == nil {
			cell[c.Row] = map[string]int{}
			rows = append(rows, c.Row)
		}
		if !slices.Contains(cols, c.Col) {
			cols = append(cols, c.Col)
		}
		cell[c.Row][c.Col] += c.N
	}
	return rows, cols, cell
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// chartColours are the bars' colours by column, the kiosk's palette first.
var chartColours = []color.NRGBA{
	{0xB7, 0x1C, 0x1C, 0xFF}, {0x2E, 0x6B, 0x3F, 0xFF}, {0x3A, 0x5F, 0x8C, 0xFF}, {0x8C, 0x6A, 0x1C, 0xFF},
	{0x7A, 0x3E, 0x8C, 0xFF}, {0x5F, 0x5A, 0x52, 0xFF}, {0x98, 0x58, 0x00, 0xFF}, {0x1C, 0x7A, 0x7A, 0xFF},
}

// maxChartRows keeps a chart readable: the rows with the most, the rest
// left to the spreadsheet.
const maxChartRows = 30

// StackedBars draws horizontal bars, one a row, stacked by column, with a
// legend, in the bundled font: the district's charts need no office software.
func StackedBars(title string, counts []Count) image.Image {
	rows, cols, cell := pivot(counts)
	total := func(r string) int {
		n := 0
		for _, c := range cols {
			n += cell[r][c]
		}
		return n
	}
	more := ""
	if len(rows) > maxChartRows {
		slices.SortStableFunc(rows, func(a, b string) int { return total(b) - total(a) })
		more = fmt.Sprintf("（只画最多的 %d 行，共 %d 行，全部见汇总表）", maxChartRows, len(rows))
		rows = rows[:maxChartRows]
	}
	const w, rowH, left, top, right = 1400, 34, 300, 120, 120
	h := top + len(rows)*rowH + 40
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.NRGBA{0xFA, 0xF6, 0xEC, 0xFF}), image.Point{}, draw.Src)
	big, small := chartFace(28), chartFace(18)
	ink := image.NewUniform(color.NRGBA{0x22, 0x22, 0x22, 0xFF})
	say := func(face font.Face, s string, x, y int) {
		(&font.Drawer{Dst: img, Src: ink, Face: face, Dot: fixed.P(x, y)}).DrawString(s)
	}
	say(big, title+more, 24, 44)
	maxN := 1
	for _, r := range rows {
		maxN = max(maxN, total(r))
	}
	// Legend.
	x := 24
	for i, c := range cols {
		draw.Draw(img, image.Rect(x, 70, x+18, 88), image.NewUniform(chartColours[i%len(chartColours)]), image.Point{}, draw.Src)
		say(small, c, x+24, 86)
		x += 24 + font.MeasureString(small, c).Round() + 30
	}
	scale := float64(w-left-right) / float64(maxN)
	for i, r := range rows {
		y := top + i*rowH
		label := r
		for font.MeasureString(small, label).Round() > left-30 && len([]rune(label)) > 2 {
			label = string([]rune(label)[:len([]rune(label))-2]) + "…"
		}
		say(small, label, 24, y+22)
		bx := left
		for j, c := range cols {
			bw := int(float64(cell[r][c]) * scale)
			draw.Draw(img, image.Rect(bx, y+4, bx+bw, y+rowH-6), image.NewUniform(chartColours[j%len(chartColours)]), image.Point{}, draw.Src)
			bx += bw
		}
		say(small, fmt.Sprint(total(r)), bx+8, y+22)
	}
	return img
}

func chartFace(size float64) font.Face {
	f, err := opentype.Parse(assets.FontRegular())
	if err != nil {
		panic("the bundled font does not parse: " + err.Error()) // assets' own tests read it
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic("the bundled font does not parse: " + err.Error())
	}
	return face
}
