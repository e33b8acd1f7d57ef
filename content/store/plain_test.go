package store

import (
	"errors"
	"testing"

	"qingfeng/content"
)

// The replacement rule: a package with package.yaml needs a higher
// version; a plain one is numbered by the store and refused only when it
// is the same as the installed one.
func TestAdmit(t *testing.T) {
	cases := []struct {
		name        string
		pkg         content.Package
		installed   int
		digest      string
		ok          bool
		wantVersion int
		wantErr     error
	}{
		{"versioned, none installed", content.Package{ID: "p", Version: 1}, 0, "", false, 1, nil},
		{"versioned, newer", content.Package{ID: "p", Version: 3}, 2, "", true, 3, nil},
		{"versioned, same", content.Package{ID: "p", Version: 2}, 2, "", true, 2, ErrNotNewer},
		{"versioned, older", content.Package{ID: "p", Version: 1}, 2, "", true, 1, ErrNotNewer},
		{"plain, none installed", content.Package{ID: "p", Plain: true, Digest: "a"}, 0, "", false, 1, nil},
		{"plain, changed", content.Package{ID: "p", Plain: true, Digest: "b"}, 4, "a", true, 5, nil},
		{"plain, same", content.Package{ID: "p", Plain: true, Digest: "a"}, 4, "a", true, 0, content.ErrUnchanged},
		{"plain over a versioned one", content.Package{ID: "p", Plain: true, Digest: "a"}, 7, "", true, 8, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pkg := tc.pkg
			err := admit(&pkg, tc.installed, tc.digest, tc.ok)
			if tc.wantErr == nil && err != nil || tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Fatalf("err %v, want %v", err, tc.wantErr)
			}
			if tc.wantErr == content.ErrUnchanged && !errors.Is(err, ErrNotNewer) {
				t.Errorf("unchanged is not also ErrNotNewer: %v", err)
			}
			if pkg.Version != tc.wantVersion {
				t.Errorf("version %d, want %d", pkg.Version, tc.wantVersion)
			}
		})
	}
}
