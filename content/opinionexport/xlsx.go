package opinionexport

import (
	"io"
	"slices"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes one sheet, 意见, with a frozen bold header.
// Every value is an inline string, never a formula.
func WriteXLSX(w io.Writer, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "意见"
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, width := range []float64{12, 20, 12, 14, 20, 60, 8, 16, 10, 14, 10, 16, 60, 12, 9, 9} {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	textCol, replyCol := slices.Index(Columns, "内容"), slices.Index(Columns, "答复内容")
	for i, r := range rows {
		vals := make([]any, len(r))
		for j, s := range r {
			switch {
			case i == 0:
				vals[j] = excelize.Cell{StyleID: bold, Value: s}
			case j == textCol || j == replyCol:
				vals[j] = excelize.Cell{StyleID: wrap, Value: s}
			default:
				vals[j] = s
			}
		}
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
