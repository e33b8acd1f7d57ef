package outbox

import (
	"bytes"
	"os"
	"testing"

	"qingfeng/content/sign"
)

// A batch file written before the envelope moved to content/sign still
// reads, and the same batch signed with the same key is the same bytes:
// offices and kiosks of both versions keep exchanging files.
func TestSignedBatchFileUnchanged(t *testing.T) {
	k, err := sign.ReadPrivateFile("testdata/kiosk.key")
	if err != nil {
		t.Fatal(err)
	}
	old, err := os.ReadFile("testdata/batch-signed-1.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Decode(old)
	if err != nil {
		t.Fatal(err)
	}
	if f.Key != k.Public() || f.Batch.Site != "shili" || f.Batch.SiteName != "石里联络站<&>" {
		t.Fatalf("read %+v", f)
	}
	now, err := Encode(f.Batch, k)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(now, old) {
		t.Errorf("the same batch is written differently now:\n%s\nwas:\n%s", now, old)
	}
}
