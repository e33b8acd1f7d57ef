// Package seal encrypts residents' contact details to the public key of the
// office that handles opinions, so that a kiosk stores them but can never
// read them back: only the holder of the office's private key can.
//
// A sealed message is an anonymous NaCl box (curve25519, xsalsa20,
// poly1305; golang.org/x/crypto/nacl/box), byte for byte what libsodium's
// crypto_box_seal makes, so an office could also open one with any libsodium
// binding. Each message has its own ephemeral key: two seals of the same
// name differ, and nothing links them.
//
// Keys are kept as one line of text with a prefix that says what the key is
// for, so a private key pasted where a public one belongs is caught by name
// rather than by a failure to open later:
//
//	qingfeng-office-public-key:<base64 of 32 bytes>
//	qingfeng-office-private-key:<base64 of 32 bytes>
//
// Key files may hold comment lines starting with '#' and blank lines
// besides the key line. WriteKeyPair makes the office's pair (qingfeng
// keygen); SealContact and OpenContact are what a resident's name and phone
// become on the kiosk and back at the office.
//
// It imports content/keyfile and golang.org/x/crypto only.
package seal

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/curve25519"
	"golang.org/x/crypto/nacl/box"

	"qingfeng/content/keyfile"
)

// KeySize is the length in bytes of both halves of a key pair.
const KeySize = 32

// Overhead is how many bytes Seal adds to the plaintext.
const Overhead = box.AnonymousOverhead

// Prefixes of the text encodings.
const (
	PublicPrefix  = "qingfeng-office-public-key:"
	PrivatePrefix = "qingfeng-office-private-key:"
)

var (
	// ErrOpen is returned (wrapped) by Open when the sealed bytes do not
	// open with the key: the wrong private key, or damaged data.
	ErrOpen = errors.New("seal: cannot open: wrong key or damaged data")
	// ErrKeyFormat is returned (wrapped) when text is not a key of the kind
	// asked for.
	ErrKeyFormat = errors.New("seal: not a key")
	// ErrNoKey is returned by Seal for the zero Public: sealing to it
	// would protect nothing.
	ErrNoKey = errors.New("seal: no public key")
)

// Public is the office's public key: kiosks seal to it.
type Public [KeySize]byte

// Private is the office's private key. It derives its public half, so an
// export can tell which kiosks' data it opens.
type Private struct {
	key [KeySize]byte
}

// GenerateKey makes a new office key pair from crypto/rand.
func GenerateKey() (Public, Private, error) {
	pub, priv, err := box.GenerateKey(rand.Reader)
	if err != nil {
		return Public{}, Private{}, fmt.Errorf("seal: generating key: %w", err)
	}
	return Public(*pub), Private{key: *priv}, nil
}

// IsZero reports whether p is the zero value (no key).
func (p Public) IsZero() bool { return p == Public{} }

// String is the text encoding, as written to office.pub.
func (p Public) String() string {
	return PublicPrefix + base64.StdEncoding.EncodeToString(p[:])
}

// Public derives the public half of the key pair.
func (k Private) Public() Public {
	pub, err := curve25519.X25519(k.key[:], curve25519.Basepoint)
	if err != nil {
		// X25519 with the base point cannot produce the all-zero output it
		// rejects; a failure here is a broken library.
		panic("seal: deriving public key: " + err.Error())
	}
	return Public(pub)
}

// Encode is the text encoding of the private key, as written to office.key.
// It is not String on purpose: printing or logging a Private with %v shows
// only which public key it belongs to.
func (k Private) Encode() string {
	return PrivatePrefix + base64.StdEncoding.EncodeToString(k.key[:])
}

// String hides the key; see Encode.
func (k Private) String() string {
	return "private key of " + k.Public().String()
}

// GoString hides the key from %#v as well.
func (k Private) GoString() string { return "seal.Private{" + k.String() + "}" }

// Seal encrypts plaintext so that only the private key of pub opens it.
func Seal(pub Public, plaintext []byte) ([]byte, error) {
	if pub.IsZero() {
		return nil, ErrNoKey
	}
	out, err := box.SealAnonymous(nil, plaintext, (*[KeySize]byte)(&pub), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	return out, nil
}

// Open decrypts what Seal made for priv's public key. Any other key, and
// any change to the sealed bytes, gives an error wrapping ErrOpen.
func Open(priv Private, sealed []byte) ([]byte, error) {
	if len(sealed) < Overhead {
		return nil, fmt.Errorf("%w (%d bytes, shorter than any sealed message)", ErrOpen, len(sealed))
	}
	pub := priv.Public()
	out, ok := box.OpenAnonymous(nil, sealed, (*[KeySize]byte)(&pub), &priv.key)
	if !ok {
		return nil, ErrOpen
	}
	return out, nil
}

// ParsePublic reads the text encoding of a public key (surrounding white
// space is ignored).
func ParsePublic(s string) (Public, error) {
	var p Public
	b, err := parseKey(s, PublicPrefix, PrivatePrefix, "public")
	if err != nil {
		return p, err
	}
	copy(p[:], b)
	return p, nil
}

// ParsePrivate reads the text encoding of a private key.
func ParsePrivate(s string) (Private, error) {
	var k Private
	b, err := parseKey(s, PrivatePrefix, PublicPrefix, "private")
	if err != nil {
		return k, err
	}
	copy(k.key[:], b)
	return k, nil
}

func parseKey(s, prefix, otherPrefix, kind string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, otherPrefix) {
		other := "private"
		if kind == "private" {
			other = "public"
		}
		return nil, fmt.Errorf("%w: this is the office's %s key, a %s key is needed here", ErrKeyFormat, other, kind)
	}
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return nil, fmt.Errorf("%w: a %s key starts with %q", ErrKeyFormat, kind, prefix)
	}
	b, err := base64.StdEncoding.DecodeString(rest)
	if err != nil {
		return nil, fmt.Errorf("%w: bad base64 after %q: %w", ErrKeyFormat, prefix, err)
	}
	if len(b) != KeySize {
		return nil, fmt.Errorf("%w: %s key is %d bytes, want %d", ErrKeyFormat, kind, len(b), KeySize)
	}
	if kind == "public" && Public(b) == (Public{}) {
		return nil, fmt.Errorf("%w: the public key is all zeros", ErrKeyFormat)
	}
	return b, nil
}

// ReadPublicFile reads a public key file (office.pub). Errors name the file.
func ReadPublicFile(path string) (Public, error) {
	line, err := keyfile.Line("seal", path, ErrKeyFormat)
	if err != nil {
		return Public{}, err
	}
	p, err := ParsePublic(line)
	if err != nil {
		return Public{}, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// ReadPrivateFile reads a private key file (office.key). Errors name the
// file.
func ReadPrivateFile(path string) (Private, error) {
	line, err := keyfile.Line("seal", path, ErrKeyFormat)
	if err != nil {
		return Private{}, err
	}
	k, err := ParsePrivate(line)
	if err != nil {
		return Private{}, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}
