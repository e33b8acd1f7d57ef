package release

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestEmbeddedVersion builds a small Go program as make does, with and
// without the version stamp, and reads the stamp back.
func TestEmbeddedVersion(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the test programs: %v", err)
	}
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "go.mod"), []byte("module stamped\n\ngo 1.21\n"), 0o644)
	os.WriteFile(filepath.Join(src, "main.go"), []byte("package main\n\nvar version string\n\nfunc main() { println(version) }\n"), 0o644)
	build := func(tb testing.TB, name string, args ...string) string {
		tb.Helper()
		out := filepath.Join(t.TempDir(), name)
		cmd := exec.Command(goCmd, append(append([]string{"build", "-o", out}, args...), ".")...)
		cmd.Dir = src
		cmd.Env = append(os.Environ(), "GOFLAGS=", "CGO_ENABLED=0", "GOWORK=off")
		if b, err := cmd.CombinedOutput(); err != nil {
			tb.Fatalf("go build: %v\n%s", err, b)
		}
		return out
	}
	stub := filepath.Join(t.TempDir(), "stub")
	fakeProgram(t, stub, elf.EM_X86_64, 5000)
	for _, c := range []struct {
		name, prog, want string
		fails            bool
	}{
		{name: "stamped as make build does", prog: build(t, "a", "-ldflags", "-X main.version=1.4.0-2-gabc1234"), want: "1.4.0-2-gabc1234"},
		{name: "stamped among other flags", prog: build(t, "b", "-ldflags", "-s -w -X 'main.version=2.0.0'"), want: "2.0.0"},
		{name: "built without a stamp", prog: build(t, "c"), want: ""},
		{name: "not a Go program", prog: stub, fails: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := EmbeddedVersion(c.prog)
			if (err != nil) != c.fails || got != c.want {
				t.Errorf("got %q, %v; want %q", got, err, c.want)
			}
		})
	}
}
