package office

import (
	"context"
	"errors"
	"fmt"
	"time"

	"qingfeng/content"
	"qingfeng/content/collect"
	"qingfeng/content/fleetpage"
)

// FleetFlags are collect's flags for the fleet page.
type FleetFlags struct {
	StaleHours float64
	Release    string
	Published  string // the office's published content folder
	AcceptLogs []string
}

// acceptLogs clears the display logs the office has looked at (--accept-log).
func (e *Env) acceptLogs(ctx context.Context, db *collect.DB, sites []string) bool {
	for _, site := range sites {
		b, err := db.AcceptLog(ctx, site)
		switch {
		case errors.Is(err, collect.ErrLogNotBroken):
			fmt.Fprintf(e.Out, "站点 %s 的展示记录没有被标成改动过，没有什么要接受的。\n", site)
			return false
		case err != nil:
			fmt.Fprintln(e.Out, "无法接受展示记录：", err)
			return false
		}
		fmt.Fprintf(e.Out, "已接受站点 %s 现在的展示记录（原来发现的是：%s）；以后从它下一个状态文件重新核对。\n", site, b.Words)
	}
	return true
}

// collectFleet reads the outboxes' heartbeats, judges every kiosk and
// writes the fleet page beside the workbook; it returns the fleet for the
// workbook's sheet, or nil after saying what failed.
func (e *Env) collectFleet(ctx context.Context, db *collect.DB, base string, dirs []string, fl FleetFlags) *collect.Fleet {
	res, err := db.MergeHeartbeats(ctx, dirs)
	if err != nil {
		fmt.Fprintln(e.Out, "汇总展示屏状态出错：", err)
		return nil
	}
	for _, r := range res.Refused {
		fmt.Fprintf(e.Out, "状态文件没有采用（%s）：%s：%s\n", r.Word, content.Printable(r.File), r.Reason)
	}
	for _, b := range res.Broken {
		fmt.Fprintf(e.Out, "！！站点 %s 的展示记录被改动：%s。核实后用“qingfeng collect --accept-log %s”解除\n", b.Site, b.Words, b.Site)
	}
	for _, bad := range res.Bad {
		fmt.Fprintln(e.Out, "这次读不了，下次再试：", bad)
	}
	var published map[string]int
	if fl.Published != "" {
		var problems []string
		published, problems, err = collect.Published(fl.Published)
		if err != nil {
			e.Log.Warn("published folder unreadable", "dir", fl.Published, "err", err)
			fmt.Fprintf(e.Out, "读不了发布文件夹 %s：内容包是不是最新的，这次只和别的展示屏比\n", content.Printable(fl.Published))
		}
		for _, p := range problems {
			fmt.Fprintln(e.Out, "发布文件夹里这个内容包看不出版本，没有算进去：", content.Printable(p))
		}
	}
	f, err := db.Fleet(ctx, collect.Rules{Now: time.Now(), StaleHours: fl.StaleHours, Release: fl.Release, Loc: e.Loc, Published: published})
	if err != nil {
		fmt.Fprintln(e.Out, "汇总展示屏状态出错：", err)
		return nil
	}
	progress := e.Progress()
	page, err := fleetpage.Write(ctx, fleetpage.Page{Base: base, Fleet: f, History: db.History, Loc: e.Loc},
		func(done, total int) { progress("展示屏状态页", done, total) })
	if err != nil {
		fmt.Fprintln(e.Out, "无法写入展示屏状态页：", err)
		return nil
	}
	for _, s := range page.Thumbs {
		fmt.Fprintln(e.Out, "截图没有做成小图：", s)
	}
	for _, s := range page.Skipped {
		fmt.Fprintln(e.Out, "截图没有采用（不是普通文件，或超过 8 MB）：", content.Printable(s))
	}
	var n [4]int
	for _, k := range f.Kiosks {
		n[k.Worst()]++
	}
	fmt.Fprintf(e.Out, "展示屏 %d 台：严重 %d，要处理 %d，要留意 %d，正常 %d（状态文件新收到 %d 个，没有采用 %d 个，原因见状态页底部）。状态页 %s\n",
		len(f.Kiosks), n[collect.LevelAlarm], n[collect.LevelWarn], n[collect.LevelNotice], n[collect.LevelOK], res.New, len(f.Refused), page.File)
	return &f
}
