package inbox

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"qingfeng/content/contenttest"
	"qingfeng/content/store"
)

// An office withdraws its notices by sending the package again with none
// left (package.yaml's notices: [] with the version raised, or 通知.txt
// with only comments): imported, and the earlier notices are gone.
func TestImportWithdrawsNotices(t *testing.T) {
	const water = "标题：明天上午停水\n级别：紧急\n开始：2026-12-07 07:00\n结束：2026-12-07 12:00\n内容：因管道维修，明天上午停水。\n"
	const yamlHead = "id: district-notices\ntitle: 区里的通知\n"
	yamlNotice := "notices:\n  - title: 明天上午停水\n    text: 因管道维修，明天上午停水。\n    level: 紧急\n    start: 2026-12-07 07:00\n    end: 2026-12-07 12:00\n"
	for _, tc := range []struct {
		name          string
		before, after string
	}{
		{"通知.txt with only comments", "-- 通知.txt --\n" + water, "-- 通知.txt --\n# 停水的通知已撤下\n"},
		{"通知.txt emptied", "-- 通知.txt --\n" + water, "-- 通知.txt --\n"},
		{"package.yaml with notices: []", "-- package.yaml --\n" + yamlHead + "version: 3\n" + yamlNotice, "-- package.yaml --\n" + yamlHead + "version: 4\nnotices: []\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			im := &Importer{Store: st, Site: "qingfeng-cun"}
			im.Options.Site = im.Site
			dir := t.TempDir()
			for i, text := range []string{tc.before, tc.after} {
				root := filepath.Join(dir, "round", string(rune('a'+i)), "停水通知")
				contenttest.Write(t, root, txtar.Parse([]byte(text)))
				if res := im.ImportPath(ctx, root); res.Outcome != Imported {
					t.Fatalf("import %d: %v %q %v", i+1, res.Outcome, res.Reason, res.Problems)
				}
				got, err := st.Notices(ctx, time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC))
				if err != nil {
					t.Fatal(err)
				}
				if want := 1 - i; len(got) != want {
					t.Fatalf("after import %d: %d notices, want %d: %+v", i+1, len(got), want, got)
				}
			}
		})
	}
}
