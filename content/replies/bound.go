package replies

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"qingfeng/content/collect"
	"qingfeng/content/parse"
)

// What opening the office's workbook may take, checked before the
// spreadsheet library opens it.

// MaxWorkbookBytes bounds the workbook file: it bounds the zip's
// directory, which the zip reader holds whole before the parts can be
// counted. A district's years of opinions with long answers are a few
// megabytes.
const MaxWorkbookBytes = 64 << 20

// maxWorkbookParts bounds the parts of the workbook (Excel and WPS write a
// few dozen).
const maxWorkbookParts = 10_000

// sharedStringCost is what the spreadsheet library takes in memory for
// each entry of the shared string table beyond its text (the same measure
// as content/parse's reader).
const sharedStringCost = 400

// decodeBudget is what opening the workbook may take: half the memory
// bound (the office's machine is not a kiosk, but a workbook must still
// not take it all).
func decodeBudget(most int64) int64 { return most / 2 }

// checkWorkbook bounds what opening the workbook name takes before the
// spreadsheet library opens it: the file's size, its parts, what they
// inflate to, and the entries of the shared string table (which the
// library loads whole). The worksheet itself is read a row at a time,
// but first read here for the cells its rows reach (maxSheetCells) and
// the cells that hold a formula, returned.
func checkWorkbook(name string, most int64) (map[cellAt]bool, []Problem) {
	bad := func(msg string) (map[cellAt]bool, []Problem) {
		return nil, []Problem{{Sheet: collect.HandlingSheet, Msg: msg}}
	}
	st, err := os.Stat(name)
	if err != nil {
		return bad("无法读取这个文件：" + err.Error())
	}
	if st.Size() > MaxWorkbookBytes {
		return bad(fmt.Sprintf("表格文件有 %d MB，超过 %d MB 的上限：请只保留“%s”工作表后另存", st.Size()>>20, MaxWorkbookBytes>>20, collect.HandlingSheet))
	}
	zr, err := zip.OpenReader(name)
	if err != nil {
		return bad("无法打开这个表格（文件可能已损坏，或不是 .xlsx 格式；WPS 请另存为 .xlsx）")
	}
	defer zr.Close()
	if len(zr.File) > maxWorkbookParts {
		return bad(fmt.Sprintf("表格文件里有 %d 个部分（正常的表格只有几十个），这不是 Excel 或 WPS 保存的表格", len(zr.File)))
	}
	budget := decodeBudget(most)
	var inflated int64
	var sst *zip.File
	for _, zf := range zr.File {
		inflated += int64(min(zf.UncompressedSize64, math.MaxInt64/2))
		if strings.EqualFold(strings.ReplaceAll(zf.Name, "\\", "/"), "xl/sharedStrings.xml") {
			sst = zf
		}
	}
	if inflated > budget {
		return bad(fmt.Sprintf("表格解压后有 %d MB，超过 %d MB 的上限：请只保留“%s”工作表后另存", inflated>>20, budget>>20, collect.HandlingSheet))
	}
	if sst != nil {
		n, err := parse.CountElements(sst, "si") // <si>, behind whatever prefix
		if err != nil {
			return bad("无法打开这个表格（文件可能已损坏）")
		}
		if room := (budget - inflated) / sharedStringCost; n > room {
			return bad(fmt.Sprintf("表格里有 %d 条不重复的文字，超过 %d 条的上限：请只保留“%s”工作表后另存", n, room, collect.HandlingSheet))
		}
	}
	area, formulas, err := sheetCells(&zr.Reader, collect.HandlingSheet)
	var past *pastLastRow
	switch {
	case errors.Is(err, errNoSheet):
		return nil, nil // said when the library opens it
	case errors.As(err, &past):
		return bad(fmt.Sprintf("工作表有第 %d 行，超过了表格软件的 %d 行：这不是 Excel 或 WPS 保存的表格", past.row, excelize.TotalRows))
	case errors.Is(err, errTooManyFormulas):
		return bad(fmt.Sprintf("工作表里的公式超过 %d 个：请把“%s”工作表复制后用“选择性粘贴→数值”粘贴成文字，另存后再导入", maxFormulas, collect.HandlingSheet))
	case err != nil:
		return bad("无法打开这个表格（文件可能已损坏）")
	case area > maxSheetCells:
		return bad(fmt.Sprintf("工作表的格子太多（各行一直用到很靠右的列，共 %d 万格，上限 %d 万格）：多半是整行设了格式。请只把有内容的格子复制到新表格里另存", area/10_000, maxSheetCells/10_000))
	}
	return formulas, nil
}

// maxSheetCells bounds the cells the sheet's rows reach, each row counted
// to its last cell: a workbook of a million opinions with a column or two
// added is twenty million. A row reaching column XFD costs its 16,384
// cells to read even if they are one styled cell; a sheet of such rows
// compresses to nothing and would take minutes.
const maxSheetCells = 50_000_000

// maxFormulas bounds the formula cells sheetCells records: a whole column
// of them.
const maxFormulas = 1 << 20

// cellAt is a cell's place: row and column, both from 1.
type cellAt struct{ row, col int }

// sheetCells reads the worksheet named sheet, streaming: the cells its
// rows reach, and which cells hold a formula. It is the sheet's own XML,
// read before the spreadsheet library reads it.
func sheetCells(zr *zip.Reader, sheet string) (area int64, formulas map[cellAt]bool, err error) {
	part, err := sheetPath(zr, sheet)
	if err != nil {
		return 0, nil, err
	}
	rc, err := zr.Open(part)
	if err != nil {
		return 0, nil, err
	}
	defer rc.Close()
	formulas = map[cellAt]bool{}
	d := xml.NewDecoder(rc)
	row, col, last := 0, 0, 0 // the row, the cell's column, the row's last column
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return area + int64(last), formulas, nil
		}
		if err != nil {
			return 0, nil, err
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch el.Name.Local {
		case "row":
			area += int64(last)
			row, col, last = row+1, 0, 0
			if r, err := strconv.Atoi(attr(el, "r")); err == nil {
				row = r
			}
			if row > excelize.TotalRows {
				return 0, nil, &pastLastRow{row}
			}
		case "c":
			col = min(col+1, excelize.MaxColumns)
			if ref := attr(el, "r"); ref != "" {
				if c, r, err := excelize.CellNameToCoordinates(ref); err == nil && r == row {
					col = c
				}
			}
			last = max(last, col)
			if area+int64(last) > maxSheetCells {
				return area + int64(last), formulas, nil
			}
		case "f":
			if len(formulas) == maxFormulas {
				return 0, nil, errTooManyFormulas
			}
			formulas[cellAt{row, col}] = true
		}
	}
}

func attr(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// sheetPath is the part of the zip that holds the worksheet named sheet,
// as the workbook and its relationships name it.
func sheetPath(zr *zip.Reader, sheet string) (string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"id,attr"` // r:id, in whichever namespace (transitional or strict)
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := decodePart(zr, "xl/workbook.xml", &wb); err != nil {
		return "", err
	}
	if err := decodePart(zr, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return "", err
	}
	for _, s := range wb.Sheets {
		if s.Name != sheet {
			continue
		}
		for _, r := range rels.Rels {
			if r.ID == s.ID {
				if t, ok := strings.CutPrefix(r.Target, "/"); ok {
					return t, nil
				}
				return path.Join("xl", r.Target), nil
			}
		}
		return "", fmt.Errorf("sheet %q: no relationship %q", sheet, s.ID)
	}
	return "", errNoSheet
}

// decodePart decodes the XML part name into v (a workbook's small parts:
// their size is bounded with the rest before).
func decodePart(zr *zip.Reader, name string, v any) error {
	rc, err := zr.Open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(rc).Decode(v)
}

// pastLastRow is a row numbered past the last a spreadsheet has.
type pastLastRow struct{ row int }

func (e *pastLastRow) Error() string { return fmt.Sprintf("row %d past the last", e.row) }

var (
	errNoSheet         = errors.New("no such sheet")
	errTooManyFormulas = errors.New("too many formulas")
)
