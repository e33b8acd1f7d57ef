package keyfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestWritePair(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	priv, pub := filepath.Join(dir, "a.key"), filepath.Join(dir, "a.pub")
	if err := WritePair(dir, priv, "# private\nK\n", pub, "P\n"); err != nil {
		t.Fatal(err)
	}
	if line, err := Line("test", priv, errors.New("format")); err != nil || line != "K" {
		t.Fatalf("private key line %q, %v", line, err)
	}
	if runtime.GOOS != "windows" {
		for p, want := range map[string]fs.FileMode{priv: 0o600, pub: 0o644, dir: 0o700} {
			if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != want {
				t.Errorf("%s: mode %v, %v; want %v", p, fi.Mode().Perm(), err, want)
			}
		}
	}

	t.Run("never over a key", func(t *testing.T) {
		before, _ := os.ReadFile(priv)
		err := WritePair(dir, priv, "other\n", pub, "other\n")
		if !errors.Is(err, fs.ErrExist) || !strings.Contains(err.Error(), "已经存在，没有覆盖") || !strings.Contains(err.Error(), priv) {
			t.Fatalf("err = %v, want one naming %s, wrapping fs.ErrExist", err, priv)
		}
		if after, _ := os.ReadFile(priv); !bytes.Equal(before, after) {
			t.Fatal("the private key was changed")
		}
	})
	t.Run("a public key alone is not replaced", func(t *testing.T) {
		dir := t.TempDir()
		priv, pub := filepath.Join(dir, "b.key"), filepath.Join(dir, "b.pub")
		os.WriteFile(pub, []byte("old"), 0o644)
		if err := WritePair(dir, priv, "K\n", pub, "P\n"); !errors.Is(err, fs.ErrExist) {
			t.Fatalf("err = %v, want fs.ErrExist", err)
		}
		if _, err := os.Stat(priv); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("a private key was written beside an old public one: %v", err)
		}
	})
	t.Run("public half unwritable", func(t *testing.T) {
		dir := t.TempDir()
		priv := filepath.Join(dir, "c.key")
		pub := filepath.Join(dir, "none", "c.pub") // its folder does not exist
		err := WritePair(dir, priv, "K\n", pub, "P\n")
		if err == nil || !strings.HasPrefix(err.Error(), "无法写入公钥： ") {
			t.Fatalf("err = %v", err)
		}
		if _, err := os.Stat(priv); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("a private key without its public half was left: %v", err)
		}
	})
}
