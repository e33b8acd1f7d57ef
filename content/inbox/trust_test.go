package inbox

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"qingfeng/content/parse"
	"qingfeng/content/sign"
)

// signed returns files with a manifest and signature by k added, as
// qingfeng sign makes them.
func signed(tb testing.TB, files []txtar.File, k sign.Private) []txtar.File {
	tb.Helper()
	src := parse.OpenZipBytes("p.zip", zipOf(tb, files))
	pkg, ps := parse.Read(context.Background(), src, parse.Options{})
	if ps.HasErrors() {
		tb.Fatalf("unsigned package has errors: %v", ps)
	}
	sums, err := parse.HashFiles(src)
	if err != nil {
		tb.Fatal(err)
	}
	data := sign.Manifest{Package: pkg.ID, Version: pkg.Version, Signer: k.Public(), Files: sums}.Encode()
	return append(append([]txtar.File(nil), files...),
		txtar.File{Name: sign.ManifestFile, Data: data}, txtar.File{Name: sign.SignatureFile, Data: sign.Sign(k, data)})
}

func newPublisher(tb testing.TB) sign.Private {
	tb.Helper()
	_, k, err := sign.GenerateKey()
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// A kiosk that trusts a publisher takes only its signed packages, and says
// precisely why it refuses one.
func TestTrustedPublishersOnly(t *testing.T) {
	office, stranger := newPublisher(t), newPublisher(t)
	st := newFakeStore()
	im := &Importer{Store: st, Trusted: []string{office.Public().String()}}
	imp := func(files []txtar.File) Result {
		return im.Import(context.Background(), parse.OpenZipBytes("p.zip", zipOf(t, files)))
	}

	res := imp(pkgFiles(t, "p", 1))
	if res.Outcome != Rejected || !strings.Contains(res.Reason, "没有签名") {
		t.Fatalf("unsigned: %v %q", res.Outcome, res.Reason)
	}
	res = imp(signed(t, pkgFiles(t, "p", 1), stranger))
	if res.Outcome != Rejected || !strings.Contains(res.Reason, "不在本展示屏信任的名单里") || !strings.Contains(res.Reason, stranger.Public().String()[:30]) {
		t.Fatalf("unknown key: %v %q", res.Outcome, res.Reason)
	}
	res = imp(signed(t, pkgFiles(t, "p", 2), office))
	if res.Outcome != Imported {
		t.Fatalf("signed by the office: %v %q %v", res.Outcome, res.Reason, res.Problems)
	}
	if got := st.installs(); len(got) != 1 || got[0].SignedBy != office.Public().String() {
		t.Fatalf("installed %v", got)
	}
	// An older version, even correctly signed, does not roll the kiosk back.
	res = imp(signed(t, pkgFiles(t, "p", 1), office))
	if res.Outcome != Rejected || !strings.Contains(res.Reason, "版本") {
		t.Fatalf("older version: %v %q", res.Outcome, res.Reason)
	}
	if len(st.installs()) != 1 {
		t.Fatal("a refused package reached the store")
	}
	if report := Report(res, time.UTC); !strings.Contains(report, res.Reason) {
		t.Errorf("the report on the stick does not give the reason:\n%s", report)
	}
}

// One byte changed in any file of a signed package, a file added or one
// removed: refused with the file named, whether or not the kiosk has
// trusted keys.
func TestTamperedSignedPackage(t *testing.T) {
	office := newPublisher(t)
	good := signed(t, pkgFiles(t, "p", 1), office)
	for _, trusted := range []bool{false, true} {
		im := &Importer{Store: newFakeStore()}
		if trusted {
			im.Trusted = []string{office.Public().String()}
		}
		check := func(name string, files []txtar.File, file, words string) {
			t.Helper()
			res := im.Import(context.Background(), parse.OpenZipBytes("p.zip", zipOf(t, files)))
			if res.Outcome == Imported {
				t.Fatalf("%s (trusted keys %v): imported", name, trusted)
			}
			for _, p := range res.Problems {
				if p.File == file && strings.Contains(p.Msg, words) {
					return
				}
			}
			t.Fatalf("%s (trusted keys %v): no problem about %s saying %q: %v", name, trusted, file, words, res.Problems)
		}
		for i, f := range good {
			changed := append([]txtar.File(nil), good...)
			b := bytes.Clone(f.Data)
			b[len(b)/2] ^= 1
			changed[i] = txtar.File{Name: f.Name, Data: b}
			switch f.Name {
			case sign.ManifestFile:
				// A changed manifest: its signature no longer matches (or
				// it no longer reads).
				res := im.Import(context.Background(), parse.OpenZipBytes("p.zip", zipOf(t, changed)))
				if res.Outcome == Imported || !res.Problems.HasErrors() {
					t.Fatalf("manifest changed: %v", res.Outcome)
				}
			case sign.SignatureFile:
				check("signature changed", changed, sign.SignatureFile, "签名对不上")
			default:
				check("one byte of "+f.Name, changed, f.Name, "和签名清单里记的不一样")
			}
		}
		added := append(append([]txtar.File(nil), good...), txtar.File{Name: "stories/c.md", Data: []byte("---\nid: c\ntitle: 后加的\ncategory: 清廉阵地\n---\n正文\n")})
		check("a file added", added, "stories/c.md", "不在签名清单里")
		removed := append(append([]txtar.File(nil), good[:2]...), good[3:]...) // stories/b.md
		check("a file removed", removed, "stories/b.md", "内容包里却没有")
		check("half a signature", good[:len(good)-1], sign.SignatureFile, "签名不完整")
	}
	// The untouched package goes in.
	im := &Importer{Store: newFakeStore(), Trusted: []string{office.Public().String()}}
	if res := im.Import(context.Background(), parse.OpenZipBytes("p.zip", zipOf(t, good))); res.Outcome != Imported {
		t.Fatalf("good: %v %v", res.Outcome, res.Problems)
	}
}

// A package of replies is a package like any other: where publishers are
// trusted, only one of theirs is taken, so nobody can put words in the
// office's mouth on a kiosk's screen.
func TestTrustedPublishersReplies(t *testing.T) {
	office, stranger := newPublisher(t), newPublisher(t)
	replies := func(version int) []txtar.File {
		return []txtar.File{
			{Name: "package.yaml", Data: fmt.Appendf(nil, "id: replies-district\ntitle: 答复\nversion: %d\n", version)},
			{Name: "replies.csv", Data: []byte("回执号,办理状态,类别,收到日期,转交日期,承办单位,答复日期,答复内容,是否公开,意见内容\n" +
				"K7M2-Q9XP,已答复,意见建议,2026-11-03,,,2026-11-10,路灯已经修好。,是,\n")},
		}
	}
	tests := []struct {
		name    string
		files   []txtar.File
		imports bool
		reason  string
	}{
		{"unsigned", replies(1), false, "没有签名"},
		{"signed by an unknown key", signed(t, replies(1), stranger), false, "不在本展示屏信任的名单里"},
		{"signed by the office", signed(t, replies(1), office), true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := newFakeStore()
			im := &Importer{Store: st, Trusted: []string{office.Public().String()}}
			res := im.Import(context.Background(), parse.OpenZipBytes("replies.zip", zipOf(t, tc.files)))
			got := st.installs()
			if !tc.imports {
				if res.Outcome != Rejected || !strings.Contains(res.Reason, tc.reason) || len(got) != 0 {
					t.Fatalf("%v %q, %d installed; want refused for %q", res.Outcome, res.Reason, len(got), tc.reason)
				}
				return
			}
			if res.Outcome != Imported || len(got) != 1 || len(got[0].Replies) != 1 || got[0].Replies[0].Receipt != "K7M2-Q9XP" {
				t.Fatalf("%v %q %v; installed %+v", res.Outcome, res.Reason, res.Problems, got)
			}
			if report := Report(res, time.UTC); !strings.Contains(report, "答复：1 条") {
				t.Errorf("the report does not count the replies:\n%s", report)
			}
		})
	}
}
