// Package sign makes and checks the signature of a content package: a
// manifest (MANIFEST.txt) listing the SHA-256 of every file of the package,
// and an ed25519 signature over it (MANIFEST.sig) by the office that
// publishes the package. A kiosk that trusts that office's public key then
// knows the package came from it and that no file was changed, added or
// removed on the way (a USB stick, a synced folder). It also makes and
// reads the signed envelope a kiosk's own files travel in (envelope.go).
//
// Only the standard library: crypto/ed25519 and crypto/sha256.
package sign

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"qingfeng/content/keyfile"
)

// The two files a signed package carries at its top level.
const (
	ManifestFile  = "MANIFEST.txt"
	SignatureFile = "MANIFEST.sig"
)

// IsSignatureFile reports whether p is one of the files the signature adds
// (they are not part of what is signed, and not content).
func IsSignatureFile(p string) bool { return p == ManifestFile || p == SignatureFile }

// Key text prefixes, so a key file says what it is and cannot be mistaken
// for the opinion office's sealing key.
const (
	PublicPrefix  = "qingfeng-publisher-pub:"
	PrivatePrefix = "qingfeng-publisher-key:"
	sigPrefix     = "qingfeng-signature:"
	manifestHead  = "# qingfeng manifest 1"
)

// ErrKeyFormat is wrapped by every complaint about a key's text.
var ErrKeyFormat = errors.New("sign: not a publisher key")

// Public is a publisher's public key: kiosks list the ones they trust.
type Public [ed25519.PublicKeySize]byte

// Private is a publisher's private key; it stays at the office.
type Private struct {
	key ed25519.PrivateKey
}

// GenerateKey makes a new publisher key pair from crypto/rand.
func GenerateKey() (Public, Private, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return Public{}, Private{}, fmt.Errorf("sign: generating key: %w", err)
	}
	return Public(pub), Private{key: priv}, nil
}

// String is the text encoding, as written to publisher.pub and to a
// kiosk's config.
func (p Public) String() string { return PublicPrefix + base64.StdEncoding.EncodeToString(p[:]) }

// Short is how a report names a key: the start of its text, enough to tell
// keys apart by eye.
func (p Public) Short() string { s := p.String(); return s[:len(PublicPrefix)+12] + "…" }

// Public is the key's public half.
func (k Private) Public() Public { return Public(k.key.Public().(ed25519.PublicKey)) }

// Encode is the text encoding of the private key (publisher.key). Printing
// a Private with %v shows only its public half.
func (k Private) Encode() string {
	return PrivatePrefix + base64.StdEncoding.EncodeToString(k.key.Seed())
}

func (k Private) String() string   { return "private key of " + k.Public().String() }
func (k Private) GoString() string { return "sign.Private{" + k.String() + "}" }

// ParsePublic reads the text encoding of a public key.
func ParsePublic(s string) (Public, error) {
	b, err := parseKey(s, PublicPrefix, PrivatePrefix, ed25519.PublicKeySize)
	if err != nil {
		return Public{}, err
	}
	return Public(b), nil
}

// ParsePrivate reads the text encoding of a private key.
func ParsePrivate(s string) (Private, error) {
	b, err := parseKey(s, PrivatePrefix, PublicPrefix, ed25519.SeedSize)
	if err != nil {
		return Private{}, err
	}
	return Private{key: ed25519.NewKeyFromSeed(b)}, nil
}

func parseKey(s, prefix, other string, size int) ([]byte, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, other) {
		return nil, fmt.Errorf("%w: this is the other half of the key pair (%s…)", ErrKeyFormat, other)
	}
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return nil, fmt.Errorf("%w: it should start with %q", ErrKeyFormat, prefix)
	}
	b, err := base64.StdEncoding.DecodeString(rest)
	if err != nil || len(b) != size {
		return nil, fmt.Errorf("%w: %d bytes of base64 after %q expected", ErrKeyFormat, size, prefix)
	}
	return b, nil
}

// ReadPublicFile and ReadPrivateFile read a key file: its one line that is
// neither blank nor a # comment. Errors name the file.
func ReadPublicFile(name string) (Public, error) {
	line, err := keyfile.Line("sign", name, ErrKeyFormat)
	if err != nil {
		return Public{}, err
	}
	p, err := ParsePublic(line)
	if err != nil {
		return Public{}, fmt.Errorf("%s: %w", name, err)
	}
	return p, nil
}

func ReadPrivateFile(name string) (Private, error) {
	line, err := keyfile.Line("sign", name, ErrKeyFormat)
	if err != nil {
		return Private{}, err
	}
	k, err := ParsePrivate(line)
	if err != nil {
		return Private{}, fmt.Errorf("%s: %w", name, err)
	}
	return k, nil
}

// Hash is the SHA-256 of r's bytes.
func Hash(r io.Reader) ([32]byte, error) {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return [32]byte{}, err
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum, nil
}

// Manifest is what a publisher signs: which package, which version, and
// every file's hash.
type Manifest struct {
	Package string
	Version int
	Signer  Public
	Files   map[string][32]byte // slash path → SHA-256
}

// Encode writes m as text, files sorted by path: one "hash  path" a line,
// the form sha256sum prints, so a technician can check a package by hand.
func (m Manifest) Encode() []byte {
	var b bytes.Buffer
	fmt.Fprintln(&b, manifestHead)
	fmt.Fprintf(&b, "package: %s\nversion: %d\nsigner: %s\n", m.Package, m.Version, m.Signer)
	for _, p := range slices.Sorted(maps.Keys(m.Files)) {
		sum := m.Files[p]
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(sum[:]), p)
	}
	return b.Bytes()
}

// ErrManifest is wrapped by every complaint about a manifest's text.
var ErrManifest = errors.New("sign: manifest")

// MaxManifestBytes bounds a manifest's text. Kiosks read no more, and
// CheckSize makes the signing side refuse more, so every package that can
// be signed can be checked. 8 MiB holds 5,000 files (the default file
// limit) with paths of 1,600 bytes each, about 500 Chinese characters,
// while staying small beside the memory an import may use.
const MaxManifestBytes = 8 << 20

// ErrManifestTooLarge means a manifest's text is over MaxManifestBytes.
var ErrManifestTooLarge = fmt.Errorf("%w: larger than %d bytes", ErrManifest, MaxManifestBytes)

// CheckSize refuses manifest text that a kiosk would not read.
func CheckSize(data []byte) error {
	if len(data) > MaxManifestBytes {
		return ErrManifestTooLarge
	}
	return nil
}

// ParseManifest reads a manifest's text.
func ParseManifest(data []byte) (Manifest, error) {
	m := Manifest{Files: map[string][32]byte{}}
	if err := CheckSize(data); err != nil {
		return m, err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		switch {
		case n == 1:
			if line != manifestHead {
				return m, fmt.Errorf("%w: line 1 should be %q", ErrManifest, manifestHead)
			}
		case strings.HasPrefix(line, "package: "):
			m.Package = strings.TrimPrefix(line, "package: ")
		case strings.HasPrefix(line, "version: "):
			v, err := strconv.Atoi(strings.TrimPrefix(line, "version: "))
			if err != nil {
				return m, fmt.Errorf("%w: line %d: version %q", ErrManifest, n, line)
			}
			m.Version = v
		case strings.HasPrefix(line, "signer: "):
			k, err := ParsePublic(strings.TrimPrefix(line, "signer: "))
			if err != nil {
				return m, fmt.Errorf("%w: line %d: %v", ErrManifest, n, err)
			}
			m.Signer = k
		default:
			sum, p, ok := strings.Cut(line, "  ")
			raw, err := hex.DecodeString(sum)
			if !ok || err != nil || len(raw) != 32 || p == "" || path.Clean(p) != p || strings.HasPrefix(p, "/") || strings.HasPrefix(p, "../") {
				return m, fmt.Errorf("%w: line %d is not \"sha256  path\"", ErrManifest, n)
			}
			if _, dup := m.Files[p]; dup {
				return m, fmt.Errorf("%w: line %d lists %s twice", ErrManifest, n, p)
			}
			m.Files[p] = [32]byte(raw)
		}
	}
	if err := sc.Err(); err != nil {
		return m, fmt.Errorf("%w: %v", ErrManifest, err)
	}
	if n == 0 || m.Package == "" || m.Signer == (Public{}) {
		return m, fmt.Errorf("%w: package, version or signer missing", ErrManifest)
	}
	return m, nil
}

// Sign returns the signature file's text for manifest text data.
func Sign(k Private, data []byte) []byte {
	return []byte(sigPrefix + base64.StdEncoding.EncodeToString(ed25519.Sign(k.key, data)) + "\n")
}

// ErrBadSignature means the signature does not match the manifest and the
// key it names: the manifest was changed, or signed by another key.
var ErrBadSignature = errors.New("sign: signature does not match")

// Verify checks the signature file's text sig over manifest text data
// against the signer the manifest names, and returns the manifest.
func Verify(data, sig []byte) (Manifest, error) {
	m, err := ParseManifest(data)
	if err != nil {
		return m, err
	}
	return m, VerifyBytes(m.Signer, data, sig)
}

// VerifyBytes checks the signature text sig (as Sign writes it) over data
// against key k: for data that names no signer of its own, such as a
// kiosk's outbox batch.
func VerifyBytes(k Public, data, sig []byte) error {
	rest, ok := strings.CutPrefix(strings.TrimSpace(string(sig)), sigPrefix)
	raw, err := base64.StdEncoding.DecodeString(rest)
	if !ok || err != nil || len(raw) != ed25519.SignatureSize {
		return fmt.Errorf("%w: not a qingfeng signature", ErrBadSignature)
	}
	if !ed25519.Verify(k[:], data, raw) {
		return ErrBadSignature
	}
	return nil
}
