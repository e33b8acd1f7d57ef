package kiosk

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qingfeng/content"
	qtheme "qingfeng/kiosk/theme"
	"qingfeng/kiosk/widgets"
)

// PageRows is how many table rows one page shows: few and large, so an
// elderly visitor reads a page without scrolling.
const PageRows = 8

// disclosuresScreen lists disclosures by category, with search on top.
func (k *Kiosk) disclosuresScreen(category string) *screen {
	s := &screen{name: "disclosures", title: "公开公示"}
	s.build = func() (fyne.CanvasObject, bool) {
		all, err := k.src.Disclosures.Disclosures(k.ctx, k.clock.Now(), "")
		if err != nil {
			k.cfg.Log.Error("disclosures", "err", err)
		}
		var present []string
		var list []DisclosureCard
		for _, d := range all {
			present = append(present, d.Category)
			if category == "" || d.Category == category {
				list = append(list, d)
			}
		}
		// The configured categories, and after them any an installed
		// table still has though the config no longer lists it: its
		// tables stay reachable by a tab, as stories' do.
		tabs := container.NewHBox()
		for _, c := range append([]string{""}, content.OrderCategories(k.disclosureCategories(), present)...) {
			label := c
			if c == "" {
				label = "全部"
			}
			b := k.button(label, nil, func() {
				category = c
				k.rebuild()
			})
			if c == category {
				b.Importance = widget.HighImportance
			}
			tabs.Add(b)
		}
		var cards []fyne.CanvasObject
		for _, d := range list {
			cards = append(cards, k.disclosureCard(d))
		}
		var body fyne.CanvasObject = container.NewCenter(k.heading("暂无公示"))
		if len(cards) > 0 {
			body = k.scroll(container.NewPadded(k.grid(2, cards...)))
		}
		tabScroll := k.scroll(tabs)
		tabScroll.Direction = container.ScrollHorizontalOnly
		top := container.NewVBox(k.searchBar(""), tabScroll)
		return container.NewBorder(container.NewPadded(top), nil, nil, nil, body), true
	}
	return s
}

func (k *Kiosk) disclosureCard(d DisclosureCard) fyne.CanvasObject {
	cat := canvas.NewText(d.Category, qtheme.Red)
	cat.TextSize = k.size(theme.SizeNameCaptionText)
	title := wrapped(d.Title, fyne.TextStyle{Bold: true})
	meta := wrapped(strings.Join(nonEmpty(d.Period, d.Unit, fmt.Sprintf("共%d行", d.Rows)), " · "), fyne.TextStyle{})
	pkg, id := d.PkgID, d.ID
	return newCard(container.NewVBox(cat, title, meta), func() {
		k.Touched()
		k.push(k.tableScreen(pkg, id, -1))
	})
}

// searchBar is a search field with suggested words a visitor can tap
// without typing (the on-screen keyboard comes with the opinions screen).
func (k *Kiosk) searchBar(query string) fyne.CanvasObject {
	search := func(q string) {
		k.Touched()
		if strings.TrimSpace(q) != "" {
			k.push(k.searchScreen(strings.TrimSpace(q)))
		}
	}
	// The box is no Entry: a kiosk has no keyboard, and a focused Entry
	// would call for the system's. A tap opens the kiosk's own.
	field := newInputField("搜索", "点这里输入要找的字，例如：印章、食堂", 1, func() {
		k.Touched()
		k.push(k.searchTyping(query))
	})
	field.text = query
	go1 := k.primary("搜索", theme.SearchIcon(), func() {
		if strings.TrimSpace(query) == "" {
			k.push(k.searchTyping(""))
			return
		}
		search(query)
	})
	hint := canvas.NewText("常用搜索：", qtheme.Grey)
	hint.TextSize = k.size(theme.SizeNameText)
	// The chips wrap onto a second line on a narrow panel.
	chips := container.New(&flowRow{leading: true}, container.NewCenter(hint))
	for _, w := range []string{"印章", "食堂", "租金", "补助", "工程", "学校"} {
		chips.Add(k.button(w, nil, func() { search(w) }))
	}
	return container.NewVBox(container.NewBorder(nil, nil, nil, go1, field), chips)
}

// searchTyping is where a search is typed, on the kiosk's keyboard.
func (k *Kiosk) searchTyping(query string) *screen {
	s := &screen{name: "search-typing", title: "搜索"}
	s.build = func() (fyne.CanvasObject, bool) {
		field := newInputField("要找的字", "用下面的字母键输入拼音", 1, nil)
		field.text = query
		field.active = true
		kb := k.keyboard(s)
		kb.OnText = func(t string) {
			if utf8.RuneCountInString(field.text+t) > 20 {
				return
			}
			field.setText(field.text + t)
		}
		kb.OnDelete = field.deleteLast
		go1 := k.primary("搜索", theme.SearchIcon(), func() {
			k.Touched()
			kb.Flush()
			if q := strings.TrimSpace(field.text); q != "" {
				k.push(k.searchScreen(q))
			}
		})
		top := container.NewPadded(container.NewBorder(nil, nil, nil, go1, field))
		return container.NewBorder(top, k.keyboardArea(kb), nil, nil, layout.NewSpacer()), true
	}
	return s
}

// searchScreen lists what matches q: stories and disclosure rows.
func (k *Kiosk) searchScreen(q string) *screen {
	s := &screen{name: "search", title: "搜索：" + q}
	s.build = func() (fyne.CanvasObject, bool) {
		hits, err := k.src.Search.Search(k.ctx, q, k.clock.Now())
		if err != nil {
			k.cfg.Log.Error("search", "q", q, "err", err)
		}
		col := container.NewVBox(k.searchBar(q))
		if len(hits) == 0 {
			col.Add(container.NewCenter(k.heading("没有找到“" + q + "”")))
		}
		for _, h := range hits {
			kind := "公示"
			if h.Story {
				kind = "故事"
			}
			label := canvas.NewText(kind, qtheme.Red)
			label.TextSize = k.size(theme.SizeNameCaptionText)
			title := wrapped(h.Title, fyne.TextStyle{Bold: true})
			snippet := wrapped(h.Snippet, fyne.TextStyle{})
			h := h
			col.Add(newCard(container.NewVBox(label, title, snippet), func() {
				k.Touched()
				if h.Story {
					k.push(k.storyScreen(h.PkgID, h.ItemID))
				} else {
					k.push(k.tableScreen(h.PkgID, h.ItemID, h.Row))
				}
			}))
		}
		return k.scroll(container.NewPadded(col)), true
	}
	return s
}

// tableView is the state of one disclosure screen: sort and page survive
// a content refresh, not a visit to another screen.
type tableView struct {
	sortCol   int // -1: file order
	desc      bool
	page      int
	chart     bool
	highlight int // row index (file order) to show, -1 none
}

// tableScreen shows a disclosure: its facts, then either the table (fixed
// header, large rows, sort by tapping a column, paging) or a chart.
func (k *Kiosk) tableScreen(pkgID, id string, highlight int) *screen {
	s := &screen{name: "table", title: "公开公示", item: pkgID + "/" + id}
	v := &tableView{sortCol: -1, highlight: highlight}
	if highlight >= 0 {
		v.page = highlight / PageRows
	}
	s.build = func() (fyne.CanvasObject, bool) {
		t, ok, err := k.src.Disclosures.Disclosure(k.ctx, k.clock.Now(), pkgID, id)
		if err != nil {
			k.cfg.Log.Error("disclosure", "id", id, "err", err)
		}
		if !ok {
			return nil, false
		}
		s.title, s.itemTitle = t.Category, t.Title
		var body fyne.CanvasObject
		if v.chart {
			body = k.chart(t)
		} else {
			body = k.table(t, v)
		}
		return container.NewPadded(container.NewBorder(k.tableHead(t, v), nil, nil, nil, body)), true
	}
	return s
}

// tableHead is the disclosure's title and facts, with its actions (the
// chart toggle, 对此提意见) beside them.
func (k *Kiosk) tableHead(t Table, v *tableView) fyne.CanvasObject {
	title := wrapped(t.Title, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	facts := wrapped(strings.Join(nonEmpty(prefix("时间：", t.Period), prefix("责任单位：", t.Unit), validity(t.Window, k.cfg.Location)), "　"), fyne.TextStyle{})
	actions := container.NewHBox()
	if toggle := k.chartToggle(t, v); toggle != nil {
		actions.Add(toggle)
	}
	if k.src.Opinions != nil {
		// A resident reading a disclosure can speak about it at once.
		subject := t.Title
		actions.Add(k.button("对此提意见", theme.MailComposeIcon(), func() { k.push(k.opinionsScreen(subject)) }))
	}
	// Beside the title where the window is wide enough for both,
	// under it where not (an upright 720-wide panel, 大字).
	if w := k.win.Canvas().Size().Width; w > 0 && w < 2.5*actions.MinSize().Width {
		return container.NewVBox(title, facts, actions)
	}
	return container.NewBorder(nil, nil, nil, actions, container.NewVBox(title, facts))
}

// chartToggle switches between the table and the chart; nil for a table
// without amounts to chart.
func (k *Kiosk) chartToggle(t Table, v *tableView) fyne.CanvasObject {
	if len(t.AmountColumns) == 0 {
		return nil
	}
	label := "看图表"
	if v.chart {
		label = "看表格"
	}
	return k.primary(label, nil, func() { v.chart = !v.chart; k.rebuild() })
}

// table is the page of rows v is on: a fixed header to sort by, the rows,
// and the pager under them.
func (k *Kiosk) table(t Table, v *tableView) fyne.CanvasObject {
	order := tableOrder(t, v.sortCol, v.desc)
	pages := max(1, (len(order)+PageRows-1)/PageRows)
	v.page = min(max(v.page, 0), pages-1)
	shown := order[v.page*PageRows : min(len(order), (v.page+1)*PageRows)]
	widths, wrap := k.tableColumns(t, shown)
	layout := &fixedColumns{widths: widths}
	header := k.tableHeader(t, v, layout)
	rows := tableRows(t, shown, v.highlight, layout, wrap)
	pager := k.tablePager(v, pages, len(t.Rows))
	var total float32
	for _, w := range widths {
		total += w
	}
	if total > k.win.Canvas().Size().Width {
		// Wider than the screen (a portrait screen, a wide ledger): the
		// header scrolls sideways with the rows; a page of rows is short
		// enough that it rarely needs to scroll down.
		wide := k.scroll(container.NewVBox(header, rows))
		wide.Direction = container.ScrollBoth
		return container.NewBorder(nil, pager, nil, nil, wide)
	}
	return container.NewBorder(header, pager, nil, nil, k.scroll(rows))
}

// tableOrder is the order the rows are shown in: file order (col < 0), or
// sorted by column col, amounts as numbers with blanks last either way.
func tableOrder(t Table, col int, desc bool) []int {
	order := make([]int, len(t.Rows))
	for i := range order {
		order[i] = i
	}
	if col < 0 || col >= len(t.Header) {
		return order
	}
	amountIdx := -1
	for i, c := range t.AmountColumns {
		if c == col {
			amountIdx = i
		}
	}
	sort.SliceStable(order, func(a, b int) bool {
		ra, rb := t.Rows[order[a]], t.Rows[order[b]]
		var less, greater bool
		if amountIdx >= 0 {
			x, y := ra.Amounts[amountIdx], rb.Amounts[amountIdx]
			if math.IsNaN(x) || math.IsNaN(y) { // blanks last either way
				return !math.IsNaN(x) && math.IsNaN(y)
			}
			less, greater = x < y, x > y
		} else {
			x, y := ra.Cells[col], rb.Cells[col]
			less, greater = x < y, x > y
		}
		if desc {
			return greater
		}
		return less
	})
	return order
}

// tableHeader is the row of column buttons: a tap sorts by the column, a
// second tap the other way.
func (k *Kiosk) tableHeader(t Table, v *tableView, layout fyne.Layout) *fyne.Container {
	header := container.New(layout)
	for i, h := range t.Header {
		mark := ""
		if v.sortCol == i {
			mark = " ▲"
			if v.desc {
				mark = " ▼"
			}
		}
		b := k.button(h+mark, nil, func() {
			if v.sortCol == i {
				v.desc = !v.desc
			} else {
				v.sortCol, v.desc = i, false
			}
			v.page = 0
			k.rebuild()
		})
		header.Add(b)
	}
	return header
}

// tableRows lays out the rows shown in the header's columns, striped, the
// row highlight (file order) marked.
func tableRows(t Table, shown []int, highlight int, layout fyne.Layout, wrap []bool) *fyne.Container {
	isAmount := map[int]bool{}
	for _, c := range t.AmountColumns {
		isAmount[c] = true
	}
	cols := len(t.Header)
	rows := container.NewVBox()
	for n, ri := range shown {
		r := t.Rows[ri]
		line := container.New(layout)
		for i, c := range r.Cells[:min(len(r.Cells), cols)] {
			l := widget.NewLabel(c)
			if wrap[i] {
				l.Wrapping = fyne.TextWrapWord
			}
			if isAmount[i] {
				l.Alignment = fyne.TextAlignTrailing
			}
			line.Add(l)
		}
		bg := canvas.NewRectangle(color.Transparent)
		if n%2 == 1 {
			bg.FillColor = panelColor
		}
		if ri == highlight {
			bg.FillColor = highlightColor
		}
		rows.Add(container.NewStack(bg, line))
	}
	return rows
}

// tablePager turns the pages of a table of n rows.
func (k *Kiosk) tablePager(v *tableView, pages, n int) fyne.CanvasObject {
	prev := k.button("上一页", theme.NavigateBackIcon(), func() { v.page--; k.rebuild() })
	next := k.button("下一页", theme.NavigateNextIcon(), func() { v.page++; k.rebuild() })
	if v.page == 0 {
		prev.Disable()
	}
	if v.page >= pages-1 {
		next.Disable()
	}
	// Centred on one line where there is room, on two where not.
	return container.New(&flowRow{}, prev, widget.NewLabel(fmt.Sprintf("第 %d / %d 页，共 %d 行", v.page+1, pages, n)), next)
}

// tableColumns measures the header and the rows on show and shares the
// screen width among the columns.
func (k *Kiosk) tableColumns(t Table, shown []int) ([]float32, []bool) {
	th := k.app.Settings().Theme()
	pad := 2*th.Size(theme.SizeNameInnerPadding) + 2*th.Size(theme.SizeNamePadding)
	text := th.Size(theme.SizeNameText)
	natural := make([]float32, len(t.Header))
	for i, h := range t.Header {
		natural[i] = fyne.MeasureText(h+" ▼", text, fyne.TextStyle{Bold: true}).Width + pad
	}
	for _, ri := range shown {
		for i, c := range t.Rows[ri].Cells[:min(len(t.Rows[ri].Cells), len(natural))] {
			natural[i] = max(natural[i], fyne.MeasureText(c, text, fyne.TextStyle{}).Width+pad)
		}
	}
	width := k.win.Canvas().Size().Width - 4*th.Size(theme.SizeNamePadding) - th.Size(theme.SizeNameScrollBar)
	return columnWidths(natural, width, 6*text+pad)
}

var highlightColor = color.NRGBA{0xFF, 0xE8, 0xA3, 0xFF}

// chart draws the amount columns. A table whose first column holds dates is
// summed by month (village ledgers: one row per voucher); otherwise each row
// is a bar, labelled by its first text column.
func (k *Kiosk) chart(t Table) fyne.CanvasObject {
	labelCol := 0
	for labelCol < len(t.Header) && slices.Contains(t.AmountColumns, labelCol) {
		labelCol++
	}
	var labels []string
	index := map[string]int{}
	series := make([]widgets.Series, len(t.AmountColumns))
	for i, c := range t.AmountColumns {
		series[i] = widgets.Series{Name: t.Header[c], Color: seriesColors[i%len(seriesColors)]}
	}
	rows := slices.DeleteFunc(slices.Clone(t.Rows), isTotalRow)
	byMonth := labelCol < len(t.Header) && allDates(rows, labelCol)
	for _, r := range rows {
		label := ""
		if labelCol < len(r.Cells) {
			label = r.Cells[labelCol]
		}
		if byMonth {
			d, _ := time.Parse("2006-01-02", r.Cells[labelCol])
			label = fmt.Sprintf("%d月", d.Month())
		}
		i, seen := index[label]
		if !seen || !byMonth {
			i = len(labels)
			index[label] = i
			labels = append(labels, label)
			for s := range series {
				series[s].Values = append(series[s].Values, math.NaN())
			}
		}
		for s, a := range r.Amounts {
			if math.IsNaN(a) {
				continue
			}
			if math.IsNaN(series[s].Values[i]) {
				series[s].Values[i] = 0
			}
			series[s].Values[i] += a
		}
	}
	c := widgets.NewBarChart("", labels, series...)
	c.Unit = "元"
	c.Horizontal = !byMonth && len(labels) > 6
	if byMonth {
		c.Title = "按月汇总"
	}
	return c
}

// totalWords begin the label of a total row (合计, 本月合计, 小计…), which
// the table shows but a chart must not draw as one more bar beside the
// rows it adds up.
var totalWords = []string{"合计", "小计", "总计", "累计", "本页合计", "本月合计", "本季合计", "本季度合计", "本年合计", "本年累计"}

// isTotalRow says whether r's first cells (where a ledger writes it) name
// a total: the word alone, spaces and a colon allowed ("合 计", "合计：").
func isTotalRow(r content.Row) bool {
	for _, c := range r.Cells[:min(2, len(r.Cells))] {
		w := strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) || r == '：' || r == ':' {
				return -1
			}
			return r
		}, c)
		if slices.Contains(totalWords, w) {
			return true
		}
	}
	return false
}

var seriesColors = []color.Color{qtheme.Red, qtheme.Gold, color.NRGBA{0x2E, 0x7D, 0x32, 0xFF}, color.NRGBA{0x15, 0x65, 0xC0, 0xFF}}

func allDates(rows []content.Row, col int) bool {
	if len(rows) == 0 {
		return false
	}
	for _, r := range rows {
		if _, err := time.Parse("2006-01-02", r.Cells[col]); err != nil {
			return false
		}
	}
	return true
}

func nonEmpty(xs ...string) []string {
	var out []string
	for _, x := range xs {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

func prefix(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

// validity says for how long a disclosure is on show, in words.
func validity(w content.Window, loc *time.Location) string {
	day := func(t time.Time) string { return t.In(loc).Format("2006年1月2日") }
	switch {
	case !w.From.IsZero() && !w.Until.IsZero():
		return "公示期：" + day(w.From) + "至" + day(w.Until.Add(-time.Second))
	case !w.Until.IsZero():
		return "公示至" + day(w.Until.Add(-time.Second))
	case !w.From.IsZero():
		return "自" + day(w.From) + "起公示"
	}
	return ""
}

// storyCategories are the configured story categories, or content's.
func (k *Kiosk) storyCategories() []string {
	if len(k.cfg.StoryCategories) > 0 {
		return k.cfg.StoryCategories
	}
	return content.StoryCategories
}

// disclosureCategories are the configured disclosure categories, or
// content's.
func (k *Kiosk) disclosureCategories() []string {
	if len(k.cfg.DisclosureCategories) > 0 {
		return k.cfg.DisclosureCategories
	}
	return content.DisclosureCategories
}
