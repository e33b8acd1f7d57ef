package sign

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// A signed envelope is how a kiosk's own files travel to its office (an
// outbox batch, a heartbeat): one JSON file holding the format, the
// kiosk's public key, its signature and, under a field named by the
// format's owner, the signed JSON exactly as signed. One file: Syncthing
// and a stick carry it whole, with no second file to arrive later or go
// missing.
//
//	{
//	 "format": "…",
//	 "key": "qingfeng-publisher-pub:…",
//	 "signature": "qingfeng-signature:…",
//	 "<field>": { … }
//	}

// Seal is inner (JSON, indented with the prefix " " so that it sits
// inside the envelope as written) signed with k, in an envelope of format
// under field.
func Seal(format, field string, inner []byte, k Private) []byte {
	sig := bytes.TrimSpace(Sign(k, inner))
	var out bytes.Buffer
	str := func(name, value string) {
		v, _ := json.Marshal(value) // a string always encodes
		fmt.Fprintf(&out, " %q: %s,\n", name, v)
	}
	out.WriteString("{\n")
	str("format", format)
	str("key", k.Public().String())
	str("signature", string(sig))
	fmt.Fprintf(&out, " %q: ", field)
	out.Write(inner)
	out.WriteString("\n}\n")
	return out.Bytes()
}

// Envelope is a signed envelope as read, not yet checked.
type Envelope struct {
	Format    string
	Key       string
	Signature string
	Inner     json.RawMessage // the field's bytes as they stand in the file
}

// OpenEnvelope reads data as an envelope whose signed JSON is under field.
// Its error is encoding/json's, for the caller to put in words.
func OpenEnvelope(data []byte, field string) (Envelope, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return Envelope{}, err
	}
	var e Envelope
	for name, into := range map[string]*string{"format": &e.Format, "key": &e.Key, "signature": &e.Signature} {
		if raw, ok := m[name]; ok {
			if err := json.Unmarshal(raw, into); err != nil {
				return Envelope{}, err
			}
		}
	}
	e.Inner = m[field]
	return e, nil
}

// ErrEnvelopeKey: the envelope's key is not a public key's text.
var ErrEnvelopeKey = errors.New("sign: envelope key")

// Check verifies the envelope's signature over its inner bytes with the
// key it names, and returns that key: an error wrapping ErrEnvelopeKey
// when the key cannot be read, ErrBadSignature when it does not match.
func (e Envelope) Check() (Public, error) {
	key, err := ParsePublic(e.Key)
	if err != nil {
		return Public{}, fmt.Errorf("%w: %w", ErrEnvelopeKey, err)
	}
	return key, VerifyBytes(key, e.Inner, []byte(e.Signature))
}
