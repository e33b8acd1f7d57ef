// Package template writes the ready-to-fill package folder that `qingfeng
// template` gives station staff: a Word story, a village finance sheet in
// the usual layout, a canteen menu, a quiz sheet and 说明.txt, in folders
// with Chinese names and no YAML, so that a clerk's first package is a copy
// of this one with the words changed.
//
// It may import assets (the sample story) and the standard library, and
// writes the spreadsheets with excelize.
package template

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"qingfeng/assets"
	"qingfeng/content"
)

// The files Write makes, slash-separated and relative to its folder; the
// story and the sheets lie in the folder of their category (Files).
const (
	StoryName   = "茶馆里的一本明白账.docx"
	FinanceName = "石里村2026年第一季度财务收支公示.xlsx"
	MenuName    = "石里村老年食堂本周菜单.xlsx"
	QuizFile    = "答题/清廉知识问答.xlsx"
	ReadmeFile  = "说明.txt"
)

// Categories are the district's story and disclosure categories (the
// kiosk's config); nil lists mean content's defaults.
type Categories struct {
	Stories, Disclosures []string
}

// Files is where the story and the two sheets go: each in the folder of
// its category, 家风家训, 财务 and 食堂 where the district has them,
// else its first category, so that a district's own list checks clean.
func (c Categories) Files() (story, finance, menu string) {
	pick := func(want string, list, defaults []string) string {
		if len(list) == 0 {
			list = defaults
		}
		if slices.Contains(list, want) {
			return want
		}
		return list[0]
	}
	return "故事/" + pick("家风家训", c.Stories, content.StoryCategories) + "/" + StoryName,
		"公示/" + pick("财务", c.Disclosures, content.DisclosureCategories) + "/" + FinanceName,
		"公示/" + pick("食堂", c.Disclosures, content.DisclosureCategories) + "/" + MenuName
}

// ErrNotEmpty is returned when the folder already holds files: a template
// never overwrites what someone has written.
var ErrNotEmpty = errors.New("folder not empty")

// Write makes the template in dir, which must not exist or be empty.
func Write(dir string, cats Categories) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s: %w", dir, ErrNotEmpty)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	story, finance, menu := cats.Files()
	files := map[string]func() ([]byte, error){
		story:      func() ([]byte, error) { return assets.TemplateStory, nil },
		finance:    financeSheet,
		menu:       menuSheet,
		QuizFile:   quizSheet,
		ReadmeFile: func() ([]byte, error) { return notepadText(readme), nil },
	}
	for name, make := range files {
		data, err := make()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// notepadText is text as old Windows Notepad shows it: a UTF-8 byte order
// mark and CRLF line ends.
func notepadText(s string) []byte {
	return []byte("\ufeff" + strings.ReplaceAll(s, "\n", "\r\n"))
}

// form is a sheet laid out as village forms are: a title merged across the
// table, the unit and the period on the lines under it, then the header
// and the rows. Numbers stay numbers, shown with thousands separators.
type form struct {
	title, unit, period string
	header              []string
	rows                [][]any
	widths              []float64
}

func (f form) bytes() ([]byte, error) {
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "Sheet1"
	last, err := excelize.ColumnNumberToName(len(f.header))
	if err != nil {
		return nil, err
	}
	title, err := x.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 16},
		Alignment: &excelize.Alignment{Horizontal: "center"},
	})
	if err != nil {
		return nil, err
	}
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	money, err := x.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		return nil, err
	}
	set := func(cell string, v any) {
		if err == nil {
			err = x.SetCellValue(sheet, cell, v)
		}
	}
	set("A1", f.title)
	if err == nil {
		err = x.MergeCell(sheet, "A1", last+"1")
	}
	if err == nil {
		err = x.SetCellStyle(sheet, "A1", "A1", title)
	}
	row := 2
	for _, line := range []string{f.unit, f.period} {
		if line != "" {
			set(fmt.Sprintf("A%d", row), line)
			row++
		}
	}
	for i, h := range f.header {
		c, _ := excelize.CoordinatesToCellName(i+1, row)
		set(c, h)
	}
	if err == nil {
		a, _ := excelize.CoordinatesToCellName(1, row)
		b, _ := excelize.CoordinatesToCellName(len(f.header), row)
		err = x.SetCellStyle(sheet, a, b, bold)
	}
	for _, r := range f.rows {
		row++
		for i, v := range r {
			c, _ := excelize.CoordinatesToCellName(i+1, row)
			set(c, v)
			if _, ok := v.(float64); ok && err == nil {
				err = x.SetCellStyle(sheet, c, c, money)
			}
		}
	}
	for i, w := range f.widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err == nil {
			err = x.SetColWidth(sheet, col, col, w)
		}
	}
	if err != nil {
		return nil, err
	}
	buf, err := x.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func financeSheet() ([]byte, error) {
	return form{
		title:  "石里村2026年第一季度财务收支公示",
		unit:   "填报单位：石里村村务监督委员会",
		period: "时间：2026年第一季度",
		header: []string{"日期", "摘要", "收入（元）", "支出（元）", "经手人"},
		rows: [][]any{
			{"2026-01-08", "上级转移支付", 120000.0, nil, "王会计"},
			{"2026-01-20", "村道路灯维修", nil, 8650.0, "李主任"},
			{"2026-02-15", "集体房屋租金", 36000.0, nil, "王会计"},
			{"2026-03-02", "老年食堂补助", nil, 12400.5, "张站长"},
			{"2026-03-28", "垃圾分类宣传", nil, 2380.0, "李主任"},
		},
		widths: []float64{14, 24, 14, 14, 10},
	}.bytes()
}

func menuSheet() ([]byte, error) {
	return form{
		title:  "石里村老年食堂本周菜单",
		unit:   "填报单位：石里村老年食堂",
		period: "时间：2026年3月第2周",
		header: []string{"日期", "午餐", "晚餐", "价格（元）"},
		rows: [][]any{
			{"星期一", "红烧豆腐、青菜、米饭", "白菜粥、馒头", 6.0},
			{"星期二", "番茄炒蛋、冬瓜汤、米饭", "南瓜粥、花卷", 6.0},
			{"星期三", "土豆烧肉、菠菜、米饭", "小米粥、包子", 8.0},
			{"星期四", "清蒸鱼、豆芽、米饭", "绿豆粥、馒头", 8.0},
			{"星期五", "香菇青菜、蛋花汤、米饭", "红豆粥、花卷", 6.0},
		},
		widths: []float64{10, 28, 18, 12},
	}.bytes()
}

func quizSheet() ([]byte, error) {
	x := excelize.NewFile()
	defer x.Close()
	rows := [][]any{
		{"题目", "A", "B", "C", "D", "答案", "解析"},
		{"村级财务多久公开一次？", "每月或每季度", "三年一次", "不用公开", "", "A", "村级财务一般每月或每季度公开一次，群众随时可以查看。"},
		{"发现村干部优亲厚友，可以向谁反映？", "村务监督委员会", "只能憋在心里", "", "", "A", "可以向村务监督委员会反映，也可以在本机“我有话说”里写意见。"},
		{"“家风正则民风淳”说的是什么？", "家风影响社会风气", "家里要装修", "民风与家风无关", "", "A", "好的家风带动好的民风，是清廉建设的根。"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
			return nil, err
		}
	}
	for col, w := range map[string]float64{"A": 36, "B": 18, "C": 18, "D": 18, "E": 18, "F": 6, "G": 48} {
		if err := x.SetColWidth("Sheet1", col, col, w); err != nil {
			return nil, err
		}
	}
	buf, err := x.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

const readme = `清风展示屏内容模板 —— 说明

这个文件夹就是一个内容包，不用写任何说明文件。把里面的示例换成您自己的内容，
再把整个文件夹复制到U盘上技术人员指定的文件夹（或同步文件夹），展示屏会自己导入。

文件夹的名字就是内容包的名字。同一个文件夹改了内容再放一次，会替换上一次导入的内容。

一、故事（“故事”文件夹）
  用 Word 或 WPS 写，保存为 .docx。第一个标题就是故事的题目，图片放在正文里就行，
  第一张图片当封面。故事放在哪个分类文件夹里（比如“故事/家风家训”），就归哪个分类。
  旧的 .doc 或 .wps 文件请在 Word/WPS 里“另存为” .docx。

二、公示表格（“公示”文件夹）
  用 Excel 或 WPS 表格做，保存为 .xlsx（或 .csv）。第一行写标题（可以合并单元格），
  下面写“填报单位：……”和“时间：……”，再下面是表头和数据。
  金额写数字就行，可以带千位分隔符。表格放在哪个分类文件夹里（财务、食堂……），就归哪个分类。
  旧的 .xls 文件请“另存为” .xlsx。

三、答题（“答题”文件夹）
  一行一道题：题目、A、B、C、D、答案、解析。答案写字母（A、B、C 或 D），
  选项至少两个，用不到的选项空着。

四、图片（“图片”文件夹）
  手机拍的照片直接放进来就行（JPG 或 PNG）；苹果手机的 HEIC 照片请先转成 JPG。

放进去以后，展示屏上会显示导入的结果；U盘上也会留下一份“导入报告”
（在 done 或 rejected 文件夹里，文件名以 .import-report.txt 结尾），
用记事本就能打开，里面写着哪个文件第几行有什么问题。
`
