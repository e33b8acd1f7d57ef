package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"qingfeng/content"
	"qingfeng/content/opinionexport"
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
		if code := keygen(k.dir, io.Discard); code != 0 {
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
		{"no category", with(func(o *content.Opinion) { o.Category = "" }), "category"},
		{"nothing said", content.Opinion{Category: "表扬"}, "text"},
		{"only spaces", content.Opinion{Category: "表扬", Text: "  \n "}, "text"},
		{"max length", with(func(o *content.Opinion) { o.Text = strings.Repeat("字", 300) }), ""},
		{"too long", with(func(o *content.Opinion) { o.Text = strings.Repeat("字", 301) }), "text"},
		{"rating too high", with(func(o *content.Opinion) { o.Rating = 4 }), "rating"},
		{"rating negative", with(func(o *content.Opinion) { o.Rating = -1 }), "rating"},
		{"subject too long", with(func(o *content.Opinion) { o.Subject = strings.Repeat("事", content.MaxOpinionSubjectRunes+1) }), "subject"},
		{"phone with letters", with(func(o *content.Opinion) { o.Phone = "138abc45678" }), "phone"},
		{"phone with dashes", with(func(o *content.Opinion) { o.Phone = "138-1234-5678" }), "phone"},
		{"phone full-width", with(func(o *content.Opinion) { o.Phone = "１３８１２３４５６７８" }), "phone"},
		{"phone too short", with(func(o *content.Opinion) { o.Phone = "1234" }), "phone"},
		{"phone shortest", with(func(o *content.Opinion) { o.Phone = "12345" }), ""},
		{"phone longest", with(func(o *content.Opinion) { o.Phone = strings.Repeat("9", 20) }), ""},
		{"phone too long", with(func(o *content.Opinion) { o.Phone = strings.Repeat("9", 21) }), "phone"},
		{"name longest", with(func(o *content.Opinion) { o.Name = strings.Repeat("名", 20) }), ""},
		{"name too long", with(func(o *content.Opinion) { o.Name = strings.Repeat("名", 21) }), "name"},
		{"name with control", with(func(o *content.Opinion) { o.Name = "张\x00三" }), "name"},
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

func TestKeygen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	// The config is not read: keygen works where the kiosk's config already
	// names the office.pub being made, or none exists.
	code, out := runCmd(t, "keygen", "--out", dir, "--config", filepath.Join(dir, "none.yaml"))
	if code != 0 || !strings.Contains(out, "office_key: office.pub") {
		t.Fatalf("keygen: exit %d\n%s", code, out)
	}
	privPath, pubPath := filepath.Join(dir, seal.PrivateKeyFile), filepath.Join(dir, seal.PublicKeyFile)
	priv, err := seal.ReadPrivateFile(privPath)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := seal.ReadPublicFile(pubPath)
	if err != nil || priv.Public() != pub {
		t.Fatalf("office.pub %v does not match office.key: %v", pub, err)
	}
	if runtime.GOOS != "windows" {
		if fi, err := os.Stat(privPath); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("office.key mode %v, %v; want 0600", fi.Mode().Perm(), err)
		}
	}
	before, _ := os.ReadFile(privPath)
	code, out = runCmd(t, "keygen", "--out", dir)
	if code != 1 || !strings.Contains(out, "已经存在") {
		t.Fatalf("second keygen: exit %d\n%s", code, out)
	}
	if after, _ := os.ReadFile(privPath); !bytes.Equal(before, after) {
		t.Fatal("second keygen changed office.key")
	}

	// An office.pub alone is not replaced either, and no office.key is
	// made beside it.
	dir2 := t.TempDir()
	os.WriteFile(filepath.Join(dir2, seal.PublicKeyFile), []byte("old"), 0o644)
	if code, out := runCmd(t, "keygen", "--out", dir2); code != 1 {
		t.Fatalf("keygen over office.pub: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir2, seal.PrivateKeyFile)); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("office.key written beside an old office.pub: %v", err)
	}
	if code, _ := runCmd(t, "keygen"); code != 2 {
		t.Fatalf("keygen without --out: exit %d", code)
	}
}

// exportFixture records three opinions through the recorder and returns
// the kiosk and the rows an export must hold, without and with the key.
func exportFixture(tb testing.TB) (k *opinionKiosk, sealed, opened [][]string) {
	tb.Helper()
	k = newOpinionKiosk(tb, true, "  min_interval: 0s\n  hold_words: [红包]\n")
	st := k.openStore(tb)
	rec := newOpinionRecorder(st, &k.cfg, nil)
	t0 := time.Date(2026, 5, 1, 0, 30, 0, 0, time.UTC) // 08:30 in Asia/Shanghai
	ops := []content.Opinion{
		{Category: "意见建议", Subject: "村道硬化工程", Text: "路灯坏了，\n什么时候修？", Rating: content.RatingUnhappy,
			Name: "张三丰", Phone: "13812345678", At: t0},
		{Category: "表扬", Rating: content.RatingHappy, At: t0.Add(time.Hour)},
		{Category: "投诉举报线索", Text: `=HYPERLINK("http://x","有人收红包")`, Phone: "13900001111", At: t0.Add(2 * time.Hour)},
	}
	var receipts []string
	for _, o := range ops {
		r, err := rec.RecordOpinion(context.Background(), o)
		if err != nil {
			tb.Fatal(err)
		}
		receipts = append(receipts, r)
	}
	st.Close()
	row := func(i int, at, name, phone string) []string {
		o := ops[i]
		held := ""
		if i == 2 {
			held = "是（红包）"
		}
		return []string{receipts[i], at, "ceshi-zhan", o.Category, o.Subject, o.Text, content.RatingWord(o.Rating), held, name, phone}
	}
	const s = opinionexport.ContactSealed
	sealed = [][]string{opinionexport.Columns,
		row(0, "2026-05-01 08:30:00", s, s), row(1, "2026-05-01 09:30:00", "", ""), row(2, "2026-05-01 10:30:00", s, s)}
	opened = [][]string{opinionexport.Columns,
		row(0, "2026-05-01 08:30:00", "张三丰", "13812345678"), row(1, "2026-05-01 09:30:00", "", ""),
		row(2, "2026-05-01 10:30:00", "", "13900001111")}
	return k, sealed, opened
}

func readCSV(tb testing.TB, path string) [][]string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	rest, ok := bytes.CutPrefix(b, []byte("\xEF\xBB\xBF"))
	if !ok {
		tb.Fatal("CSV has no UTF-8 byte-order mark: Excel would read it as GBK")
	}
	rows, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	return rows
}

func readXLSX(tb testing.TB, path string) [][]string {
	tb.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("意见")
	if err != nil {
		tb.Fatal(err)
	}
	// GetRows drops empty cells at the end of a row.
	for i := range rows {
		for len(rows[i]) < len(opinionexport.Columns) {
			rows[i] = append(rows[i], "")
		}
	}
	return rows
}

func TestOpinionsExport(t *testing.T) {
	k, sealed, opened := exportFixture(t)
	// CSV cells that start like a formula get an apostrophe.
	defused := func(rows [][]string) [][]string {
		out := slices.Clone(rows)
		out[3] = slices.Clone(out[3])
		out[3][5] = "'" + out[3][5]
		return out
	}
	outDir := t.TempDir()
	for _, tc := range []struct {
		name, file string
		key        bool
		read       func(testing.TB, string) [][]string
		want       [][]string
	}{
		{"csv sealed", "意见.csv", false, readCSV, defused(sealed)},
		{"csv with key", "意见-key.csv", true, readCSV, defused(opened)},
		{"xlsx sealed", "意见.xlsx", false, readXLSX, sealed},
		{"xlsx with key", "意见-key.XLSX", true, readXLSX, opened},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(outDir, tc.file)
			args := []string{"opinions", "export", "--config", k.cfgPath, "--out", out}
			if tc.key {
				args = append(args, "--key", k.keyPath)
			}
			code, log := runCmd(t, args...)
			if code != 0 || !strings.Contains(log, "已导出 3 条意见") {
				t.Fatalf("exit %d\n%s", code, log)
			}
			got := tc.read(t, out)
			if !slices.EqualFunc(got, tc.want, slices.Equal[[]string]) {
				t.Fatalf("rows:\n%q\nwant:\n%q", got, tc.want)
			}
			if runtime.GOOS != "windows" {
				if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
					t.Errorf("export mode %v, %v; want 0600 (it may hold names and phones)", fi.Mode().Perm(), err)
				}
			}
		})
	}
	entries, _ := os.ReadDir(outDir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temp file left behind: %s", e.Name())
		}
	}

	t.Run("wrong key", func(t *testing.T) {
		other := t.TempDir()
		if code := keygen(other, io.Discard); code != 0 {
			t.Fatal("keygen")
		}
		out := filepath.Join(outDir, "wrong.xlsx")
		code, log := runCmd(t, "opinions", "export", "--config", k.cfgPath, "--out", out, "--key", filepath.Join(other, seal.PrivateKeyFile))
		if code != 1 || !strings.Contains(log, "不是本机所用公钥") || !strings.Contains(log, "不是一对") {
			t.Fatalf("exit %d\n%s", code, log)
		}
		if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("a file was written with the wrong key: %v", err)
		}
	})
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"public key as --key", []string{"--out", filepath.Join(outDir, "x.csv"), "--key", filepath.Join(k.dir, seal.PublicKeyFile)}, 1, "无法读取办公室私钥"},
		{"missing key file", []string{"--out", filepath.Join(outDir, "x.csv"), "--key", filepath.Join(k.dir, "none.key")}, 1, "none.key"},
		{"no --out", nil, 2, "usage"},
		{"other format", []string{"--out", filepath.Join(outDir, "x.txt")}, 2, "usage"},
		{"no database", []string{"--out", filepath.Join(outDir, "x.csv"), "--data", filepath.Join(outDir, "nodata")}, 1, "没有意见数据库"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"opinions", "export", "--config", k.cfgPath}, tc.args...)
			code, log := runCmd(t, args...)
			if code != tc.code || !strings.Contains(log, tc.want) {
				t.Fatalf("exit %d, want %d with %q\n%s", code, tc.code, tc.want, log)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(outDir, "nodata")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("export created the data folder it was pointed at")
	}
}

func TestOpinionRowsWrongKeyIsErrOpen(t *testing.T) {
	k, _, _ := exportFixture(t)
	st := k.openStore(t)
	ops, err := st.Opinions(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	_, other, _ := seal.GenerateKey()
	a := &app{cfg: k.cfg, out: io.Discard}
	if _, _, err := a.opinionRows(context.Background(), ops, &other); !errors.Is(err, seal.ErrOpen) {
		t.Fatalf("opinionRows with another key: %v, want ErrOpen", err)
	}
	// A key that opens some contacts but not others (opinions left before
	// the office changed its key) is not an error: those cells say so.
	ops[0].Contact[len(ops[0].Contact)-1] ^= 1
	priv := k.privateKey(t)
	rows, sum, err := a.opinionRows(context.Background(), ops, &priv)
	if err != nil || sum.unreadable != 1 || rows[1][8] != opinionexport.ContactUnreadable || rows[3][9] != "13900001111" {
		t.Fatalf("partly readable: %v, %+v, %q", err, sum, rows)
	}
}
