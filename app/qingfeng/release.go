package main

// Software updates: the kiosk's side of content/release (a release found
// in the inbox is checked, installed and switched to, and the kiosk
// restarts on it), the office's `qingfeng release`, and the two commands
// the start script runs (build/systemd/qingfeng-start).

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"qingfeng/content/fleet"
	"qingfeng/content/inbox"
	"qingfeng/content/release"
	"qingfeng/content/sign"
)

// releasesEnv names the releases folder; the start script sets it. A
// kiosk started some other way (make run, a test) takes no release.
const releasesEnv = "QINGFENG_RELEASES"

// releaseTitle starts a release's title in the import history.
const releaseTitle = "清风展示屏程序 "

// takeRelease is the inbox's hook: a release in the inbox is checked
// against this kiosk, installed beside the running release and switched
// to; the kiosk then restarts (releaseResult) and the start script's
// trial takes over.
func (a *app) takeRelease(_ context.Context, path string) (inbox.Result, bool) {
	if !release.IsRelease(path) {
		return inbox.Result{}, false
	}
	now := time.Now()
	root := os.Getenv(releasesEnv)
	running := buildVersion()
	updateFile := filepath.Join(a.cfg.DataDir, fleet.UpdateFile)
	res := inbox.Result{Source: path, PackageID: release.ManifestPackage, At: now}
	c, err := a.installRelease(path, root, running, updateFile, now)
	res.Title = releaseTitle + c.Info.Version
	if err == nil {
		res.Outcome = inbox.Imported
		a.log.Info("release installed; restarting on it", "version", c.Info.Version, "from", running)
	} else {
		res.Outcome, res.Reason = inbox.Rejected, err.Error()
		if r, ok := err.(*release.Refusal); ok && r.Incomplete {
			res.Outcome = inbox.Incomplete // the inbox waits for the rest, or gives up
		}
		a.log.Warn("release not installed", "package", path, "reason", err)
	}
	res.Text = release.Report(path, c.Info.Version, running, err, now, a.cfg.location)
	res.Took = time.Since(now)
	return res, true
}

// holdRelease is the inbox's Hold: a release found while another is on
// trial stays in the inbox, untouched, until the trial is over.
func holdRelease(path string) bool {
	root := os.Getenv(releasesEnv)
	return root != "" && release.IsRelease(path) && release.OnTrial(root, time.Now())
}

// releaseFree says how much a releases folder's disk has free (tests
// make it small).
var releaseFree = release.FreeBytes

func (a *app) installRelease(path, root, running, updateFile string, now time.Time) (release.Checked, error) {
	c, err := release.Check(path, release.Kiosk{Trusted: a.cfg.releasers, Version: running, Arch: runtime.GOARCH, Root: root, Free: releaseFree, Store: a.storeFile()})
	if err != nil {
		return c, err
	}
	dir, err := release.Install(c, root)
	if err != nil {
		return c, err
	}
	to := filepath.Base(dir)
	snap, err := snapshotStore(context.Background(), a.storeFile(), to)
	if err != nil {
		a.log.Error("cannot copy the database before the switch", "err", err)
		return c, &release.Refusal{Words: "更新前备份数据库没有成功，为了安全没有换用新版本；请技术人员查看日志"}
	}
	return c, release.SwitchKeeping(root, to, updateFile, a.storeFile(), snap, now)
}

// releaseResult, once a release is filed with its report, keeps a
// refusal in update.json for the heartbeat, or restarts the kiosk on the
// release it switched to.
func (a *app) releaseResult(r inbox.Result) {
	if r.PackageID != release.ManifestPackage {
		return
	}
	if r.Outcome != inbox.Imported {
		err := release.Refused(filepath.Join(a.cfg.DataDir, fleet.UpdateFile), buildVersion(),
			strings.TrimPrefix(r.Title, releaseTitle), r.Reason, r.At)
		if err != nil {
			a.log.Error("cannot write the update's outcome", "err", err)
		}
		a.beatSoon()
		return
	}
	if a.stop == nil {
		return
	}
	fmt.Fprintln(a.out, "程序已更新，正在重新启动")
	a.stop(exitRestart)
}

// releaseReady tells the trial that this release reported ready.
func (a *app) releaseReady() {
	root := os.Getenv(releasesEnv)
	if root == "" {
		return
	}
	exe, err := os.Executable()
	if err == nil {
		exe, err = filepath.EvalSymlinks(exe)
	}
	if err != nil {
		a.log.Warn("cannot tell the update's trial this release is ready", "err", err)
		return
	}
	marked, err := release.MarkReady(root, filepath.Base(filepath.Dir(exe)), time.Now())
	switch {
	case err != nil:
		a.log.Error("cannot tell the update's trial this release is ready", "err", err)
	case marked:
		a.log.Info("update on trial reported ready", "version", buildVersion())
		a.beatSoon()
	}
}

// makeRelease is `qingfeng release`: a signed release of the programs in
// bin (and bin/arm64, where make cross-arm64 built them) into out.
func makeRelease(out, keyFile, version, bin string, downgrade bool, w *app) int {
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
	if err := os.MkdirAll(out, 0o755); err != nil {
		fmt.Fprintln(w.out, err)
		return 1
	}
	dir, err := release.Make(out, version, bins, downgrade, key, time.Now())
	if err != nil {
		fmt.Fprintln(w.out, "没有做成更新包：", err)
		return 1
	}
	archs := make([]string, 0, len(bins))
	for a := range bins {
		archs = append(archs, a)
	}
	kind := ""
	if downgrade {
		kind = "（允许降级）"
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

// trialStart is run by the start script with the previous release's
// program, before the current one starts, while an update is on trial.
// It never fails the start: whatever it finds, the current link is what
// starts.
func trialStart(root string, pid int, w *app) int {
	d, waiting, err := release.AtStart(root, time.Now(), storeNewer)
	if err != nil {
		fmt.Fprintln(w.out, "qingfeng trial start:", err)
		return 0
	}
	fmt.Fprintf(w.out, "qingfeng trial start: %s; starting %s\n", d, release.Running(root))
	if !waiting || pid <= 0 {
		return 0
	}
	self, err := os.Executable()
	if err == nil {
		watch := exec.Command(self, "trial", "watch", "--releases", root, "--pid", strconv.Itoa(pid))
		watch.Stdout, watch.Stderr = os.Stdout, os.Stderr
		if err = watch.Start(); err == nil {
			err = watch.Process.Release()
		}
	}
	if err != nil {
		fmt.Fprintln(w.out, "qingfeng trial start: cannot watch the start:", err)
	}
	return 0
}

// trialWatch waits until the release on trial should have reported ready;
// if it has not, the process pid (the start script become the new
// release) is killed, and systemd's restart runs the start script, whose
// trial start brings the previous release back.
func trialWatch(root string, pid int, w *app) int {
	t, ok, err := release.LoadTrial(root)
	if err != nil || !ok || len(t.Starts) == 0 {
		return 0
	}
	time.Sleep(time.Until(t.Starts[0].Add(release.ReadyWithin)) + time.Second)
	overdue, err := release.Watch(root, time.Now())
	if err != nil {
		fmt.Fprintln(w.out, "qingfeng trial watch:", err)
		return 1
	}
	if overdue {
		fmt.Fprintf(w.out, "qingfeng trial watch: %s did not report ready in time; stopping it, %s comes back\n", t.To, t.From)
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			fmt.Fprintln(w.out, "qingfeng trial watch:", err)
		}
	}
	return 0
}
