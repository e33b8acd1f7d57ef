package sign

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func newKey(tb testing.TB) Private {
	tb.Helper()
	_, k, err := GenerateKey()
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

func sample(k Private) Manifest {
	return Manifest{Package: "xiaoshan-demo", Version: 3, Signer: k.Public(), Files: map[string][32]byte{
		"package.yaml": {1}, "stories/清厢茶馆.md": {2}, "media/a.png": {3},
	}}
}

func TestSignVerifyRoundTrip(t *testing.T) {
	k := newKey(t)
	data := sample(k).Encode()
	m, err := Verify(data, Sign(k, data))
	if err != nil {
		t.Fatal(err)
	}
	if m.Package != "xiaoshan-demo" || m.Version != 3 || m.Signer != k.Public() || len(m.Files) != 3 || m.Files["stories/清厢茶馆.md"] != [32]byte{2} {
		t.Fatalf("read back %+v", m)
	}
	// The encoding is stable: sorted, one "hash  path" a line.
	if !bytes.Equal(data, m.Encode()) {
		t.Error("encoding is not stable")
	}
	if !strings.Contains(string(data), "0300000000000000000000000000000000000000000000000000000000000000  media/a.png\n") {
		t.Errorf("not the sha256sum line form:\n%s", data)
	}
}

func TestVerifyRefuses(t *testing.T) {
	k, other := newKey(t), newKey(t)
	data := sample(k).Encode()
	sig := Sign(k, data)
	changed := bytes.Replace(data, []byte("version: 3"), []byte("version: 4"), 1)
	// A manifest naming another signer but signed by k.
	forged := sample(other).Encode()
	tests := []struct {
		name      string
		data, sig []byte
		want      error
	}{
		{"manifest changed after signing", changed, sig, ErrBadSignature},
		{"signed by a key other than the one named", forged, Sign(k, forged), ErrBadSignature},
		{"signature of another manifest", data, Sign(k, changed), ErrBadSignature},
		{"not a signature", data, []byte("hello"), ErrBadSignature},
		{"not a manifest", []byte("# something else\n"), sig, ErrManifest},
		{"a path going up", []byte(manifestHead + "\npackage: p\nversion: 1\nsigner: " + k.Public().String() + "\n" + strings.Repeat("ab", 32) + "  ../etc/passwd\n"), sig, ErrManifest},
	}
	for _, tt := range tests {
		if _, err := Verify(tt.data, tt.sig); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestKeyText(t *testing.T) {
	k := newKey(t)
	back, err := ParsePrivate(k.Encode())
	if err != nil || back.Public() != k.Public() {
		t.Fatalf("private key round trip: %v", err)
	}
	pub, err := ParsePublic(k.Public().String())
	if err != nil || pub != k.Public() {
		t.Fatalf("public key round trip: %v", err)
	}
	if _, err := ParsePublic(k.Encode()); !errors.Is(err, ErrKeyFormat) {
		t.Error("a private key was taken for a public one")
	}
	if _, err := ParsePrivate("qingfeng-office-key:abc"); !errors.Is(err, ErrKeyFormat) {
		t.Error("another kind of key was taken")
	}
	if strings.Contains(k.String(), k.Encode()) {
		t.Error("String shows the private key")
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "publisher.pub")
	os.WriteFile(f, []byte("# comment\n\n"+k.Public().String()+"\n"), 0o644)
	if p, err := ReadPublicFile(f); err != nil || p != k.Public() {
		t.Fatalf("ReadPublicFile: %v", err)
	}
}

// What a kiosk would not read is refused on both sides by one limit.
func TestManifestSizeLimit(t *testing.T) {
	for _, n := range []int{MaxManifestBytes, MaxManifestBytes + 1} {
		data := make([]byte, n)
		err := CheckSize(data)
		if (n > MaxManifestBytes) != errors.Is(err, ErrManifestTooLarge) {
			t.Errorf("CheckSize of %d bytes: %v", n, err)
		}
		if _, err := ParseManifest(data); (n > MaxManifestBytes) != errors.Is(err, ErrManifestTooLarge) {
			t.Errorf("ParseManifest of %d bytes: %v", n, err)
		}
	}
}
