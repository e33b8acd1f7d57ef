package fleet

import (
	"bytes"
	"os"
	"testing"

	"qingfeng/content/sign"
)

// A heartbeat file written before the envelope moved to content/sign still
// reads, and the same heartbeat signed with the same key is the same bytes.
func TestSignedHeartbeatFileUnchanged(t *testing.T) {
	k, err := sign.ReadPrivateFile("testdata/kiosk.key")
	if err != nil {
		t.Fatal(err)
	}
	old, err := os.ReadFile("testdata/heartbeat-signed-1.json")
	if err != nil {
		t.Fatal(err)
	}
	h, key, err := Decode(old)
	if err != nil {
		t.Fatal(err)
	}
	if key != k.Public() || h.Site != "shili" || h.SiteName != "石里联络站<&>" {
		t.Fatalf("read %+v", h)
	}
	now, err := Encode(h, k)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(now, old) {
		t.Errorf("the same heartbeat is written differently now:\n%s\nwas:\n%s", now, old)
	}
}
