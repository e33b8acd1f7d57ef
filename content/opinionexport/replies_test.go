package opinionexport

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"qingfeng/content"
	"qingfeng/content/parse"
	"qingfeng/content/store"
)

// installReplies installs a package of replies, read from its replies.csv
// as a kiosk's inbox reads it.
func installReplies(tb testing.TB, st *store.Store, csv string) {
	tb.Helper()
	src, err := parse.FromFS("replies-district", fstest.MapFS{
		"package.yaml": {Data: []byte("id: replies-district\ntitle: 办理答复\nversion: 29000000\n")},
		"replies.csv":  {Data: []byte(csv)},
	})
	if err != nil {
		tb.Fatal(err)
	}
	pkg, problems := parse.Read(context.Background(), src, parse.Options{})
	if problems.HasErrors() {
		tb.Fatalf("replies.csv: %v", problems)
	}
	if err := st.Install(context.Background(), pkg); err != nil {
		tb.Fatal(err)
	}
}

// A kiosk's export carries the office's handling of each opinion as the
// installed package of replies tells it, empty where there is none, and
// the resident's consent on every row.
func TestRowsWithReplies(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	var receipts []string
	for i, o := range []store.StoredOpinion{
		{Category: "意见建议", Subject: "村道", Text: "路灯坏了", Site: "shili", At: t0, Consent: true},
		{Category: "咨询", Text: "低保怎么申请", Site: "shili", At: t0.Add(time.Hour)},
		{Category: "表扬", Rating: content.RatingHappy, Site: "shili", At: t0.Add(2 * time.Hour)},
	} {
		r, err := st.RecordOpinion(ctx, o)
		if err != nil {
			t.Fatalf("opinion %d: %v", i, err)
		}
		receipts = append(receipts, r)
	}
	installReplies(t, st, "回执号,办理状态,类别,收到日期,转交日期,承办单位,答复日期,答复内容,是否公开,意见内容\n"+
		fmt.Sprintf("%s,已答复,意见建议,2026-11-03,2026-11-04,镇交通办,2026-11-10,\"路灯已经修好，\n谢谢提醒。\",是,路灯坏了\n", receipts[0])+
		fmt.Sprintf("%s,已转交,咨询,2026-11-03,2026-11-05,镇民政办,,,否,\n", receipts[1])+
		"WXYZ-2345,已办结,咨询,2026-11-01,,,2026-11-02,别处的意见,是,\n")

	ops, err := st.Opinions(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	replies, err := st.OpinionReplies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows, sum, err := Rows(ctx, ops, replies, nil, time.FixedZone("CST", 8*3600), nil)
	if err != nil || sum.Handled != 2 || len(rows) != 4 {
		t.Fatalf("%v, %+v, %d rows", err, sum, len(rows))
	}
	handling := func(row []string) []string { return row[slices.Index(Columns, "办理状态"):] }
	for _, tc := range []struct {
		name string
		row  int
		want []string
	}{
		{"header", 0, []string{"办理状态", "承办单位", "答复内容", "答复日期", "是否公开", "同意公开"}},
		{"answered, public, consent", 1, []string{"已答复", "镇交通办", "路灯已经修好，\n谢谢提醒。", "2026-11-10", "是", "是"}},
		{"forwarded, not public", 2, []string{"已转交", "镇民政办", "", "", "否", "否"}},
		{"no reply yet", 3, []string{"", "", "", "", "", "否"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.row > 0 && rows[tc.row][0] != receipts[tc.row-1] {
				t.Fatalf("row %d is %s, want %s", tc.row, rows[tc.row][0], receipts[tc.row-1])
			}
			if got := handling(rows[tc.row]); !slices.Equal(got, tc.want) {
				t.Fatalf("handling %q, want %q", got, tc.want)
			}
		})
	}
	// The opinion's own columns come first, as before the handling was added.
	if want := []string{"回执号", "时间", "站点", "类别", "事项", "内容", "满意度", "待核查", "姓名", "电话"}; !slices.Equal(Columns[:len(want)], want) {
		t.Errorf("columns %q", Columns)
	}
}
