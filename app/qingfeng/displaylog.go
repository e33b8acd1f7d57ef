package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"qingfeng/content/durable"
	"qingfeng/content/sheet"
	"qingfeng/content/store"
)

// screenWords names the shell's screens in the display log's export.
var screenWords = map[string]string{
	"home": "首页", "stories": "故事列表", "story": "清廉故事", "disclosures": "公示列表", "table": "公开公示",
	"search": "搜索结果", "search-typing": "搜索", "exhibits": "互动展项列表", "exhibit": "互动展项",
	"opinions": "我有话说", "rating": "打个分", "opinion-form": "写意见", "thanks": "提交成功", "attract": "待机画面",
	"closed": "闭馆时钟", "staff": "工作人员", "staff-pin": "工作人员密码", "soon": "敬请期待",
}

// displayLogVerify is `qingfeng displaylog verify`: walks the chain and says
// whether every entry is as written.
func (a *app) displayLogVerify(ctx context.Context) int {
	return a.withStore(ctx, func(st *store.Store) int {
		w, err := st.WalkDisplayLog(ctx, "")
		if err != nil {
			fmt.Fprintln(a.out, "无法读取展示记录：", err)
			return 1
		}
		if w.BreakSeq != 0 {
			fmt.Fprintf(a.out, "展示记录有问题：%s（前 %d 条完好）\n", breakWords(w), w.Entries)
			return 1
		}
		fmt.Fprintf(a.out, "展示记录完好：共 %d 条，每一条都和写入时一样，前后相连。\n最后一条的校验值：%s\n（请记下它：下次核对时用 --anchor 给出它，这一条还应该在，而且一字不差。）\n", w.Entries, w.Head)
		return 0
	})
}

// displayLogExport is `qingfeng displaylog export --out FILE.csv`: the whole
// log for an inspector, with each entry's hash so it can be checked.
func (a *app) displayLogExport(ctx context.Context, out string) int {
	if out == "" {
		fmt.Fprintln(a.out, "用法：qingfeng displaylog export [--data DIR] --out FILE.csv")
		return 2
	}
	return a.withStore(ctx, func(st *store.Store) int {
		entries, err := st.DisplayLog(ctx, time.Time{}, time.Time{})
		if err != nil {
			fmt.Fprintln(a.out, err)
			return 1
		}
		rows := [][]string{{"序号", "开始显示", "结束显示", "时长（秒）", "屏幕", "内容编号", "标题", "前一条校验值", "本条校验值"}}
		for _, e := range entries {
			screen := screenWords[e.Screen]
			if screen == "" {
				screen = e.Screen
			}
			rows = append(rows, []string{strconv.FormatInt(e.Seq, 10), e.At.In(a.cfg.location).Format("2006-01-02 15:04:05"),
				e.Until.In(a.cfg.location).Format("2006-01-02 15:04:05"), strconv.FormatInt(int64(e.Until.Sub(e.At).Seconds()), 10),
				screen, e.Item, e.Title, e.Prev, e.Hash})
		}
		if err := durable.WriteFunc(out, 0o600, func(w io.Writer) error { return sheet.WriteCSV(w, rows) }); err != nil {
			fmt.Fprintln(a.out, "无法写入：", err)
			return 1
		}
		fmt.Fprintf(a.out, "已导出展示记录 %d 条：%s\n", len(entries), out)
		return 0
	})
}

// breakWords says, in Chinese, where a walk found the display log broken
// ("" when it did not).
func breakWords(w store.DisplayWalk) string {
	switch w.BreakKind {
	case store.BreakMissing:
		return fmt.Sprintf("第 %d 条不见了或被挪动过（那里现在是第 %d 条）", w.BreakSeq, w.BreakNumbered)
	case store.BreakUnlinked:
		return fmt.Sprintf("第 %d 条和前一条接不上（前面有记录被删掉、挪动或改写过）", w.BreakSeq)
	case store.BreakChanged:
		return fmt.Sprintf("第 %d 条写入以后被改过", w.BreakSeq)
	}
	return ""
}

// displayLogAnchor is `qingfeng displaylog verify --anchor HASH`: the log
// is whole and still holds the entry whose hash the office noted.
func (a *app) displayLogAnchor(ctx context.Context, anchor string) int {
	return a.withStore(ctx, func(st *store.Store) int {
		w, err := st.WalkDisplayLog(ctx, anchor)
		if err != nil {
			fmt.Fprintln(a.out, "无法读取展示记录：", err)
			return 1
		}
		at := func(e store.DisplayEntry) string { return e.At.In(a.cfg.location).Format("2006-01-02 15:04:05") }
		found := w.Anchor.Seq != 0
		switch {
		case w.BreakSeq != 0 && found && w.Anchor.Seq < w.BreakSeq:
			fmt.Fprintf(a.out, "核对不通过：要核对的那一条还在（第 %d 条，%s 显示），但它后面的记录断了：%s。\n这以后的记录被改写、删掉或挪动过，不能作数。\n", w.Anchor.Seq, at(w.Anchor), breakWords(w))
		case w.BreakSeq != 0:
			fmt.Fprintf(a.out, "核对不通过：展示记录在要核对的那一条之前就断了：%s（前 %d 条完好）。\n", breakWords(w), w.Entries)
		case !found:
			fmt.Fprintf(a.out, "核对不通过：展示记录里没有校验值为 %s 的那一条。\n记录本身前后相连（共 %d 条），所以是被倒回（后面一段被删掉）或整个重置过；也请核对一下校验值有没有抄错。\n", anchor, w.Entries)
		default:
			fmt.Fprintf(a.out, "核对通过：展示记录完好，并且还有要核对的那一条。\n  那一条：第 %d 条，%s 显示，%s %s\n  它后面还有 %d 条，每一条都和写入时一样，前后相连（共 %d 条）。\n最后一条的校验值：%s\n",
				w.Anchor.Seq, at(w.Anchor), screenName(w.Anchor.Screen), w.Anchor.Title, w.AnchorAfter, w.Entries, w.Head)
			return 0
		}
		return 1
	})
}

// screenName is a screen's name in the display log's words.
func screenName(s string) string {
	if w := screenWords[s]; w != "" {
		return w
	}
	return s
}
