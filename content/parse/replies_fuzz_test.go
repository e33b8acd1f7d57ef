package parse

import (
	"context"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"qingfeng/content"
)

// FuzzReplies reads any replies.csv: it never panics, and whatever it
// keeps is a reply a kiosk can show: a receipt of the alphabet once, a
// known status whose answer agrees with it, texts within their bounds and
// without invisible characters, the resident's words only with a public
// reply.
func FuzzReplies(f *testing.F) {
	f.Add(repliesHeader + okReply + "\n" + okReceived + "\n")
	f.Add("\xef\xbb\xbf" + repliesHeader + "\"K7M2-Q9XP\",已答复,\"意见\"\"建议\",2026-11-03,,,2026-11-10,\"'=1+1\r\n第二行\",是,\r\n")
	f.Add(repliesHeader + `K7M2-Q9XP,已收到,"咨询,2026-11-05,,,,,否,` + "\n")
	f.Add(repliesHeader + "k7m2q9xp,已办结,,2026-11-03,,\u202e,2026-11-10,x,否,\n")
	f.Fuzz(func(t *testing.T, csv string) {
		src, err := FromFS("fuzz", fstest.MapFS{
			"package.yaml": {Data: []byte("id: replies-district\ntitle: 答复\nversion: 1\n")},
			"replies.csv":  {Data: []byte(csv)},
		})
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		pkg, _ := Read(context.Background(), src, Options{})
		if pkg == nil {
			return
		}
		seen := map[string]bool{}
		for _, r := range pkg.Replies {
			if n, ok := content.NormalizeReceipt(r.Receipt); !ok || n != r.Receipt || seen[r.Receipt] {
				t.Fatalf("receipt %q kept (seen before: %v)", r.Receipt, seen[r.Receipt])
			}
			seen[r.Receipt] = true
			if !r.Status.Valid() || r.Status.Answered() != (r.Text != "") {
				t.Fatalf("status %q with answer %q", r.Status, r.Text)
			}
			if r.Opinion != "" && !r.Public {
				t.Fatalf("the opinion %q kept with a private reply", r.Opinion)
			}
			for _, s := range []string{r.Category, r.Unit, r.Text, r.Opinion} {
				if c, bad := UnsafeRune(s); bad {
					t.Fatalf("%q kept with %U", s, c)
				}
				if !utf8.ValidString(s) {
					t.Fatalf("%q is not UTF-8", s)
				}
			}
			if utf8.RuneCountInString(r.Text) > content.MaxReplyTextRunes || utf8.RuneCountInString(r.Unit) > content.MaxReplyUnitRunes {
				t.Fatalf("texts past their bounds: %d, %d", utf8.RuneCountInString(r.Text), utf8.RuneCountInString(r.Unit))
			}
			if r.Received.IsZero() {
				t.Fatal("a reply without its received date")
			}
		}
	})
}
