package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"qingfeng/content"
	"qingfeng/content/seal"
	"qingfeng/content/store"
	"qingfeng/kiosk"
	"qingfeng/kiosk/pinyin"
	"qingfeng/kiosk/widgets"
)

// A resident who sees the thank-you screen has an opinion on disk, even if
// the kiosk dies that very instant. A child process (this test binary
// again) drives the real kiosk, with the real recorder, store and
// dictionary, by taps; when the thank-you screen is shown it writes the
// receipt to its stdout and SIGKILLs itself, before anything else runs.
// The parent then finds that opinion, whole, in the database, with the
// contact sealed and opened by the office's key.
func TestOpinionSurvivesKillAtThankYou(t *testing.T) {
	if os.Getenv("QINGFENG_KILL_CHILD") != "" {
		killChild(t)
		return
	}
	k := newOpinionKiosk(t, true, "  min_interval: 0s\n")
	const trials = 3
	var receipts []string
	for i := range trials {
		cmd := exec.Command(os.Args[0], "-test.run=^TestOpinionSurvivesKillAtThankYou$", "-test.v")
		cmd.Env = append(os.Environ(), "QINGFENG_KILL_CHILD=1", "QINGFENG_KILL_CONFIG="+k.cfgPath,
			"QINGFENG_KILL_PHONE="+fmt.Sprintf("1391234567%d", i))
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatalf("trial %d: the child was not killed (err %v):\n%s", i, err, out.String())
		}
		ws, ok := exit.Sys().(syscall.WaitStatus)
		if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("trial %d: the child ended with %v, not SIGKILL:\n%s", i, err, out.String())
		}
		receipt := ""
		sc := bufio.NewScanner(&out)
		for sc.Scan() {
			if r, ok := strings.CutPrefix(sc.Text(), "THANK-YOU SHOWN "); ok {
				receipt = r
			}
		}
		if receipt == "" {
			t.Fatalf("trial %d: the child died before the thank-you screen:\n%s", i, out.String())
		}
		receipts = append(receipts, receipt)
	}

	st := k.openStore(t)
	ops, err := st.Opinions(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	byReceipt := map[string]store.StoredOpinion{}
	for _, o := range ops {
		byReceipt[o.Receipt] = o
	}
	priv := k.privateKey(t)
	for i, r := range receipts {
		o, ok := byReceipt[r]
		if !ok {
			t.Fatalf("trial %d: receipt %s was shown but the opinion is not in the database (%d stored)", i, r, len(ops))
		}
		if o.Category != "投诉举报线索" || o.Text != "村务" {
			t.Errorf("trial %d: stored %+v, want 投诉举报线索 / 村务", i, o)
		}
		c, err := seal.OpenContact(priv, o.Contact)
		if want := (seal.Contact{Name: "张", Phone: fmt.Sprintf("1391234567%d", i)}); err != nil || c != want {
			t.Errorf("trial %d: contact %+v, %v; want %+v", i, c, err, want)
		}
	}
}

// killChild is the child's side: the kiosk in Fyne's test driver, the
// shell's own wiring for opinions, and a finger.
func killChild(t *testing.T) {
	cfg, err := loadConfig(os.Getenv("QINGFENG_KILL_CONFIG"), true)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), cfg.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	dict, err := pinyin.Default()
	if err != nil {
		t.Fatal(err)
	}
	rec := &receiptSpy{r: newOpinionRecorder(st, &cfg, nil)}
	a := test.NewApp()
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1920, 1080))
	op := cfg.Opinions
	kiosk.New(a, w, kiosk.Config{
		SiteName: "测试站",
		Opinions: kiosk.OpinionSettings{Categories: op.Categories, Phrases: op.Phrases,
			MaxLength: op.MaxLength, Contacts: op.CollectsContact()},
		OnShow: func(name string) {
			if name != "thanks" {
				return
			}
			os.Stdout.WriteString("THANK-YOU SHOWN " + rec.last() + "\n")
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
		},
	}, kiosk.Sources{Stories: library{st}, Disclosures: library{st}, Search: library{st},
		Opinions: rec, Pinyin: func() *pinyin.Dict { return dict }}, nil)

	tapText(t, w, kiosk.TileOpinions)
	tapText(t, w, "写意见")
	tapText(t, w, "投诉举报线索")
	for _, c := range "cunwu" {
		tapText(t, w, string(c))
	}
	tapText(t, w, "村务")
	tapText(t, w, "姓名（选填）")
	for _, c := range "zhang" {
		tapText(t, w, string(c))
	}
	tapText(t, w, "张")
	tapText(t, w, "电话（选填）")
	for _, c := range os.Getenv("QINGFENG_KILL_PHONE") {
		tapText(t, w, string(c))
	}
	tapText(t, w, "提交")
	// The opinion is stored on a goroutine; the thank-you screen kills
	// this process. Still alive after this: the screen never came.
	time.Sleep(20 * time.Second)
	t.Fatal("the thank-you screen was never shown")
}

// receiptSpy remembers the receipt the recorder returned.
type receiptSpy struct {
	r       kiosk.OpinionRecorder
	mu      sync.Mutex
	receipt string
}

func (s *receiptSpy) RecordOpinion(ctx context.Context, o content.Opinion) (string, error) {
	r, err := s.r.RecordOpinion(ctx, o)
	s.mu.Lock()
	s.receipt = r
	s.mu.Unlock()
	return r, err
}

func (s *receiptSpy) last() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.receipt
}

// tapText taps the button labelled text, or else the nearest tappable
// holding a text or label that says it, as a finger on it would.
func tapText(t testing.TB, w fyne.Window, text string) {
	t.Helper()
	var hit fyne.Tappable
	var visit func(o fyne.CanvasObject, tappable fyne.Tappable) bool
	visit = func(o fyne.CanvasObject, tappable fyne.Tappable) bool {
		if o == nil || !o.Visible() {
			return false
		}
		if tp, ok := o.(fyne.Tappable); ok {
			tappable = tp
		}
		switch v := o.(type) {
		case *widget.Button:
			if v.Text == text && !v.Disabled() {
				hit = v
				return true
			}
		case *canvas.Text:
			if v.Text == text && tappable != nil {
				hit = tappable
				return true
			}
		case *widget.Label:
			if v.Text == text && tappable != nil {
				hit = tappable
				return true
			}
		}
		switch v := o.(type) {
		case *widgets.Deferred:
			return visit(v.Content(), tappable)
		case *fyne.Container:
			for _, c := range v.Objects {
				if visit(c, tappable) {
					return true
				}
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				if visit(c, tappable) {
					return true
				}
			}
		}
		return false
	}
	if !visit(w.Content(), nil) {
		t.Fatalf("nothing to tap says %q", text)
	}
	test.Tap(hit)
}
