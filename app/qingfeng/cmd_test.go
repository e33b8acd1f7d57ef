package main

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// runSplit is runCmd with stdout and stderr apart.
func runSplit(tb testing.TB, args ...string) (code int, stdout, stderr string) {
	tb.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func flagNames(sp *spec) []string {
	fs := flag.NewFlagSet(sp.name, flag.ContinueOnError)
	sp.new().define(fs)
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return names
}

// Every command refuses each flag only another command has, with a line
// saying so and its own usage, exit 2; and does nothing.
func TestCommandRefusesOtherCommandsFlags(t *testing.T) {
	all := map[string]bool{}
	for i := range specs {
		for _, n := range flagNames(&specs[i]) {
			all[n] = true
		}
	}
	for i := range specs {
		sp := &specs[i]
		own := flagNames(sp)
		for name := range all {
			if slices.Contains(own, name) {
				continue
			}
			t.Run(sp.name+"/"+name, func(t *testing.T) {
				data := filepath.Join(t.TempDir(), "data")
				args := append(strings.Fields(sp.name), "--"+name+"=x")
				if slices.Contains(own, "data") {
					args = append(args, "--data", data)
				}
				code, stdout, stderr := runSplit(t, args...)
				if code != 2 || stdout != "" {
					t.Fatalf("exit %d, stdout %q", code, stdout)
				}
				if !strings.HasPrefix(stderr, "qingfeng "+sp.name+"：这个命令没有选项 --"+name+"\n") ||
					!strings.Contains(stderr, "用法：qingfeng "+sp.name+" ") {
					t.Fatalf("stderr:\n%s", stderr)
				}
				if _, err := os.Stat(data); !errors.Is(err, fs.ErrNotExist) {
					t.Fatalf("the data folder was created: %v", err)
				}
			})
		}
	}
}

// CMD -h, CMD --help and help CMD print the command's help on stdout: its
// summary, its usage and its own flags, and nothing of another command.
func TestCommandHelp(t *testing.T) {
	for i := range specs {
		sp := &specs[i]
		own := flagNames(sp)
		for _, args := range [][]string{
			append(strings.Fields(sp.name), "-h"),
			append(strings.Fields(sp.name), "--help"),
			append([]string{"help"}, strings.Fields(sp.name)...),
		} {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				code, stdout, stderr := runSplit(t, args...)
				if code != 0 || stderr != "" {
					t.Fatalf("exit %d, stderr %q", code, stderr)
				}
				if !strings.HasPrefix(stdout, "qingfeng "+sp.name+" — "+sp.summary+"\n") ||
					!strings.Contains(stdout, "用法：qingfeng "+sp.name+" "+sp.usage+"\n") {
					t.Fatalf("stdout:\n%s", stdout)
				}
				for _, line := range strings.Split(stdout, "\n") {
					name, ok := strings.CutPrefix(line, "  --")
					if name, _, _ = strings.Cut(name, " "); ok && !slices.Contains(own, name) {
						t.Errorf("help shows --%s, not a flag of %s", name, sp.name)
					}
				}
				for _, n := range own {
					if !strings.Contains(stdout, "  --"+n) {
						t.Errorf("help does not show --%s", n)
					}
				}
			})
		}
	}
}

// A missing or extra argument, or a flag that must be given and is not:
// a one-line Chinese message, the command's usage, exit 2, and nothing
// done (no data folder made).
func TestCommandArguments(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "extra"}, "多了参数：extra"},
		{[]string{"run", "--windowed", "--headless"}, "--windowed 和 --headless 只能选一个"},
		{[]string{"check"}, "缺少内容包"},
		{[]string{"import"}, "缺少内容包"},
		{[]string{"status", "extra"}, "多了参数：extra"},
		{[]string{"search"}, "缺少要搜索的词"},
		{[]string{"export-html"}, "缺少 --out"},
		{[]string{"export-html", "--out", "x", "extra"}, "多了参数：extra"},
		{[]string{"exhibit"}, "缺少展项名称"},
		{[]string{"exhibit", "a", "b"}, "多了参数：b"},
		{[]string{"exhibit", "--list", "a"}, "--list 后面不写展项名称"},
		{[]string{"displaylog", "verify", "extra"}, "多了参数：extra"},
		{[]string{"displaylog", "export"}, "缺少 --out"},
		{[]string{"usage", "export"}, "缺少 --out"},
		{[]string{"outbox", "extra"}, "多了参数：extra"},
		{[]string{"collect", "outbox"}, "缺少 --out"},
		{[]string{"collect", "--out", "d.db"}, "缺少发件箱文件夹"},
		{[]string{"sign"}, "缺少要签名的内容包"},
		{[]string{"sign", "pkg"}, "缺少 --key"},
		{[]string{"sign", "pkg", "other", "--key", "k"}, "多了参数：other"},
		{[]string{"staff-pin", "1234"}, "多了参数：1234"},
		{[]string{"keygen"}, "缺少 --out"},
		{[]string{"keygen", "--out", "d", "extra"}, "多了参数：extra"},
		{[]string{"opinions", "export"}, "缺少 --out"},
		{[]string{"search", "--data"}, "选项 --data 后面要写一个值"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			sp, _, _ := lookup(tc.args)
			if sp == nil {
				t.Fatal("no such command")
			}
			dir := t.TempDir()
			t.Chdir(dir) // a relative --out or data folder would land here
			code, stdout, stderr := runSplit(t, tc.args...)
			first, usage, _ := strings.Cut(stderr, "\n")
			if code != 2 || stdout != "" || !strings.HasPrefix(first, "qingfeng "+sp.name+"："+tc.want) {
				t.Fatalf("exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
			}
			if !strings.HasPrefix(usage, "\n用法：qingfeng "+sp.name+" ") {
				t.Fatalf("no usage after the line:\n%s", stderr)
			}
			if entries, _ := os.ReadDir(dir); len(entries) > 0 {
				t.Fatalf("made %v", names(entries))
			}
		})
	}
}

// A word that names no command, or the first word of a two-word command
// alone or with a wrong second word: a line saying so, the list of
// commands, exit 2.
func TestCommandUnknown(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"stauts"}, "qingfeng：没有这个命令：stauts"},
		{[]string{"--data", "x"}, "qingfeng：没有这个命令：--data"},
		{[]string{"opinions"}, "qingfeng：opinions 后面要写 export"},
		{[]string{"displaylog", "check"}, "qingfeng：displaylog 后面要写 verify 或 export，不是 check"},
		{[]string{"usage", "--out", "x.csv"}, "qingfeng：usage 后面要写 export，不是 --out"},
		{[]string{"help", "stauts"}, "qingfeng help：没有这个命令：stauts"},
		{[]string{"help", "status", "extra"}, "qingfeng help：多了参数：extra"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, stdout, stderr := runSplit(t, tc.args...)
			first, rest, _ := strings.Cut(stderr, "\n")
			if code != 2 || stdout != "" || first != tc.want || !strings.Contains(rest, "  opinions export ") {
				t.Fatalf("exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
			}
		})
	}
}

// qingfeng, qingfeng help and qingfeng -h list every command with its
// summary.
func TestHelpListsEveryCommand(t *testing.T) {
	for _, args := range [][]string{nil, {"help"}, {"-h"}, {"--help"}} {
		code, stdout, stderr := runSplit(t, args...)
		if code != 0 || stderr != "" {
			t.Fatalf("%q: exit %d, stderr %q", args, code, stderr)
		}
		for _, sp := range specs {
			if !strings.Contains(stdout, "  "+sp.name+" ") || !strings.Contains(stdout, sp.summary) {
				t.Errorf("%q does not list %s:\n%s", args, sp.name, stdout)
			}
		}
	}
}

func TestVersion(t *testing.T) {
	defer func(v string) { version = v }(version)
	for _, v := range []string{"v1.4.0-3-gabcdef", "dev"} {
		version = v
		want := v
		if v == "dev" {
			want = buildVersion() // the module's version or commit, when the build knows them
		}
		for _, arg := range []string{"--version", "-version", "version"} {
			code, stdout, stderr := runSplit(t, arg)
			if code != 0 || stderr != "" || stdout != "qingfeng "+want+"\n" || want == "" {
				t.Errorf("%s with version %q: exit %d, %q %q", arg, v, code, stdout, stderr)
			}
		}
	}
}

// Flags and arguments in any order, as the usage lines show them; after
// "--" everything is an argument.
func TestCommandArgumentOrder(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"exhibit", "quiz/a/b", "--data", "D", "--print"}, []string{"quiz/a/b"}},
		{[]string{"sign", "pkg.zip", "--key", "k"}, []string{"pkg.zip"}},
		{[]string{"search", "村务", "--data", "D", "公开"}, []string{"村务", "公开"}},
		{[]string{"search", "--data", "D", "--", "--data"}, []string{"--data"}},
		{[]string{"check", "a", "b"}, []string{"a", "b"}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			sp, args, _ := lookup(tc.args)
			cmd := sp.new()
			var out, errOut bytes.Buffer
			rest, code := parseArgs(sp, cmd, args, &out, &errOut)
			if code != -1 || !slices.Equal(rest, tc.want) {
				t.Fatalf("code %d, arguments %q, want %q\n%s", code, rest, tc.want, errOut.String())
			}
			if w := cmd.at(); slices.Contains(tc.args, "--data") && w.data != "D" {
				t.Fatalf("--data %q", w.data)
			}
		})
	}
}
