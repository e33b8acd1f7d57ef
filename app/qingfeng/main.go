// Command qingfeng is the kiosk program: the Fyne touch-screen shell (qingfeng
// run) and every subcommand staff and developers use. `qingfeng help` lists
// them; `qingfeng help CMD` or `qingfeng CMD -h` gives one's flags.
//
// This package is flags, config and wiring: each subcommand is a type of
// its own with its own flags (cmd_*.go), which calls into the packages
// under content/, kiosk/ and exhibits/.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
	_ "time/tzdata" // kiosks may lack zone data; dates are read in China time

	"gopkg.in/natefinch/lumberjack.v2"

	_ "qingfeng/app/qingfeng/internal/fynecache" // before Fyne reads its cache time: see there
	_ "qingfeng/app/qingfeng/internal/locale"    // before Fyne reads the locale: see there
)

// specs are the commands, in the order help lists them.
var specs = []spec{
	{name: "run", summary: "展示屏本身：第一次启动装示例内容，监视收件箱，显示触摸屏画面",
		usage: "[--config F] [--data DIR] [--no-demo] [--windowed|--headless]", new: func() command { return &kioskCmd{} }},
	{name: "check", summary: "检查内容包（文件夹或 .zip），列出每个问题；有错误时退出码为 1",
		usage: "[--config F] PACKAGE...", new: func() command { return &checkCmd{} }},
	{name: "template", summary: "写出一个可以直接照着填的内容包文件夹：Word 故事、财务公示表、食堂菜单、答题表和说明",
		usage: "[--config F] --out DIR", more: "故事和表格放在配置里有的分类文件夹里；文件夹必须是新的或空的；填好以后先用 check 检查，再放进收件箱。",
		new: func() command { return &templateCmd{} }},
	{name: "import", summary: "检查并安装内容包", usage: "[--config F] [--data DIR] PACKAGE...", new: func() command { return &importCmd{} }},
	{name: "status", summary: "已安装的内容包和最近的导入", usage: "[--config F] [--data DIR]", new: func() command { return &statusCmd{} }},
	{name: "search", summary: "搜索已安装的故事和公示", usage: "[--config F] [--data DIR] QUERY", new: func() command { return &searchCmd{} }},
	{name: "export-html", summary: "把展示屏现在展示的内容导出成静态网站（和浏览器展示屏比较用，见 BENCHMARKS.md）",
		usage: "[--config F] [--data DIR] --out DIR", new: func() command { return &exportHTMLCmd{} }},
	{name: "exhibit", summary: "播放、打印或列出已安装的互动展项",
		usage: "[--config F] [--data DIR] NAME [--windowed|--print] | --list",
		more:  "播放由本程序旁边的 qingfeng-exhibits 完成；--print 打印的说明给 qingfeng-exhibits --spec 用（开发）。",
		new:   func() command { return &exhibitCmd{} }},
	{name: "displaylog verify", summary: "核对屏幕展示记录：每一条都和写入时一样，没有删掉或挪动（前后以校验值相连）",
		usage: "[--config F] [--data DIR] [--anchor HASH]", new: func() command { return &displayLogVerifyCmd{} }},
	{name: "displaylog export", summary: "把屏幕展示记录导出成 CSV，给检查的人",
		usage: "[--config F] [--data DIR] --out FILE.csv", new: func() command { return &displayLogExportCmd{} }},
	{name: "usage export", summary: "导出使用统计：按天、小时、屏幕和故事的浏览、停留和触摸（和工作人员模式的“导出统计到U盘”相同）",
		usage: "[--config F] [--data DIR] --out FILE.csv", new: func() command { return &usageExportCmd{} }},
	{name: "outbox", summary: "现在就把还没发出的意见和本机状态写进发件箱（运行中的展示屏每分钟写意见，每 5 分钟写状态）",
		usage: "[--config F] [--data DIR]", new: func() command { return &outboxCmd{} }},
	{name: "collect", summary: "把各展示屏的发件箱合并进区里的数据库，写出汇总表和图表",
		usage: "[--config F] --out DISTRICT.db [--accept-key SITE[=KEY]]... [--overdue-days N] [--stale-hours N] [--release V] [--published DIR] [--accept-log SITE]... OUTBOX...",
		more: "每个批次先检查：要由该站点登记的展示屏钥匙签名（第一批时登记），内容在范围内；\n" +
			"不合格的批次写明原因后留在原处。同一批次见到两次只算一次。\n" +
			"展示屏重装或更换后，用 --accept-key SITE 接受它的新钥匙。",
		new: func() command { return &collectCmd{} }},
	{name: "replies import", summary: "把区汇总表“意见办理”里填好的办理状态和答复导入区里的数据库；每一行先检查，有问题就一行也不改",
		usage: "[--config F] --db DISTRICT.db FILE.xlsx", new: func() command { return &repliesImportCmd{} }},
	{name: "replies pack", summary: "写出签了名的答复包，放进展示屏的收件箱，居民凭回执号就能查到办理结果",
		usage: "[--config F] --db DISTRICT.db --key publisher.key --out DIR [--district NAME]", new: func() command { return &repliesPackCmd{} }},
	{name: "sign", summary: "检查内容包并签名：写入 MANIFEST.txt（每个文件的 SHA-256）和 MANIFEST.sig",
		usage: "PACKAGE --key publisher.key [--config F]",
		more:  ".zip 会带着这两个文件重新写一遍。", new: func() command { return &signCmd{} }},
	{name: "release", summary: "做签了名的程序更新包（amd64，有 bin/arm64 就带上 arm64），放进展示屏的收件箱就会自动更新",
		usage: "--key publisher.key --out DIR [--version V] [--bin DIR] [--downgrade-from V]",
		more: "展示屏只装比自己新的版本（加 --downgrade-from 签发的除外：只给正在运行那个版本的展示屏），新版本一分钟内没启动好或十分钟里出错三次，\n" +
			"会自己换回原来的版本。见 docs/fleet.md“Releasing an update”。", new: func() command { return &releaseCmd{} }},
	{name: "trial start", summary: "（启动脚本用）程序更新试用期间，启动前决定继续试新版本还是换回原来的",
		usage: "--releases DIR --pid PID", new: func() command { return &trialCmd{} }},
	{name: "trial watch", summary: "（启动脚本用）新版本启动后一分钟还没启动好，就换回原来的版本",
		usage: "--releases DIR --pid PID", new: func() command { return &trialCmd{watch: true} }},
	{name: "staff-pin", summary: "读入工作人员密码，打印它的哈希值，写进 qingfeng.yaml",
		usage: "", more: "进入工作人员模式：3 秒内在首页的站点名称上点五下。", new: func() command { return &pinCmd{} }},
	{name: "keygen", summary: "生成钥匙对：意见办公室的（office.key、office.pub），或加 --signing 生成发布者签名用的",
		usage: "--out DIR [--signing]",
		more: "office.key 留在办公室，office.pub 放到每台展示屏；publisher.key 留在办公室，\n" +
			"publisher.pub 写进展示屏配置的 trusted_publishers。",
		new: func() command { return &keygenCmd{} }},
	{name: "opinions export", summary: "导出本机收到的全部意见，从早到晚；有 --key 才有姓名和电话",
		usage: "[--config F] [--data DIR] --out FILE.xlsx|FILE.csv [--key office.key]", new: func() command { return &opinionsExportCmd{} }},
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit status, so tests can
// call every command in process.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		overview(stdout)
		return 0
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		return help(args[1:], stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "qingfeng", buildVersion())
		return 0
	}
	sp, rest, msg := lookup(args)
	if sp == nil {
		fmt.Fprintf(stderr, "qingfeng：%s\n\n", msg)
		overview(stderr)
		return 2
	}
	cmd := sp.new()
	rest, code := parseArgs(sp, cmd, rest, stdout, stderr)
	if code >= 0 {
		return code
	}
	w := cmd.at()
	if w == nil {
		return cmd.exec(context.Background(), &app{out: stdout}, rest)
	}
	cfg, err := loadConfig(w.config, w.explicit)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if w.data != "" {
		cfg.DataDir = w.data // a configured inbox (a USB stick) stays; the default one moves along
		if err := cfg.finish(); err != nil {
			fmt.Fprintln(stderr, err)
			return 2
		}
	}
	kiosk := sp.name == "run"
	errs, bt := &atomic.Int64{}, &beat{}
	logOut := stderr
	if kiosk {
		// A kiosk's log also goes to a file, size-rotated: nobody watches
		// its terminal, and months of it must not fill the disk.
		lj := &lumberjack.Logger{Filename: cfg.Log.File, MaxSize: cfg.Log.MaxMB, MaxBackups: cfg.Log.Keep}
		defer lj.Close()
		logOut = io.MultiWriter(stderr, lj)
	}
	logger := slog.New(errorCount{Handler: slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: slog.LevelInfo}), N: errs, Recent: &bt.errors})
	for _, p := range cfg.problems {
		logger.Error(p) // a setting the district refuses: never a reason not to start
	}
	for _, n := range cfg.notes {
		logger.Warn(n)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, halt := context.WithCancelCause(ctx)
	defer halt(nil)
	exit := os.Exit
	if kiosk {
		// Deferred after the log file's Close, so it runs before it:
		// "stopped" once the kiosk has wound down and its store is
		// closed, or a stack dump if that takes longer than systemd waits.
		stopped := stopGuard(ctx, stopLimit, logger, logOut, os.Exit)
		defer stopped()
		exit = func(code int) {
			stopped()
			os.Exit(code)
		}
	}
	ro, _ := cmd.(readOnly)
	a := &app{cfg: cfg, out: stdout, log: logger, halt: halt, exit: exit, tty: isTerminal(stdout), started: time.Now(), errors: errs, beat: bt,
		rescan: make(chan struct{}, 1), readOnly: ro != nil && ro.readsOnly()}
	return cmd.exec(ctx, a, rest)
}

// isTerminal tells whether progress can redraw one line in place.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
