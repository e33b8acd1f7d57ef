package main

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// Help: the list of commands, each command's usage and flags, the version.

func printUsage(w io.Writer, sp *spec, fs *flag.FlagSet) {
	fmt.Fprintf(w, "用法：qingfeng %s %s\n", sp.name, sp.usage)
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		if arg != "" {
			arg = " " + arg
		}
		if _, ok := f.Value.(interface{ IsBoolFlag() bool }); ok {
			arg = ""
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "[]" {
			def = "（默认 " + f.DefValue + "）"
		}
		fmt.Fprintf(w, "  --%s%s\n        %s%s\n", f.Name, arg, usage, def)
	})
}

func printHelp(w io.Writer, sp *spec) {
	fmt.Fprintf(w, "qingfeng %s — %s\n\n", sp.name, sp.summary)
	fs := flag.NewFlagSet(sp.name, flag.ContinueOnError)
	sp.new().define(fs)
	printUsage(w, sp, fs)
	if sp.more != "" {
		fmt.Fprintf(w, "\n%s\n", sp.more)
	}
}

// overview is `qingfeng help`: every command with its one line.
func overview(w io.Writer) {
	fmt.Fprint(w, "qingfeng — 清风廉洁文化展示屏\n\n用法：qingfeng 命令 [选项] [参数]\n\n命令：\n")
	for _, s := range specs {
		fmt.Fprintf(w, "  %-18s %s\n", s.name, s.summary)
	}
	fmt.Fprint(w, "\n每个命令的选项和参数：qingfeng help 命令，或 qingfeng 命令 -h。\n"+
		"配置文件默认是当前文件夹里的 qingfeng.yaml（见 docs/config.md）。\n"+
		"版本：qingfeng --version\n")
}

// help is `qingfeng help [CMD]`.
func help(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		overview(stdout)
		return 0
	}
	sp, rest, msg := lookup(args)
	if sp == nil || len(rest) > 0 {
		if msg == "" {
			msg = "多了参数：" + strings.Join(rest, " ")
		}
		fmt.Fprintf(stderr, "qingfeng help：%s\n\n", msg)
		overview(stderr)
		return 2
	}
	printHelp(stdout, sp)
	return 0
}

// buildVersion is the version make build sets (-X main.version), else the
// module's version or the commit it was built from.
func buildVersion() string {
	if version != "dev" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return version
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return version
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return rev
}
