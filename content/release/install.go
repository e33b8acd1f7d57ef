package release

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"time"

	"qingfeng/content/durable"
	"qingfeng/content/fleet"
)

// The names inside a releases folder besides the releases themselves
// (each a folder named for its version).
const (
	Current   = "current"  // link to the release systemd starts
	Previous  = "previous" // link to the release before it, while on trial
	TrialFile = "trial.json"
	lockFile  = ".lock"
	partial   = ".partial-"
)

// Running is the release the current link names ("" when there is none:
// the programs were not installed for updates).
func Running(root string) string { return linked(root, Current) }

// linked is the release folder root's link name leads to: "" when there
// is no link, or it leads out of root (set by hand): the trial names
// releases by their folder in root, and would come back to one that is
// not there.
func linked(root, name string) string {
	t, err := os.Readlink(filepath.Join(root, name))
	if err != nil {
		return ""
	}
	t = filepath.Clean(t)
	dir := filepath.Dir(t)
	if filepath.IsAbs(t) && dir != filepath.Clean(root) || !filepath.IsAbs(t) && dir != "." {
		return ""
	}
	return filepath.Base(t)
}

// Install writes the checked release's programs into root/VERSION, each
// checked against its signed hash as it is copied, and returns that
// folder. Releases other than the running one and the one before it are
// removed first: a kiosk keeps at most three.
func Install(c Checked, root string) (string, error) {
	running := Running(root)
	if running == "" {
		return "", refuse("本机的程序不是按能远程更新的方式安装的（%s 里没有 %s，或它指到了这个文件夹以外），请技术人员用 make install 重新安装一次", root, Current)
	}
	v := c.Info.Version
	if v == running {
		return "", refuse("版本 %s 就是本机正在运行的", v)
	}
	prune(root, running, Before(root))
	target := filepath.Join(root, v)
	tmp := filepath.Join(root, partial+v)
	for _, d := range []string{target, tmp} {
		if err := os.RemoveAll(d); err != nil {
			return "", err
		}
	}
	for _, p := range Programs {
		rel := path.Join(c.Arch, p)
		// The disk was checked for the programs' sizes: a program that
		// changed since (still being copied) is not copied on.
		src := filepath.Join(c.Dir, filepath.FromSlash(rel))
		if st, err := os.Lstat(src); err != nil || st.Size() != c.sizes[rel] {
			os.RemoveAll(tmp)
			return "", missing("%s 在检查以后变了（可能还在复制）：等它复制完整再放进来", rel)
		}
		sum, err := copyFile(filepath.Join(tmp, p), src, c.sizes[rel])
		if err != nil {
			os.RemoveAll(tmp)
			return "", fmt.Errorf("复制 %s：%w", rel, err)
		}
		if sum != c.Manifest.Files[rel] {
			os.RemoveAll(tmp)
			return "", missing("%s 和签名时不一样：这个更新包被改动过，或没有复制完整", rel)
		}
	}
	if err := durable.SyncDir(tmp); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, target); err != nil {
		return "", err
	}
	return target, durable.SyncDir(root)
}

// Before is the release the previous link names ("" when none).
func Before(root string) string { return linked(root, Previous) }

// prune removes release folders other than keep, and copies left
// unfinished: only folders named as a release, so a releases folder set
// wrong (/opt/qingfeng) loses nothing else.
func prune(root string, keep ...string) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() || !(ValidVersion(n) || isPartial(n) && ValidVersion(n[len(partial):])) {
			continue
		}
		kept := false
		for _, k := range keep {
			kept = kept || (k != "" && k == n)
		}
		if !kept {
			os.RemoveAll(filepath.Join(root, n))
		}
	}
}

func isPartial(n string) bool { return len(n) > len(partial) && n[:len(partial)] == partial }

// Switch makes the installed release to the current one and starts its
// trial: the release running now becomes the previous one, which the
// start script asks whether the new one may go on. updateFile is the
// kiosk's fleet.UpdateFile, told "trying" now and the outcome later.
func Switch(root, to, updateFile string, now time.Time) error {
	return SwitchKeeping(root, to, updateFile, "", "", now)
}

// SwitchKeeping is Switch for a kiosk whose database store was copied to
// snapshot just before: a rollback to a release older than the database
// then puts the copy back (Trial.Store).
func SwitchKeeping(root, to, updateFile, store, snapshot string, now time.Time) error {
	from := Running(root)
	if from == "" {
		return errors.New("no current release")
	}
	return withLock(root, func() error {
		t := Trial{From: from, To: to, Switched: now.UTC(), UpdateFile: updateFile, Store: store, Snapshot: snapshot}
		if err := t.save(root); err != nil {
			return err
		}
		if err := link(root, Previous, from); err != nil {
			return err
		}
		if err := link(root, Current, to); err != nil {
			return err
		}
		return writeUpdate(updateFile, fleet.Update{At: now.UTC(), From: from, To: to, Outcome: fleet.UpdateTrying})
	})
}

// link points root/name at the release folder target, replacing the link
// in one rename so a start never finds it missing.
func link(root, name, target string) error {
	tmp := filepath.Join(root, durable.TempPrefix+name)
	os.Remove(tmp)
	if err := os.Symlink(target, tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(root, name)); err != nil {
		os.Remove(tmp)
		return err
	}
	return durable.SyncDir(root)
}
