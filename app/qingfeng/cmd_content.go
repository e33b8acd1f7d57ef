package main

import (
	"context"
	"flag"
	"strings"
)

// The commands about the installed content: the kiosk itself, checking,
// installing, listing, searching and exporting it, and its exhibits.

type kioskCmd struct {
	place
	noDemo, windowed, headless bool
}

func (c *kioskCmd) define(fs *flag.FlagSet) {
	c.dataFlags(fs)
	fs.BoolVar(&c.noDemo, "no-demo", false, "不安装内置的示例内容")
	fs.BoolVar(&c.windowed, "windowed", false, "普通窗口，不全屏（开发用）")
	fs.BoolVar(&c.headless, "headless", false, "不显示画面，只导入并打印（服务器、排查问题用）")
}

func (c *kioskCmd) args(rest []string) string {
	if c.windowed && c.headless {
		return "--windowed 和 --headless 只能选一个"
	}
	return noArgs(rest)
}

func (c *kioskCmd) exec(ctx context.Context, a *app, _ []string) int {
	return a.runCmd(ctx, !c.noDemo, c.headless, c.windowed)
}

type checkCmd struct{ place }

func (c *checkCmd) define(fs *flag.FlagSet) { c.configFlag(fs) }
func (c *checkCmd) args(rest []string) string {
	return atLeastOne("内容包（文件夹或 .zip）", rest)
}
func (c *checkCmd) exec(ctx context.Context, a *app, rest []string) int {
	return a.office().Check(ctx, rest)
}

type importCmd struct{ place }

func (c *importCmd) define(fs *flag.FlagSet) { c.dataFlags(fs) }
func (c *importCmd) args(rest []string) string {
	return atLeastOne("内容包（文件夹或 .zip）", rest)
}
func (c *importCmd) exec(ctx context.Context, a *app, rest []string) int {
	return a.importCmd(ctx, rest)
}

type statusCmd struct{ place }

func (c *statusCmd) define(fs *flag.FlagSet)   { c.dataFlags(fs) }
func (c *statusCmd) args(rest []string) string { return noArgs(rest) }
func (c *statusCmd) readsOnly() bool           { return true }
func (c *statusCmd) exec(ctx context.Context, a *app, _ []string) int {
	return a.status(ctx)
}

type searchCmd struct{ place }

func (c *searchCmd) define(fs *flag.FlagSet)   { c.dataFlags(fs) }
func (c *searchCmd) args(rest []string) string { return atLeastOne("要搜索的词", rest) }
func (c *searchCmd) readsOnly() bool           { return true }
func (c *searchCmd) exec(ctx context.Context, a *app, rest []string) int {
	return a.search(ctx, strings.Join(rest, " "))
}

type exportHTMLCmd struct {
	place
	out string
}

func (c *exportHTMLCmd) define(fs *flag.FlagSet) {
	c.dataFlags(fs)
	fs.StringVar(&c.out, "out", "", "写入网页的`文件夹`")
}
func (c *exportHTMLCmd) args(rest []string) string {
	return firstOf(required("out", c.out), noArgs(rest))
}
func (c *exportHTMLCmd) exec(ctx context.Context, a *app, _ []string) int {
	return a.exportHTML(ctx, c.out)
}

type exhibitCmd struct {
	place
	list, print, windowed bool
}

func (c *exhibitCmd) define(fs *flag.FlagSet) {
	c.dataFlags(fs)
	fs.BoolVar(&c.list, "list", false, "列出已安装的展项名称，一行一个")
	fs.BoolVar(&c.print, "print", false, "打印展项的说明（JSON，给 qingfeng-exhibits --spec 用），不播放")
	fs.BoolVar(&c.windowed, "windowed", false, "在普通窗口里播放，不全屏")
}

func (c *exhibitCmd) args(rest []string) string {
	switch {
	case c.list && len(rest) > 0:
		return "--list 后面不写展项名称"
	case !c.list && len(rest) == 0:
		return "缺少展项名称（或者用 --list 列出已安装的展项）"
	}
	return noArgs(rest[min(1, len(rest)):])
}

// readsOnly: listing and printing only read; playing is the kiosk's own
// program at work.
func (c *exhibitCmd) readsOnly() bool { return c.list || c.print }

func (c *exhibitCmd) exec(ctx context.Context, a *app, rest []string) int {
	name := ""
	if len(rest) > 0 {
		name = rest[0]
	}
	return a.exhibitCmd(ctx, name, c.list, c.print, c.windowed)
}

type templateCmd struct {
	place
	out string
}

func (c *templateCmd) define(fs *flag.FlagSet) {
	c.configFlag(fs)
	fs.StringVar(&c.out, "out", "", "写入模板的`文件夹`（新的或空的）")
}
func (c *templateCmd) args(rest []string) string {
	return firstOf(required("out", c.out), noArgs(rest))
}

// exec reads the config for the district's categories: the sample story
// and sheets go in folders named after ones it has.
func (c *templateCmd) exec(_ context.Context, a *app, _ []string) int {
	return a.templateCmd(c.out)
}
