package main

import (
	"context"
	"flag"
	"fmt"
	"qingfeng/app/office"
	"qingfeng/content/collect"
	"strings"

	"qingfeng/content"
	"qingfeng/content/store"
)

// The commands about what the kiosk recorded: the display log, usage
// statistics and residents' opinions, and the district's collection of
// them.

type displayLogVerifyCmd struct {
	place
	anchor string
}

func (c *displayLogVerifyCmd) define(fs *flag.FlagSet) {
	c.dataFlags(fs)
	fs.StringVar(&c.anchor, "anchor", "", "区里记下的一条记录的`校验值`（64 位十六进制）：核对它还在，而且它后面的记录完好")
}

func (c *displayLogVerifyCmd) args(rest []string) string {
	c.anchor = strings.ToLower(strings.TrimSpace(c.anchor))
	if c.anchor != "" && !store.IsDisplayHash(c.anchor) {
		return "--anchor 应该是 64 位十六进制的校验值（0-9、a-f），例如展示屏状态文件或 displaylog verify 给出的那个"
	}
	return noArgs(rest)
}
func (c *displayLogVerifyCmd) readsOnly() bool { return true }
func (c *displayLogVerifyCmd) exec(ctx context.Context, a *app, _ []string) int {
	if c.anchor != "" {
		return a.displayLogAnchor(ctx, c.anchor)
	}
	return a.displayLogVerify(ctx)
}

// outFile is the --out FILE of the export commands.
type outFile struct {
	place
	out string
}

func (c *outFile) define(fs *flag.FlagSet, what string) {
	c.dataFlags(fs)
	fs.StringVar(&c.out, "out", "", "写入的`文件`："+what)
}

func (c *outFile) args(rest []string) string { return firstOf(required("out", c.out), noArgs(rest)) }

type displayLogExportCmd struct{ outFile }

func (c *displayLogExportCmd) define(fs *flag.FlagSet) { c.outFile.define(fs, ".csv") }
func (c *displayLogExportCmd) readsOnly() bool         { return true }
func (c *displayLogExportCmd) exec(ctx context.Context, a *app, _ []string) int {
	return a.displayLogExport(ctx, c.out)
}

type usageExportCmd struct{ outFile }

func (c *usageExportCmd) define(fs *flag.FlagSet) { c.outFile.define(fs, ".csv") }
func (c *usageExportCmd) readsOnly() bool         { return true }
func (c *usageExportCmd) exec(ctx context.Context, a *app, _ []string) int {
	return a.usageExport(ctx, c.out)
}

type opinionsExportCmd struct {
	outFile
	key string
}

func (c *opinionsExportCmd) define(fs *flag.FlagSet) {
	c.outFile.define(fs, ".xlsx 或 .csv")
	fs.StringVar(&c.key, "key", "", "办公室私钥`文件`（office.key）：有它才导出姓名和电话")
}
func (c *opinionsExportCmd) readsOnly() bool { return true }
func (c *opinionsExportCmd) exec(ctx context.Context, a *app, _ []string) int {
	return a.exportOpinions(ctx, c.out, c.key)
}

type outboxCmd struct{ place }

func (c *outboxCmd) define(fs *flag.FlagSet)   { c.dataFlags(fs) }
func (c *outboxCmd) args(rest []string) string { return noArgs(rest) }
func (c *outboxCmd) exec(ctx context.Context, a *app, _ []string) int {
	return a.outboxCmd(ctx)
}

type collectCmd struct {
	place
	out         string
	acceptKeys  []string
	overdueDays int
	fleet       office.FleetFlags
}

func (c *collectCmd) define(fs *flag.FlagSet) {
	c.configFlag(fs)
	fs.StringVar(&c.out, "out", "", "区里的数据库`文件`（DISTRICT.db），汇总写在它旁边")
	fs.Func("accept-key", "接受某个站点换了的展示屏钥匙：`SITE`，或者该站点的批次带着几把钥匙时写 SITE=KEY；可以写多次", func(v string) error {
		if site, _, _ := strings.Cut(v, "="); site == "" {
			return fmt.Errorf("要写站点编号，或 SITE=KEY")
		}
		c.acceptKeys = append(c.acceptKeys, v)
		return nil
	})
	fs.IntVar(&c.overdueDays, "overdue-days", content.DefaultReplyOverdueDays, "意见收到后超过几`天`还没有答复算逾期")
	fs.Float64Var(&c.fleet.StaleHours, "stale-hours", collect.DefaultStaleHours, "展示屏在开放时间里超过几`小时`没有状态文件算“没有消息”")
	fs.StringVar(&c.fleet.Release, "release", "", "展示屏都应该运行的程序`版本`（不写：按展示屏上最新的版本算）")
	fs.StringVar(&c.fleet.Published, "published", "", "区里发布内容包的`文件夹`：展示屏上的内容包比这里的旧就标出来（不写：只和别的展示屏比）")
	fs.Func("accept-log", "核实过某个站点被标成“展示记录被改动”的展示屏后，接受它现在的记录：`SITE`；可以写多次", func(v string) error {
		if v == "" {
			return fmt.Errorf("要写站点编号")
		}
		c.fleet.AcceptLogs = append(c.fleet.AcceptLogs, v)
		return nil
	})
}

func (c *collectCmd) args(rest []string) string {
	if c.overdueDays < 1 {
		return "--overdue-days 至少是 1 天"
	}
	if c.fleet.StaleHours < 0 {
		return "--stale-hours 不能是负数（0 表示不检查）"
	}
	return firstOf(required("out", c.out), atLeastOne("发件箱文件夹", rest))
}

func (c *collectCmd) exec(ctx context.Context, a *app, rest []string) int {
	return a.office().Collect(ctx, c.out, rest, c.acceptKeys, c.overdueDays, c.fleet)
}
