package office

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"qingfeng/content/release"
	"qingfeng/content/sign"
)

// SplitVersions reads --downgrade-from: versions separated by commas.
func SplitVersions(s string) []string {
	var vs []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			vs = append(vs, v)
		}
	}
	return vs
}

// Release is `release`: a signed release (content/release) of the kiosk's
// programs in bin (and bin/arm64, where make cross-arm64 built them) into
// out. The programs are only read, never run, so an office on Windows
// packs the Linux programs it was given. version "" is the version make
// stamped into bin/qingfeng.
func (e *Env) Release(out, keyFile, version, bin string, downgradeFrom []string) int {
	key, err := sign.ReadPrivateFile(keyFile)
	if err != nil {
		fmt.Fprintln(e.Out, "无法读取签名私钥：", err)
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
		fmt.Fprintf(e.Out, "%s 里没有展示屏的程序（Linux 的 qingfeng）：先 make build（和 make cross-arm64），或用 --bin 指定它们所在的文件夹\n", bin)
		return 1
	}
	if version == "" {
		prog := filepath.Join(bin, "qingfeng")
		version, err = release.EmbeddedVersion(prog)
		if err != nil || version == "" {
			fmt.Fprintf(e.Out, "问不出 %s 的版本（不是用 make 编译的）：用 --version 写上\n", prog)
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
			fmt.Fprintf(e.Out, "没有做成更新包：%s 的版本是 %s，不是 %s。请先重新编译（make build；有 ARM 展示屏的还要 make cross-arm64），再做更新包\n", prog, got, version)
			if err != nil && e.Log != nil {
				e.Log.Warn("cannot read the program's build information", "program", prog, "err", err)
			}
			return 1
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		fmt.Fprintln(e.Out, err)
		return 1
	}
	dir, err := release.Make(out, version, bins, downgradeFrom, key, time.Now())
	if err != nil {
		fmt.Fprintln(e.Out, "没有做成更新包：", err)
		return 1
	}
	archs := make([]string, 0, len(bins))
	for a := range bins {
		archs = append(archs, a)
	}
	slices.Sort(archs)
	kind := ""
	if len(downgradeFrom) > 0 {
		kind = "（降级，只给正在运行 " + strings.Join(downgradeFrom, "、") + " 的展示屏）"
	}
	fmt.Fprintf(e.Out, "已做好程序更新包%s：%s\n版本 %s，架构 %s，签名钥匙 %s\n把整个文件夹放进各展示屏的收件箱（同步文件夹或U盘）。\n",
		kind, dir, version, strings.Join(archs, "、"), key.Public().Short())
	return 0
}
