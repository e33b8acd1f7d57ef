package seal

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func keyPair(tb testing.TB) (Public, Private) {
	tb.Helper()
	pub, priv, err := GenerateKey()
	if err != nil {
		tb.Fatal(err)
	}
	return pub, priv
}

func TestRoundTrip(t *testing.T) {
	pub, priv := keyPair(t)
	if priv.Public() != pub {
		t.Fatal("Private.Public differs from the generated public key")
	}
	for _, tc := range []struct {
		name string
		msg  []byte
	}{
		{"empty", nil},
		{"contact", []byte(`{"name":"张三丰","phone":"13812345678"}`)},
		{"large", bytes.Repeat([]byte("清风"), 10000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sealed, err := Seal(pub, tc.msg)
			if err != nil {
				t.Fatal(err)
			}
			if len(sealed) != len(tc.msg)+Overhead {
				t.Errorf("sealed %d bytes into %d, want %d", len(tc.msg), len(sealed), len(tc.msg)+Overhead)
			}
			if len(tc.msg) > 0 && bytes.Contains(sealed, tc.msg) {
				t.Error("plaintext visible in the sealed bytes")
			}
			got, err := Open(priv, sealed)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tc.msg) {
				t.Fatalf("opened %q, want %q", got, tc.msg)
			}
			// Every seal uses a fresh ephemeral key: the same message never
			// seals to the same bytes, so equal contacts cannot be linked.
			again, err := Seal(pub, tc.msg)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Equal(again, sealed) {
				t.Error("two seals of the same message are identical")
			}
		})
	}
}

func TestOpenFailures(t *testing.T) {
	pub, priv := keyPair(t)
	_, other := keyPair(t)
	sealed, err := Seal(pub, []byte("13812345678"))
	if err != nil {
		t.Fatal(err)
	}
	flip := func(i int) []byte {
		b := bytes.Clone(sealed)
		b[i] ^= 0x01
		return b
	}
	for _, tc := range []struct {
		name   string
		key    Private
		sealed []byte
	}{
		{"wrong key", other, sealed},
		{"ephemeral key changed", priv, flip(0)},
		{"tag changed", priv, flip(KeySize + 3)},
		{"ciphertext changed", priv, flip(len(sealed) - 1)},
		{"truncated", priv, sealed[:len(sealed)-1]},
		{"shorter than overhead", priv, sealed[:Overhead-1]},
		{"empty", priv, nil},
		{"extended", priv, append(bytes.Clone(sealed), 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Open(tc.key, tc.sealed)
			if !errors.Is(err, ErrOpen) {
				t.Fatalf("Open = %q, %v; want ErrOpen", got, err)
			}
		})
	}
}

func TestSealRefusesZeroKey(t *testing.T) {
	if _, err := Seal(Public{}, []byte("x")); !errors.Is(err, ErrNoKey) {
		t.Fatalf("Seal to the zero key: %v", err)
	}
}

func TestTextEncoding(t *testing.T) {
	pub, priv := keyPair(t)
	gotPub, err := ParsePublic("  " + pub.String() + "\n")
	if err != nil || gotPub != pub {
		t.Fatalf("ParsePublic(String()) = %v, %v", gotPub, err)
	}
	gotPriv, err := ParsePrivate(priv.Encode())
	if err != nil || gotPriv.Public() != pub {
		t.Fatalf("ParsePrivate(Encode()) = %v, %v", gotPriv, err)
	}
	// Printing a private key by mistake must not leak it.
	for _, s := range []string{fmt.Sprint(priv), fmt.Sprintf("%v %+v %#v %s", priv, priv, priv, priv)} {
		if strings.Contains(s, priv.Encode()[len(PrivatePrefix):]) {
			t.Errorf("formatted private key shows the key: %s", s)
		}
	}
}

func TestParseErrors(t *testing.T) {
	pub, priv := keyPair(t)
	b64 := pub.String()[len(PublicPrefix):]
	for _, tc := range []struct {
		name, text string
		private    bool
		want       string
	}{
		{"empty", "", false, "starts with"},
		{"no prefix", b64, false, "starts with"},
		{"private given for public", priv.Encode(), false, "private key"},
		{"public given for private", pub.String(), true, "public key"},
		{"bad base64", PublicPrefix + "!!!!", false, "base64"},
		{"short", PublicPrefix + "AAAA", false, "3 bytes"},
		{"zero public", PublicPrefix + strings.Repeat("A", 43) + "=", false, "zeros"},
		{"private short", PrivatePrefix + "AAAA", true, "3 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.private {
				_, err = ParsePrivate(tc.text)
			} else {
				_, err = ParsePublic(tc.text)
			}
			if !errors.Is(err, ErrKeyFormat) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want ErrKeyFormat mentioning %q", err, tc.want)
			}
		})
	}
}

func TestReadKeyFiles(t *testing.T) {
	pub, priv := keyPair(t)
	dir := t.TempDir()
	write := func(tb testing.TB, name, text string) string {
		tb.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			tb.Fatal(err)
		}
		return p
	}
	pubFile := write(t, "office.pub", "\xEF\xBB\xBF# 清风 office public key\n\n"+pub.String()+"\r\n")
	privFile := write(t, "office.key", "# secret\n"+priv.Encode()+"\n")
	if got, err := ReadPublicFile(pubFile); err != nil || got != pub {
		t.Fatalf("ReadPublicFile = %v, %v", got, err)
	}
	if got, err := ReadPrivateFile(privFile); err != nil || got.Public() != pub {
		t.Fatalf("ReadPrivateFile = %v, %v", got, err)
	}

	for _, tc := range []struct {
		name, path string
		private    bool
		want       error
	}{
		{"missing", filepath.Join(dir, "none.pub"), false, os.ErrNotExist},
		{"only comments", write(t, "c.pub", "# nothing\n\n"), false, ErrKeyFormat},
		{"two keys", write(t, "two.pub", pub.String()+"\n"+pub.String()+"\n"), false, ErrKeyFormat},
		{"private file as public", privFile, false, ErrKeyFormat},
		{"public file as private", pubFile, true, ErrKeyFormat},
		{"huge", write(t, "big.pub", strings.Repeat("x", 64<<10+10)), false, ErrKeyFormat},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.private {
				_, err = ReadPrivateFile(tc.path)
			} else {
				_, err = ReadPublicFile(tc.path)
			}
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.path) {
				t.Fatalf("err = %v, want %v naming %s", err, tc.want, tc.path)
			}
		})
	}
}
