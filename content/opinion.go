package content

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Opinion is what a resident leaves on the kiosk's opinion screen. Name and
// Phone exist only in memory: before an opinion is stored they are sealed
// to the office's public key, so the kiosk itself can never read them back.
type Opinion struct {
	Category string    // one of the configured categories (DefaultOpinionCategories)
	Subject  string    // optional: which village affair or disclosure it is about
	Text     string    // may be empty for a rating-only opinion
	Rating   int       // RatingNone, RatingUnhappy, RatingSoSo or RatingHappy
	Name     string    // optional, plaintext only in memory: sealed before storage
	Phone    string    // optional, digits only, same
	Site     string    // the kiosk's site id
	At       time.Time // when it was submitted; zero means now
}

// Ratings a resident can give. Zero means none was given, so a form that
// leaves the rating alone needs no special value.
const (
	RatingNone    = 0
	RatingUnhappy = 1 // 不满意
	RatingSoSo    = 2 // 一般
	RatingHappy   = 3 // 满意
)

// RatingWord is how a rating is written for staff and residents; "" for
// none or an unknown value.
func RatingWord(r int) string {
	switch r {
	case RatingUnhappy:
		return "不满意"
	case RatingSoSo:
		return "一般"
	case RatingHappy:
		return "满意"
	}
	return ""
}

// Bounds of the contact fields, for the form and the recorder alike. A
// phone number is digits only: a mobile, a landline with its area code, or
// a short village extension.
const (
	MaxOpinionNameRunes   = 20
	MinOpinionPhoneDigits = 5
	MaxOpinionPhoneDigits = 20
)

// DefaultOpinionCategories are offered when the config names none.
var DefaultOpinionCategories = []string{"意见建议", "投诉举报线索", "表扬", "咨询"}

// OpinionError is why an opinion was refused. Msg is written for the
// resident at the screen (Chinese), so a form can show it as it is; Field
// names the input it concerns so the form can point at it: "category",
// "subject", "text", "rating", "name", "phone", "contact" (a name or phone
// given where none may be collected) or "interval" (submitted too soon
// after the previous one).
type OpinionError struct {
	Field string
	Msg   string
}

func (e *OpinionError) Error() string { return e.Msg }

// MaskPhone hides the middle of a phone number so a receipt or a staff
// screen can show which number was left without showing the number:
// "13812345678" → "138****5678" (the usual Chinese mobile mask). Shorter
// numbers keep fewer digits, since each visible one narrows them down more:
// 8–10 digits keep two at each end, 5–7 one, and 4 or fewer none.
func MaskPhone(p string) string {
	r := []rune(strings.TrimSpace(p))
	n := len(r)
	head, tail := 3, 4
	switch {
	case n <= 4:
		head, tail = 0, 0
	case n < 8:
		head, tail = 1, 1
	case n < 11:
		head, tail = 2, 2
	}
	return string(r[:head]) + strings.Repeat("*", n-head-tail) + string(r[n-tail:])
}

// MaskName keeps the first character (for most Chinese names, the surname)
// and stars the rest: "张三丰" → "张**". A one-character name is starred
// whole, since its first character is all of it.
func MaskName(n string) string {
	n = strings.TrimSpace(n)
	count := utf8.RuneCountInString(n)
	switch count {
	case 0:
		return ""
	case 1:
		return "*"
	}
	first, _ := utf8.DecodeRuneInString(n)
	return string(first) + strings.Repeat("*", count-1)
}
