package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"qingfeng/content/durable"
	"qingfeng/content/inbox"
	"qingfeng/content/opinionexport"
	"qingfeng/content/store"
	"qingfeng/kiosk"
	"qingfeng/kiosk/staffpin"
)

// staffPINCmd is `qingfeng staff-pin`: reads a PIN (4 to 12 digits) from
// standard input and prints the line for qingfeng.yaml.
func staffPINCmd(in io.Reader, out io.Writer) int {
	fmt.Fprintln(out, "请输入工作人员密码（4到12位数字），回车：")
	line, _ := bufio.NewReader(in).ReadString('\n')
	pin := strings.TrimSpace(line)
	if !staffpin.Valid(pin) {
		fmt.Fprintln(out, "密码要是4到12位数字（展示屏上只有数字键）")
		return 2
	}
	h, err := staffpin.Hash(pin)
	if err != nil {
		fmt.Fprintln(out, err)
		return 1
	}
	fmt.Fprintf(out, "在 qingfeng.yaml 里写上：\n\nstaff:\n  pin_hash: '%s'\n\n之后，在首页连续点站点名称5下（3秒内）就会出现密码键盘。\n", h)
	return 0
}

// staffDesk is the shell's kiosk.StaffDesk.
type staffDesk struct {
	a      *app
	st     *store.Store
	rescan chan<- struct{}
	usage  *usageLog // views not stored yet, stored before counting
	// imported, if set, tells the screens that 与U盘同步 installed a
	// package.
	imported func()
}

func (d staffDesk) CheckPIN(pin string) bool {
	ok, err := staffpin.Check(d.a.cfg.Staff.PINHash, pin)
	if err != nil {
		d.a.log.Error("staff.pin_hash in the config", "err", err)
	}
	return ok
}

// Overview gathers what the staff screen shows. A part that cannot be
// read is left out and its error returned with the rest still filled:
// the state of a kiosk in trouble is what staff need most.
func (d staffDesk) Overview(ctx context.Context) (kiosk.StaffOverview, error) {
	var o kiosk.StaffOverview
	var errs []error
	if s, err := d.a.healthStatus(ctx, d.st); err != nil {
		errs = append(errs, err)
	} else {
		up := time.Duration(s.UptimeS) * time.Second
		o.Status = fmt.Sprintf("版本 %s　已运行 %d 天 %d 小时　数据盘剩余 %.1f GB　内存 %.0f MB　本次运行记录错误 %d 条",
			s.Version, int(up.Hours())/24, int(up.Hours())%24, float64(s.DiskFreeMB)/1024, s.RSSMB, s.Errors)
	}
	if pkgs, err := d.st.Packages(ctx); err != nil {
		errs = append(errs, err)
	} else {
		for _, p := range pkgs {
			o.Packages = append(o.Packages, kiosk.StaffPackage{ID: p.ID, Title: inbox.ReportName(p.Title), Version: p.Version, Installed: p.InstalledAt,
				Items: p.Stories + p.Disclosures + p.Quizzes + p.TeaSets + p.Puzzles})
		}
	}
	if recs, err := d.st.Imports(ctx, 10); err != nil {
		errs = append(errs, err)
	} else {
		for _, r := range recs {
			o.Imports = append(o.Imports, kiosk.StaffImport{At: r.At, Source: inbox.ReportName(filepath.Base(r.Source)), Package: r.PackageID,
				Version: r.Version, OK: r.OK, Report: r.Report})
		}
	}
	var err error
	if o.Opinions, o.Held, err = d.st.OpinionCount(ctx); err != nil {
		errs = append(errs, err)
	}
	if o.Usage, err = d.usageStats(ctx); err != nil {
		errs = append(errs, err)
	}
	return o, errors.Join(errs...)
}

func (d staffDesk) Act(ctx context.Context, action kiosk.StaffAction) (string, error) {
	switch action {
	case kiosk.ExportOpinions:
		return d.export(ctx)
	case kiosk.ExportUsage:
		return d.exportUsage(ctx)
	case kiosk.Rescan:
		select {
		case d.rescan <- struct{}{}:
		default: // one is already asked for
		}
		return "正在检查收件箱：" + strings.Join(d.a.cfg.Inboxes, "、"), nil
	case kiosk.USBSync:
		return d.usbSync(ctx)
	case kiosk.Restart:
		d.a.stop(exitRestart)
		return "正在重新启动……", nil
	case kiosk.Leave:
		d.a.stop(exitLeave)
		return "正在退出展示模式……", nil
	}
	return "", fmt.Errorf("unknown staff action %v", action)
}

// exitRestart is the exit status asking the service manager for a restart
// (EX_TEMPFAIL); exitLeave is staff mode's 退出展示模式, the one status the
// unit does not restart (Restart=always, RestartPreventExitStatus): a
// release that ends with 0 by mistake is restarted, and counted by an
// update's trial, like any other end.
const (
	exitRestart = 75
	exitLeave   = 76
)

// exportFile makes the export folder and names a file in it: what, the
// site and the time ("意见-shili-20261126-0930.xlsx").
func (d staffDesk) exportFile(what, ext string) (string, error) {
	dir := d.a.cfg.Staff.ExportDir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("导出文件夹 %s 不能用（U盘插好了吗？）：%w", dir, err)
	}
	site := d.a.cfg.Site.ID
	if site == "" {
		site = "kiosk"
	}
	return filepath.Join(dir, fmt.Sprintf("%s-%s-%s%s", what, site, time.Now().In(d.a.cfg.location).Format("20060102-1504"), ext)), nil
}

// export writes every opinion into the export folder (a USB stick's, in
// the config): names and phones stay sealed, as on the kiosk.
func (d staffDesk) export(ctx context.Context) (string, error) {
	out, err := d.exportFile("意见", ".xlsx")
	if err != nil {
		return "", err
	}
	ops, err := d.st.Opinions(ctx, time.Time{})
	if err != nil {
		return "", err
	}
	rows, sum, err := d.a.opinionRows(ctx, d.st, ops, nil)
	if err != nil {
		return "", err
	}
	if err := durable.WriteFunc(out, 0o600, func(w io.Writer) error { return opinionexport.WriteXLSX(w, rows) }); err != nil {
		return "", err
	}
	d.a.log.Info("opinions exported from staff mode", "file", out, "opinions", len(ops))
	return fmt.Sprintf("已导出 %d 条意见（待核查 %d 条）到 %s", len(ops), sum.held, out), nil
}
