// Command qingfeng is the kiosk program: the Fyne shell (to come) and every
// subcommand staff and developers use.
//
//	qingfeng run     [--config F] [--data DIR] [--no-demo] [--windowed|--headless]  the kiosk
//	qingfeng check   [--config F] PACKAGE...                 validate packages, print every problem
//	qingfeng import  [--config F] [--data DIR] PACKAGE...    validate and install packages
//	qingfeng status  [--config F] [--data DIR]               installed packages and recent imports
//	qingfeng search  [--config F] [--data DIR] QUERY         search the installed content
//	qingfeng export-html [--config F] [--data DIR] --out DIR  the shown content as a static web site
//	qingfeng exhibit [--config F] [--data DIR] NAME [--windowed|--print] | --list   play, print or list exhibits
//	qingfeng displaylog verify|export [--data DIR] [--out F.csv]  the hash-chained record of what was shown
//	qingfeng usage export [--data DIR] --out F.csv           usage statistics by hour, screen and item
//	qingfeng outbox  [--config F] [--data DIR]               opinions not yet sent into the outbox now
//	qingfeng collect --out DISTRICT.db [--accept-key SITE] OUTBOX...  merge outboxes, write the district summary
//	qingfeng sign    PACKAGE --key publisher.key              sign a package (MANIFEST.txt, MANIFEST.sig)
//	qingfeng keygen  --out DIR                               make the office key pair for opinions
//	qingfeng opinions export [--config F] [--data DIR] --out FILE.xlsx|.csv [--key office.key]
package main

import (
	"context"
	"flag"
	"fmt"
	"gopkg.in/natefinch/lumberjack.v2"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
	_ "time/tzdata" // kiosks may lack zone data; dates are read in China time
)

const usage = `qingfeng — 清风 integrity-culture kiosk

usage:
  qingfeng run     [--config F] [--data DIR] [--no-demo] [--windowed|--headless]
                   the kiosk: demo content on first start, inbox watched, touch screen shown
  qingfeng check   [--config F] PACKAGE...                  check packages (folder or .zip); exit 1 on any error
  qingfeng import  [--config F] [--data DIR] PACKAGE...     check and install packages
  qingfeng status  [--config F] [--data DIR]                installed packages and recent imports
  qingfeng search  [--config F] [--data DIR] QUERY          search installed stories and disclosures
  qingfeng export-html [--config F] [--data DIR] --out DIR  what the kiosk shows now, as a static web site
                   (for comparing with a browser kiosk; see BENCHMARKS.md)
  qingfeng exhibit [--config F] [--data DIR] NAME [--windowed]
                   play one installed exhibit through qingfeng-exhibits (beside this program)
  qingfeng exhibit [--config F] [--data DIR] --list         the installed exhibits' names, one a line
  qingfeng exhibit [--config F] [--data DIR] NAME --print   its spec, for qingfeng-exhibits --spec (development)
  qingfeng displaylog verify [--config F] [--data DIR]      check the record of what was on screen when: every
                   entry as written, none removed or moved (hash-chained)
  qingfeng displaylog export [--config F] [--data DIR] --out FILE.csv   that record, for an inspector
  qingfeng usage export [--config F] [--data DIR] --out FILE.csv   usage statistics: views, stay and touches
                   per day, hour, screen and story (staff mode's 导出统计到U盘 writes the same)
  qingfeng outbox  [--config F] [--data DIR]                write the opinions not yet sent into the outbox
                   folder now (the running kiosk does it every minute)
  qingfeng collect --out DISTRICT.db [--accept-key SITE[=KEY]]... OUTBOX...
                   merge kiosks' outboxes into the district's database (a batch seen twice counts once) and
                   write its summary: DISTRICT.xlsx and charts. Each batch is checked first: signed by its
                   site's registered kiosk key (registered from the site's first batch), content in range;
                   a batch that fails is refused with the reason and left in place. --accept-key SITE
                   accepts the new key of a kiosk that was reinstalled or replaced
  qingfeng sign    PACKAGE --key publisher.key               check a package and sign it: MANIFEST.txt (every
                   file's SHA-256) and MANIFEST.sig; a .zip is written anew with them
  qingfeng staff-pin                                        reads a staff PIN and prints its hash for qingfeng.yaml
                   (staff mode: five taps on the site's name on Home within 3 s)
  qingfeng keygen  --signing --out DIR                      make a publisher's key pair for signing packages:
                   DIR/publisher.key (stays at the office) and DIR/publisher.pub (trusted_publishers on kiosks)
  qingfeng keygen  --out DIR                                make the office key pair for residents' contacts:
                   DIR/office.key (private, stays in the office) and DIR/office.pub (for every kiosk)
  qingfeng opinions export [--config F] [--data DIR] --out FILE.xlsx|FILE.csv [--key office.key]
                   every opinion left at this kiosk, oldest first; names and phones only with --key

The config file defaults to ./qingfeng.yaml when present (see docs/config.md).
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit status, so tests can
// call every command in process.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	cmd, args := args[0], args[1:]
	fl := flag.NewFlagSet("qingfeng "+cmd, flag.ContinueOnError)
	fl.SetOutput(stderr)
	configPath := fl.String("config", "qingfeng.yaml", "config file")
	dataDir := fl.String("data", "", "data folder (overrides data_dir in the config)")
	noDemo := fl.Bool("no-demo", false, "run: do not install the bundled demo content")
	windowed := fl.Bool("windowed", false, "run: a normal window instead of the full-screen kiosk (development)")
	headless := fl.Bool("headless", false, "run: no screen, only import and print (servers, debugging)")
	outDir := fl.String("out", "", "export-html, keygen: folder to write into; opinions export: the .xlsx or .csv file; collect: the district database")
	list := fl.Bool("list", false, "exhibit: list the installed exhibits")
	printSpec := fl.Bool("print", false, "exhibit: print the exhibit's spec (JSON) for qingfeng-exhibits instead of playing it")
	signing := fl.Bool("signing", false, "keygen: a publisher key pair for signing packages (publisher.key, publisher.pub) instead of the opinion office's")
	var acceptKeys []string
	fl.Func("accept-key", "collect: accept SITE's new kiosk key (SITE, or SITE=KEY when its batches carry several); repeatable", func(v string) error {
		if site, _, _ := strings.Cut(v, "="); site == "" {
			return fmt.Errorf("a site id, or SITE=KEY")
		}
		acceptKeys = append(acceptKeys, v)
		return nil
	})
	keyFile := fl.String("key", "", "opinions export: the office's private key file (office.key), to fill in names and phones; sign: the publisher's (publisher.key)")
	// "opinions export": the second word names the command, so that the
	// flags after it are parsed.
	if (cmd == "opinions" || cmd == "displaylog" || cmd == "usage") && len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = cmd+" "+args[0], args[1:]
	}
	// "exhibit NAME --data DIR", "sign PACKAGE --key K": the argument may
	// come before the flags.
	var first string
	if (cmd == "exhibit" || cmd == "sign") && len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		first, args = args[0], args[1:]
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if first == "" && fl.NArg() > 0 {
		first = fl.Arg(0)
	}
	exhibitName := first
	if cmd == "staff-pin" {
		return staffPINCmd(os.Stdin, stdout)
	}
	if cmd == "keygen" {
		// Before the config is read: a kiosk's config may already name the
		// key this is about to make.
		if *signing {
			return keygenSigning(*outDir, stdout)
		}
		return keygen(*outDir, stdout)
	}
	explicit := false
	fl.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "config" })
	cfg, err := loadConfig(*configPath, explicit)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if *dataDir != "" {
		cfg.DataDir = *dataDir // a configured inbox (a USB stick) stays; the default one moves along
		if err := cfg.finish(); err != nil {
			fmt.Fprintln(stderr, err)
			return 2
		}
	}
	errs := &atomic.Int64{}
	logOut := stderr
	if cmd == "run" {
		// A kiosk's log also goes to a file, size-rotated: nobody watches
		// its terminal, and months of it must not fill the disk.
		lj := &lumberjack.Logger{Filename: cfg.Log.File, MaxSize: cfg.Log.MaxMB, MaxBackups: cfg.Log.Keep}
		defer lj.Close()
		logOut = io.MultiWriter(stderr, lj)
	}
	logger := slog.New(errorCount{Handler: slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: slog.LevelInfo}), N: errs})
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
	if cmd == "run" {
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
	a := &app{cfg: cfg, out: stdout, log: logger, halt: halt, exit: exit, tty: isTerminal(stdout), started: time.Now(), errors: errs,
		rescan: make(chan struct{}, 1)}

	switch cmd {
	case "check":
		return a.check(ctx, fl.Args())
	case "import":
		return a.importCmd(ctx, fl.Args())
	case "run":
		return a.runCmd(ctx, !*noDemo, *headless, *windowed)
	case "status":
		return a.status(ctx)
	case "search":
		return a.search(ctx, strings.Join(fl.Args(), " "))
	case "export-html":
		return a.exportHTML(ctx, *outDir)
	case "exhibit":
		return a.exhibitCmd(ctx, exhibitName, *list, *printSpec, *windowed)
	case "opinions export":
		return a.exportOpinions(ctx, *outDir, *keyFile)
	case "displaylog verify":
		return a.displayLogVerify(ctx)
	case "displaylog export":
		return a.displayLogExport(ctx, *outDir)
	case "usage export":
		return a.usageExport(ctx, *outDir)
	case "outbox":
		return a.outboxCmd(ctx)
	case "collect":
		return a.collectCmd(ctx, *outDir, fl.Args(), acceptKeys)
	case "sign":
		return a.signCmd(ctx, first, *keyFile)
	}
	fmt.Fprintf(stderr, "unknown command %q\n\n%s", cmd, usage)
	return 2
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
