package launch

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"qingfeng/content"
)

// The test binary doubles as a fake exhibits program: run with
// LAUNCH_FAKE=<behaviour>, it reads the spec like the real one and then
// behaves as told.
func TestMain(m *testing.M) {
	if b := os.Getenv("LAUNCH_FAKE"); b != "" {
		fakeExhibit(b)
		return
	}
	os.Exit(m.Run())
}

func fakeExhibit(behaviour string) {
	say := func(s string) { fmt.Println(s) }
	alive := func(d time.Duration) {
		for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
			say(LineAlive)
		}
	}
	if rest, ok := strings.CutPrefix(behaviour, "standby-"); ok {
		if rest == "silent" {
			time.Sleep(time.Hour) // never stands by
		}
		// Standing by: alive while waiting for the spec on stdin.
		say(LineStandby)
		got := make(chan struct{})
		go func() {
			for {
				select {
				case <-got:
					return
				default:
					say(LineAlive)
					time.Sleep(100 * time.Millisecond)
				}
			}
		}()
		behaviour = rest
		defer close(got)
	}
	spec, err := ReadSpec(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bad spec:", err)
		os.Exit(2)
	}
	switch behaviour {
	case "ok":
		say(LineReady)
		alive(300 * time.Millisecond)
		say(EndLine("exited"))
	case "idle":
		say(LineReady)
		say(EndLine("timed out"))
	case "panic":
		say(LineReady)
		alive(200 * time.Millisecond)
		panic("fake exhibit: drawing " + spec.Title)
	case "hang":
		say(LineReady)
		alive(200 * time.Millisecond)
		time.Sleep(time.Hour) // a frame that never ends
	case "noready":
		time.Sleep(time.Hour)
	case "forever":
		say(LineReady)
		alive(time.Hour)
	case "ignoreterm":
		signal.Ignore(syscall.SIGTERM)
		say(LineReady)
		alive(time.Hour)
	case "silent":
		// exits 0 without a frame or a word
	case "ready-late":
		time.Sleep(time.Hour) // got the spec, shows nothing
	case "orphan":
		// Leaves a process behind that holds the output open.
		sleeper := exec.Command("sleep", "60")
		sleeper.Stdout, sleeper.Stderr = os.Stdout, os.Stderr
		sleeper.Start()
		fmt.Fprintln(os.Stderr, "sleeper", sleeper.Process.Pid)
		say(LineReady)
		say(EndLine("exited"))
	}
}

// fakeOptions are the watcher's limits in these tests: short where a test
// waits for them to run out (no frame, a hang), and otherwise long enough
// for a busy machine to start the fake (a parallel run of this package
// under -race took over a second).
func fakeOptions(behaviour string) Options {
	exe, _ := os.Executable()
	o := Options{Binary: exe, Env: []string{"LAUNCH_FAKE=" + behaviour},
		StartWithin: 10 * time.Second, HangAfter: time.Second, Grace: 300 * time.Millisecond}
	switch behaviour {
	case "noready", "standby-silent", "standby-ready-late":
		o.StartWithin = time.Second
	}
	return o
}

func startFake(t *testing.T, behaviour string) *Process {
	t.Helper()
	spec := Spec{Name: "quiz/demo/q", Kind: Quiz, Title: "清廉知识问答",
		Questions: []content.Question{{Q: "问", Choices: []string{"甲", "乙"}, Answer: 1}}}
	p, err := Start(spec, fakeOptions(behaviour))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func wait(t *testing.T, p *Process) Result {
	t.Helper()
	select {
	case <-p.Done():
		return p.Result()
	case <-time.After(15 * time.Second):
		t.Fatal("the watcher never finished")
		return Result{}
	}
}

func TestRuns(t *testing.T) {
	tests := []struct {
		behaviour string
		stop      bool
		outcome   string
		err       error
		ready     bool
		words     string // in the error
	}{
		{behaviour: "ok", outcome: "exited", ready: true},
		{behaviour: "idle", outcome: "timed out", ready: true},
		{behaviour: "panic", err: ErrCrashed, ready: true, words: "panic: fake exhibit: drawing 清廉知识问答"},
		{behaviour: "hang", err: ErrHung, ready: true},
		{behaviour: "noready", err: ErrNotReady},
		{behaviour: "forever", stop: true, err: ErrStopped, ready: true},
		{behaviour: "ignoreterm", stop: true, err: ErrStopped, ready: true},
		{behaviour: "silent"},
		{behaviour: "orphan", outcome: "exited", ready: true},
	}
	for _, tt := range tests {
		t.Run(tt.behaviour, func(t *testing.T) {
			t.Parallel()
			p := startFake(t, tt.behaviour)
			if tt.stop {
				<-p.Ready()
				p.Stop()
				p.Stop() // twice is harmless
			}
			r := wait(t, p)
			if r.Outcome != tt.outcome {
				t.Errorf("outcome %q, want %q", r.Outcome, tt.outcome)
			}
			if !errors.Is(r.Err, tt.err) || (tt.err == nil) != (r.Err == nil) {
				t.Errorf("err %v, want %v", r.Err, tt.err)
			}
			if tt.words != "" && (r.Err == nil || !strings.Contains(r.Err.Error(), tt.words)) {
				t.Errorf("err %v does not quote %q", r.Err, tt.words)
			}
			if (r.Ready > 0) != tt.ready {
				t.Errorf("ready after %v, want ready=%v", r.Ready, tt.ready)
			}
			select {
			case <-p.Ready():
			default:
				t.Error("Ready still open after Done: a shell waiting for the first frame would wait for ever")
			}
			if r.TimedOut() != (tt.outcome == "timed out") {
				t.Error("TimedOut disagrees with the outcome")
			}
			// The program is really gone, not left behind as a full-screen ghost.
			if err := syscall.Kill(p.Pid(), 0); err == nil {
				t.Errorf("pid %d still exists", p.Pid())
			}
		})
	}
}

func TestStartRefusesBadSpecAndMissingBinary(t *testing.T) {
	if _, err := Start(Spec{Kind: Quiz, Name: "quiz/x/y"}, Options{Binary: "/bin/true"}); !errors.Is(err, ErrSpec) {
		t.Errorf("a quiz without questions: %v", err)
	}
	good := Spec{Kind: Jigsaw, Name: "jigsaw/x/y", Image: "a.png"}
	if _, err := Start(good, Options{Binary: "./no-such-program"}); err == nil {
		t.Error("a missing binary started")
	}
}

func TestReadSpec(t *testing.T) {
	tests := []struct {
		in   string
		kind Kind
		err  bool
	}{
		{`{"name":"teas/d/t","kind":"teas","title":"七味茶","pairs":[{"Tea":"莲心茶","Saying":"清"}]}`, Teas, false},
		{`{"name":"blank","kind":"blank"}`, Blank, false},
		{`{"name":"blank","kind":"blank","scale":2}`, Blank, false},
		{`{"name":"blank","kind":"blank","scale":1.5}`, Blank, false},
		{`{"name":"blank","kind":"blank","scale":0.5}`, "", true},
		{`{"name":"blank","kind":"blank","scale":9}`, "", true},
		{`{"name":"x","kind":"chess"}`, "", true},
		{`{"name":"x","kind":"quiz","extra":1}`, "", true},
		{`{"name":"x"`, "", true},
	}
	for _, tt := range tests {
		s, err := ReadSpec(strings.NewReader(tt.in))
		if (err != nil) != tt.err || (err == nil && s.Kind != tt.kind) {
			t.Errorf("%s: %v %v", tt.in, s.Kind, err)
		}
		if err != nil && !errors.Is(err, ErrSpec) {
			t.Errorf("%s: %v does not wrap ErrSpec", tt.in, err)
		}
	}
}

func standbyFake(t *testing.T, behaviour string) *Process {
	t.Helper()
	p, err := Standby(fakeOptions(behaviour))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var teaSpec = Spec{Name: "teas/demo/t", Kind: Teas, Title: "七味茶", Pairs: []content.TeaPair{{Tea: "莲心茶", Saying: "清"}, {Tea: "菊花茶", Saying: "淡"}}}

func TestStandbyThenPlay(t *testing.T) {
	t.Parallel()
	p := standbyFake(t, "standby-ok")
	select {
	case <-p.Standing():
	case <-time.After(10 * time.Second):
		t.Fatal("never stood by")
	}
	// Waiting longer than HangAfter is fine while it says it is alive.
	time.Sleep(1500 * time.Millisecond)
	select {
	case <-p.Done():
		t.Fatalf("ended while standing by: %+v", p.Result())
	case <-p.Ready():
		t.Fatal("ready before it was given anything")
	default:
	}
	if err := p.Play(teaSpec); err != nil {
		t.Fatal(err)
	}
	if err := p.Play(teaSpec); !errors.Is(err, ErrNotStandingBy) {
		t.Errorf("second Play: %v", err)
	}
	r := wait(t, p)
	if r.Err != nil || r.Outcome != "exited" || r.Ready <= 0 || r.Ready > time.Second {
		t.Fatalf("result %+v", r)
	}
	if p.Name() != teaSpec.Name {
		t.Errorf("name %q", p.Name())
	}
}

func TestStandbyFailures(t *testing.T) {
	t.Run("never stands by", func(t *testing.T) {
		t.Parallel()
		r := wait(t, standbyFake(t, "standby-silent"))
		if !errors.Is(r.Err, ErrNotReady) {
			t.Fatalf("err %v", r.Err)
		}
	})
	t.Run("no frame after Play", func(t *testing.T) {
		t.Parallel()
		p := standbyFake(t, "standby-ready-late")
		<-p.Standing()
		if err := p.Play(teaSpec); err != nil {
			t.Fatal(err)
		}
		if r := wait(t, p); !errors.Is(r.Err, ErrNotReady) {
			t.Fatalf("err %v", r.Err)
		}
	})
	t.Run("stopped while standing by", func(t *testing.T) {
		t.Parallel()
		p := standbyFake(t, "standby-ok")
		<-p.Standing()
		p.Stop()
		if r := wait(t, p); !errors.Is(r.Err, ErrStopped) {
			t.Fatalf("err %v", r.Err)
		}
		if err := p.Play(teaSpec); !errors.Is(err, ErrNotStandingBy) {
			t.Errorf("Play after the end: %v", err)
		}
	})
	t.Run("Play on a started exhibit", func(t *testing.T) {
		t.Parallel()
		p := startFake(t, "forever")
		<-p.Ready()
		if err := p.Play(teaSpec); !errors.Is(err, ErrNotStandingBy) {
			t.Errorf("Play: %v", err)
		}
		p.Stop()
		wait(t, p)
	})
}
