// Command sheetfixtures writes the spreadsheets content/parse's tests read
// as a village office keeps them, with no sidecar: a finance sheet with a
// title row merged across its columns, 填报单位 and 时间 lines and amounts
// shown with thousands separators; a canteen menu; a works table saved as
// GBK CSV the way Excel and WPS on Chinese Windows save it; a quiz sheet.
//
// Regenerate the committed files from the module root with
//
//	go run ./build/sheetfixtures -out content/parse/testdata/sheets
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func main() {
	out := flag.String("out", "content/parse/testdata/sheets", "folder to write the fixtures to")
	flag.Parse()
	if err := write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "sheetfixtures:", err)
		os.Exit(1)
	}
}

func write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, make := range map[string]func() (*excelize.File, error){
		"横一村财务收支公示.xlsx": finance,
		"老年食堂菜单.xlsx":    menu,
		"清廉知识答题.xlsx":    quiz,
	} {
		f, err := make()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		err = f.SaveAs(filepath.Join(dir, name))
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(works))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "村级工程公示.csv"), gbk, 0o644)
}

// works is a table of village works as Excel exports it to CSV: the
// title and the labels in the first cell of rows padded with commas, CRLF
// line ends, amounts with ￥ and thousands separators.
const works = "2026年横一村村级小微工程公示,,,\r\n" +
	"填报单位：横一村村民委员会,,时间：2026年3月,\r\n" +
	"项目名称,施工单位,合同金额,完成情况\r\n" +
	"村道硬化,杭州某建设有限公司,\"￥128,500.00\",已完工\r\n" +
	"河道清淤,萧山某水利工程队,\"￥46,800.00\",施工中\r\n" +
	"文化礼堂修缮,本村施工队,\"￥9,600.00\",已完工\r\n"

// set writes rows of values from the top-left cell, one row a slice.
func set(f *excelize.File, top int, rows [][]any) error {
	for r, row := range rows {
		for c, v := range row {
			cell, err := excelize.CoordinatesToCellName(c+1, top+r)
			if err != nil {
				return err
			}
			if v == nil {
				continue
			}
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// finance is the usual village finance form: a merged, centred title row,
// the unit and the period on the next two rows, the money unit, then the
// header and the entries, amounts formatted #,##0.00 and a total row.
func finance() (*excelize.File, error) {
	f := excelize.NewFile()
	if err := set(f, 1, [][]any{
		{"横一村2026年第一季度财务收支公示"},
		{"填报单位：横一村股份经济合作社"},
		{"时间：2026年第一季度", nil, nil, "单位：元"},
		{"日期", "摘要", "收入", "支出", "经手人"},
		{"2026-01-05", "村集体厂房租金", 126000.0, nil, "王会计"},
		{"2026-02-10", "道路保洁费", nil, 8450.5, "王会计"},
		{"2026-03-28", "老年食堂补助", nil, 12000.0, "李出纳"},
		{"合计", nil, 126000.0, 20450.5, nil},
		{},
		{"制表人：王会计", nil, "审核人：张主任"},
		{"村务监督委员会意见：同意公示"},
	}); err != nil {
		return nil, err
	}
	if err := f.MergeCell("Sheet1", "A1", "E1"); err != nil {
		return nil, err
	}
	money, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		return nil, err
	}
	if err := f.SetCellStyle("Sheet1", "C5", "D8", money); err != nil {
		return nil, err
	}
	centred, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center"}, Font: &excelize.Font{Bold: true, Size: 16}})
	if err != nil {
		return nil, err
	}
	return f, f.SetCellStyle("Sheet1", "A1", "A1", centred)
}

// menu is a canteen's week: no unit line, a title merged over the
// columns, prices as plain numbers under 单价（元）, a column of plain
// numbers (份数) that is not money.
func menu() (*excelize.File, error) {
	f := excelize.NewFile()
	if err := set(f, 1, [][]any{
		{"横一村老年食堂本周菜单"},
		{"星期", "菜品", "份数", "单价（元）"},
		{"星期一", "红烧肉、青菜豆腐", 40, 6},
		{"星期二", "清蒸鱼、番茄炒蛋", 38, 6.5},
		{"星期三", "土豆牛腩、炒时蔬", 42, 7},
	}); err != nil {
		return nil, err
	}
	return f, f.MergeCell("Sheet1", "A1", "D1")
}

// quiz is a quiz sheet with a title row, four-choice and two-choice
// questions, answers as letters (one typed in lower case).
func quiz() (*excelize.File, error) {
	f := excelize.NewFile()
	if err := set(f, 1, [][]any{
		{"清廉知识答题"},
		{"题目", "A", "B", "C", "D", "答案", "解析"},
		{"萧山的“智慧印章”覆盖全区多少个村社？", "103个", "176个", "558个", "1000余个", "C", "已实现558个村社全覆盖。"},
		{"村级财务可以只公开一次吗？", "可以", "不可以", nil, nil, "b", "村务要按时公开。"},
	}); err != nil {
		return nil, err
	}
	return f, f.MergeCell("Sheet1", "A1", "G1")
}
