package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"qingfeng/app/office"
	"qingfeng/content"
	"qingfeng/content/seal"
	"qingfeng/content/store"
)

// opinionKiosk is a kiosk set up for opinion tests: a config file in its
// own folder (with the office key beside it when asked for), a data folder
// and the office's private key.
type opinionKiosk struct {
	dir     string // the config file's folder
	cfgPath string
	data    string
	keyPath string // office.key; "" without a key
	cfg     Config
}

func newOpinionKiosk(tb testing.TB, withKey bool, opinionsYAML string) *opinionKiosk {
	tb.Helper()
	k := &opinionKiosk{dir: tb.TempDir()}
	k.data = filepath.Join(k.dir, "data")
	if withKey {
		if code := office.Keygen(k.dir, io.Discard); code != 0 {
			tb.Fatalf("keygen: exit %d", code)
		}
		k.keyPath = filepath.Join(k.dir, seal.PrivateKeyFile)
		opinionsYAML = "  office_key: office.pub\n" + opinionsYAML
	}
	k.cfgPath = filepath.Join(k.dir, "qingfeng.yaml")
	yaml := fmt.Sprintf("site:\n  id: ceshi-zhan\ndata_dir: %q\nopinions:\n%s", k.data, opinionsYAML)
	if err := os.WriteFile(k.cfgPath, []byte(yaml), 0o644); err != nil {
		tb.Fatal(err)
	}
	var err error
	if k.cfg, err = loadConfig(k.cfgPath, true); err != nil {
		tb.Fatalf("loadConfig:\n%s\n%v", yaml, err)
	}
	return k
}

func (k *opinionKiosk) openStore(tb testing.TB) *store.Store {
	tb.Helper()
	st, err := store.Open(context.Background(), k.data)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

func (k *opinionKiosk) privateKey(tb testing.TB) seal.Private {
	tb.Helper()
	priv, err := seal.ReadPrivateFile(k.keyPath)
	if err != nil {
		tb.Fatal(err)
	}
	return priv
}

func opinionField(err error) string {
	var oe *content.OpinionError
	if errors.As(err, &oe) {
		return oe.Field
	}
	return ""
}

func TestOpinionsConfig(t *testing.T) {
	t.Run("defaults", func(t *testing.T) {
		cfg, err := loadConfig(filepath.Join(t.TempDir(), "none.yaml"), false)
		if err != nil {
			t.Fatal(err)
		}
		o := cfg.Opinions
		if !slices.Equal(o.Categories, content.DefaultOpinionCategories) || o.MinInterval != 30*time.Second ||
			o.MaxLength != 300 || len(o.HoldWords) != 0 || !slices.Contains(o.Phrases, "我想反映") ||
			o.OfficeKey != "" || o.PublicKey != nil || o.CollectsContact() {
			t.Fatalf("defaults: %+v", o)
		}
		// The defaults are a copy: a config cannot change the package's list.
		o.Categories[0] = "改了"
		if content.DefaultOpinionCategories[0] == "改了" {
			t.Fatal("config shares content.DefaultOpinionCategories")
		}
	})
	t.Run("office key beside the config", func(t *testing.T) {
		// The config lives in a temp folder and names office.pub without a
		// folder, while the test runs in the package's folder: the key is
		// found beside the config file.
		k := newOpinionKiosk(t, true, "  categories: [意见建议, 表扬]\n  hold_words: [红包]\n  min_interval: 1m\n  max_length: 50\n  phrases: [你好]\n")
		o := k.cfg.Opinions
		if !o.CollectsContact() || *o.PublicKey != k.privateKey(t).Public() {
			t.Fatalf("office key not loaded: %+v", o)
		}
		if !slices.Equal(o.Categories, []string{"意见建议", "表扬"}) || !slices.Equal(o.HoldWords, []string{"红包"}) ||
			o.MinInterval != time.Minute || o.MaxLength != 50 || !slices.Equal(o.Phrases, []string{"你好"}) {
			t.Fatalf("read %+v", o)
		}
	})

	dir := t.TempDir()
	pub, priv, err := seal.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "office.key"), []byte(priv.Encode()+"\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "office.pub"), []byte(pub.String()+"\n"), 0o644)
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"missing key file", "opinions:\n  office_key: keys/none.pub\n", filepath.Join(dir, "keys", "none.pub")},
		{"private key given", "opinions:\n  office_key: office.key\n", filepath.Join(dir, "office.key")},
		{"no categories", "opinions:\n  categories: []\n", "categories"},
		{"blank category", "opinions:\n  categories: [表扬, \" \"]\n", "categories"},
		{"repeated category", "opinions:\n  categories: [表扬, 表扬]\n", "categories"},
		{"blank hold word", "opinions:\n  hold_words: [\"\"]\n", "hold_words"},
		{"zero max_length", "opinions:\n  max_length: 0\n", "max_length"},
		{"negative interval", "opinions:\n  min_interval: -1s\n", "min_interval"},
		{"unknown key", "opinions:\n  office_keys: office.pub\n", "office_keys"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, "qingfeng.yaml")
			if err := os.WriteFile(p, []byte(tc.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := loadConfig(p, true)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("loadConfig = %v, want an error naming %q", err, tc.want)
			}
		})
	}
}

// The recorder refuses what content.CheckOpinion refuses, with the
// config's categories and length; each rule's own cases are content's
// (TestCheckOpinion).
func TestOpinionRecorderChecks(t *testing.T) {
	k := newOpinionKiosk(t, true, "  min_interval: 0s\n")
	rec := newOpinionRecorder(k.openStore(t), &k.cfg, nil)
	ok := content.Opinion{Category: "意见建议", Text: "路灯坏了", Rating: content.RatingUnhappy}
	with := func(f func(o *content.Opinion)) content.Opinion {
		o := ok
		f(&o)
		return o
	}
	for _, tc := range []struct {
		name  string
		o     content.Opinion
		field string // "" accepted
	}{
		{"full", with(func(o *content.Opinion) { o.Name, o.Phone, o.Subject = "张三丰", "13812345678", "村道硬化" }), ""},
		{"rating only", content.Opinion{Category: "表扬", Rating: content.RatingHappy}, ""},
		{"text only", content.Opinion{Category: "咨询", Text: "低保怎么申请"}, ""},
		{"unknown category", with(func(o *content.Opinion) { o.Category = "其他" }), "category"},
		{"nothing said", content.Opinion{Category: "表扬"}, "text"},
		{"too long", with(func(o *content.Opinion) { o.Text = strings.Repeat("字", 301) }), "text"},
		{"rating too high", with(func(o *content.Opinion) { o.Rating = 4 }), "rating"},
		{"subject too long", with(func(o *content.Opinion) { o.Subject = strings.Repeat("事", content.MaxOpinionSubjectRunes+1) }), "subject"},
		{"phone too short", with(func(o *content.Opinion) { o.Phone = "1234" }), "phone"},
		{"name too long", with(func(o *content.Opinion) { o.Name = strings.Repeat("名", 21) }), "name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := rec.RecordOpinion(context.Background(), tc.o)
			if tc.field == "" {
				if err != nil || r == "" {
					t.Fatalf("refused: %q, %v", r, err)
				}
				return
			}
			if got := opinionField(err); got != tc.field {
				t.Fatalf("err = %v (field %q), want a refusal of %q", err, got, tc.field)
			}
			// The form shows the message as it is: it must be Chinese.
			if msg := err.Error(); msg == "" || msg[0] < 0x80 {
				t.Errorf("message %q is not for a resident", msg)
			}
		})
	}
}

func TestOpinionRecorderWithoutKey(t *testing.T) {
	k := newOpinionKiosk(t, false, "  min_interval: 0s\n")
	st := k.openStore(t)
	rec := newOpinionRecorder(st, &k.cfg, nil)
	ctx := context.Background()
	if _, err := rec.RecordOpinion(ctx, content.Opinion{Category: "意见建议", Text: "匿名意见"}); err != nil {
		t.Fatalf("anonymous opinion refused: %v", err)
	}
	for _, o := range []content.Opinion{
		{Category: "意见建议", Text: "留名", Name: "张三"},
		{Category: "意见建议", Text: "留电话", Phone: "13812345678"},
	} {
		if _, err := rec.RecordOpinion(ctx, o); opinionField(err) != "contact" {
			t.Errorf("%+v: err = %v, want a contact refusal", o, err)
		}
	}
	if total, _, _ := st.OpinionCount(ctx); total != 1 {
		t.Fatalf("%d opinions stored, want only the anonymous one", total)
	}
}

func TestOpinionRecorderHoldWords(t *testing.T) {
	k := newOpinionKiosk(t, false, "  min_interval: 0s\n  hold_words: [红包, Bribe, 吃喝]\n")
	st := k.openStore(t)
	rec := newOpinionRecorder(st, &k.cfg, nil)
	ctx := context.Background()
	for _, tc := range []struct {
		name, subject, text, word string
	}{
		{"none", "", "路灯坏了", ""},
		{"in text", "", "听说有人收红包", "红包"},
		{"other case", "", "he took a BRIBE", "Bribe"},
		{"in subject", "村干部吃喝问题", "请核实", "吃喝"},
		{"first listed wins", "", "吃喝和红包", "红包"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := rec.RecordOpinion(ctx, content.Opinion{Category: "投诉举报线索", Subject: tc.subject, Text: tc.text})
			if err != nil {
				t.Fatal(err)
			}
			ops, err := st.Opinions(ctx, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			got := ops[len(ops)-1]
			if got.Receipt != r || got.Held != (tc.word != "") || got.HeldWord != tc.word {
				t.Fatalf("stored Held=%v HeldWord=%q, want %q", got.Held, got.HeldWord, tc.word)
			}
		})
	}
	if total, held, err := st.OpinionCount(ctx); err != nil || total != 5 || held != 4 {
		t.Fatalf("OpinionCount = %d, %d, %v; want 5, 4", total, held, err)
	}
}

func TestOpinionRecorderMinInterval(t *testing.T) {
	k := newOpinionKiosk(t, false, "  min_interval: 30s\n")
	rec := newOpinionRecorder(k.openStore(t), &k.cfg, nil)
	t0 := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	ctx := context.Background()
	good := content.Opinion{Category: "表扬", Rating: content.RatingHappy}
	for _, step := range []struct {
		name  string
		at    time.Time
		o     content.Opinion
		field string
	}{
		{"first", t0, good, ""},
		{"ten seconds later", t0.Add(10 * time.Second), good, "interval"},
		{"invalid is checked first", t0.Add(11 * time.Second), content.Opinion{Category: "无"}, "category"},
		{"thirty seconds later", t0.Add(30 * time.Second), good, ""},
		{"clock set back an hour", t0.Add(-time.Hour), good, ""},
		{"then too soon again", t0.Add(-time.Hour + time.Second), good, "interval"},
	} {
		rec.now = func() time.Time { return step.at }
		_, err := rec.RecordOpinion(ctx, step.o)
		if got := opinionField(err); got != step.field || (step.field == "" && err != nil) {
			t.Fatalf("%s: err = %v, want field %q", step.name, err, step.field)
		}
	}
	// The screen stamps At from its own clock: that time is what counts.
	stamped := good
	stamped.At = t0.Add(-time.Hour + 29*time.Second)
	rec.now = func() time.Time { return t0.Add(10 * time.Hour) }
	if _, err := rec.RecordOpinion(ctx, stamped); opinionField(err) != "interval" {
		t.Fatalf("stamped 29s after the last: %v, want an interval refusal", err)
	}
	stamped.At = t0.Add(-time.Hour + 30*time.Second)
	if _, err := rec.RecordOpinion(ctx, stamped); err != nil {
		t.Fatalf("stamped 30s after the last: %v", err)
	}
}

// The resident's consent to show the text with a public reply reaches the
// store as given: off unless ticked.
func TestOpinionRecorderKeepsConsent(t *testing.T) {
	k := newOpinionKiosk(t, false, "  min_interval: 0s\n")
	st := k.openStore(t)
	rec := newOpinionRecorder(st, &k.cfg, nil)
	ctx := context.Background()
	for _, consent := range []bool{false, true} {
		t.Run(fmt.Sprint(consent), func(t *testing.T) {
			r, err := rec.RecordOpinion(ctx, content.Opinion{Category: "意见建议", Text: "路灯坏了", Consent: consent})
			if err != nil {
				t.Fatal(err)
			}
			ops, err := st.Opinions(ctx, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if got := ops[len(ops)-1]; got.Receipt != r || got.Consent != consent {
				t.Fatalf("stored %s with Consent=%v, want %v", got.Receipt, got.Consent, consent)
			}
		})
	}
}
