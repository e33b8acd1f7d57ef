package fleet

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"qingfeng/content/sign"
)

// FuzzHeartbeatDecode feeds arbitrary bytes, and changes to a signed
// heartbeat, to what the office reads them with: no panic; anything not
// refused is the heartbeat that was signed (a change outside the signed
// bytes, such as spacing, changes nothing), and every refusal is said in
// Chinese.
func FuzzHeartbeatDecode(f *testing.F) {
	_, k, err := sign.GenerateKey()
	if err != nil {
		f.Fatal(err)
	}
	h := Heartbeat{Site: "shili", SiteName: "石岩村", Written: time.Date(2026, 12, 6, 8, 0, 0, 0, time.UTC), Version: "1.2.0",
		Packages: []Package{{ID: "p", Version: 3, Title: "清风"}}, DisplayLog: DisplayLog{Entries: 32, Head: "ab", Checkpoints: []Checkpoint{{Seq: 16, Hash: "cd"}}}}
	good, err := Encode(h, k)
	if err != nil {
		f.Fatal(err)
	}
	signed, _, err := Decode(good)
	if err != nil {
		f.Fatal(err)
	}
	want, _ := json.Marshal(signed)
	f.Add(good, 0, byte(0))
	f.Add(good, len(good)/2, byte('9'))
	f.Add(good, 10, byte(' '))
	f.Add([]byte(`{"format":"qingfeng-heartbeat-signed 1","key":"","heartbeat":null}`), 0, byte(0))
	f.Fuzz(func(t *testing.T, data []byte, at int, b byte) {
		if bytes.Equal(data, good) && at > 0 && at < len(data) {
			data = bytes.Clone(data)
			data[at] = b
		}
		got, key, err := Decode(data)
		if err != nil {
			if !errors.Is(err, ErrNotHeartbeat) || !isChinese(err.Error()) {
				t.Fatalf("refusal %q", err)
			}
			return
		}
		if key != k.Public() {
			return // a file signed by another key the fuzzer built: not ours to judge
		}
		if b, _ := json.Marshal(got); !bytes.Equal(b, want) {
			t.Fatalf("a changed file passed as signed:\n%s\nwant\n%s", b, want)
		}
	})
}

func isChinese(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}
