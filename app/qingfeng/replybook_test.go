package main

import (
	"context"
	"testing"
	"time"

	"qingfeng/content"
	"qingfeng/content/contenttest"
)

// A package of replies taken by `qingfeng import` is what the kiosk's
// reply book answers from: the office's reply to a receipt from any
// kiosk, a receipt of this kiosk's own not answered yet, the board and
// Home's count.
func TestReplyBookAnswersFromImportedReplies(t *testing.T) {
	k := newOpinionKiosk(t, false, "  min_interval: 0s\n")
	pkg := contenttest.Dir(t, `
-- package.yaml --
id: replies-district
title: 答复
version: 29600000
-- replies.csv --
回执号,办理状态,类别,收到日期,转交日期,承办单位,答复日期,答复内容,是否公开,意见内容
K7M2-Q9XP,已答复,意见建议,2026-11-03,2026-11-04,镇交通办,2026-11-10,路灯已经修好。,是,路灯坏了两个月
ABCD-EFGH,已转交,咨询,2026-11-05,2026-11-06,镇民政办,,,否,
`)
	if code, out := runCmd(t, "import", "--config", k.cfgPath, "--data", k.data, pkg); code != 0 {
		t.Fatalf("import: exit %d\n%s", code, out)
	}
	st := k.openStore(t)
	ctx := context.Background()
	own, err := newOpinionRecorder(st, &k.cfg, nil).RecordOpinion(ctx, content.Opinion{Category: "咨询", Text: "低保怎么申请"})
	if err != nil {
		t.Fatal(err)
	}
	book := replyBook{st: st}

	tests := []struct {
		receipt             string
		found, local        bool
		status, text, words string
	}{
		{"K7M2-Q9XP", true, false, "已答复", "路灯已经修好。", "路灯坏了两个月"},
		{"ABCD-EFGH", true, false, "已转交", "", ""},
		{own, false, true, "", "", ""},
		{"WXYZ-2345", false, false, "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.receipt, func(t *testing.T) {
			got, err := book.LookupReply(ctx, tc.receipt)
			if err != nil {
				t.Fatal(err)
			}
			if got.Found != tc.found || got.Local != tc.local || got.Sent || string(got.Reply.Status) != tc.status ||
				got.Reply.Text != tc.text || got.Reply.Opinion != tc.words {
				t.Fatalf("LookupReply = %+v", got)
			}
		})
	}
	board, err := book.PublicReplies(ctx, "")
	if err != nil || len(board) != 1 || board[0].Receipt != "K7M2-Q9XP" || board[0].Unit != "镇交通办" {
		t.Fatalf("PublicReplies = %+v, %v", board, err)
	}
	month := time.Date(2026, 11, 1, 0, 0, 0, 0, k.cfg.location)
	if n, err := book.AnsweredSince(ctx, month); err != nil || n != 1 {
		t.Fatalf("AnsweredSince(%v) = %d, %v; want 1", month, n, err)
	}
	if n, err := book.AnsweredSince(ctx, month.AddDate(0, 1, 0)); err != nil || n != 0 {
		t.Fatalf("AnsweredSince next month = %d, %v; want 0", n, err)
	}
}
