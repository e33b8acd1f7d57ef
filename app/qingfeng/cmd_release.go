package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"qingfeng/content/release"
	"qingfeng/content/sign"
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
	var from []string
	for _, v := range strings.Split(c.downgradeFrom, ",") {
		if v = strings.TrimSpace(v); v != "" {
			from = append(from, v)
		}
	}
	return makeRelease(c.out, c.key, c.version, c.bin, from, a)
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

// makeRelease is `qingfeng release`: a signed release of the programs in
// bin (and bin/arm64, where make cross-arm64 built them) into out.
func makeRelease(out, keyFile, version, bin string, downgradeFrom []string, w *app) int {
	key, err := sign.ReadPrivateFile(keyFile)
	if err != nil {
		fmt.Fprintln(w.out, "无法读取签名私钥：", err)
		return 1
	}
	bins := map[string]string{}
	for _, d := range []string{bin, filepath.Join(bin, "arm64")} {
		arch, err := release.ELFArch(filepath.Join(d, "qingfeng"))
		if err != nil {
			continue
		}
		if _, dup := bins[arch]; !dup {
			bins[arch] = d
		}
	}
	if len(bins) == 0 {
		fmt.Fprintf(w.out, "%s 里没有程序：先 make build（和 make cross-arm64）\n", bin)
		return 1
	}
	if version == "" {
		version, err = programVersion(filepath.Join(bin, "qingfeng"))
		if err != nil {
			fmt.Fprintf(w.out, "问不出 %s 的版本（%v）：用 --version 写上\n", filepath.Join(bin, "qingfeng"), err)
			return 1
		}
	}
	// Each qingfeng must be the build of this version: bin/arm64 is
	// easily left from an earlier make cross-arm64.
	for _, d := range bins {
		prog := filepath.Join(d, "qingfeng")
		got, err := release.EmbeddedVersion(prog)
		if err != nil || got != version {
			if got == "" {
				got = "不知道（不是用 make 编译的）"
			}
			fmt.Fprintf(w.out, "没有做成更新包：%s 的版本是 %s，不是 %s。请先重新编译（make build；有 ARM 展示屏的还要 make cross-arm64），再做更新包\n", prog, got, version)
			if err != nil {
				w.log.Warn("cannot read the program's build information", "program", prog, "err", err)
			}
			return 1
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		fmt.Fprintln(w.out, err)
		return 1
	}
	dir, err := release.Make(out, version, bins, downgradeFrom, key, time.Now())
	if err != nil {
		fmt.Fprintln(w.out, "没有做成更新包：", err)
		return 1
	}
	archs := make([]string, 0, len(bins))
	for a := range bins {
		archs = append(archs, a)
	}
	kind := ""
	if len(downgradeFrom) > 0 {
		kind = "（降级，只给正在运行 " + strings.Join(downgradeFrom, "、") + " 的展示屏）"
	}
	fmt.Fprintf(w.out, "已做好程序更新包%s：%s\n版本 %s，架构 %s，签名钥匙 %s\n把整个文件夹放进各展示屏的收件箱（同步文件夹或U盘）。\n",
		kind, dir, version, strings.Join(archs, "、"), key.Public().Short())
	return 0
}

// programVersion asks a program built for this machine its version.
func programVersion(prog string) (string, error) {
	out, err := exec.Command(prog, "version").Output()
	if err != nil {
		return "", err
	}
	f := strings.Fields(string(out))
	if len(f) != 2 || f[0] != "qingfeng" {
		return "", fmt.Errorf("它说 %q", strings.TrimSpace(string(out)))
	}
	return f[1], nil
}
