// Package staffpin is the staff PIN's rule: what a PIN may be (the staff
// keypad has only digits) and how it is kept in the config, as an argon2id
// hash (RFC 9106) checked in constant time.
//
// It imports golang.org/x/crypto/argon2 and the standard library.
package staffpin

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Valid reports whether pin can be a staff PIN: 4 to 12 ASCII digits.
func Valid(pin string) bool {
	if len(pin) < 4 || len(pin) > 12 {
		return false
	}
	for _, r := range pin {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// The staff PIN is kept as an argon2id hash (RFC 9106) with OWASP's
// smallest recommended cost, 19 MiB and two passes: a guess costs tens of
// milliseconds, and the kiosk's memory is not strained by one check.
const (
	pinMemoryKiB = 19 * 1024
	pinTime      = 2
	pinThreads   = 1
	pinKeyLen    = 32
)

// Hash returns the encoded argon2id hash of pin, for the config's
// staff.pin_hash.
func Hash(pin string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pin), salt, pinTime, pinMemoryKiB, pinThreads, pinKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, pinMemoryKiB, pinTime, pinThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// ErrHash: the configured hash is not one Hash wrote.
var ErrHash = errors.New("not an argon2id hash from qingfeng staff-pin")

// Check reports whether pin matches the encoded hash.
func Check(encoded, pin string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, ErrHash
	}
	var v int
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false, ErrHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 {
		return false, ErrHash
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false, ErrHash
	}
	got := argon2.IDKey([]byte(pin), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
