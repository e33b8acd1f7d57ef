package main

// status and search: what the kiosk holds, printed for staff.

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"qingfeng/content/inbox"
	"qingfeng/content/store"
)

func (a *app) printInstalled(ctx context.Context, st *store.Store) {
	pkgs, err := st.Packages(ctx)
	if err != nil {
		fmt.Fprintln(a.out, "无法读取已安装内容：", err)
		return
	}
	now := time.Now()
	stories, _ := st.Stories(ctx, now, "")
	discs, _ := st.Disclosures(ctx, now, "")
	fmt.Fprintf(a.out, "本机（%s · %s）已安装 %d 个内容包，现在展示故事 %d 篇、公示 %d 张：\n", a.cfg.Site.Name, a.cfg.Site.Kind, len(pkgs), len(stories), len(discs))
	for _, p := range pkgs {
		fmt.Fprintf(a.out, "  %-24s 版本%-3d %s\n", p.ID, p.Version, inbox.ReportName(p.Title))
	}
}

func (a *app) status(ctx context.Context) int {
	return a.withStore(ctx, func(st *store.Store) int {
		a.printInstalled(ctx, st)
		recs, err := st.Imports(ctx, 10)
		if err != nil {
			fmt.Fprintln(a.out, err)
			return 1
		}
		fmt.Fprintln(a.out, "最近的导入：")
		for _, r := range recs {
			ok := "成功"
			if !r.OK {
				ok = "未导入"
			}
			fmt.Fprintf(a.out, "  %s  %-6s %s 版本%d  %s\n", r.At.In(a.cfg.location).Format("2006-01-02 15:04:05"), ok, r.PackageID, r.Version, filepath.Base(r.Source))
		}
		return 0
	})
}

func (a *app) search(ctx context.Context, q string) int {
	return a.withStore(ctx, func(st *store.Store) int {
		hits, err := st.Search(ctx, q, time.Now(), 20)
		if err != nil {
			fmt.Fprintln(a.out, err)
			return 1
		}
		for _, h := range hits {
			fmt.Fprintf(a.out, "%-10s %s/%s  %s — %s\n", h.Kind, h.PackageID, h.ItemID, inbox.ReportName(h.Title), inbox.ReportName(h.Snippet))
		}
		fmt.Fprintf(a.out, "共 %d 条\n", len(hits))
		return 0
	})
}
