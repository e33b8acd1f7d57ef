package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"qingfeng/content"
	"qingfeng/content/seal"
	"qingfeng/content/store"
)

func TestOpinionRecorderSealsContact(t *testing.T) {
	k := newOpinionKiosk(t, true, "  min_interval: 0s\n")
	st := k.openStore(t)
	rec := newOpinionRecorder(st, &k.cfg, nil)
	at := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	rec.now = func() time.Time { return at }
	ctx := context.Background()
	in := []seal.Contact{
		{Name: "张三丰", Phone: "13812345678"},
		{Name: "欧阳娜娜"},
		{Phone: "12345"},
		{Name: strings.Repeat("龘", 20), Phone: strings.Repeat("9", 20)},
		{}, // anonymous
	}
	for _, c := range in {
		if _, err := rec.RecordOpinion(ctx, content.Opinion{Category: "咨询", Text: "问", Name: " " + c.Name + " ", Phone: c.Phone}); err != nil {
			t.Fatal(err)
		}
	}
	ops, err := st.Opinions(ctx, time.Time{})
	if err != nil || len(ops) != len(in) {
		t.Fatalf("%d opinions, %v", len(ops), err)
	}
	priv := k.privateKey(t)
	_, other, _ := seal.GenerateKey()
	for i, o := range ops {
		if o.Site != "ceshi-zhan" || !o.At.Equal(at) {
			t.Errorf("#%d: site %q at %v; want the config's site and the recorder's clock", i, o.Site, o.At)
		}
		if in[i] == (seal.Contact{}) {
			if o.Contact != nil {
				t.Errorf("#%d: anonymous opinion has a contact", i)
			}
			continue
		}
		// Padding: every contact seals to the same length, whatever the
		// name and number.
		if len(o.Contact) != len(ops[0].Contact) {
			t.Errorf("#%d: sealed contact is %d bytes, #0 is %d: the length gives the name away", i, len(o.Contact), len(ops[0].Contact))
		}
		got, err := seal.OpenContact(priv, o.Contact)
		if err != nil || got != in[i] {
			t.Errorf("#%d: opened %+v, %v; want %+v", i, got, err, in[i])
		}
		if _, err := seal.OpenContact(other, o.Contact); !errors.Is(err, seal.ErrOpen) {
			t.Errorf("#%d: another key opened the contact: %v", i, err)
		}
	}
}

// TestContactsNeverInDatabaseFiles writes opinions with names and phone
// numbers the way the screen does, then reads every file of the data
// folder byte by byte: the names and numbers must be nowhere, neither
// while the WAL holds them nor after it was checkpointed into the database.
// Nor may the log show them.
func TestContactsNeverInDatabaseFiles(t *testing.T) {
	k := newOpinionKiosk(t, true, "  min_interval: 0s\n")
	st, err := store.Open(context.Background(), k.data)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var logBuf bytes.Buffer
	rec := newOpinionRecorder(st, &k.cfg, slog.New(slog.NewTextHandler(&logBuf, nil)))
	names := []string{"欧阳清风", "Zhang Sanfeng"}
	phones := []string{"13812345678", "057187654321"}
	const marker = "QFMARKER"
	for i := range 40 {
		if _, err := rec.RecordOpinion(context.Background(), content.Opinion{
			Category: "意见建议", Text: fmt.Sprintf("路灯坏了请尽快修理%s%03d", marker, i),
			Name: names[i%2], Phone: phones[i%2],
		}); err != nil {
			t.Fatal(err)
		}
	}
	secrets := append(slices.Clone(names), phones...)
	grep := func(t *testing.T, stage string, wantWAL bool) {
		t.Helper()
		var all []byte
		sawWAL := false
		err := filepath.WalkDir(k.data, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if strings.HasSuffix(p, "-wal") && bytes.Contains(b, []byte(marker)) {
				sawWAL = true
			}
			all = append(all, b...)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// The grep must be able to find what is stored in clear, or its
		// silence proves nothing.
		if !bytes.Contains(all, []byte(marker+"039")) {
			t.Fatalf("%s: the opinions' text is not in the files read", stage)
		}
		if wantWAL && !sawWAL {
			t.Fatalf("%s: the WAL does not hold the opinions", stage)
		}
		for _, s := range secrets {
			if i := bytes.Index(all, []byte(s)); i >= 0 {
				t.Errorf("%s: %q found in clear in the data folder", stage, s)
			}
		}
	}
	grep(t, "with the WAL", true)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	grep(t, "after checkpoint", false)
	for _, s := range secrets {
		if strings.Contains(logBuf.String(), s) {
			t.Errorf("the log shows %q", s)
		}
	}
}
