package release

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"qingfeng/content/durable"
)

// SnapshotName is where a kiosk copies its database file store just
// before it switches to release to: beside it, in the data folder.
func SnapshotName(store, to string) string { return store + ".before-" + to }

// keptName is where a database the new release migrated is kept after a
// rollback put the snapshot back: named for that release, never deleted,
// never overwriting an earlier one.
func keptName(store, to string) string {
	base := store + ".from-" + to
	name := base
	for i := 2; ; i++ {
		if _, err := os.Lstat(name); errors.Is(err, os.ErrNotExist) {
			return name
		}
		name = fmt.Sprintf("%s-%d", base, i)
	}
}

// restoreStore, in a rollback, puts the snapshot back when the database
// is newer than the previous release knows, and keeps the newer one aside
// (with its -wal and -shm files: the opinions entered during the trial may
// still be in the -wal). It returns the words update.json adds, "" when
// the database was left as it was. An error leaves the database as it was
// and fails the rollback's start, which the next start retries.
func (t Trial) restoreStore(newer SchemaCheck) (string, error) {
	if t.Store == "" || t.Snapshot == "" || newer == nil {
		return "", nil
	}
	isNewer, err := newer(t.Store)
	if err != nil {
		return "", fmt.Errorf("reading the database's schema version: %w", err)
	}
	if !isNewer {
		os.Remove(t.Snapshot) // the old release reads this database as it is
		return "", nil
	}
	if st, err := os.Lstat(t.Snapshot); err != nil || !st.Mode().IsRegular() {
		return "", fmt.Errorf("the database was migrated by %s and its copy %s is gone: %v", t.To, t.Snapshot, err)
	}
	kept := keptName(t.Store, t.To)
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Rename(t.Store+suffix, kept+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
	}
	if err := os.Rename(t.Store, kept); err != nil {
		return "", err
	}
	if err := os.Rename(t.Snapshot, t.Store); err != nil {
		return "", err
	}
	if err := durable.SyncDir(filepath.Dir(t.Store)); err != nil {
		return "", err
	}
	return fmt.Sprintf("新版本 %s 改动过数据库的格式，原来的版本读不了，所以换回了更新前备份的数据库。"+
		"新版本运行期间录入的意见等记录没有删除，保存在数据文件夹的 %s 里"+
		"（每分钟自动发送的意见，当时已经发出的，区里已经收到）", t.To, filepath.Base(kept)), nil
}
