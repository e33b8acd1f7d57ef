package parse

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"qingfeng/content"
)

// FuzzNoticesText reads any 通知.txt: it never panics, every problem
// points inside the file, and whatever it keeps is a notice a kiosk can
// show: a title and a text within their bounds and without invisible
// characters, a start before its end at most MaxNoticeDays later, at most
// MaxNotices of them.
func FuzzNoticesText(f *testing.F) {
	f.Add(noticesText)
	f.Add("标题：停水\n级别：紧急\n开始：2026-12-07\n结束：2026-12-08\n内容：停水。\n标题：\n内容：")
	f.Add("标题:a\n开始:2026-12-07T08:00:00+08:00\n结束:2026-12-07 09:00\n内容:\n\n\nb\n站点：x")
	f.Add("# 注释\n明天停水\n标题：停\u202e水\n开始：2026-02-30\n结束：2027-01-01\n开始：x\n")
	f.Fuzz(func(t *testing.T, text string) {
		src, err := FromFS("fuzz", fstest.MapFS{NoticesFile: {Data: []byte(text)}})
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		pkg, ps := Read(context.Background(), src, Options{})
		lines := strings.Count(normalizeNewlines(text), "\n") + 1 // a lone \r is a line break too
		for _, p := range ps {
			if p.File == NoticesFile && (p.Line < 0 || p.Line > lines) {
				t.Fatalf("problem outside the file (%d lines): %v", lines, p)
			}
		}
		if pkg == nil {
			return
		}
		if len(pkg.Notices) > content.MaxNotices {
			t.Fatalf("%d notices kept", len(pkg.Notices))
		}
		for _, n := range pkg.Notices {
			for _, s := range []string{n.Title, n.Text} {
				if c, bad := UnsafeRune(s); bad || s == "" || !utf8.ValidString(s) {
					t.Fatalf("%q kept (%U)", s, c)
				}
			}
			if utf8.RuneCountInString(n.Title) > content.MaxNoticeTitleRunes || utf8.RuneCountInString(n.Text) > content.MaxNoticeTextRunes {
				t.Fatalf("texts past their bounds: %q, %q", n.Title, n.Text)
			}
			w := n.Window
			if w.From.IsZero() || !w.Until.After(w.From) || w.Until.Sub(w.From) > content.MaxNoticeDays*24*time.Hour {
				t.Fatalf("window %v – %v kept", w.From, w.Until)
			}
		}
	})
}
