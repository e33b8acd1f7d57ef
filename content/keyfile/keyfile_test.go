package keyfile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

var errTestFormat = errors.New("bad key")

// A key file replaced by something that is not a file is refused without
// being opened: opening a named pipe waits for a writer, and the kiosk
// (which reads its keys as it starts) would wait with it, forever. A
// directory is refused too. Here a writer is ready, so reading the pipe
// would return a key: only a refusal passes.
func TestNotAFile(t *testing.T) {
	cases := []struct {
		name string
		make func(tb testing.TB, p string)
	}{
		{"named pipe", func(tb testing.TB, p string) {
			if err := syscall.Mkfifo(p, 0o600); err != nil {
				tb.Skip("no named pipes here:", err)
			}
			go func() {
				w, err := os.OpenFile(p, os.O_WRONLY, 0) // waits for a reader
				if err != nil {
					return
				}
				w.WriteString("# key\nqingfeng-test-key\n")
				w.Close()
			}()
			tb.Cleanup(func() {
				// Let the writer go if nothing read the pipe.
				if r, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
					r.Close()
				}
			})
		}},
		{"folder", func(tb testing.TB, p string) {
			if err := os.Mkdir(p, 0o755); err != nil {
				tb.Fatal(err)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "kiosk.key")
			tc.make(t, p)
			line, err := Line("test", p, errTestFormat)
			if !errors.Is(err, errTestFormat) {
				t.Fatalf("read %q, %v; want a format error", line, err)
			}
		})
	}
}
