package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestDisplayLogDetectsTampering(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	views := func() []UsageView {
		var vs []UsageView
		for i := range 5 {
			vs = append(vs, UsageView{At: t0.Add(time.Duration(i) * time.Minute), Screen: "table",
				Item: "shili/finance-2026", Title: "石岩村2026年财务公开", Dwell: 50 * time.Second, Taps: i})
		}
		return vs
	}
	tests := []struct {
		name   string
		tamper string // SQL run on the log after writing it
		words  string // in the error
	}{
		{"untouched", "", ""},
		{"an entry edited", `UPDATE display_log SET title = '别的表格' WHERE seq = 3`, "entry 3 was changed"},
		{"a time edited", `UPDATE display_log SET until = until + 3600000 WHERE seq = 2`, "entry 2 was changed"},
		{"an entry deleted", `DELETE FROM display_log WHERE seq = 2`, "entry 2 is numbered 3"},
		{"two entries swapped", `UPDATE display_log SET seq = 100 WHERE seq = 2; UPDATE display_log SET seq = 2 WHERE seq = 3; UPDATE display_log SET seq = 3 WHERE seq = 100`, "entry 2 does not follow"},
		{"renumbered after a deletion", `DELETE FROM display_log WHERE seq = 2; UPDATE display_log SET seq = seq - 1 WHERE seq > 2`, "entry 2 does not follow"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openStore(t, "")
			if err := s.RecordViews(ctx, views()[:3]); err != nil {
				t.Fatal(err)
			}
			if err := s.RecordViews(ctx, views()[3:]); err != nil { // a second flush continues the chain
				t.Fatal(err)
			}
			if tt.tamper != "" {
				if _, err := s.wdb.ExecContext(ctx, tt.tamper); err != nil {
					t.Fatal(err)
				}
			}
			n, head, err := s.VerifyDisplayLog(ctx)
			if tt.words == "" {
				if err != nil || n != 5 || len(head) != 64 {
					t.Fatalf("untouched log: %d %q %v", n, head, err)
				}
				got, _ := s.DisplayLog(ctx, t0.Add(90*time.Second), t0.Add(150*time.Second))
				if len(got) != 2 || got[0].Seq != 2 {
					t.Fatalf("entries shown between 9:01:30 and 9:02:30: %+v", got)
				}
				return
			}
			if !errors.Is(err, ErrDisplayLogBroken) || !strings.Contains(err.Error(), tt.words) {
				t.Fatalf("err %v, want one saying %q", err, tt.words)
			}
		})
	}
}
