package main

import (
	"bytes"
	"context"
	"errors"
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
	"qingfeng/content/collect"
	"qingfeng/content/inbox"
	"qingfeng/content/outbox"
)

// collectCmd is `qingfeng collect --out DISTRICT.db OUTBOX...`: the district
// office merges the outboxes its kiosks send (Syncthing folders, or copies
// of sticks) and gets the summary beside the database: DISTRICT.xlsx and
// three charts, DISTRICT-sites.png, DISTRICT-months.png and
// DISTRICT-stories.png.
func (a *app) collectCmd(ctx context.Context, out string, dirs, acceptKeys []string) int {
	if out == "" || len(dirs) == 0 {
		fmt.Fprintln(a.out, "usage: qingfeng collect --out DISTRICT.db [--accept-key SITE[=KEY]]... OUTBOX...")
		return 2
	}
	db, err := collect.Open(ctx, out)
	if err != nil {
		fmt.Fprintln(a.out, "无法打开汇总数据库：", err)
		return 1
	}
	defer db.Close()
	for _, r := range db.Withdrawn {
		fmt.Fprintln(a.out, "撤出：", r)
	}
	for _, s := range acceptKeys {
		site, key, _ := strings.Cut(s, "=")
		old, now, err := db.AcceptKey(ctx, site, key)
		switch {
		case errors.Is(err, collect.ErrNoNewKey):
			fmt.Fprintf(a.out, "站点 %s 没有因为换钥匙被拒收的批次，没有什么要接受的。\n", site)
			return 1
		case errors.Is(err, collect.ErrSeveralKeys):
			fmt.Fprintf(a.out, "站点 %s 的批次用了不止一把新钥匙，不知道接受哪一把：\n%s\n请到展示屏上看数据文件夹里的 %s，用“--accept-key %s=钥匙”指定它；其余的批次可能是伪造的。\n",
				site, now, outbox.PublicKeyFile, site)
			return 1
		case err != nil:
			fmt.Fprintln(a.out, "无法接受新钥匙：", err)
			return 1
		}
		if old == "" {
			old = "（没有）"
		}
		fmt.Fprintf(a.out, "已接受站点 %s 的新钥匙 %s（原来登记的是 %s）；它以后的批次只认这把钥匙。\n", site, now, old)
	}
	start := time.Now()
	progress := a.progress()
	res, err := db.Merge(ctx, dirs, func(done, total int) { progress("汇总发件箱", done, total) })
	if err != nil {
		fmt.Fprintln(a.out, "汇总出错：", err)
		return 1
	}
	for _, k := range res.NewKiosks {
		fmt.Fprintf(a.out, "新站点 %s：登记了它的钥匙 %s（以后只汇总这把钥匙签名的批次）\n", k.Site, k.Key)
	}
	for _, r := range res.Refused {
		if r.Kind == outbox.KindKey {
			fmt.Fprintln(a.out, "！！钥匙变了，拒收：", r)
		} else {
			fmt.Fprintln(a.out, "拒收：", r)
		}
	}
	for _, e := range res.Bad {
		fmt.Fprintln(a.out, "这次读不了，下次再试：", e)
	}
	fmt.Fprintf(a.out, "读了 %d 个批次文件：新批次 %d 个，以前汇总过的 %d 个；新意见 %d 条，新浏览记录 %d 条，重复的 %d 条（只算一次）；用时 %s\n",
		res.Files, res.NewBatches, res.Known, res.NewOpinions, res.NewViews, res.Duplicates, time.Since(start).Round(time.Millisecond))
	if len(res.Refused) > 0 || res.StillRefused > 0 {
		fmt.Fprintf(a.out, "拒收的批次文件：这次新拒收 %d 个，以前拒收、没有变过的 %d 个（没有再读）。原因见汇总表的“拒收的批次”；文件留在原处，没有删除或移动。\n",
			len(res.Refused), res.StillRefused)
	}
	sum, err := db.Summarise(ctx, a.cfg.location)
	if err != nil {
		fmt.Fprintln(a.out, "统计出错：", err)
		return 1
	}
	base := strings.TrimSuffix(out, ".db")
	refused, err := db.RefusedFiles(ctx)
	if err != nil {
		fmt.Fprintln(a.out, "统计出错：", err)
		return 1
	}
	if err := writeDistrictXLSX(base+".xlsx", sum, refused, a.cfg.location); err != nil {
		fmt.Fprintln(a.out, "无法写入汇总表：", err)
		return 1
	}
	charts := []struct {
		file, title string
		counts      []collect.Count
	}{
		{base + "-sites.png", "各站点的群众意见（按类别）", sum.BySiteCategory},
		{base + "-months.png", "每月的群众意见（按类别）", sum.ByMonthCategory},
		{base + "-stories.png", "浏览最多的清廉故事", only(sum.Stories, "浏览次数")},
	}
	for _, c := range charts {
		var buf bytes.Buffer
		if err := png.Encode(&buf, stackedBars(c.title, c.counts)); err != nil {
			fmt.Fprintln(a.out, "无法画图：", err)
			return 1
		}
		if err := inbox.WriteFileAtomic(c.file, buf.Bytes()); err != nil {
			fmt.Fprintln(a.out, "无法写入图表：", err)
			return 1
		}
	}
	fmt.Fprintf(a.out, "共 %d 个站点、%d 条意见（待核查 %d 条）。汇总表 %s，图表 %s、%s、%s\n",
		sum.Sites, sum.Opinions, sum.Held, base+".xlsx", charts[0].file, charts[1].file, charts[2].file)
	if sum.OddTimes > 0 {
		fmt.Fprintf(a.out, "注意：有 %d 条意见或浏览记录的时间早于 %d 年或比汇总时晚两天以上：写下它们的展示屏时钟不对（多半是断电后回到了 1970 年）。它们照样汇总，按展示屏记的时间算月份；请把那台展示屏的日期时间调对。\n",
			sum.OddTimes, outbox.Earliest.Year())
	}
	return 0
}

// writeDistrictXLSX writes the summary: a sheet per table, rows × columns
// with totals, written anew each time (atomically).
func writeDistrictXLSX(name string, sum collect.Summary, refused []collect.Refused, loc *time.Location) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	sheets := []struct {
		name, corner string
		counts       []collect.Count
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
	return inbox.WriteFileAtomic(name, buf.Bytes())
}

// only keeps the counts of column col.
func only(counts []collect.Count, col string) []collect.Count {
	var out []collect.Count
	for _, c := range counts {
		if c.Col == col {
			out = append(out, c)
		}
	}
	return out
}

// pivot turns counts into row keys, column keys (each in first-seen order)
// and the cells.
func pivot(counts []collect.Count) (rows, cols []string, cell map[string]map[string]int) {
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

// stackedBars draws horizontal bars, one a row, stacked by column, with a
// legend, in the bundled font: the district's charts need no office software.
func stackedBars(title string, counts []collect.Count) image.Image {
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
