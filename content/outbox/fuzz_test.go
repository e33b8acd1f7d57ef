package outbox

import (
	"encoding/json"
	"errors"
	"testing"

	"qingfeng/content/sign"
)

// FuzzBatch signs whatever batch bytes it is given, as a kiosk with a key
// of its own could, and holds the district's reading to its promises: a
// file is either refused with a *Refusal or read; what is read either
// passes the check or is refused by it; and what the kiosk's Fit returns
// for it always passes the district's check (the kiosk never writes a
// batch the district refuses).
func FuzzBatch(f *testing.F) {
	_, k, err := sign.GenerateKey()
	if err != nil {
		f.Fatal(err)
	}
	seed, err := json.Marshal(sample())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"format":"qingfeng-outbox 1","batch":"x","site":"a","opinions":[{"rating":99}],"views":[{"dwell_ms":1e18}]}`))
	f.Add([]byte(`{"format":"qingfeng-outbox 1","site":"a\u202eb","opinions":[],"views":[{},{},{}]}`))
	f.Add([]byte(`[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]`))
	f.Fuzz(func(t *testing.T, inner []byte) {
		if !json.Valid(inner) {
			return // the envelope holds the batch as JSON; anything else is refused before any of this
		}
		file, err := Decode(sign.Seal(SignedFormat, "batch", inner, k))
		var r *Refusal
		if err != nil {
			if !errors.As(err, &r) {
				t.Fatalf("Decode failed without a refusal: %v", err)
			}
			return
		}
		if err := file.Batch.Check(); err != nil && !errors.As(err, &r) {
			t.Fatalf("Check failed without a refusal: %v", err)
		}
		fitted, _, err := Fit(file.Batch)
		if err != nil {
			if !errors.As(err, &r) {
				t.Fatalf("Fit failed without a refusal: %v", err)
			}
			return
		}
		if err := fitted.Check(); err != nil {
			t.Fatalf("Fit returned a batch the district refuses: %v", err)
		}
	})
}
