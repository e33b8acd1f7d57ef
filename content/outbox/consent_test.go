package outbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"qingfeng/content/sign"
)

// signedRaw wraps a batch's JSON, as it is, in a signed envelope: a batch
// as a kiosk of any version may have written it.
func signedRaw(tb testing.TB, k sign.Private, inner string) []byte {
	tb.Helper()
	sig, err := json.Marshal(string(bytes.TrimSpace(sign.Sign(k, []byte(inner)))))
	if err != nil {
		tb.Fatal(err)
	}
	// By hand: json.Marshal would compact the batch, and the signature is
	// over its bytes as written.
	return fmt.Appendf(nil, `{"format": %q, "key": %q, "signature": %s, "batch": %s}`,
		SignedFormat, k.Public().String(), sig, inner)
}

// The consent field is optional: batches written before kiosks asked for
// consent carry none and still merge, read as not agreed; a kiosk that asks
// writes it only when the resident agreed; a value that is not true or false
// is not a kiosk's.
func TestConsentIsOptional(t *testing.T) {
	_, k, err := sign.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	opinion := `{"uid": "0190a000-0000-7000-8000-000000000002", "receipt": "K7M2-Q9XP", "at": "2026-11-03T10:00:00Z",
		"site": "shili", "category": "意见建议", "text": "路灯坏了"%s}`
	batch := `{"format": "qingfeng-outbox 1", "batch": "0190a000-0000-7000-8000-000000000001", "site": "shili",
		"site_name": "十里联络站", "written": "2026-11-03T10:00:00Z", "opinions": [` + opinion + `], "views": []}`
	tests := []struct {
		name    string
		field   string
		consent bool
		refused Kind
	}{
		{"absent (an older kiosk)", "", false, ""},
		{"false", `, "consent": false`, false, ""},
		{"true", `, "consent": true`, true, ""},
		{"not a yes or no", `, "consent": "是"`, false, KindFormat},
		{"a number", `, "consent": 1`, false, KindFormat},
		{"the word true", `, "consent": "true"`, false, KindFormat},
		{"null (no answer)", `, "consent": null`, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Decode(signedRaw(t, k, fmt.Sprintf(batch, tc.field)))
			var r *Refusal
			switch {
			case tc.refused != "":
				if !errors.As(err, &r) || r.Kind != tc.refused {
					t.Fatalf("read as %v, want a refusal of kind %s", err, tc.refused)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			if err := f.Batch.Check(); err != nil {
				t.Fatalf("Check: %v", err)
			}
			if got := f.Batch.Opinions[0].Consent; got != tc.consent {
				t.Errorf("Consent = %v, want %v", got, tc.consent)
			}
		})
	}

	// What a kiosk writes: the field only for an opinion whose resident
	// agreed, so an office on an older version reads the batch as before.
	b := sample()
	b.Opinions = append(b.Opinions, b.Opinions[0])
	b.Opinions[1].UID, b.Opinions[1].Consent = "0190a000-0000-7000-8000-000000000004", true
	data, err := Encode(b, k)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), `"consent": true`); n != 1 || strings.Contains(string(data), `"consent": false`) {
		t.Errorf("%d opinions written as agreed, want 1:\n%s", n, data)
	}
}
