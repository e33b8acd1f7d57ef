package parse

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math"
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

// readCSV reads every record of a CSV text. Each record's line is where it
// starts, so a quoted cell spanning lines still points at the right place.
func readCSV(text, name string, ps *content.Problems) ([]rawRow, bool) {
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1 // column counts are checked against the header, with better words
	r.LazyQuotes = true    // Excel writes stray quotes inside cells
	var rows []rawRow
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
		rows = append(rows, rawRow{line: line, cells: rec})
	}
	return rows, true
}

// readXLSX reads the first sheet of a workbook. Formulas come back as their
// cached values, numbers as Excel displays them.
func readXLSX(data []byte, name string, lim content.Limits, ps *content.Problems) ([]rawRow, bool) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		// The workbook itself is a zip: bound what it may inflate to.
		UnzipSizeLimit:    lim.MaxSheetBytes * 20,
		UnzipXMLSizeLimit: lim.MaxSheetBytes * 10,
	})
	if err != nil {
		*ps = append(*ps, content.Problem{File: name, Severity: content.Error, Err: err,
			Msg: "无法打开这个Excel表格（文件可能已损坏，或不是 .xlsx 格式；旧的 .xls 请另存为 .xlsx）"})
		return nil, false
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		ps.Errorf(name, 0, "表格里没有工作表")
		return nil, false
	}
	if len(sheets) > 1 {
		ps.Warnf(name, 0, "表格有%d个工作表，只使用第一个“%s”", len(sheets), sheets[0])
	}
	grid, err := f.GetRows(sheets[0])
	if err != nil {
		*ps = append(*ps, content.Problem{File: name, Severity: content.Error, Err: err, Msg: "无法读取工作表内容"})
		return nil, false
	}
	rows := make([]rawRow, len(grid))
	for i, cells := range grid {
		rows[i] = rawRow{line: i + 1, cells: cells}
	}
	return rows, true
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
