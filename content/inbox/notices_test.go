package inbox

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"qingfeng/content/contenttest"
	"qingfeng/content/store"
)

// A clerk's folder holding only 通知.txt is imported as a package of
// notices: installed, and the report says how many and that they come and
// go by their times.
func TestImportNoticesFolder(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	im := &Importer{Store: st, Site: "qingfeng-cun"}
	im.Options.Site = im.Site
	root := filepath.Join(t.TempDir(), "停水通知")
	contenttest.Write(t, root, txtar.Parse([]byte(`-- 通知.txt --
标题：明天上午停水
级别：紧急
开始：2026-12-07 07:00
结束：2026-12-07 12:00
内容：因管道维修，明天上午停水。

标题：村民议事会
开始：2026-12-01
结束：2026-12-10
内容：欢迎参加。
`)))
	res := im.ImportPath(ctx, root)
	if res.Outcome != Imported {
		t.Fatalf("%v %q %v", res.Outcome, res.Reason, res.Problems)
	}
	if rep := Report(res, time.UTC); !strings.Contains(rep, "通知：2 条，其中紧急 1 条") {
		t.Errorf("the report should count the notices:\n%s", rep)
	}
	got, err := st.Notices(ctx, time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC))
	if err != nil || len(got) != 2 || got[0].Title != "村民议事会" || !got[1].Urgent {
		t.Fatalf("installed notices %+v, %v", got, err)
	}
}
