package fleet

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"qingfeng/content/sign"
)

func TestHeartbeatRoundTripAndTampering(t *testing.T) {
	_, k, err := sign.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	h := Heartbeat{Site: "kiosk1", Version: "1.2.0", Arch: "amd64", Written: time.Date(2026, 12, 6, 8, 0, 0, 0, time.UTC),
		DisplayLog: DisplayLog{Entries: 3, Head: "abc", Genesis: "def"}}
	if err := Write(dir, h, k); err != nil {
		t.Fatal(err)
	}
	got, key, err := ReadFile(filepath.Join(dir, File))
	if err != nil || key != k.Public() || got.Site != "kiosk1" || got.Format != Format || got.DisplayLog.Head != "abc" {
		t.Fatalf("read back: %+v %v %v", got, key, err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, File))
	for name, bad := range map[string]string{
		"edited":    strings.Replace(string(data), `"1.2.0"`, `"9.9.9"`, 1),
		"truncated": string(data[:len(data)/2]),
		"other":     `{"format":"qingfeng-outbox-signed 1"}`,
	} {
		if _, _, err := Decode([]byte(bad)); !errors.Is(err, ErrNotHeartbeat) {
			t.Errorf("%s: %v, want a refusal", name, err)
		}
	}
	big := filepath.Join(dir, "big.json")
	os.WriteFile(big, make([]byte, MaxFileBytes+10), 0o644)
	if _, _, err := ReadFile(big); !errors.Is(err, ErrNotHeartbeat) || !strings.Contains(err.Error(), "KB") {
		t.Errorf("oversized: %v", err)
	}
}

func TestOpenSeconds(t *testing.T) {
	d := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	h := Heartbeat{Hours: []Interval{{d.Add(8 * time.Hour), d.Add(18 * time.Hour)}, {d.Add(32 * time.Hour), d.Add(42 * time.Hour)}}}
	// Seen at 17:00, now the next day at 09:00: one hour that evening, one that morning.
	if got := h.OpenSeconds(d.Add(17*time.Hour), d.Add(33*time.Hour)); got != 7200 {
		t.Errorf("over a night: %v s, want 7200", got)
	}
	// Past the hours it told: all of the time after them counts.
	if got := h.OpenSeconds(d.Add(41*time.Hour), d.Add(50*time.Hour)); got != 9*3600 {
		t.Errorf("past its hours: %v s", got)
	}
	if got := (Heartbeat{AlwaysOpen: true}).OpenSeconds(d, d.Add(time.Hour)); got != 3600 {
		t.Errorf("always open: %v", got)
	}
}

func TestCheckpointSeqs(t *testing.T) {
	if got := CheckpointSeqs(40); fmt.Sprint(got) != "[32 16 1]" {
		t.Errorf("40 entries: %v", got)
	}
	got := CheckpointSeqs(1_000_000)
	if len(got) > 3*checkpointsEach+1 || got[0] != 1_000_000/16*16 || got[len(got)-1] != 1 {
		t.Errorf("a million entries: %d checkpoints, first %d, last %d", len(got), got[0], got[len(got)-1])
	}
}

// chain is a made-up log: entry i's hash is tag+i.
func chain(tag string, n int64) DisplayLog {
	h := func(i int64) string { return fmt.Sprintf("%s%d", tag, i) }
	d := DisplayLog{Entries: n, Genesis: h(1), Head: h(n)}
	for _, s := range CheckpointSeqs(n) {
		d.Checkpoints = append(d.Checkpoints, Checkpoint{s, h(s)})
	}
	return d
}

func TestAnchorFindsResetRewoundRewritten(t *testing.T) {
	a, b := Anchor{}.Check(chain("x", 100))
	if b != nil {
		t.Fatal(b)
	}
	if a, b = a.Check(chain("x", 140)); b != nil {
		t.Fatalf("a longer log of the same entries: %v", b)
	}
	if _, b := a.Check(chain("y", 200)); b == nil || b.Kind != "reset" {
		t.Errorf("another log: %v", b)
	}
	if _, b := a.Check(chain("x", 120)); b == nil || b.Kind != "rewound" || b.Seq != 140 {
		t.Errorf("shorter: %+v", b)
	}
	// Rewound to 60 and grown again past where the office saw it: the
	// entries from 61 are new, so checkpoints 64..140 differ.
	d := chain("x", 300)
	for i := range d.Checkpoints {
		if d.Checkpoints[i].Seq > 60 {
			d.Checkpoints[i].Hash += "'"
		}
	}
	d.Head += "'"
	if _, b := a.Check(d); b == nil || b.Kind != "rewritten" || b.Seq != 64 {
		t.Errorf("rewound and grown again: %+v", b)
	}
	// A broken log leaves the anchor as it was.
	if a2, _ := a.Check(chain("y", 200)); a2.Head.Seq != 140 || a2.Genesis != "x1" {
		t.Errorf("anchor moved by a broken log: %+v", a2.Head)
	}
}

func TestCompareVersions(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"1.4.2", "1.4.2", 0}, {"v1.4.2", "1.4.2", 0}, {"1.4", "1.4.0", 0},
		{"1.4.2", "1.10.0", -1}, {"2.0.0", "1.99.99", 1},
		{"v1.4.2-3-gabc123", "v1.4.2", 1}, {"v1.4.2-3-gabc123", "v1.4.2-12-gdef456", -1},
		{"v1.4.2-3-gabc123-dirty", "v1.4.2-3-gabc123", 1},
		{"dev", "0.0.1", -1}, {"94d0cea", "1.0.0", -1}, {"dev", "dev", 0},
	} {
		if got := CompareVersions(c.a, c.b); got != c.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := CompareVersions(c.b, c.a); got != -c.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", c.b, c.a, got, -c.want)
		}
	}
}

// rewritten is chain(tag, n) with every entry from 'from' on changed and
// re-hashed, as whoever controls the kiosk could do.
func rewritten(tag string, n, from int64) DisplayLog {
	h := func(i int64) string {
		if i >= from {
			return fmt.Sprintf("%s%d'", tag, i)
		}
		return fmt.Sprintf("%s%d", tag, i)
	}
	d := DisplayLog{Entries: n, Genesis: h(1), Head: h(n)}
	for _, s := range CheckpointSeqs(n) {
		d.Checkpoints = append(d.Checkpoints, Checkpoint{s, h(s)})
	}
	return d
}

// TestAnchorCoversWhatDocsSay pins what a rewrite the office finds: an
// entry at or before Covered(head, n) rewritten is found, one after it is
// not, and how far Covered lies before the office's head grows with the
// log's growth between two collects as anchor.go and docs/fleet.md say.
func TestAnchorCoversWhatDocsSay(t *testing.T) {
	const head = 50_007
	for _, tc := range []struct {
		growth, within int64
	}{
		{0, 0}, {10, 15}, {900, 15}, {2_000, 255}, {15_000, 255}, {20_000, 4_095}, {250_000, 4_095}, {300_000, head - 1},
	} {
		t.Run(fmt.Sprint(tc.growth), func(t *testing.T) {
			var a Anchor
			var b *Broken
			if a, b = a.Check(chain("x", 10)); b != nil {
				t.Fatal(b)
			}
			if a, b = a.Check(chain("x", head)); b != nil {
				t.Fatal(b)
			}
			n := head + tc.growth
			c := Covered(head, n)
			if head-c > tc.within {
				t.Errorf("growth %d: compared up to entry %d, %d before the head %d; docs say at most %d", tc.growth, c, head-c, head, tc.within)
			}
			if c < 1 {
				t.Fatalf("nothing compared")
			}
			if _, b := a.Check(rewritten("x", n, c)); b == nil || b.Kind != "rewritten" && b.Kind != "reset" {
				t.Errorf("entry %d rewritten (the last compared): not found (%v)", c, b)
			}
			if c < head {
				if _, b := a.Check(rewritten("x", n, c+1)); b != nil {
					t.Errorf("entry %d rewritten: found (%v), so Covered is wrong", c+1, b)
				}
			}
		})
	}
}

func TestScreenshotNames(t *testing.T) {
	at := time.Date(2027, 1, 15, 9, 5, 7, 0, time.UTC)
	if n := ScreenshotName("shili", at); n != "screen-shili-20270115-090507.jpg" {
		t.Fatalf("name %q", n)
	}
	for _, tc := range []struct {
		name, site string
		ok         bool
	}{
		{"screen-shili-20270115-090507.jpg", "shili", true},
		{"screen-shili-2-20270115-090507.jpg", "shili", false}, // site shili-2's
		{"screen-shili-20270115-090507.jpg.tmp-1", "shili", false},
		{"screen-shili-2027011x-090507.jpg", "shili", false},
		{"screen-shili-20270115_090507.jpg", "shili", false},
		{"screen-shili-20270115-090507.jpg", "shi", false},
	} {
		if _, ok := IsScreenshotOf(tc.name, tc.site); ok != tc.ok {
			t.Errorf("IsScreenshotOf(%q, %q) = %v", tc.name, tc.site, ok)
		}
	}
}
