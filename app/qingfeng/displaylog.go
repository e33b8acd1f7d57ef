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
		n, head, err := st.VerifyDisplayLog(ctx)
		if err != nil {
			fmt.Fprintf(a.out, "展示记录有问题：%v（前 %d 条完好）\n", err, n)
			return 1
		}
		fmt.Fprintf(a.out, "展示记录完好：共 %d 条，每一条都和写入时一样，前后相连。\n最后一条的校验值：%s\n（请记下它：下次核对时，这一条还应该在，而且一字不差。）\n", n, head)
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
