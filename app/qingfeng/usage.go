package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"qingfeng/content/durable"
	"qingfeng/content/sheet"
	"qingfeng/content/stats"
	"qingfeng/content/store"
	"qingfeng/kiosk"
)

// usageLog is the shell's kiosk.UsageRecorder: it keeps views in memory
// until they are stored.
type usageLog struct{ stats.Log }

func (u *usageLog) Viewed(v kiosk.View) {
	u.Add(store.UsageView{At: v.At, Screen: v.Screen, Item: v.Item, Title: v.Title, Dwell: v.Dwell, Taps: v.Taps})
}

// held returns a copy of the views not stored yet.
func (u *usageLog) held() []store.UsageView {
	if u == nil {
		return nil
	}
	return u.Held()
}

// usageExport is `qingfeng usage export --out FILE.csv`.
func (a *app) usageExport(ctx context.Context, out string) int {
	if out == "" || !strings.EqualFold(filepath.Ext(out), ".csv") {
		fmt.Fprintln(a.out, "用法：qingfeng usage export [--data DIR] --out FILE.csv")
		return 2
	}
	return a.withStore(ctx, func(st *store.Store) int {
		views, err := st.ViewsSince(ctx, time.Time{})
		if err != nil {
			fmt.Fprintln(a.out, err)
			return 1
		}
		rows := stats.Rows(views, a.cfg.location, screenWords)
		if err := durable.WriteFunc(out, 0o600, func(w io.Writer) error { return sheet.WriteCSV(w, rows) }); err != nil {
			fmt.Fprintln(a.out, "无法写入：", err)
			return 1
		}
		fmt.Fprintf(a.out, "已导出使用统计：%d 条浏览记录，按小时合计 %d 行：%s\n", len(views), len(rows)-1, out)
		return 0
	})
}
