// Command qingfeng-office is the district office's program for Windows and
// Linux PCs: the office's commands of qingfeng (keygen, sign, check,
// collect, replies import and pack, opinions export, release) without the
// kiosk's screen, so it is built without Fyne or Ebiten and cross-builds
// for Windows (make office). The commands' code is app/office's, which
// the kiosk's qingfeng runs as well; this package is flags and wiring
// only. It may import app/office, content and content/*.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"time"
	_ "time/tzdata" // Windows has no zoneinfo for Asia/Shanghai

	"qingfeng/app/office"
	"qingfeng/content"
	"qingfeng/content/parse"
)

// version is set by make office (-ldflags -X main.version=...).
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the program: its exit status for args.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printCommands(stdout, cmds)
		return 0
	}
	if args[0] == "version" || args[0] == "--version" {
		fmt.Fprintln(stdout, "qingfeng-office", version)
		return 0
	}
	var c *command
	for i := range cmds {
		if cmds[i].name == args[0] {
			c, args = &cmds[i], args[1:]
			break
		}
		if len(args) > 1 && cmds[i].name == args[0]+" "+args[1] { // "replies import"
			c, args = &cmds[i], args[2:]
			break
		}
	}
	if c == nil {
		var subs []string // "replies" alone: import or pack
		for _, sc := range cmds {
			if w, sub, ok := strings.Cut(sc.name, " "); ok && w == args[0] {
				subs = append(subs, sub)
			}
		}
		if len(subs) > 0 {
			fmt.Fprintf(stderr, "qingfeng-office：%s 后面要写 %s\n\n", args[0], strings.Join(subs, " 或 "))
		} else {
			fmt.Fprintf(stderr, "qingfeng-office：没有这个命令：%s（展示屏的命令请在展示屏上用 qingfeng）\n\n", args[0])
		}
		printCommands(stderr, cmds)
		return 2
	}
	fs := flag.NewFlagSet("qingfeng-office "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.define(fs)
	rest, err := parseAnyOrder(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		printUsage(stdout, c, fs)
		return 0
	}
	msg := ""
	if err != nil {
		msg = "选项写得不对：" + err.Error()
	} else {
		msg = c.args(rest)
	}
	if msg != "" {
		fmt.Fprintf(stderr, "qingfeng-office %s：%s\n\n", c.name, msg)
		printUsage(stderr, c, fs)
		return 2
	}
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		fmt.Fprintln(stderr, "无法读取时区：", err)
		return 1
	}
	e := &office.Env{Out: stdout, Log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Loc: loc, Parse: parse.Options{Limits: content.DefaultLimits(), Location: loc}, Progress: progress(stdout)}
	return c.exec(ctx, e, rest)
}

// parseAnyOrder reads flags and arguments in any order ("sign PKG --key K");
// after "--" everything is an argument.
func parseAnyOrder(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		left := fs.Args()
		if n := len(args) - len(left); n > 0 && args[n-1] == "--" {
			return append(rest, left...), nil
		}
		if len(left) == 0 {
			return rest, nil
		}
		rest, args = append(rest, left[0]), left[1:]
	}
}

// progress prints a line per tenth of a long step.
func progress(out io.Writer) func() func(stage string, done, total int) {
	return func() func(string, int, int) {
		last := -1
		return func(stage string, done, total int) {
			if total <= 0 {
				return
			}
			if tenth := done * 10 / total; tenth != last {
				last = tenth
				fmt.Fprintf(out, "%s：%d/%d\n", stage, done, total)
			}
		}
	}
}

func printCommands(w io.Writer, cmds []command) {
	fmt.Fprintln(w, "用法：qingfeng-office 命令 [选项] [参数]（区里办公室用；每个命令加 -h 看说明）")
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-15s %s\n", c.name, c.summary)
	}
}

func printUsage(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "用法：qingfeng-office %s %s\n%s\n", c.name, c.usage, c.summary)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

func noArgs(rest []string) string {
	if len(rest) > 0 {
		return "多了参数：" + strings.Join(rest, " ")
	}
	return ""
}

func required(name, value string) string {
	if value == "" {
		return "缺少 --" + name
	}
	return ""
}

func firstOf(msgs ...string) string {
	for _, m := range msgs {
		if m != "" {
			return m
		}
	}
	return ""
}
