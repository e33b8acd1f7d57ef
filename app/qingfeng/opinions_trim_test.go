package main

import (
	"context"
	"testing"
	"time"

	"qingfeng/content"
)

// The recorder trims what it is given before it checks it (the form trims
// too, but the recorder trusts no caller): an opinion of only spaces is
// refused, and what is stored has no surrounding space.
func TestOpinionRecorderTrimsBeforeChecking(t *testing.T) {
	k := newOpinionKiosk(t, true, "  min_interval: 0s\n")
	st := k.openStore(t)
	rec := newOpinionRecorder(st, &k.cfg, nil)
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		o     content.Opinion
		field string
	}{
		{"only spaces", content.Opinion{Category: "表扬", Text: "  \n 　"}, "text"},
		{"no category", content.Opinion{Text: "路灯坏了"}, "category"},
		{"phone with dashes", content.Opinion{Category: "意见建议", Text: "路灯坏了", Phone: "138-1234-5678"}, "phone"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := rec.RecordOpinion(ctx, tc.o)
			if got := opinionField(err); got != tc.field {
				t.Fatalf("err = %v (field %q), want a refusal of %q", err, got, tc.field)
			}
		})
	}
	if _, err := rec.RecordOpinion(ctx, content.Opinion{Category: "意见建议", Text: "  路灯坏了\n"}); err != nil {
		t.Fatal(err)
	}
	ops, err := st.Opinions(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ops) != 1 || ops[0].Text != "路灯坏了" {
		t.Fatalf("stored %+v, want one opinion with its text trimmed", ops)
	}
}
