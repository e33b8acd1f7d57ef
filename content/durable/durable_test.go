package durable

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// crashEnv makes the test binary a child that writes and is killed before
// the temp file is put in place: "write PATH" or "create PATH".
const crashEnv = "DURABLE_CRASH_CHILD"

func TestMain(m *testing.M) {
	if spec := os.Getenv(crashEnv); spec != "" {
		crashChild(spec)
		return
	}
	os.Exit(m.Run())
}

// crashChild tells the parent the temp file's name once it is written and
// synced, then waits to be killed.
func crashChild(spec string) {
	op, path, _ := strings.Cut(spec, " ")
	beforePlace = func(tmp string) {
		fmt.Println(tmp)
		time.Sleep(time.Hour) // the parent kills the process here
	}
	var err error
	switch op {
	case "write":
		err = WriteFile(path, []byte("new"), 0o644)
	case "create":
		err = CreateFile(path, []byte("new"), 0o600)
	}
	fmt.Fprintln(os.Stderr, "not stopped before the rename:", err)
	os.Exit(3)
}

// killBeforePlace runs op on path in a child process and kills it (SIGKILL on Unix)
// between writing the temp file and putting it in place. It returns the
// temp file's name.
func killBeforePlace(tb testing.TB, op, path string) string {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashEnv+"="+op+" "+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tmp, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		tb.Fatalf("child did not reach the rename: %v", err)
	}
	if err := cmd.Process.Kill(); err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Wait(); err == nil {
		tb.Fatal("child exited normally")
	}
	return strings.TrimSpace(tmp)
}

// files lists dir's file names.
func files(tb testing.TB, dir string) []string {
	tb.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func readString(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func TestCrashBeforeRename(t *testing.T) {
	t.Run("replace keeps the old file", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "status.json")
		if err := WriteFile(path, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		tmp := killBeforePlace(t, "write", path)
		if got := readString(t, path); got != "old" {
			t.Fatalf("after the crash the file holds %q, want the old content", got)
		}
		// The temp file was complete and is recognisably a temp file.
		if filepath.Dir(tmp) != dir || !IsTemp(filepath.Base(tmp)) {
			t.Fatalf("temp file %s: not a temp file in the same folder", tmp)
		}
		if got := readString(t, tmp); got != "new" {
			t.Fatalf("temp file holds %q", got)
		}
		// The next write works beside the leftover and is not confused by it.
		if err := WriteFile(path, []byte("newer"), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := readString(t, path); got != "newer" {
			t.Fatalf("next write: file holds %q", got)
		}
		want := []string{filepath.Base(tmp), "status.json"}
		slices.Sort(want)
		if got := files(t, dir); !slices.Equal(got, want) {
			t.Fatalf("folder holds %q, want only the file and the one leftover %q", got, want)
		}
	})
	t.Run("create leaves no file", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "kiosk.key")
		tmp := killBeforePlace(t, "create", path)
		if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("after the crash: %v, want no file", err)
		}
		if _, err := os.Lstat(tmp); err != nil {
			t.Fatalf("the crash left no temp file to clean up: %v", err)
		}
		if err := CreateFile(path, []byte("key"), 0o600); err != nil {
			t.Fatalf("create after the crash: %v", err)
		}
		if got := readString(t, path); got != "key" {
			t.Fatalf("file holds %q", got)
		}
		// What was left is a copy of a key: the next create of that name
		// removes it, and nothing else.
		if got := files(t, dir); !slices.Equal(got, []string{"kiosk.key"}) {
			t.Fatalf("folder holds %q, want only the key", got)
		}
	})
}

func TestWriteErrorKeepsOldFile(t *testing.T) {
	boom := errors.New("boom")
	for _, tc := range []struct {
		name  string
		write func(path string) error
	}{
		{"write func fails midway", func(path string) error {
			return WriteFunc(path, 0o644, func(w io.Writer) error {
				w.Write([]byte(strings.Repeat("x", 10000)))
				return boom
			})
		}},
		{"aborted", func(path string) error {
			f, err := Create(path, 0o644)
			if err != nil {
				return err
			}
			f.Write([]byte("half"))
			f.Abort()
			return boom
		}},
		{"target is a folder", func(path string) error {
			if err := os.Remove(path); err != nil {
				return err
			}
			if err := os.Mkdir(path, 0o755); err != nil {
				return err
			}
			os.WriteFile(filepath.Join(path, "inside"), []byte("old"), 0o644) // rename over a non-empty folder fails
			return WriteFile(path, []byte("new"), 0o644)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.csv")
			if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := tc.write(path); err == nil {
				t.Fatal("no error")
			}
			for _, name := range files(t, dir) {
				if IsTemp(name) {
					t.Errorf("temp file %s left behind", name)
				}
			}
			if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
				if got := readString(t, path); got != "old" {
					t.Errorf("file holds %q, want the old content", got)
				}
			}
		})
	}
}

func TestWriteReplaces(t *testing.T) {
	for _, tc := range []struct {
		name  string
		write func(path string, data []byte) error
	}{
		{"WriteFile", func(path string, data []byte) error { return WriteFile(path, data, 0o600) }},
		{"WriteFunc", func(path string, data []byte) error {
			return WriteFunc(path, 0o600, func(w io.Writer) error { _, err := w.Write(data); return err })
		}},
		{"Create and Commit", func(path string, data []byte) error {
			f, err := Create(path, 0o600)
			if err != nil {
				return err
			}
			defer f.Abort()
			if _, err := f.Write(data); err != nil {
				return err
			}
			return f.Commit()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "a.txt")
			for _, want := range []string{"first", "second, longer than the first", "3"} {
				if err := tc.write(path, []byte(want)); err != nil {
					t.Fatal(err)
				}
				if got := readString(t, path); got != want {
					t.Fatalf("file holds %q, want %q", got, want)
				}
			}
			if got := files(t, dir); !slices.Equal(got, []string{"a.txt"}) {
				t.Fatalf("folder holds %q", got)
			}
		})
	}
}

func TestPlaceAndSyncDir(t *testing.T) {
	dir := t.TempDir()
	for i := range 3 {
		f, err := Create(filepath.Join(dir, fmt.Sprint(i)), 0o644)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprint(f, i)
		if err := f.Place(); err != nil {
			t.Fatal(err)
		}
		if err := f.Place(); err == nil {
			t.Fatal("a file placed twice")
		}
		f.Abort() // no-op once placed
	}
	if err := SyncDir(dir); err != nil {
		t.Fatal(err)
	}
	if got := files(t, dir); !slices.Equal(got, []string{"0", "1", "2"}) {
		t.Fatalf("folder holds %q", got)
	}
	if err := SyncDir(filepath.Join(dir, "missing")); err == nil {
		t.Fatal("SyncDir of a missing folder: no error")
	}
}

func TestCreateFileRefusesExisting(t *testing.T) {
	for _, tc := range []struct {
		name   string
		noLink bool // as on a FAT stick
	}{{"hard link", false}, {"no hard links", true}} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.noLink {
				link = func(string, string) error { return &os.LinkError{Op: "link", Err: syscall.EPERM} }
				t.Cleanup(func() { link = os.Link })
			}
			dir := t.TempDir()
			path := filepath.Join(dir, "office.key")
			if err := CreateFile(path, []byte("first"), 0o600); err != nil {
				t.Fatal(err)
			}
			err := CreateFile(path, []byte("second"), 0o600)
			if !errors.Is(err, fs.ErrExist) {
				t.Fatalf("second create: %v, want fs.ErrExist", err)
			}
			if got := readString(t, path); got != "first" {
				t.Fatalf("file holds %q: overwritten", got)
			}
			if got := files(t, dir); !slices.Equal(got, []string{"office.key"}) {
				t.Fatalf("folder holds %q", got)
			}
		})
	}
}

func TestIsTemp(t *testing.T) {
	f, err := Create(filepath.Join(t.TempDir(), "batch.json"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	for name, want := range map[string]bool{
		filepath.Base(f.f.Name()): true,
		"batch.json":              false,
		".stignore":               false,
	} {
		if IsTemp(name) != want {
			t.Errorf("IsTemp(%q) = %v", name, !want)
		}
	}
}
