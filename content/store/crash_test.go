//go:build linux || darwin

package store

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The crash test re-executes the test binary as a child that installs a
// large package, and SIGKILLs it at random moments of the install.
const (
	crashDirEnv     = "QINGFENG_STORE_CRASH_DIR"
	crashVersionEnv = "QINGFENG_STORE_CRASH_VERSION"
	crashStarted    = "CRASH-CHILD-INSTALL-START"
	crashDone       = "CRASH-CHILD-INSTALL-DONE"
)

// crashNow is the moment both sides dump the content for; the crash packages
// have no windows, so any moment would do.
var crashNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// crashSpec is a large package: 3,000 rows and 30 media files of 100 KB.
// Each version has different rows, stories and media bytes.
func crashSpec(version int) pkgSpec {
	return pkgSpec{ID: "crash", Version: version, Stories: 12, Disclosures: 3, Rows: 1000,
		Images: 30, ImageBytes: 100 << 10, Audio: 2, Quizzes: 2}
}

// TestCrashChild is not a test: it is the child process of
// TestCrashDuringInstall, and skips unless that started it.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("helper process of TestCrashDuringInstall")
	}
	version, err := strconv.Atoi(os.Getenv(crashVersionEnv))
	if err != nil {
		t.Fatal(err)
	}
	p := buildPackage(t, crashSpec(version))
	s, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println(crashStarted)
	if err := s.Install(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	fmt.Println(crashDone)
	s.Close()
}

// runCrashChild starts a child installing version into dir. If killAfter >=
// 0 it is SIGKILLed that long after it starts installing. It returns how
// long the install ran and whether it finished.
func runCrashChild(t *testing.T, dir string, version int, killAfter time.Duration) (ran time.Duration, finished bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir, crashVersionEnv+"="+strconv.Itoa(version))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	started := make(chan time.Time, 1)
	var mu sync.Mutex
	var stdout strings.Builder
	var done bool
	scanDone := make(chan struct{})
	go func() {
		defer close(scanDone)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			mu.Lock()
			stdout.WriteString(line + "\n")
			if line == crashDone {
				done = true
			}
			mu.Unlock()
			if line == crashStarted {
				started <- time.Now()
			}
		}
		io.Copy(io.Discard, out)
	}()
	var start time.Time
	select {
	case start = <-started:
	case <-scanDone:
		cmd.Wait()
		t.Fatalf("child ended before installing:\n%s%s", stdout.String(), stderr.String())
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("child did not start installing within 30 s")
	}
	if killAfter >= 0 {
		time.Sleep(killAfter - time.Since(start))
		cmd.Process.Signal(syscall.SIGKILL)
	}
	<-scanDone
	werr := cmd.Wait()
	ran = time.Since(start)
	mu.Lock()
	defer mu.Unlock()
	if killAfter < 0 && (werr != nil || !done) {
		t.Fatalf("child failed: %v\n%s%s", werr, stdout.String(), stderr.String())
	}
	if werr == nil && !done {
		t.Fatalf("child exited without installing:\n%s%s", stdout.String(), stderr.String())
	}
	return ran, done
}

// checkCrashState opens the store as a restarted kiosk would and returns
// which version it holds, failing unless that is exactly old or new.
func checkCrashState(t *testing.T, dir string, oldV, newV int, want map[int]string) int {
	t.Helper()
	s := openStore(t, dir)
	defer s.Close()
	var res string
	if err := s.wdb.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check = %q, %v", res, err)
	}
	if _, err := s.wdb.Exec(`INSERT INTO search_grams (search_grams) VALUES ('integrity-check')`); err != nil {
		t.Fatalf("search_grams integrity-check: %v", err)
	}
	rows, err := s.wdb.Query(`PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	if rows.Next() {
		t.Fatal("foreign_key_check found violations")
	}
	rows.Close()
	got := dumpStore(t, s, crashNow)
	version := 0
	switch got {
	case want[oldV]:
		version = oldV
	case want[newV]:
		version = newV
	default:
		t.Fatalf("content is neither v%d nor v%d; against v%d:\n%s", oldV, newV, newV, diff(want[newV], got))
	}
	// Open collected everything the killed install left behind: every file
	// in the media folder is referenced.
	var files int
	filepath.WalkDir(filepath.Join(dir, MediaDir), func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files++
		}
		return nil
	})
	var refs int
	if err := s.rdb.QueryRow(`SELECT count(*) FROM (SELECT sha256 FROM media
		UNION SELECT thumb_sha256 FROM media WHERE thumb_sha256 IS NOT NULL)`).Scan(&refs); err != nil {
		t.Fatal(err)
	}
	if files != refs {
		t.Fatalf("%d files in the media folder, %d referenced", files, refs)
	}
	return version
}

func TestCrashDuringInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns 40 processes, ~15 s")
	}
	if os.Getenv(crashDirEnv) != "" {
		t.Skip("inside the child")
	}
	dir := t.TempDir()
	want := map[int]string{}
	expect := func(v int) {
		if _, ok := want[v]; !ok {
			want[v] = dumpPackages(crashNow, buildPackage(t, crashSpec(v)))
		}
	}

	s := openStore(t, dir)
	mustInstall(t, s, buildPackage(t, crashSpec(1)))
	s.Close()

	// One undisturbed install over v1 measures how long installing takes.
	expect(1)
	expect(2)
	dur, _ := runCrashChild(t, dir, 2, -1)
	if v := checkCrashState(t, dir, 1, 2, want); v != 2 {
		t.Fatalf("undisturbed install left v%d", v)
	}
	sp := crashSpec(2)
	t.Logf("an install of %d rows, %d images (+ thumbnails) and %d audio files takes %v",
		sp.Disclosures*sp.Rows, sp.Images, sp.Audio, dur)

	const trials = 40
	seed := uint64(time.Now().UnixNano())
	r := rand.New(rand.NewPCG(seed, 7))
	installed := 2
	outcome := map[string]int{}
	deadline := time.Now().Add(45 * time.Second)
	for i := range trials {
		if time.Now().After(deadline) {
			t.Logf("stopping after %d trials to bound the test's time", i)
			break
		}
		next := installed + 1
		expect(installed)
		expect(next)
		// Spread over the whole install and a little past it, so that
		// some children finish.
		kill := time.Duration(r.Int64N(int64(dur) * 11 / 10))
		_, finished := runCrashChild(t, dir, next, kill)
		v := checkCrashState(t, dir, installed, next, want)
		switch {
		case v == next:
			outcome["new"]++
		case finished:
			t.Fatalf("trial %d: the child finished installing v%d but v%d is installed", i, next, v)
		default:
			outcome["old"]++
		}
		t.Logf("trial %2d: killed after %6.1f ms (finished=%v): v%d", i, float64(kill)/1e6, finished, v)
		installed = v
		for k := range want {
			if k < installed {
				delete(want, k)
			}
		}
	}
	t.Logf("seed %d: %d trials ended with the old content, %d with the new", seed, outcome["old"], outcome["new"])
	if n := outcome["old"] + outcome["new"]; n < 20 {
		t.Fatalf("only %d kill trials ran; at least 20 are needed to trust the result", n)
	}
	if outcome["old"] == 0 {
		t.Fatal("no trial interrupted an install before its commit: the kills missed the window they test")
	}
}
