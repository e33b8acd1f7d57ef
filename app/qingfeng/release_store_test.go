package main

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"qingfeng/content/fleet"
	"qingfeng/content/release"
	"qingfeng/content/sign"
	"qingfeng/content/store"
)

// schemaVersion is the newest migration recorded in the database file db.
func schemaVersion(tb testing.TB, db string) int {
	tb.Helper()
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close()
	var v int
	if err := conn.QueryRow(`SELECT max(version) FROM schema_migrations`).Scan(&v); err != nil {
		tb.Fatal(err)
	}
	return v
}

// TestRollbackRestoresTheDatabase installs a release through the kiosk's
// own path (the database is copied before the switch), lets the new
// release migrate the database one version beyond this program's (or
// not), makes it fail three times, and runs the start script's trial
// start as the previous release (this program): it must be able to open
// the database again, and a migrated database is kept aside, not lost.
func TestRollbackRestoresTheDatabase(t *testing.T) {
	if _, ok := machines[runtime.GOARCH]; !ok {
		t.Skipf("no ELF machine known for %s", runtime.GOARCH)
	}
	saved := version
	t.Cleanup(func() { version = saved; releaseFree = release.FreeBytes })
	version = "1.2.0"
	releaseFree = func(string) (int64, error) { return 10 << 30, nil }
	_, office, _ := sign.GenerateKey()
	for _, migrated := range []bool{true, false} {
		name := map[bool]string{true: "the new release migrated the database", false: "the database was not migrated"}[migrated]
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			tmp := t.TempDir()
			data := filepath.Join(tmp, "data")
			st, err := store.Open(ctx, data, store.WithLogger(slog.New(slog.DiscardHandler)))
			if err != nil {
				t.Fatal(err)
			}
			st.Close()
			db := filepath.Join(data, store.DBFile)
			want := schemaVersion(t, db)

			for _, p := range release.Programs {
				elfStub(t, filepath.Join(tmp, "bin", p), machines[runtime.GOARCH])
			}
			pkg, err := release.Make(tmp, "1.3.0", map[string]string{runtime.GOARCH: filepath.Join(tmp, "bin")}, nil, office, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			root := filepath.Join(tmp, "releases")
			os.MkdirAll(filepath.Join(root, "1.2.0"), 0o755)
			os.Symlink("1.2.0", filepath.Join(root, release.Current))
			a := &app{out: io.Discard, log: slog.New(slog.DiscardHandler)}
			a.cfg.DataDir = data
			a.cfg.releasers = []string{office.Public().String()}
			upd := filepath.Join(data, fleet.UpdateFile)
			if _, err := a.installRelease(pkg, root, "1.2.0", upd, time.Now()); err != nil {
				t.Fatal(err)
			}

			// 1.3.0 runs: it migrates the database one version beyond
			// this program's and records an opinion in it.
			conn, err := sql.Open("sqlite3", "file:"+db)
			if err != nil {
				t.Fatal(err)
			}
			if migrated {
				if _, err := conn.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, 0)`, want+1); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := conn.Exec(`CREATE TABLE entered_on_trial (x TEXT); INSERT INTO entered_on_trial VALUES ('意见')`); err != nil {
				t.Fatal(err)
			}
			conn.Close()

			// It fails three times; the fourth start brings 1.2.0 back.
			for range release.MaxFailures + 1 {
				trialStart(root, 0, a)
			}
			u := readUpdateFile(upd)
			if release.Running(root) != "1.2.0" || u.Outcome != fleet.UpdateRolledBack {
				t.Fatalf("current %s, %+v", release.Running(root), u)
			}
			st, err = store.Open(ctx, data, store.WithLogger(slog.New(slog.DiscardHandler)))
			if err != nil {
				t.Fatalf("the previous release cannot open its database after the rollback: %v (%s)", err, u.Reason)
			}
			st.Close()
			kept := db + ".from-1.3.0"
			_, keptErr := os.Stat(kept)
			if !migrated {
				if keptErr == nil || strings.Contains(u.Reason, "数据库") {
					t.Errorf("a database the old release reads was set aside: %v, %s", keptErr, u.Reason)
				}
				return
			}
			if keptErr != nil || schemaVersion(t, kept) != want+1 {
				t.Fatalf("the migrated database was not kept: %v", keptErr)
			}
			if !strings.Contains(u.Reason, "备份的数据库") || !strings.Contains(u.Reason, filepath.Base(kept)) {
				t.Errorf("update.json does not say where the trial's records are: %s", u.Reason)
			}
			if _, err := os.Stat(release.SnapshotName(db, "1.3.0")); err == nil {
				t.Error("the copy is still there besides the restored database")
			}
		})
	}
}
