package sign

import (
	"bytes"
	"errors"
	"testing"
)

func TestEnvelope(t *testing.T) {
	_, k, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	inner := []byte("{\n  \"site\": \"shili\"\n }")
	data := Seal("test-signed 1", "thing", inner, k)
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"as written", data, nil},
		{"inner changed", bytes.Replace(data, []byte("shili"), []byte("shilu"), 1), ErrBadSignature},
		{"inner re-indented", bytes.Replace(data, []byte("\n  \"site\""), []byte("\n \"site\""), 1), ErrBadSignature},
		{"key not a key", bytes.Replace(data, []byte("qingfeng-publisher-pub:"), []byte("x"), 1), ErrEnvelopeKey},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := OpenEnvelope(tc.data, "thing")
			if err != nil {
				t.Fatal(err)
			}
			key, err := e.Check()
			if !errors.Is(err, tc.want) || tc.want == nil && key != k.Public() {
				t.Errorf("Check = %v, %v; want %v", key, err, tc.want)
			}
			if e.Format != "test-signed 1" {
				t.Errorf("format %q", e.Format)
			}
		})
	}
	if _, err := OpenEnvelope([]byte("{"), "thing"); err == nil {
		t.Error("half a file opened")
	}
}
