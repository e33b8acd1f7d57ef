package content

import (
	"errors"
	"testing"
)

func TestMaskPhone(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"13812345678", "138****5678"},
		{"075512345678", "075*****5678"},
		{"12345678", "12****78"},
		{"0571123456", "05******56"},
		{"1234567", "1*****7"},
		{"12345", "1***5"},
		{"1234", "****"},
		{"1", "*"},
		{"", ""},
		{" 13812345678 ", "138****5678"},
		{"12345678901234567890", "123*************7890"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := MaskPhone(tc.in); got != tc.want {
				t.Errorf("MaskPhone(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestMaskName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"张三丰", "张**"},
		{"张三", "张*"},
		{"欧阳娜娜", "欧***"},
		{"张", "*"},
		{"", ""},
		{"  李四 ", "李*"},
		{"Tom", "T**"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := MaskName(tc.in); got != tc.want {
				t.Errorf("MaskName(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestRatingWord(t *testing.T) {
	for _, tc := range []struct {
		r    int
		want string
	}{
		{RatingNone, ""}, {RatingUnhappy, "不满意"}, {RatingSoSo, "一般"}, {RatingHappy, "满意"}, {7, ""},
	} {
		if got := RatingWord(tc.r); got != tc.want {
			t.Errorf("RatingWord(%d) = %q, want %q", tc.r, got, tc.want)
		}
	}
}

func TestOpinionErrorAs(t *testing.T) {
	var err error = &OpinionError{Field: "phone", Msg: "电话号码只能是数字"}
	wrapped := errors.Join(errors.New("context"), err)
	var oe *OpinionError
	if !errors.As(wrapped, &oe) || oe.Field != "phone" || oe.Error() != "电话号码只能是数字" {
		t.Fatalf("errors.As = %v, %+v", errors.As(wrapped, &oe), oe)
	}
}

func TestNormalizeReceipt(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"ABCD-EF23", "ABCD-EF23", true},
		{"abcdef23", "ABCD-EF23", true},
		{" abcd ef23 ", "ABCD-EF23", true},
		{"ABCD-EF2", "", false},   // too short
		{"ABCD-EF234", "", false}, // too long
		{"ABCD-EF2O", "", false},  // O is not in the alphabet
		{"ABCD-EF21", "", false},  // nor 1
		{"ABCD-EF2Ｚ", "", false},  // a full-width letter
		{"", "", false},
	} {
		got, ok := NormalizeReceipt(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("NormalizeReceipt(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	for _, s := range ReplyStatuses {
		if !s.Valid() {
			t.Errorf("%s is not valid", s)
		}
	}
	if ReplyStatus("已处理").Valid() || !StatusClosed.Answered() || StatusForwarded.Answered() {
		t.Error("status rules")
	}
}
