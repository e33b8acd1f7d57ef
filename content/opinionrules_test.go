package content

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func refusedField(err error) string {
	var oe *OpinionError
	if errors.As(err, &oe) {
		return oe.Field
	}
	return ""
}

var testRules = OpinionRules{Categories: DefaultOpinionCategories, MaxLength: 300, Contacts: true,
	MinInterval: 30 * time.Second, HoldWords: []string{"红包", "Bribe", "吃喝"}}

func TestCheckOpinion(t *testing.T) {
	ok := Opinion{Category: "意见建议", Text: "路灯坏了", Rating: RatingUnhappy}
	with := func(f func(o *Opinion)) Opinion {
		o := ok
		f(&o)
		return o
	}
	noContacts := testRules
	noContacts.Contacts = false
	for _, tc := range []struct {
		name  string
		rules OpinionRules
		o     Opinion
		field string // "" accepted
		msg   string // what the resident reads, when it matters here
	}{
		{"full", testRules, with(func(o *Opinion) { o.Name, o.Phone, o.Subject = "张三丰", "13812345678", "村道硬化" }), "", ""},
		{"rating only", testRules, Opinion{Category: "表扬", Rating: RatingHappy}, "", ""},
		{"text only", testRules, Opinion{Category: "咨询", Text: "低保怎么申请"}, "", ""},
		{"unknown category", testRules, with(func(o *Opinion) { o.Category = "其他" }), "category", "请选择意见的类别"},
		{"nothing said", testRules, Opinion{Category: "表扬"}, "text", "请先写几句意见再提交"},
		{"max length", testRules, with(func(o *Opinion) { o.Text = strings.Repeat("字", 300) }), "", ""},
		{"too long", testRules, with(func(o *Opinion) { o.Text = strings.Repeat("字", 301) }), "text", "内容最多 300 个字，现在有 301 个字"},
		{"rating too high", testRules, with(func(o *Opinion) { o.Rating = 4 }), "rating", ""},
		{"rating negative", testRules, with(func(o *Opinion) { o.Rating = -1 }), "rating", ""},
		{"subject longest", testRules, with(func(o *Opinion) { o.Subject = strings.Repeat("事", MaxOpinionSubjectRunes) }), "", ""},
		{"subject too long", testRules, with(func(o *Opinion) { o.Subject = strings.Repeat("事", MaxOpinionSubjectRunes+1) }), "subject", ""},
		{"contact where none is collected", noContacts, with(func(o *Opinion) { o.Phone = "13812345678" }), "contact", ""},
		{"anonymous where none is collected", noContacts, ok, "", ""},
		{"phone with letters", testRules, with(func(o *Opinion) { o.Phone = "138abc45678" }), "phone", "电话号码只能填数字"},
		{"phone full-width", testRules, with(func(o *Opinion) { o.Phone = "１３８１２３４５６７８" }), "phone", ""},
		{"phone too short", testRules, with(func(o *Opinion) { o.Phone = "1234" }), "phone", "电话号码不完整，请检查"},
		{"phone shortest", testRules, with(func(o *Opinion) { o.Phone = "12345" }), "", ""},
		{"phone longest", testRules, with(func(o *Opinion) { o.Phone = strings.Repeat("9", MaxOpinionPhoneDigits) }), "", ""},
		{"phone too long", testRules, with(func(o *Opinion) { o.Phone = strings.Repeat("9", MaxOpinionPhoneDigits+1) }), "phone", "电话号码应为 5 到 20 位数字"},
		{"name longest", testRules, with(func(o *Opinion) { o.Name = strings.Repeat("名", MaxOpinionNameRunes) }), "", ""},
		{"name too long", testRules, with(func(o *Opinion) { o.Name = strings.Repeat("名", MaxOpinionNameRunes+1) }), "name", ""},
		{"name with control", testRules, with(func(o *Opinion) { o.Name = "张\x00三" }), "name", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckOpinion(tc.rules, tc.o)
			if got := refusedField(err); got != tc.field || (tc.field == "" && err != nil) {
				t.Fatalf("err = %v (field %q), want field %q", err, got, tc.field)
			}
			if err == nil {
				return
			}
			// The form shows the message as it is: it must be Chinese.
			if msg := err.Error(); msg == "" || msg[0] < 0x80 {
				t.Errorf("message %q is not for a resident", msg)
			}
			if tc.msg != "" && err.Error() != tc.msg {
				t.Errorf("message %q, want %q", err.Error(), tc.msg)
			}
		})
	}
}

func TestTrimOpinion(t *testing.T) {
	got := TrimOpinion(Opinion{Category: " 表扬 ", Subject: " 路灯\n", Text: "  \n ", Name: " 张三 ", Phone: " 12345 "})
	want := Opinion{Category: " 表扬 ", Subject: "路灯", Name: "张三", Phone: "12345"}
	if got != want {
		t.Fatalf("TrimOpinion = %+v, want %+v", got, want)
	}
	got.Category = "表扬"
	if err := CheckOpinion(testRules, got); refusedField(err) != "text" {
		t.Fatalf("only spaces: %v, want a refusal of the text", err)
	}
}

func TestCheckOpinionInterval(t *testing.T) {
	t0 := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		last, at time.Time
		msg      string // "" taken
	}{
		{"first", time.Time{}, t0, ""},
		{"ten seconds later", t0, t0.Add(10 * time.Second), "刚刚有人提交过，请20秒后再提交"},
		{"half a second short", t0, t0.Add(29*time.Second + 500*time.Millisecond), "刚刚有人提交过，请1秒后再提交"},
		{"thirty seconds later", t0, t0.Add(30 * time.Second), ""},
		{"clock set back an hour", t0, t0.Add(-time.Hour), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckOpinionInterval(testRules, tc.last, tc.at)
			if tc.msg == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if refusedField(err) != "interval" || err.Error() != tc.msg {
				t.Fatalf("err = %v, want %q", err, tc.msg)
			}
		})
	}
}

func TestOpinionHoldWord(t *testing.T) {
	for _, tc := range []struct {
		name, subject, text, word string
	}{
		{"none", "", "路灯坏了", ""},
		{"in text", "", "听说有人收红包", "红包"},
		{"other case", "", "he took a BRIBE", "Bribe"},
		{"in subject", "村干部吃喝问题", "请核实", "吃喝"},
		{"first listed wins", "", "吃喝和红包", "红包"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := OpinionHoldWord(testRules, Opinion{Subject: tc.subject, Text: tc.text}); got != tc.word {
				t.Fatalf("OpinionHoldWord = %q, want %q", got, tc.word)
			}
		})
	}
}

// What the form lets one type is what the rules take.
func TestOpinionFieldLimitAndPhoneDigits(t *testing.T) {
	for field, want := range map[string]int{"text": 300, "name": MaxOpinionNameRunes, "phone": MaxOpinionPhoneDigits, "subject": maxTypedSubjectRunes, "rating": 0} {
		if got := OpinionFieldLimit(testRules, field); got != want {
			t.Errorf("OpinionFieldLimit(%q) = %d, want %d", field, got, want)
		}
	}
	if maxTypedSubjectRunes > MaxOpinionSubjectRunes {
		t.Error("the form lets one type a subject the rules refuse")
	}
	typed := OpinionPhoneDigits("138-1234 abc５5678")
	if typed != "13812345678" {
		t.Fatalf("OpinionPhoneDigits = %q", typed)
	}
	if err := CheckOpinion(testRules, Opinion{Category: "咨询", Text: "问", Phone: typed}); err != nil {
		t.Fatalf("what the phone field keeps is refused: %v", err)
	}
}
