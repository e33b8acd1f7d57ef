package main

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"qingfeng/content/store"
)

// The commands that only read, pointed at a folder without a kiosk
// database (a mistyped --data), say so and exit 1, and leave the folder as
// it was: an inspector who checks the wrong folder must not be told all is
// well, nor leave an empty database behind.
func TestReadOnlyCommandsRefuseFolderWithoutDatabase(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string // DATA and OUT are replaced
	}{
		{"status", []string{"status", "--data", "DATA"}},
		{"search", []string{"search", "--data", "DATA", "食堂"}},
		{"displaylog verify", []string{"displaylog", "verify", "--data", "DATA"}},
		{"displaylog export", []string{"displaylog", "export", "--data", "DATA", "--out", "OUT/log.csv"}},
		{"usage export", []string{"usage", "export", "--data", "DATA", "--out", "OUT/usage.csv"}},
		{"opinions export", []string{"opinions", "export", "--data", "DATA", "--out", "OUT/opinions.csv"}},
		{"exhibit --list", []string{"exhibit", "--list", "--data", "DATA"}},
		{"exhibit --print", []string{"exhibit", "quiz/p/q", "--print", "--data", "DATA"}},
	} {
		for _, exists := range []bool{true, false} {
			name := tc.name + "/missing folder"
			if exists {
				name = tc.name + "/empty folder"
			}
			t.Run(name, func(t *testing.T) {
				data, out := filepath.Join(t.TempDir(), "kiosk"), t.TempDir()
				if exists {
					if err := os.Mkdir(data, 0o755); err != nil {
						t.Fatal(err)
					}
				}
				args := slices.Clone(tc.args)
				for i, a := range args {
					args[i] = strings.NewReplacer("DATA", data, "OUT", out).Replace(a)
				}
				code, log := runCmd(t, args...)
				if code != 1 || !strings.Contains(log, data) || !strings.Contains(log, "没有") {
					t.Errorf("exit %d, want 1 and a line naming %s\n%s", code, data, log)
				}
				entries, err := os.ReadDir(data)
				switch {
				case !exists && !errors.Is(err, fs.ErrNotExist):
					t.Errorf("the missing folder was created: %v", err)
				case exists && len(entries) > 0:
					t.Errorf("the folder gained %v", names(entries))
				}
				if entries, _ := os.ReadDir(out); len(entries) > 0 {
					t.Errorf("an export was written: %v", names(entries))
				}
			})
		}
	}
}

func names(entries []os.DirEntry) []string {
	var ns []string
	for _, e := range entries {
		ns = append(ns, e.Name())
	}
	return ns
}

// A database an older version made (its migrations not yet applied, as
// after an update before the kiosk restarted) is not read as a broken or
// tampered one: the read-only commands say in Chinese to start the kiosk
// once, and write nothing.
func TestReadOnlyCommandsOnAnOlderDatabase(t *testing.T) {
	data := filepath.Join(t.TempDir(), "kiosk")
	st, err := store.Open(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	db, err := sql.Open("sqlite3", filepath.Join(data, store.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, args := range [][]string{
		{"displaylog", "verify", "--data", data},
		{"status", "--data", data},
	} {
		code, log := runCmd(t, args...)
		if code != 1 || !strings.Contains(log, "旧版本") || !strings.Contains(log, "qingfeng run") {
			t.Errorf("%v: exit %d\n%s", args, code, log)
		}
	}
}
