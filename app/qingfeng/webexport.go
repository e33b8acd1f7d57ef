package main

import (
	"context"
	"fmt"
	"path/filepath"

	"qingfeng/content/htmlexport"
	"qingfeng/content/store"
	"qingfeng/kiosk"
)

// exportHTML is `qingfeng export-html --out DIR`: the content the kiosk
// shows right now as a static web site (content/htmlexport), in the
// shell's wording.
func (a *app) exportHTML(ctx context.Context, out string) int {
	if out == "" {
		fmt.Fprintln(a.out, "用法：qingfeng export-html [--data DIR] --out DIR")
		return 2
	}
	return a.withStore(ctx, func(st *store.Store) int {
		fmt.Fprintf(a.out, "正在导出静态网页到 %s\n", out)
		res, err := htmlexport.Export(ctx, st, out, htmlexport.Options{
			SiteName: a.cfg.Site.Name,
			SiteKind: a.cfg.Site.Kind,
			Text: func(key string) string {
				if s := a.cfg.Strings[key]; s != "" {
					return s
				}
				return kiosk.DefaultStrings[key]
			},
			Tiles: htmlexport.Tiles{
				Stories:     kiosk.TileStories,
				Disclosures: kiosk.TileDisclosures,
				Exhibits:    kiosk.TileExhibits,
				Opinions:    kiosk.TileOpinions,
			},
			Progress:             a.out,
			StoryCategories:      a.cfg.Categories.Stories,
			DisclosureCategories: a.cfg.Categories.Disclosures,
		})
		if err != nil {
			fmt.Fprintln(a.out, "导出失败：", err)
			return 1
		}
		abs, _ := filepath.Abs(filepath.Join(out, "index.html"))
		fmt.Fprintf(a.out, "完成：网页 %d 个，图片和音频 %d 个。用浏览器打开 file://%s\n", res.Pages, res.Media, abs)
		return 0
	})
}
