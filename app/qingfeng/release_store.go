package main

// The kiosk's database across a software update: copied just before the
// switch, and put back by a rollback to a release that cannot read what
// the new one migrated (content/release restoreStore).

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"os"
	"path/filepath"

	"qingfeng/content/release"
	"qingfeng/content/store"
)

// storeFile is the kiosk's database file in its data folder.
func (a *app) storeFile() string { return filepath.Join(a.cfg.DataDir, store.DBFile) }

// snapshotStore copies the database (a consistent copy, with what its
// -wal holds) to release.SnapshotName, replacing an older copy; "" and no
// error when there is no database yet.
func snapshotStore(ctx context.Context, db, to string) (string, error) {
	if _, err := os.Stat(db); errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	dst := release.SnapshotName(db, to)
	if err := os.Remove(dst); err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(db), RawQuery: "_busy_timeout=5000"}
	conn, err := sql.Open("sqlite3", u.String())
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, dst); err != nil {
		os.Remove(dst)
		return "", err
	}
	return dst, nil
}

// storeNewer is the trial's release.SchemaCheck: whether this program
// (the previous release) finds the database's schema newer than its own.
func storeNewer(db string) (bool, error) {
	if _, err := os.Stat(db); errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	st, err := store.OpenReadOnly(context.Background(), filepath.Dir(db))
	if err == nil {
		st.Close()
		return false, nil
	}
	var se *store.SchemaError
	if errors.As(err, &se) {
		return se.Have > se.Want, nil
	}
	return false, err
}
