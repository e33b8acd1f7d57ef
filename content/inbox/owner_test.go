package inbox

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"qingfeng/content/parse"
)

// A package id stays with the publisher who first installed it: a second
// trusted publisher cannot replace it, and neither can an unsigned package,
// unless the config names the id as one whose publisher may change.
func TestPackageStaysWithItsPublisher(t *testing.T) {
	county, town := newPublisher(t), newPublisher(t)
	trusted := []string{county.Public().String(), town.Public().String()}
	for _, tc := range []struct {
		name    string
		trusted []string
		allow   []string
		second  func(tb testing.TB) []txtar.File
		want    Outcome
		reason  string
	}{
		{"same publisher updates", trusted, nil,
			func(tb testing.TB) []txtar.File { return signed(tb, pkgFiles(tb, "p", 2), county) }, Imported, ""},
		{"another trusted publisher", trusted, nil,
			func(tb testing.TB) []txtar.File { return signed(tb, pkgFiles(tb, "p", 2), town) }, Rejected, "allow_publisher_change"},
		{"unsigned, only the first key trusted", []string{county.Public().String()}, nil,
			func(tb testing.TB) []txtar.File { return pkgFiles(tb, "p", 2) }, Rejected, "没有签名"},
		// A kiosk that trusts no key: a signature proves nothing there, and
		// must not let whoever signed first lock the office out of its id.
		{"unsigned, no keys configured", nil, nil,
			func(tb testing.TB) []txtar.File { return pkgFiles(tb, "p", 2) }, Imported, ""},
		{"another key, no keys configured", nil, nil,
			func(tb testing.TB) []txtar.File { return signed(tb, pkgFiles(tb, "p", 2), town) }, Imported, ""},
		{"another publisher, id allowed to change", trusted, []string{"p"},
			func(tb testing.TB) []txtar.File { return signed(tb, pkgFiles(tb, "p", 2), town) }, Imported, ""},
		{"another publisher, other id allowed", trusted, []string{"q"},
			func(tb testing.TB) []txtar.File { return signed(tb, pkgFiles(tb, "p", 2), town) }, Rejected, "第一次"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := newFakeStore()
			im := &Importer{Store: st, Trusted: tc.trusted, AllowPublisherChange: tc.allow}
			imp := func(files []txtar.File) Result {
				return im.Import(context.Background(), parse.OpenZipBytes("p.zip", zipOf(t, files)))
			}
			if res := imp(signed(t, pkgFiles(t, "p", 1), county)); res.Outcome != Imported {
				t.Fatalf("first install: %v %q %v", res.Outcome, res.Reason, res.Problems)
			}
			res := imp(tc.second(t))
			if res.Outcome != tc.want || !strings.Contains(res.Reason, tc.reason) {
				t.Fatalf("second: %v %q, want %v with %q", res.Outcome, res.Reason, tc.want, tc.reason)
			}
			if n := len(st.installs()); (tc.want == Imported) != (n == 2) {
				t.Fatalf("%d installs", n)
			}
		})
	}
}
