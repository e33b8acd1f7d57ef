package parse

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"qingfeng/content"
)

// rawRow is one row as read from a CSV or spreadsheet, with its line (CSV)
// or row number (spreadsheet).
type rawRow struct {
	line  int
	cells []string
}

// readCSV reads the records of a CSV text. Each record's line is where it
// starts, so a quoted cell spanning lines still points at the right place.
// Blank records below the header are left out, and reading stops at the
// first data record past the row limit (buildTable reports it) or at a
// record wider than maxColumns.
func readCSV(text, name string, headerRow int, lim content.Limits, ps *content.Problems) ([]rawRow, bool) {
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1 // column counts are checked against the header, with better words
	r.LazyQuotes = true    // Excel writes stray quotes inside cells
	r.ReuseRecord = true   // kept records are trimmed copies
	var rows []rawRow
	data := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			*ps = append(*ps, content.Problem{File: name, Line: line, Severity: content.Error, Err: err,
				Msg: "表格格式错误，无法继续读取（多半是引号没有配对）"})
			return rows, false
		}
		line, _ := r.FieldPos(0)
		row, keep, ok := tableRow(rec, line, len(rows) < headerRow, name, ps)
		if !ok {
			return rows, false
		}
		if keep {
			rows = append(rows, row)
			if len(rows) > headerRow {
				if data++; data > lim.MaxRows {
					break
				}
			}
		}
	}
	return rows, true
}

// tableRow checks that one row as read has nothing beyond maxColumns and
// copies it (trailing empty cells past maxColumns dropped). Blank rows are
// kept only above the header, where rows are counted to find it.
func tableRow(cells []string, line int, aboveHeader bool, name string, ps *content.Problems) (rawRow, bool, bool) {
	n := len(cells)
	for n > 0 && strings.TrimSpace(cells[n-1]) == "" {
		n--
	}
	if n > maxColumns {
		col := ""
		if c, err := excelize.ColumnNumberToName(n); err == nil {
			col = "（" + c + "列）"
		}
		ps.Errorf(name, line, "这一行写到了第%d列%s，超过%d列的上限（多半是表格右边很远处有多余的内容，请删掉这些列）", n, col, maxColumns)
		return rawRow{}, false, false
	}
	if n == 0 && !aboveHeader {
		return rawRow{}, false, true
	}
	keep := max(n, min(len(cells), maxColumns))
	return rawRow{line: line, cells: append([]string(nil), cells[:keep]...)}, true, true
}

// readXLSX reads the first sheet of a workbook, one row at a time, with
// the same row and column limits as readCSV. Numbers come back as Excel
// displays them, formulas as their cached values: a formula without one is
// an error, not a blank. What the workbook inflates to is bounded before
// the spreadsheet library sees it.
func readXLSX(data []byte, name string, headerRow int, lim content.Limits, ps *content.Problems) ([]rawRow, []mergedCell, bool) {
	openErr := func(err error) ([]rawRow, []mergedCell, bool) {
		*ps = append(*ps, content.Problem{File: name, Severity: content.Error, Err: err,
			Msg: "无法打开这个Excel表格（文件可能已损坏，或不是 .xlsx 格式；旧的 .xls 请另存为 .xlsx）"})
		return nil, nil, false
	}
	if oldOffice(data, name, "Excel", ".xls", ".xlsx", ps) {
		return nil, nil, false
	}
	if n, _ := countZipEntries(bytes.NewReader(data), int64(len(data)), maxWorkbookEntries+1, math.MaxInt64); n > maxWorkbookEntries {
		ps.Errorf(name, 0, "表格文件里有超过%d个部分（正常的表格只有几十个），这不是Excel或WPS保存的表格。请在Excel/WPS里新建表格，把内容复制进去后另存为 .xlsx", maxWorkbookEntries)
		return nil, nil, false
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return openErr(err)
	}
	if !checkWorkbookSize(zr, name, lim, ps) {
		return nil, nil, false
	}
	budget := decodeBudget(lim)
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		// Checked above; a worksheet larger than a quarter of it is read
		// from a temporary file rather than held.
		UnzipSizeLimit:    budget,
		UnzipXMLSizeLimit: budget / 4,
	})
	if err != nil {
		return openErr(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		ps.Errorf(name, 0, "表格里没有工作表")
		return nil, nil, false
	}
	if len(sheets) > 1 {
		ps.Warnf(name, 0, "表格有%d个工作表，只使用第一个“%s”", len(sheets), sheets[0])
	}
	// Reported, and the rows read all the same: their other problems too.
	merges := scanSheet(zr, name, ps)
	it, err := f.Rows(sheets[0])
	if err != nil {
		*ps = append(*ps, content.Problem{File: name, Severity: content.Error, Err: err, Msg: "无法读取工作表内容"})
		return nil, nil, false
	}
	defer it.Close()
	var rows []rawRow
	dataRows := 0
	// Next visits every row number, empty ones between rows included.
	for line := 1; it.Next(); line++ {
		cells, err := it.Columns()
		if err != nil {
			*ps = append(*ps, content.Problem{File: name, Line: line, Severity: content.Error, Err: err, Msg: "无法读取工作表内容"})
			return nil, nil, false
		}
		row, keep, ok := tableRow(cells, line, line <= headerRow, name, ps)
		if !ok {
			return nil, nil, false
		}
		if keep {
			rows = append(rows, row)
			if line > headerRow {
				if dataRows++; dataRows > lim.MaxRows {
					break
				}
			}
		}
	}
	if err := it.Error(); err != nil {
		*ps = append(*ps, content.Problem{File: name, Severity: content.Error, Err: err, Msg: "无法读取工作表内容"})
		return nil, nil, false
	}
	return rows, merges, true
}

// maxWorkbookEntries bounds the parts of an .xlsx (itself a zip), counted
// before it is opened: the zip reader and the spreadsheet library each keep
// every entry, several hundred bytes apiece, and a 20 MB workbook can list
// 380,000 of them (over a gigabyte). Excel writes a few dozen, a few
// hundred with many pictures.
const maxWorkbookEntries = 10_000

// sharedStringCost is what the spreadsheet library takes in memory for
// each entry of a workbook's shared string table, beyond its text
// (measured: about 300 bytes for short strings).
const sharedStringCost = 400

// checkWorkbookSize refuses a workbook whose parts inflate to more than the
// decode budget, or whose shared string table (every distinct text, which
// the library loads whole) would not fit in it.
func checkWorkbookSize(zr *zip.Reader, name string, lim content.Limits, ps *content.Problems) bool {
	budget := decodeBudget(lim)
	var inflated int64
	var sst *zip.File
	for _, zf := range zr.File {
		inflated += int64(min(zf.UncompressedSize64, math.MaxInt64/2))
		if strings.EqualFold(strings.ReplaceAll(zf.Name, "\\", "/"), "xl/sharedStrings.xml") {
			sst = zf
		}
	}
	if inflated > budget {
		ps.Errorf(name, 0, "表格解压后有%s，超过%s的上限（表格里可能有很多图片或大量多余的内容），请删除多余的内容或拆成几个文件", humanBytes(inflated), humanBytes(budget))
		return false
	}
	if !checkPartElements(zr, sst, name, budget-inflated, ps) {
		return false
	}
	if sst == nil {
		return true
	}
	n, err := CountElements(sst, "si")
	if err != nil {
		*ps = append(*ps, content.Problem{File: name, Severity: content.Error, Err: err,
			Msg: "无法打开这个Excel表格（文件可能已损坏，或不是 .xlsx 格式；旧的 .xls 请另存为 .xlsx）"})
		return false
	}
	if most := (budget - inflated) / sharedStringCost; n > most {
		ps.Errorf(name, 0, "表格里有%d条不重复的文字，超过%d条的上限（共享文字表太大，展示屏内存不够），请把表格拆成几个文件", n, most)
		return false
	}
	return true
}

// partElementCost is what the spreadsheet library takes in memory for each
// element of a part it loads whole (styles, workbook, theme, drawings …):
// measured, about 430 bytes for an empty cell format.
const partElementCost = 500

// checkPartElements refuses a workbook whose XML parts other than the
// worksheets (read a row at a time) and the shared strings (checked on
// their own) hold more elements than room allows at partElementCost each:
// 25 MB of empty cell formats in styles.xml, a 2.5 KB file zipped, took
// 600 MB.
func checkPartElements(zr *zip.Reader, sst *zip.File, name string, room int64, ps *content.Problems) bool {
	var total, most int64
	var biggest string
	for _, zf := range zr.File {
		p := strings.ToLower(strings.ReplaceAll(zf.Name, "\\", "/"))
		if zf == sst || strings.HasPrefix(p, "xl/worksheets/") || !(strings.HasSuffix(p, ".xml") || strings.HasSuffix(p, ".rels")) {
			continue
		}
		n, err := CountElements(zf, "")
		if err != nil {
			continue // a part the library cannot read either: its own error follows
		}
		if total += n; n > most {
			most, biggest = n, zf.Name
		}
	}
	if total*partElementCost <= room {
		return true
	}
	ps.Errorf(name, 0, "表格的附加部分%s里有%d个条目（通常是成千上万个重复的单元格格式），展示屏读它需要约%s内存，超过%s的上限。请在Excel/WPS里把内容复制到一个新建的表格（只粘贴数值）后另存", shorten(biggest), most, humanBytes(total*partElementCost), humanBytes(room))
	return false
}

// CountElements counts the start tags <local ...> or <prefix:local ...> in
// a zip entry (every start tag if local is ""), streaming: how a part of a
// workbook is measured before a library loads it whole. The office's
// reading of its workbook (content/replies) measures with it too.
func CountElements(zf *zip.File, local string) (int64, error) {
	rc, err := zf.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var n int64
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if se, ok := tok.(xml.StartElement); ok && (local == "" || se.Name.Local == local) {
			n++
		}
	}
}

// scanSheet reports the formula cells of the first sheet that carry no
// cached value, in one problem naming the first, and returns the ranges
// merged in its top rows (where a title row is). It streams the sheet: the
// spreadsheet library's own list of merged cells loads the whole sheet. Excel and WPS save the value a formula shows; scripts and
// some exporters write the formula alone, and the kiosk, which calculates
// nothing, would show a blank where the money is.
func scanSheet(zr *zip.Reader, name string, ps *content.Problems) []mergedCell {
	zf := firstSheet(zr)
	if zf == nil {
		return nil
	}
	rc, err := zf.Open()
	if err != nil {
		return nil // the spreadsheet library reports it
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var first string
	count := 0
	var merges []mergedCell
	var ref, typ string
	inCell, hasF, hasV, inV := false, false, false, false
	for {
		tok, err := d.RawToken()
		if err != nil {
			break // a broken sheet is reported by the spreadsheet library
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "c":
				inCell, hasF, hasV, ref, typ = true, false, false, "", ""
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "r":
						ref = a.Value
					case "t":
						typ = a.Value
					}
				}
			case "mergeCell":
				for _, a := range t.Attr {
					if m, ok := parseMergeRef(a.Value); a.Name.Local == "ref" && ok && m.firstRow <= layoutRows && len(merges) < maxMerges {
						merges = append(merges, m)
					}
				}
			case "f":
				hasF = inCell
			case "v":
				// An empty value is a cached empty text only for a
				// formula of text type.
				inV = inCell
				hasV = hasV || (inCell && typ == "str")
			}
		case xml.CharData:
			if inV && len(bytes.TrimSpace(t)) > 0 {
				hasV = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inV = false
			case "c":
				if inCell && hasF && !hasV {
					if count == 0 {
						first = ref
					}
					count++
				}
				inCell = false
			}
		}
	}
	if count == 0 {
		return merges
	}
	line := 0
	if _, row, err := excelize.CellNameToCoordinates(first); err == nil {
		line = row
	}
	cells := "单元格" + first
	if count > 1 {
		cells = fmt.Sprintf("单元格%s等%d格", first, count)
	}
	ps.Errorf(name, line, "%s是公式，但文件里没有保存公式算出的结果（程序生成的表格常这样），展示屏会显示成空白。请在Excel/WPS 里打开后保存一次", cells)
	return merges
}

// firstSheet finds the worksheet part of a workbook's first sheet through
// the workbook and its relationships, or nil.
func firstSheet(zr *zip.Reader) *zip.File {
	parts := map[string]*zip.File{}
	for _, zf := range zr.File {
		parts[strings.ToLower(strings.ReplaceAll(zf.Name, "\\", "/"))] = zf
	}
	var wb struct {
		Sheets []struct {
			RID string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if !decodePart(parts["xl/workbook.xml"], &wb) || len(wb.Sheets) == 0 || !decodePart(parts["xl/_rels/workbook.xml.rels"], &rels) {
		return nil
	}
	for _, r := range rels.Rel {
		if r.ID != wb.Sheets[0].RID {
			continue
		}
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		return parts[strings.ToLower(t)]
	}
	return nil
}

// decodePart unmarshals a small XML part (its size was bounded by
// checkWorkbookSize).
func decodePart(zf *zip.File, v any) bool {
	if zf == nil {
		return false
	}
	rc, err := zf.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	return xml.NewDecoder(rc).Decode(v) == nil
}

func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// buildTable turns raw rows into the header and data rows of d, checking
// column counts and amount cells. headerRow is 1-based, counted in rows as
// staff see them in Excel (records for a CSV).
func buildTable(d *content.Disclosure, raw []rawRow, headerRow int, amountCols []string, amountLine int, sidecar string, padShort bool, lim content.Limits, ps *content.Problems) {
	name := d.File
	if headerRow > len(raw) {
		ps.Errorf(name, 0, "找不到表头：header_row 是 %d，但表格只有 %d 行", headerRow, len(raw))
		return
	}
	hdr := raw[headerRow-1]
	header := make([]string, len(hdr.cells))
	for i, c := range hdr.cells {
		header[i] = strings.TrimSpace(c)
	}
	for len(header) > 0 && header[len(header)-1] == "" {
		header = header[:len(header)-1]
	}
	if len(header) == 0 {
		ps.Errorf(name, hdr.line, "表头是空的（如果表头上方有标题行，请在说明文件里写 header_row）")
		return
	}
	seen := map[string]bool{}
	for i, h := range header {
		if h == "" {
			ps.Errorf(name, hdr.line, "表头第%d列没有名称", i+1)
		} else if seen[h] {
			ps.Errorf(name, hdr.line, "表头里有两列都叫“%s”", h)
		}
		seen[h] = true
	}
	d.Header = header

	for _, ac := range amountCols {
		idx := -1
		for i, h := range header {
			if h == ac {
				idx = i
			}
		}
		if idx < 0 {
			ps.Errorf(sidecar, amountLine, "amount_columns 里的“%s”不是 %s 的表头（表头有：%s）", ac, name, quoteList(header))
			continue
		}
		d.AmountColumns = append(d.AmountColumns, idx)
	}

	for _, r := range raw[headerRow:] {
		if blankRow(r.cells) {
			continue
		}
		cells := r.cells
		// Excel pads rows with empty cells to the widest row; that is not an
		// error as long as the extra cells are empty.
		for len(cells) > len(header) && strings.TrimSpace(cells[len(cells)-1]) == "" {
			cells = cells[:len(cells)-1]
		}
		if len(cells) < len(header) && padShort {
			cells = append(cells, make([]string, len(header)-len(cells))...)
		}
		if len(cells) != len(header) {
			ps.Errorf(name, r.line, "这一行有%d列，但表头有%d列", len(cells), len(header))
			continue
		}
		if len(d.Rows) >= lim.MaxRows {
			ps.Errorf(name, r.line, "表格超过%d行的上限，请拆成几个文件", lim.MaxRows)
			return
		}
		row := content.Row{Line: r.line, Cells: make([]string, len(cells))}
		for i, c := range cells {
			row.Cells[i] = strings.TrimSpace(c)
		}
		for _, idx := range d.AmountColumns {
			v, ok := parseAmount(row.Cells[idx])
			if !ok {
				ps.Errorf(name, r.line, "“%s”列的“%s”不是数字（金额只能写数字，可带逗号、¥或“元”）", header[idx], shorten(row.Cells[idx]))
			}
			row.Amounts = append(row.Amounts, v)
		}
		d.Rows = append(d.Rows, row)
	}
	if len(d.Rows) == 0 {
		ps.Warnf(name, 0, "表格没有数据行")
	}
}

// parseAmount reads a money cell the way people type them in village
// ledgers: "1,234.50", "¥300", "300元", "(120)" for a negative, "-" or ""
// for nothing (NaN).
func parseAmount(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "", "-", "—", "－", "/":
		return math.NaN(), true
	}
	neg := false
	if (strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")")) || (strings.HasPrefix(s, "（") && strings.HasSuffix(s, "）")) {
		neg = true
		s = strings.TrimSuffix(strings.TrimSuffix(s, ")"), "）")
		s = strings.TrimPrefix(strings.TrimPrefix(s, "("), "（")
	}
	s = strings.NewReplacer(",", "", "，", "", "¥", "", "￥", "", "元", "", " ", "").Replace(s)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return math.NaN(), false
	}
	if neg {
		v = -v
	}
	return v, true
}

// tableSidecar is what a table's YAML sidecar says about its layout;
// what it leaves out is found in the table itself.
type tableSidecar struct {
	path        string // "" without a sidecar
	headerRow   int    // 0: not given
	amountCols  []string
	amountGiven bool
	amountLine  int
}

// readTable reads a disclosure's table into d, whose title, unit, period
// and category are set already where a sidecar gave them. The rest comes
// from the table's layout (a title row, 填报单位：… and 时间：… lines, the
// header, the money columns), the category from the sub-folder (category,
// "" for none) or the title's words.
func (r *reader) readTable(f *file, d *content.Disclosure, sc tableSidecar, category string) {
	headerRow := sc.headerRow
	if headerRow == 0 {
		headerRow = layoutRows
	}
	raw, merges, padShort, ok := r.readSheetRows(f, headerRow)
	if !ok {
		return
	}
	var lay tableLayout
	if sc.headerRow != 0 {
		// The sidecar says where the header is: the lines above it still
		// give what the sidecar leaves out, when the layout agrees.
		if lay = findLayout(raw[:min(headerRow, len(raw))], merges); lay.headerRow != headerRow {
			lay = tableLayout{}
		}
	} else {
		lay = findLayout(raw, merges)
		headerRow = max(lay.headerRow, 1)
		if lay.headerRow == 0 && len(raw) > 0 {
			r.ps.Warnf(f.path, raw[0].line, "在前%d行里没有找到表头，只好把第一行当作表头。表头是写着各列名字的一行（例如 项目、金额），至少两列、列名不是数字，要在前%d行以内", layoutRows, layoutRows)
		}
		raw = trimSignatures(raw, headerRow)
	}
	if d.Title == "" {
		d.Title = lay.title
		if c := unprintableRune(d.Title); c >= 0 {
			r.ps.Errorf(f.path, lay.titleLine, "表格的标题里有看不见的控制字符（%U），多半是从网页或别的软件复制时带进来的，请删掉这个字符后重新保存", c)
		}
	}
	if d.Unit == "" {
		d.Unit = lay.unit
	}
	if d.Period == "" {
		d.Period = lay.period
	}
	if d.Title == "" {
		d.Title = d.ID
	}
	if d.Category == "" && category != "" {
		d.Category = category // a category folder: checked by the dispatch (reader.category)
	}
	if c := CategoryFromTitle(d.Title, DisclosureTitleWords); d.Category == "" && oneOf(c, r.opts.DisclosureCategories) {
		d.Category = c // only a category this kiosk shows
	}
	if d.Category == "" {
		d.Category = r.otherCategory()
	}
	amountCols := sc.amountCols
	if !sc.amountGiven && headerRow <= len(raw) {
		header := make([]string, len(raw[headerRow-1].cells))
		for i, c := range raw[headerRow-1].cells {
			header[i] = strings.TrimSpace(c)
		}
		amountCols = findAmountColumns(header, raw[headerRow:])
	}
	buildTable(d, raw, headerRow, amountCols, sc.amountLine, sc.path, padShort, r.opts.Limits, &r.ps)
	if d.Header != nil {
		r.pkg.Disclosures = append(r.pkg.Disclosures, *d)
	}
}

// readSheetRows reads the rows of a .csv or the first sheet of an .xlsx,
// keeping blank rows down to headerRow, and holds what they take. padShort
// tells that short rows are blanks at the end (a spreadsheet leaves empty
// trailing cells out of a row), not missing columns.
func (r *reader) readSheetRows(f *file, headerRow int) (raw []rawRow, merges []mergedCell, padShort, ok bool) {
	if meant, _ := kindPath(f.path); strings.EqualFold(path.Ext(meant), ".xlsx") {
		data, err := readAll(f, r.opts.Limits.MaxSheetBytes)
		switch {
		case errors.Is(err, errTooLarge):
			r.ps.Errorf(f.path, 0, "文件太大（超过%s的上限）", humanBytes(r.opts.Limits.MaxSheetBytes))
			return nil, nil, false, false
		case err != nil:
			r.ps = append(r.ps, content.Problem{File: f.path, Severity: content.Error, Err: err, Msg: "无法读取这个文件（U盘是否被拔出？）"})
			return nil, nil, false, false
		case len(data) == 0:
			r.ps = append(r.ps, content.Problem{File: f.path, Severity: content.Error, Incomplete: true, Msg: "文件是空的（0字节），可能没有复制完整"})
			return nil, nil, false, false
		}
		raw, merges, ok = readXLSX(data, f.path, headerRow, r.opts.Limits, &r.ps)
		if ok {
			r.checkGlyphs(f.path, func(yield func(int, string) bool) {
				for _, row := range raw {
					if !yield(row.line, strings.Join(row.cells, " ")) {
						return
					}
				}
			})
		}
		padShort = true
	} else {
		text, tok := r.readText(f)
		if !tok {
			return nil, nil, false, false
		}
		raw, ok = readCSV(text, f.path, headerRow, r.opts.Limits, &r.ps)
		r.held -= int64(len(text)) // what is kept is the cells, counted below
	}
	if !ok {
		return nil, nil, false, false
	}
	var cost int64
	for _, row := range raw {
		cost += rowOverhead
		for _, c := range row.cells {
			cost += cellOverhead + int64(len(c))
		}
	}
	if !r.hold(f.path, cost) {
		return nil, nil, false, false
	}
	return raw, merges, padShort, true
}
