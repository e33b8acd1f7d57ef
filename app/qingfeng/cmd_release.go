package main

import (
	"context"
	"flag"

	"qingfeng/app/office"
)

// The commands of software updates: the office's `release`, and the
// start script's `trial start` and `trial watch`.

type releaseCmd struct {
	noConfig
	key, out, version, bin string
	downgradeFrom          string
}

func (c *releaseCmd) define(fs *flag.FlagSet) {
	fs.StringVar(&c.key, "key", "", "发布者私钥`文件`（publisher.key）")
	fs.StringVar(&c.out, "out", "", "写入更新包的`文件夹`")
	fs.StringVar(&c.version, "version", "", "`版本号`（默认问 bin/qingfeng 自己的版本）")
	fs.StringVar(&c.bin, "bin", "bin", "程序所在的`文件夹`（make build 的 bin；bin/arm64 有就一起放进去）")
	fs.StringVar(&c.downgradeFrom, "downgrade-from", "", "换回旧版本时才用：要换下的`版本号`（展示屏正在运行的，几个用逗号隔开）；只有正在运行这些版本的展示屏会装")
}

func (c *releaseCmd) args(rest []string) string {
	return firstOf(required("key", c.key, "out", c.out), noArgs(rest))
}

func (c *releaseCmd) exec(_ context.Context, a *app, _ []string) int {
	return makeRelease(c.out, c.key, c.version, c.bin, office.SplitVersions(c.downgradeFrom), a)
}

type trialCmd struct {
	noConfig
	releases string
	pid      int
	watch    bool
}

func (c *trialCmd) define(fs *flag.FlagSet) {
	fs.StringVar(&c.releases, "releases", "/opt/qingfeng/releases", "程序版本所在的`文件夹`")
	fs.IntVar(&c.pid, "pid", 0, "启动脚本的进程号（它接着变成新版本的程序）")
}

func (c *trialCmd) args(rest []string) string { return noArgs(rest) }

func (c *trialCmd) exec(_ context.Context, a *app, _ []string) int {
	if c.watch {
		return trialWatch(c.releases, c.pid, a)
	}
	return trialStart(c.releases, c.pid, a)
}

// makeRelease is `qingfeng release`: app/office's, which
// qingfeng-office runs as well.
func makeRelease(out, keyFile, version, bin string, downgradeFrom []string, w *app) int {
	return (&office.Env{Out: w.out, Log: w.log}).Release(out, keyFile, version, bin, downgradeFrom)
}
