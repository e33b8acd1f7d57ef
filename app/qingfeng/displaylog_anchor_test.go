package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"qingfeng/content/store"
)

// anchoredLog is a data folder whose display log holds ten entries, and
// the hash of the fourth.
func anchoredLog(tb testing.TB) (data, anchor string) {
	tb.Helper()
	data = tb.TempDir()
	recordLog(tb, data, time.Date(2026, 11, 1, 1, 0, 0, 0, time.UTC), 10)
	st, err := store.OpenReadOnly(context.Background(), data)
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	all, err := st.DisplayLog(context.Background(), time.Time{}, time.Time{})
	if err != nil || len(all) != 10 {
		tb.Fatal(len(all), err)
	}
	return data, all[3].Hash
}

// recordLog appends n entries, a minute apart from t0, to data's display
// log.
func recordLog(tb testing.TB, data string, t0 time.Time, n int) {
	tb.Helper()
	st, err := store.Open(context.Background(), data)
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	var vs []store.UsageView
	for i := range n {
		vs = append(vs, store.UsageView{At: t0.Add(time.Duration(i) * time.Minute), Screen: "table", Item: "shili/fin", Title: "石岩村财务公开", Dwell: 50 * time.Second})
	}
	if err := st.RecordViews(context.Background(), vs); err != nil {
		tb.Fatal(err)
	}
}

func execSQL(tb testing.TB, data, q string) {
	tb.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(data, store.DBFile))
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(q); err != nil {
		tb.Fatal(err)
	}
}

func TestDisplayLogVerifyAnchor(t *testing.T) {
	tests := []struct {
		name   string
		change func(tb testing.TB, data string)
		code   int
		words  []string
	}{
		{"intact", nil, 0, []string{"核对通过", "第 4 条，2026-11-01 09:03:00 显示", "它后面还有 6 条", "共 10 条"}},
		{"grown since", func(tb testing.TB, data string) {
			recordLog(tb, data, time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC), 5)
		}, 0, []string{"核对通过", "它后面还有 11 条"}},
		{"rewound", func(tb testing.TB, data string) { execSQL(tb, data, `DELETE FROM display_log WHERE seq > 3`) },
			1, []string{"核对不通过", "没有校验值为", "共 3 条", "倒回"}},
		{"reset", func(tb testing.TB, data string) {
			execSQL(tb, data, `DELETE FROM display_log`)
			recordLog(tb, data, time.Date(2026, 11, 5, 1, 0, 0, 0, time.UTC), 12)
		}, 1, []string{"核对不通过", "没有校验值为", "共 12 条", "重置"}},
		{"an entry after it edited", func(tb testing.TB, data string) {
			execSQL(tb, data, `UPDATE display_log SET title = '别的表格' WHERE seq = 7`)
		}, 1, []string{"核对不通过", "那一条还在（第 4 条", "第 7 条写入以后被改过"}},
		{"an entry before it deleted", func(tb testing.TB, data string) {
			execSQL(tb, data, `DELETE FROM display_log WHERE seq = 2`)
		}, 1, []string{"核对不通过", "之前就断了", "第 2 条不见了", "前 1 条完好"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, anchor := anchoredLog(t)
			if tt.change != nil {
				tt.change(t, data)
			}
			code, out := runCmd(t, "displaylog", "verify", "--data", data, "--anchor", strings.ToUpper(anchor))
			t.Log(out)
			if code != tt.code {
				t.Errorf("exit %d, want %d\n%s", code, tt.code, out)
			}
			for _, w := range tt.words {
				if !strings.Contains(out, w) {
					t.Errorf("no %q in\n%s", w, out)
				}
			}
		})
	}
	data, _ := anchoredLog(t)
	if code, out := runCmd(t, "displaylog", "verify", "--data", data, "--anchor", "abc"); code != 2 || !strings.Contains(out, "64 位十六进制") {
		t.Errorf("a short anchor: exit %d\n%s", code, out)
	}
}
