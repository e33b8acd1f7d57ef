package release

import (
	"debug/buildinfo"
	"regexp"
)

// ldflagsVersion finds the version make stamps into a program:
// go build -ldflags "-X main.version=V" (Go records the flags as built).
var ldflagsVersion = regexp.MustCompile(`-X[ =]['"]?main\.version=([^'"\s]*)`)

// EmbeddedVersion is the version stamped into the Go program name at its
// build, read from the build information Go keeps in it: "" when it was
// built without one (go build by hand). An error: not a Go program.
func EmbeddedVersion(name string) (string, error) {
	bi, err := buildinfo.ReadFile(name)
	if err != nil {
		return "", err
	}
	for _, s := range bi.Settings {
		if s.Key != "-ldflags" {
			continue
		}
		if m := ldflagsVersion.FindStringSubmatch(s.Value); m != nil {
			return m[1], nil
		}
	}
	return "", nil
}
