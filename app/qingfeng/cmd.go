package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// A command is one subcommand: its own flags, its arguments, and what it
// does with them. Each command's flags are its own, so a flag meant for
// another command is refused.
type command interface {
	// define registers the command's flags on its own flag set.
	define(fs *flag.FlagSet)
	// args says, in Chinese, what is wrong with the arguments left after
	// the flags (and with flags that must be given); "" when all is right.
	args(rest []string) string
	// exec runs the command in a (its config read, its logger set up).
	exec(ctx context.Context, a *app, rest []string) int
	// at returns the --config and --data the command was given, nil
	// for commands that read no config (keygen, staff-pin).
	at() *place
}

// readOnly is implemented by commands that only read the kiosk's data:
// they open its database read-only and refuse a folder without one.
type readOnly interface{ readsOnly() bool }

// place is the --config and --data of the commands that read a config.
type place struct {
	config   string
	explicit bool // --config was given: a missing file is an error
	data     string
}

func (w *place) at() *place { return w }

func (w *place) configFlag(fs *flag.FlagSet) {
	fs.StringVar(&w.config, "config", "qingfeng.yaml", "配置`文件`（没有就用默认设置）")
}

func (w *place) dataFlags(fs *flag.FlagSet) {
	w.configFlag(fs)
	fs.StringVar(&w.data, "data", "", "数据`文件夹`（代替配置里的 data_dir）")
}

// noConfig is embedded by the commands that read no config.
type noConfig struct{}

func (noConfig) at() *place { return nil }

// spec is a command's name and help: the table run and help read.
type spec struct {
	name    string // "status", "displaylog verify"
	summary string // one line, Chinese
	usage   string // the arguments after the name
	more    string // further lines of help, or ""
	new     func() command
}

// noArgs and atLeastOne check the usual argument counts.
func noArgs(rest []string) string {
	if len(rest) > 0 {
		return "多了参数：" + strings.Join(rest, " ")
	}
	return ""
}

func atLeastOne(what string, rest []string) string {
	if len(rest) == 0 {
		return "缺少" + what
	}
	return ""
}

// required says which of the flags, given as name and value pairs, was
// left empty.
func required(nameValues ...string) string {
	for i := 0; i+1 < len(nameValues); i += 2 {
		if nameValues[i+1] == "" {
			return "缺少 --" + nameValues[i]
		}
	}
	return ""
}

// firstOf returns the first message that is not "".
func firstOf(msgs ...string) string {
	for _, m := range msgs {
		if m != "" {
			return m
		}
	}
	return ""
}

func findSpec(name string) *spec {
	for i := range specs {
		if specs[i].name == name {
			return &specs[i]
		}
	}
	return nil
}

// lookup finds the command named by the first word or two of args (two for
// "opinions export", "displaylog verify", "usage export").
func lookup(args []string) (sp *spec, rest []string, msg string) {
	if sp := findSpec(args[0]); sp != nil {
		return sp, args[1:], ""
	}
	var subs []string
	for _, s := range specs {
		if w, sub, ok := strings.Cut(s.name, " "); ok && w == args[0] {
			subs = append(subs, sub)
		}
	}
	if len(subs) == 0 {
		return nil, nil, "没有这个命令：" + args[0]
	}
	if len(args) > 1 {
		if sp := findSpec(args[0] + " " + args[1]); sp != nil {
			return sp, args[2:], ""
		}
		return nil, nil, fmt.Sprintf("%s 后面要写 %s，不是 %s", args[0], strings.Join(subs, " 或 "), args[1])
	}
	return nil, nil, fmt.Sprintf("%s 后面要写 %s", args[0], strings.Join(subs, " 或 "))
}

// parseArgs reads a command's flags and arguments, in any order ("exhibit
// NAME --data DIR", "sign PACKAGE --key K"); after "--" everything is an
// argument. On -h it prints the command's help and returns 0; on anything
// wrong, a line saying what and the usage, and 2; otherwise the arguments
// and -1.
func parseArgs(sp *spec, cmd command, args []string, stdout, stderr io.Writer) (rest []string, code int) {
	fs := flag.NewFlagSet("qingfeng "+sp.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cmd.define(fs)
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printHelp(stdout, sp)
				return nil, 0
			}
			fmt.Fprintf(stderr, "qingfeng %s：%s\n\n", sp.name, flagWords(err))
			printUsage(stderr, sp, fs)
			return nil, 2
		}
		left := fs.Args()
		if n := len(args) - len(left); n > 0 && args[n-1] == "--" {
			rest = append(rest, left...)
			break
		}
		if len(left) == 0 {
			break
		}
		rest, args = append(rest, left[0]), left[1:]
	}
	if w := cmd.at(); w != nil {
		fs.Visit(func(f *flag.Flag) { w.explicit = w.explicit || f.Name == "config" })
	}
	if msg := cmd.args(rest); msg != "" {
		fmt.Fprintf(stderr, "qingfeng %s：%s\n\n", sp.name, msg)
		printUsage(stderr, sp, fs)
		return nil, 2
	}
	return rest, -1
}

// flagWords says in Chinese what the flag package found wrong.
func flagWords(err error) string {
	s := err.Error()
	if name, ok := strings.CutPrefix(s, "flag provided but not defined: "); ok {
		return "这个命令没有选项 -" + name // --name, as the usage writes it
	}
	if name, ok := strings.CutPrefix(s, "flag needs an argument: "); ok {
		return "选项 -" + name + " 后面要写一个值"
	}
	return "选项写得不对：" + s
}
