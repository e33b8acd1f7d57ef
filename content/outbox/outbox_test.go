package outbox

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"qingfeng/content/sign"
)

func sample() Batch {
	at := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	return Batch{Format: Format, ID: "0190a000-0000-7000-8000-000000000001", Site: "shili", SiteName: "十里联络站", Written: at,
		Opinions: []Opinion{{UID: "0190a000-0000-7000-8000-000000000002", Receipt: "K7M2-Q9XP", At: at, Site: "shili",
			Category: "意见建议", Text: "路灯坏了\n请修", Rating: 3, Contact: []byte{1, 2}}},
		Views: []View{{UID: "0190a000-0000-7000-8000-000000000003", At: at, Screen: "staff-pin", DwellMS: 4000, Taps: 2}}}
}

// What Encode writes, Decode reads back, signed by the key that wrote it,
// and Check accepts: the kiosk's batches are never refused.
func TestEncodeDecodeCheck(t *testing.T) {
	_, k, err := sign.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	data, err := Encode(sample(), k)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if f.Key != k.Public() || f.Batch.ID != sample().ID || f.Batch.Opinions[0].Text != "路灯坏了\n请修" || f.Batch.Views[0].Taps != 2 {
		t.Fatalf("read back %+v", f)
	}
	if err := f.Batch.Check(); err != nil {
		t.Fatal(err)
	}
	// Every byte is covered: one changed anywhere in the batch is caught.
	start := len(data) - len("\n}\n") - 1
	for i := start; i > start-300; i-- {
		c := append([]byte(nil), data...)
		c[i] ^= 0x01
		var r *Refusal
		if _, err := Decode(c); !errors.As(err, &r) {
			t.Fatalf("byte %d changed: read as %v", i, err)
		}
	}
}

// The kiosk's key is made once, whole, and two processes starting at once
// get the same one.
func TestLoadOrCreateKey(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	keys := make([]sign.Private, 8)
	made := make([]bool, 8)
	for i := range keys {
		wg.Go(func() {
			k, created, err := LoadOrCreateKey(dir)
			if err != nil {
				t.Error(err)
			}
			keys[i], made[i] = k, created
		})
	}
	wg.Wait()
	n := 0
	for i, k := range keys {
		if k.Public() != keys[0].Public() {
			t.Errorf("process %d got another key", i)
		}
		if made[i] {
			n++
		}
	}
	if n != 1 {
		t.Errorf("made %d times", n)
	}
	if k, created, err := LoadOrCreateKey(dir); err != nil || created || k.Public() != keys[0].Public() {
		t.Errorf("again: %v %v %v", k, created, err)
	}
	if st, err := os.Stat(filepath.Join(dir, KeyFile)); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("key file %v %v", st.Mode(), err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 2 {
		t.Errorf("left in the folder: %v", ents)
	}
	// A stop between the two files: kiosk.pub is written on the next start.
	os.Remove(filepath.Join(dir, PublicKeyFile))
	LoadOrCreateKey(dir)
	if pub, err := sign.ReadPublicFile(filepath.Join(dir, PublicKeyFile)); err != nil || pub != keys[0].Public() {
		t.Errorf("kiosk.pub again: %v %v", pub, err)
	}
}

// A batch signed by any key (the key is checked against the registered one
// only later) holding more records than Check allows is refused before its
// records are decoded: tens of millions of empty records fit in the file
// size limit and took gigabytes of memory as structs.
func TestDecodeCountsBeforeDecoding(t *testing.T) {
	_, k, err := sign.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		change func(b *Batch)
		want   Kind
	}{
		{"opinions past the limit", func(b *Batch) { b.Opinions = make([]Opinion, MaxOpinions+1) }, KindContent},
		{"views past the limit", func(b *Batch) { b.Views = make([]View, MaxViews+1) }, KindContent},
		{"at the limits", func(b *Batch) { b.Opinions, b.Views = make([]Opinion, MaxOpinions), make([]View, 10) }, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := sample()
			tc.change(&b)
			data, err := Encode(b, k)
			if err != nil {
				t.Fatal(err)
			}
			f, err := Decode(data)
			var r *Refusal
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want == "":
				if len(f.Batch.Opinions) != len(b.Opinions) {
					t.Fatalf("read %d opinions, want %d", len(f.Batch.Opinions), len(b.Opinions))
				}
			case !errors.As(err, &r) || r.Kind != tc.want:
				t.Fatalf("got %v, want a refusal of kind %s", err, tc.want)
			case f.Batch.ID != b.ID || f.Batch.Site != b.Site:
				t.Fatalf("the refusal does not name the batch: %+v", f.Batch)
			}
		})
	}
}
