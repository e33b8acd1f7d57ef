package main

import (
	"context"
	"errors"
	"flag"
	"strings"

	"qingfeng/app/office"
	"qingfeng/content"
	"qingfeng/content/collect"
	"qingfeng/content/replies"
)

// command is one subcommand: its flags, a check of its arguments (a
// Chinese message, "" when right) and what it does.
type command struct {
	name, usage, summary string
	define               func(fs *flag.FlagSet)
	args                 func(rest []string) string
	exec                 func(ctx context.Context, e *office.Env, rest []string) int
}

// commands returns the table of commands, each with fresh flag values.
func commands() []command {
	var keyOut, signKey, dbOut, replyDB, packOut, district string
	var dataDir, exportOut, officeKey, relVersion, relBin, downgradeFrom string
	var signing bool
	var acceptKeys []string
	var overdue int
	var fl office.FleetFlags
	return []command{
		{name: "keygen", usage: "--out DIR [--signing]", summary: "生成办公室的钥匙（意见里的姓名电话用），或加 --signing 生成内容包签名钥匙",
			define: func(fs *flag.FlagSet) {
				fs.StringVar(&keyOut, "out", "", "写入钥匙的`文件夹`")
				fs.BoolVar(&signing, "signing", false, "发布者签名用的钥匙（publisher.key、publisher.pub），不是意见办公室的")
			},
			args: func(rest []string) string { return firstOf(required("out", keyOut), noArgs(rest)) },
			exec: func(_ context.Context, e *office.Env, _ []string) int {
				if signing {
					return office.KeygenSigning(keyOut, e.Out)
				}
				return office.Keygen(keyOut, e.Out)
			}},
		{name: "sign", usage: "PACKAGE --key publisher.key", summary: "检查内容包并用发布者私钥签名",
			define: func(fs *flag.FlagSet) {
				fs.StringVar(&signKey, "key", "", "发布者私钥`文件`（publisher.key）")
			},
			args: func(rest []string) string {
				switch {
				case len(rest) == 0:
					return "缺少要签名的内容包"
				case len(rest) > 1:
					return noArgs(rest[1:])
				}
				return required("key", signKey)
			},
			exec: func(ctx context.Context, e *office.Env, rest []string) int { return e.Sign(ctx, rest[0], signKey) }},
		{name: "check", usage: "PACKAGE...", summary: "检查内容包，不导入",
			define: func(*flag.FlagSet) {},
			args: func(rest []string) string {
				if len(rest) == 0 {
					return "缺少内容包（文件夹或 .zip）"
				}
				return ""
			},
			exec: func(ctx context.Context, e *office.Env, rest []string) int { return e.Check(ctx, rest) }},
		{name: "collect", usage: "--out DISTRICT.db [选项] OUTBOX...", summary: "汇总各展示屏的发件箱（Syncthing 文件夹或U盘上的 qingfeng/outbox/站点）",
			define: func(fs *flag.FlagSet) {
				fs.StringVar(&dbOut, "out", "", "区里的数据库`文件`（DISTRICT.db），汇总写在它旁边")
				fs.Func("accept-key", "接受某个站点换了的展示屏钥匙：`SITE`，或 SITE=KEY；可以写多次", func(v string) error {
					if site, _, _ := strings.Cut(v, "="); site == "" {
						return errors.New("要写站点编号，或 SITE=KEY")
					}
					acceptKeys = append(acceptKeys, v)
					return nil
				})
				fs.IntVar(&overdue, "overdue-days", content.DefaultReplyOverdueDays, "意见收到后超过几`天`还没有答复算逾期")
				fs.Float64Var(&fl.StaleHours, "stale-hours", collect.DefaultStaleHours, "展示屏在开放时间里超过几`小时`没有状态文件算“没有消息”")
				fs.StringVar(&fl.Release, "release", "", "展示屏都应该运行的程序`版本`")
				fs.StringVar(&fl.Published, "published", "", "区里发布内容包的`文件夹`")
				fs.Func("accept-log", "接受某个站点现在的展示记录：`SITE`；可以写多次", func(v string) error {
					if v == "" {
						return errors.New("要写站点编号")
					}
					fl.AcceptLogs = append(fl.AcceptLogs, v)
					return nil
				})
			},
			args: func(rest []string) string {
				switch {
				case overdue < 1:
					return "--overdue-days 至少是 1 天"
				case fl.StaleHours < 0:
					return "--stale-hours 不能是负数（0 表示不检查）"
				case len(rest) == 0 && dbOut != "":
					return "缺少发件箱文件夹"
				}
				return required("out", dbOut)
			},
			exec: func(ctx context.Context, e *office.Env, rest []string) int {
				return e.Collect(ctx, dbOut, rest, acceptKeys, overdue, fl)
			}},
		{name: "replies import", usage: "--db DISTRICT.db FILE.xlsx", summary: "导入区里在汇总表“意见办理”里填好的答复",
			define: func(fs *flag.FlagSet) {
				fs.StringVar(&replyDB, "db", "", "区里的数据库`文件`（DISTRICT.db）")
			},
			args: func(rest []string) string {
				switch {
				case len(rest) == 0:
					return firstOf(required("db", replyDB), "缺少填好答复的表格（.xlsx）")
				case len(rest) > 1:
					return noArgs(rest[1:])
				}
				return required("db", replyDB)
			},
			exec: func(ctx context.Context, e *office.Env, rest []string) int {
				return e.RepliesImport(ctx, replyDB, rest[0])
			}},
		{name: "replies pack", usage: "--db DISTRICT.db --key publisher.key --out DIR [--district NAME]", summary: "写出签了名的答复包，发给各展示屏",
			define: func(fs *flag.FlagSet) {
				fs.StringVar(&replyDB, "db", "", "区里的数据库`文件`（DISTRICT.db）")
				fs.StringVar(&signKey, "key", "", "发布者私钥`文件`（publisher.key）")
				fs.StringVar(&packOut, "out", "", "答复包写入的`文件夹`")
				fs.StringVar(&district, "district", replies.DefaultDistrict, "区的`名称`（小写字母、数字和“-”），答复包叫 replies-名称")
			},
			args: func(rest []string) string {
				return firstOf(required("db", replyDB), required("key", signKey), required("out", packOut), noArgs(rest))
			},
			exec: func(ctx context.Context, e *office.Env, _ []string) int {
				return e.RepliesPack(ctx, replyDB, signKey, packOut, district)
			}},
		{name: "opinions export", usage: "--data DIR --out FILE.xlsx|FILE.csv [--key office.key]", summary: "把展示屏数据文件夹（从展示屏拷来的）里的意见导出成表格；有办公室私钥才看得到姓名电话",
			define: func(fs *flag.FlagSet) {
				fs.StringVar(&dataDir, "data", "", "展示屏的数据`文件夹`（里面有 qingfeng.db），可以是拷到U盘上的")
				fs.StringVar(&exportOut, "out", "", "导出的`文件`（.xlsx 或 .csv）")
				fs.StringVar(&officeKey, "key", "", "办公室私钥`文件`（office.key）：有它才导出姓名和电话")
			},
			args: func(rest []string) string {
				return firstOf(required("data", dataDir), required("out", exportOut), noArgs(rest))
			},
			exec: func(ctx context.Context, e *office.Env, _ []string) int {
				return e.ExportOpinions(ctx, "qingfeng-office opinions export --data DIR --out FILE.xlsx|FILE.csv [--key office.key]", dataDir, exportOut, officeKey, office.OfficeKey{})
			}},
		{name: "release", usage: "--key publisher.key --out DIR --bin DIR [--version V] [--downgrade-from V]", summary: "把展示屏的 Linux 程序（make build 编好的）做成签了名的程序更新包",
			define: func(fs *flag.FlagSet) {
				fs.StringVar(&signKey, "key", "", "发布者私钥`文件`（publisher.key）")
				fs.StringVar(&packOut, "out", "", "写入更新包的`文件夹`")
				fs.StringVar(&relVersion, "version", "", "`版本号`（默认读 --bin 里 qingfeng 编译时记下的版本）")
				fs.StringVar(&relBin, "bin", "bin", "展示屏程序 qingfeng、qingfeng-exhibits 所在的`文件夹`（make build 的 bin；它下面的 arm64 有就一起放进去）")
				fs.StringVar(&downgradeFrom, "downgrade-from", "", "换回旧版本时才用：要换下的`版本号`（展示屏正在运行的，几个用逗号隔开）；只有正在运行这些版本的展示屏会装")
			},
			args: func(rest []string) string {
				return firstOf(required("key", signKey), required("out", packOut), noArgs(rest))
			},
			exec: func(_ context.Context, e *office.Env, _ []string) int {
				return e.Release(packOut, signKey, relVersion, relBin, office.SplitVersions(downgradeFrom))
			}},
	}
}
