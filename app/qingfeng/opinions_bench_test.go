package main

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"qingfeng/content/store"
	"qingfeng/kiosk"
	"qingfeng/kiosk/pinyin"
)

// BenchmarkSubmitToThankYou times a resident's tap on 提交 until the
// thank-you screen is shown, through the kiosk's own path: the recorder's
// checks, sealing the name and phone, the store's transaction committed
// with synchronous=FULL (an fsync of the WAL; b.TempDir is on the disk
// here, not tmpfs), and building the thank-you screen. Filling the form
// is not timed.
func BenchmarkSubmitToThankYou(b *testing.B) {
	k := newOpinionKiosk(b, true, "  min_interval: 0s\n")
	st, err := store.Open(context.Background(), k.cfg.DataDir)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	dict, err := pinyin.Default()
	if err != nil {
		b.Fatal(err)
	}
	thanks := make(chan struct{}, 1)
	a := test.NewApp()
	defer a.Quit()
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1920, 1080))
	op := k.cfg.Opinions
	kiosk.New(a, w, kiosk.Config{
		Opinions: kiosk.OpinionSettings{Categories: op.Categories, MaxLength: op.MaxLength, Contacts: op.CollectsContact()},
		OnShow: func(name string) {
			if name == "thanks" {
				thanks <- struct{}{}
			}
		},
	}, kiosk.Sources{Stories: library{st}, Disclosures: library{st}, Search: library{st},
		Opinions: newOpinionRecorder(st, &k.cfg, nil), Pinyin: func() *pinyin.Dict { return dict }}, nil)
	t := b
	fill := func() {
		tapText(t, w, kiosk.TileOpinions)
		tapText(t, w, "写意见")
		for _, c := range "cunwu" {
			tapText(t, w, string(c))
		}
		tapText(t, w, "村务")
		tapText(t, w, "电话（选填）")
		for _, c := range "13812345678" {
			tapText(t, w, string(c))
		}
	}
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		fill()
		b.StartTimer()
		tapText(t, w, "提交")
		<-thanks
		b.StopTimer()
		tapText(t, w, "返回首页")
		b.StartTimer()
	}
	b.StopTimer()
	ops, err := st.Opinions(context.Background(), time.Time{})
	if err != nil || len(ops) < b.N {
		b.Fatalf("%d opinions stored for %d submissions: %v", len(ops), b.N, err)
	}
}
