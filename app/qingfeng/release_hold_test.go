package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"qingfeng/content/fleet"
	"qingfeng/content/inbox"
	"qingfeng/content/release"
	"qingfeng/content/sign"
)

// TestReleaseWaitsForTheTrial drops a release into the inbox while the
// one before it is still on trial: it must stay in the inbox untouched
// (installing it would end the trial and lose the release known to
// work), and be installed once the trial has passed.
func TestReleaseWaitsForTheTrial(t *testing.T) {
	if _, ok := machines[runtime.GOARCH]; !ok {
		t.Skipf("no ELF machine known for %s", runtime.GOARCH)
	}
	saved := version
	t.Cleanup(func() { version = saved; releaseFree = release.FreeBytes })
	version = "1.2.0"
	releaseFree = func(string) (int64, error) { return 10 << 30, nil }
	_, office, _ := sign.GenerateKey()
	tmp := t.TempDir()
	root := filepath.Join(tmp, "releases")
	for _, v := range []string{"1.1.0", "1.2.0"} {
		os.MkdirAll(filepath.Join(root, v), 0o755)
	}
	os.Symlink("1.1.0", filepath.Join(root, release.Current))
	data := filepath.Join(tmp, "data")
	os.MkdirAll(data, 0o755)
	upd := filepath.Join(data, fleet.UpdateFile)
	if err := release.Switch(root, "1.2.0", upd, time.Now()); err != nil {
		t.Fatal(err)
	}
	t.Setenv(releasesEnv, root)
	t.Setenv(trialEnv, filepath.Join(root, release.TrialFile))

	for _, p := range release.Programs {
		elfStub(t, filepath.Join(tmp, "bin", p), machines[runtime.GOARCH])
	}
	in := filepath.Join(tmp, "inbox")
	os.MkdirAll(in, 0o755)
	pkg, err := release.Make(in, "1.3.0", map[string]string{runtime.GOARCH: filepath.Join(tmp, "bin")}, nil, office, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	a := &app{out: io.Discard, log: slog.New(slog.DiscardHandler)}
	a.cfg.DataDir = data
	a.cfg.releasers = []string{office.Public().String()}
	a.stop = func(int) {}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	results := make(chan inbox.Result, 4)
	w := &inbox.Inbox{Dirs: []string{in}, Quiet: 50 * time.Millisecond, FolderQuiet: 100 * time.Millisecond,
		Poll: 100 * time.Millisecond, GiveUp: 300 * time.Millisecond, Release: a.takeRelease, Hold: holdRelease,
		OnResult: func(r inbox.Result) { a.releaseResult(r); results <- r }}
	go w.Run(ctx)

	// Many rescans and more than the inbox's give-up time: still waiting.
	select {
	case r := <-results:
		t.Fatalf("a release was taken while another was on trial: %v %s", r.Outcome, r.Reason)
	case <-time.After(2 * time.Second):
	}
	if _, err := os.Stat(pkg); err != nil {
		t.Fatalf("the waiting release left the inbox: %v", err)
	}
	if release.Running(root) != "1.2.0" || release.Before(root) != "1.1.0" || readUpdateFile(upd).Outcome != fleet.UpdateTrying {
		t.Fatalf("the trial was disturbed: current %s, previous %s, %+v", release.Running(root), release.Before(root), readUpdateFile(upd))
	}

	// 1.2.0 reported ready and ran its ten minutes: 1.3.0 goes in.
	tr, _, err := release.LoadTrial(root)
	if err != nil {
		t.Fatal(err)
	}
	tr.Switched = time.Now().Add(-release.Window - time.Minute)
	tr.Ready = tr.Switched.Add(time.Second)
	b, _ := json.Marshal(tr)
	if err := os.WriteFile(filepath.Join(root, release.TrialFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-results:
		if r.Outcome != inbox.Imported || release.Running(root) != "1.3.0" || release.Before(root) != "1.2.0" {
			t.Fatalf("after the trial: %v %s, current %s", r.Outcome, r.Reason, release.Running(root))
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the waiting release was not taken after the trial")
	}
}
