package release

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzInfo signs whatever release.json it is given, as a trusted office
// could, and holds the kiosk's check to its promises: it never panics,
// every refusal is a *Refusal in Chinese on one line without control
// characters (it goes into a report and update.json), and a release it
// accepts has a version that can name a folder.
func FuzzInfo(f *testing.F) {
	office := newKey(f)
	tmp := f.TempDir()
	dir, err := Make(tmp, "1.3.0", bins(f, filepath.Join(tmp, "bin"), "amd64"), nil, office, now)
	if err != nil {
		f.Fatal(err)
	}
	seed, _ := os.ReadFile(filepath.Join(dir, InfoFile))
	f.Add(seed)
	f.Add([]byte(`{"format":"qingfeng-release 1","version":"1.3.0/../../etc","archs":["amd64"]}`))
	f.Add([]byte(`{"format":"qingfeng-release 1","version":"9.9.9","archs":["amd64"],"downgrade":true}`))
	f.Add([]byte(`{"format":"qingfeng-release 1","version":"2.0.0\n原因：已经装好","archs":["amd64\u202e"]}`))
	f.Add([]byte(`{"format":"qingfeng-release 1","version":"2.0.0","archs":["arm64\u202e\n原因：已经装好"]}`))
	f.Add([]byte("{\"format\":\n\"qingfeng-release 1\",\"version\":[[[[[[[[[[]]]]]]]]]]}"))
	k := Kiosk{Trusted: []string{office.Public().String()}, Version: "1.2.0", Arch: "amd64", Root: tmp, Free: plenty}
	f.Fuzz(func(t *testing.T, info []byte) {
		if len(info) > MaxInfoBytes {
			return
		}
		// The release made once (each fuzzing process makes its own),
		// signed again with the fuzzed release.json in place.
		os.WriteFile(filepath.Join(dir, InfoFile), info, 0o644)
		resign(t, dir, office)
		c, err := Check(dir, k)
		var r *Refusal
		switch {
		case err == nil:
			if !ValidVersion(c.Info.Version) {
				t.Fatalf("accepted version %q", c.Info.Version)
			}
		case !errors.As(err, &r):
			t.Fatalf("not a refusal: %v", err)
		case !utf8.ValidString(r.Words) || strings.ContainsAny(r.Words, "\n\r\x00\u202e"):
			t.Fatalf("refusal not one clean line: %q", r.Words)
		}
	})
}
