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
)

// releasesEnv names the releases folder (the unit and the start script
// set it); trialEnv, which only the start script sets, names the trial
// file it looks at before each start. A kiosk started otherwise (make
// run, a test, a drop-in replacing the unit's ExecStart) takes no
// release: no trial would judge it.
const (
	releasesEnv = "QINGFENG_RELEASES"
	trialEnv    = "QINGFENG_TRIAL_FILE"
)

// releasesRoot is the releases folder when the start script started this
// program, else "".
func releasesRoot() string {
	root := os.Getenv(releasesEnv)
	if root == "" || os.Getenv(trialEnv) != filepath.Join(root, release.TrialFile) {
		return ""
	}
	return root
}

// releaseTitle starts a release's title in the import history;
// downgradeMark ends it for a release the office signed as a downgrade.
const (
	releaseTitle  = "清风展示屏程序 "
	downgradeMark = "（降级）"
)

// inImportHistory says whether an inbox result goes into the import
// history: a release refused does not. Its outcome is in update.json,
// which the heartbeat carries as 更新失败; as the last import it would
// also be counted as a failed content import (导入失败).
func inImportHistory(r inbox.Result) bool {
	return r.PackageID != release.ManifestPackage || r.Outcome == inbox.Imported
}

// takeRelease is the inbox's hook: a release in the inbox is checked
// against this kiosk, installed beside the running release and switched
// to; the kiosk then restarts (releaseResult) and the start script's
// trial takes over.
func (a *app) takeRelease(_ context.Context, path string) (inbox.Result, bool) {
	if !release.IsRelease(path) {
		return inbox.Result{}, false
	}
	now := time.Now()
	root := releasesRoot()
	running := buildVersion()
	updateFile := filepath.Join(a.cfg.DataDir, fleet.UpdateFile)
	res := inbox.Result{Source: path, PackageID: release.ManifestPackage, At: now}
	c, err := a.installRelease(path, root, running, updateFile, now)
	res.Title = releaseTitle + c.Info.Version
	if c.Info.Downgrade {
		res.Title += downgradeMark
	}
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
	root := releasesRoot()
	return root != "" && release.IsRelease(path) && release.OnTrial(root, time.Now())
}

// releaseAside is the inbox's Aside: a release set aside after the kiosk
// stopped while installing it is reported in a release's words.
func (a *app) releaseAside(path string) (inbox.Result, bool) {
	if !release.IsRelease(path) {
		return inbox.Result{}, false
	}
	now := time.Now()
	err := &release.Refusal{Words: release.NeverFinished}
	return inbox.Result{PackageID: release.ManifestPackage, Title: releaseTitle, Reason: err.Words,
		Text: release.Report(path, "", buildVersion(), err, now, a.cfg.location)}, true
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
		// update.json keeps the update's outcome: a copy of the running
		// release or an older one (from a stick, say) is no update, and
		// its report in the inbox is enough (so for one whose version is
		// not known). A signed downgrade is an update.
		v, down := strings.CutSuffix(strings.TrimPrefix(r.Title, releaseTitle), downgradeMark)
		if v == "" || !down && fleet.CompareVersions(v, buildVersion()) <= 0 {
			return
		}
		err := release.Refused(filepath.Join(a.cfg.DataDir, fleet.UpdateFile), buildVersion(), v, r.Reason, r.At)
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
	root := releasesRoot()
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
