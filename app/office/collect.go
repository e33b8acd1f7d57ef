package office

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"qingfeng/content/collect"
	"qingfeng/content/durable"
	"qingfeng/content/outbox"
)

// Collect is `qingfeng collect --out DISTRICT.db OUTBOX...`: the district
// office merges the outboxes its kiosks send (Syncthing folders, or copies
// of sticks) and gets the summary beside the database: DISTRICT.xlsx and
// three charts, DISTRICT-sites.png, DISTRICT-months.png and
// DISTRICT-stories.png; and the fleet page, DISTRICT-fleet.html.
func (e *Env) Collect(ctx context.Context, out string, dirs, acceptKeys []string, overdueDays int, fl FleetFlags) int {
	if out == "" || len(dirs) == 0 {
		fmt.Fprintln(e.Out, "用法：qingfeng collect --out DISTRICT.db [--accept-key SITE[=KEY]]... [--accept-log SITE]... [--stale-hours N] [--release V] [--published DIR] OUTBOX...")
		return 2
	}
	// A stick's qingfeng/outbox is opened into its site folders.
	dirs = collect.OutboxFolders(dirs)
	db, err := collect.Open(ctx, out)
	if err != nil {
		fmt.Fprintln(e.Out, "无法打开汇总数据库：", err)
		return 1
	}
	defer db.Close()
	db.OverdueDays = overdueDays
	for _, r := range db.Withdrawn {
		fmt.Fprintln(e.Out, "撤出：", r)
	}
	for _, s := range acceptKeys {
		site, key, _ := strings.Cut(s, "=")
		old, now, err := db.AcceptKey(ctx, site, key)
		switch {
		case errors.Is(err, collect.ErrNoNewKey):
			fmt.Fprintf(e.Out, "站点 %s 没有因为换钥匙被拒收的批次，没有什么要接受的。\n", site)
			return 1
		case errors.Is(err, collect.ErrSeveralKeys):
			fmt.Fprintf(e.Out, "站点 %s 的批次用了不止一把新钥匙，不知道接受哪一把：\n%s\n请到展示屏上看数据文件夹里的 %s，用“--accept-key %s=钥匙”指定它；其余的批次可能是伪造的。\n",
				site, now, outbox.PublicKeyFile, site)
			return 1
		case err != nil:
			fmt.Fprintln(e.Out, "无法接受新钥匙：", err)
			return 1
		}
		if old == "" {
			old = "（没有）"
		}
		fmt.Fprintf(e.Out, "已接受站点 %s 的新钥匙 %s（原来登记的是 %s）；它以后的批次只认这把钥匙。\n", site, now, old)
	}
	if !e.acceptLogs(ctx, db, fl.AcceptLogs) {
		return 1
	}
	start := time.Now()
	progress := e.Progress()
	res, err := db.Merge(ctx, dirs, func(done, total int) { progress("汇总发件箱", done, total) })
	if err != nil {
		fmt.Fprintln(e.Out, "汇总出错：", err)
		return 1
	}
	for _, k := range res.NewKiosks {
		fmt.Fprintf(e.Out, "新站点 %s：登记了它的钥匙 %s（以后只汇总这把钥匙签名的批次）\n", k.Site, k.Key)
	}
	for _, r := range res.Refused {
		if r.Kind == outbox.KindKey {
			fmt.Fprintln(e.Out, "！！钥匙变了，拒收：", r)
		} else {
			fmt.Fprintln(e.Out, "拒收：", r)
		}
	}
	for _, bad := range res.Bad {
		fmt.Fprintln(e.Out, "这次读不了，下次再试：", bad)
	}
	fmt.Fprintf(e.Out, "读了 %d 个批次文件：新批次 %d 个，以前汇总过的 %d 个；新意见 %d 条，新浏览记录 %d 条，重复的 %d 条（只算一次）；用时 %s\n",
		res.Files, res.NewBatches, res.Known, res.NewOpinions, res.NewViews, res.Duplicates, time.Since(start).Round(time.Millisecond))
	if len(res.Refused) > 0 || res.StillRefused > 0 {
		fmt.Fprintf(e.Out, "拒收的批次文件：这次新拒收 %d 个，以前拒收、没有变过的 %d 个（没有再读）。原因见汇总表的“拒收的批次”；文件留在原处，没有删除或移动。\n",
			len(res.Refused), res.StillRefused)
	}
	sum, err := db.Summarise(ctx, e.Loc)
	if err != nil {
		fmt.Fprintln(e.Out, "统计出错：", err)
		return 1
	}
	base := strings.TrimSuffix(out, ".db")
	refused, err := db.RefusedFiles(ctx)
	if err != nil {
		fmt.Fprintln(e.Out, "统计出错：", err)
		return 1
	}
	if sum.Fleet = e.collectFleet(ctx, db, base, dirs, fl); sum.Fleet == nil {
		return 1
	}
	if err := collect.WriteWorkbook(base+".xlsx", sum, refused, e.Loc); err != nil {
		fmt.Fprintln(e.Out, "无法写入汇总表：", err)
		return 1
	}
	charts := collect.Charts(base, sum)
	for _, c := range charts {
		data, err := c.PNG()
		if err != nil {
			fmt.Fprintln(e.Out, "无法画图：", err)
			return 1
		}
		if err := durable.WriteFile(c.File, data, 0o600); err != nil {
			fmt.Fprintln(e.Out, "无法写入图表：", err)
			return 1
		}
	}
	fmt.Fprintf(e.Out, "共 %d 个站点、%d 条意见（待核查 %d 条）。汇总表 %s，图表 %s、%s、%s、%s\n",
		sum.Sites, sum.Opinions, sum.Held, base+".xlsx", charts[0].File, charts[1].File, charts[2].File, charts[3].File)
	handled := map[string]int{}
	for _, c := range sum.HandlingBySite {
		handled[c.Col] += c.N
	}
	fmt.Fprintf(e.Out, "意见办理：已答复 %d 条，办理中 %d 条，超过 %d 天没有答复的 %d 条（在汇总表的“%s”里标红）。答复填在那张表里，再用 qingfeng replies import 导入。\n",
		handled[collect.HandlingAnswered], handled[collect.HandlingPending], sum.OverdueDays, handled[collect.HandlingOverdue], collect.HandlingSheet)
	if sum.OddTimes > 0 {
		fmt.Fprintf(e.Out, "注意：有 %d 条意见或浏览记录的时间早于 %d 年或比汇总时晚两天以上：写下它们的展示屏时钟不对（多半是断电后回到了 1970 年）。它们照样汇总，按展示屏记的时间算月份；请把那台展示屏的日期时间调对。\n",
			sum.OddTimes, outbox.Earliest.Year())
	}
	return 0
}
