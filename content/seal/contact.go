package seal

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Contact is a resident's name and phone as sealed to the office key. Its
// JSON is padded to a multiple of contactPad bytes before sealing, so the
// length of a stored contact does not tell how long the name or the number
// is.
type Contact struct {
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
}

const contactPad = 160

// SealContact seals c to pub, padded.
func SealContact(pub Public, c Contact) ([]byte, error) {
	b, err := json.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("opinion contact: %w", err)
	}
	// JSON allows trailing white space, so the padding needs no marker.
	pad := contactPad - len(b)%contactPad
	if pad == contactPad {
		pad = 0
	}
	b = append(b, bytes.Repeat([]byte{' '}, pad)...)
	sealed, err := Seal(pub, b)
	if err != nil {
		return nil, fmt.Errorf("opinion contact: %w", err)
	}
	return sealed, nil
}

// OpenContact is the office's side of SealContact. Another key, or damaged
// bytes, give an error wrapping ErrOpen.
func OpenContact(priv Private, sealed []byte) (Contact, error) {
	var c Contact
	b, err := Open(priv, sealed)
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("sealed contact: %w", err)
	}
	return c, nil
}
