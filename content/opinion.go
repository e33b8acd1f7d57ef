package content

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
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
	Consent  bool      // the resident agreed that the text (never name or phone) may be shown with a public reply
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

// MaxOpinionSubjectRunes bounds an opinion's subject, which the form fills
// from an affair's or disclosure's title rather than the keyboard.
const MaxOpinionSubjectRunes = 200

// DefaultOpinionMaxLength is the most characters an opinion's text may
// have when the config sets no other.
const DefaultOpinionMaxLength = 300

// maxTypedSubjectRunes is how much of a subject the form lets one type.
const maxTypedSubjectRunes = 40

// OpinionRules decide whether an opinion is accepted. They are the one place
// that does: the opinion screen asks them before it submits, and the
// recorder asks them again before it stores, so a refusal reads the same
// wherever it comes from. Every refusal is an *OpinionError worded for the
// resident.
type OpinionRules struct {
	Categories  []string      // the configured categories: an opinion names one of them
	MaxLength   int           // the most characters of text
	Contacts    bool          // a name and phone may be given (there is an office key to seal them to)
	MinInterval time.Duration // the least time between two submissions at one screen
	HoldWords   []string      // words that mark an opinion for staff review
}

func refuseOpinion(field, msg string) error { return &OpinionError{Field: field, Msg: msg} }

// TrimOpinion is o as the rules judge it and the store keeps it: the typed
// fields without surrounding white space.
func TrimOpinion(o Opinion) Opinion {
	o.Subject = strings.TrimSpace(o.Subject)
	o.Text = strings.TrimSpace(o.Text)
	o.Name = strings.TrimSpace(o.Name)
	o.Phone = strings.TrimSpace(o.Phone)
	return o
}

// CheckOpinion reports the first reason r refuses o (trimmed with
// TrimOpinion), or nil. The interval between submissions is
// CheckOpinionInterval's.
func CheckOpinion(r OpinionRules, o Opinion) error {
	if !slices.Contains(r.Categories, o.Category) {
		return refuseOpinion("category", "请选择意见的类别")
	}
	if o.Rating < RatingNone || o.Rating > RatingHappy {
		return refuseOpinion("rating", "满意度只能选满意、一般或不满意")
	}
	if o.Text == "" && o.Rating == RatingNone {
		return refuseOpinion("text", "请先写几句意见再提交")
	}
	if n := utf8.RuneCountInString(o.Text); n > r.MaxLength {
		return refuseOpinion("text", fmt.Sprintf("内容最多 %d 个字，现在有 %d 个字", r.MaxLength, n))
	}
	if utf8.RuneCountInString(o.Subject) > MaxOpinionSubjectRunes {
		return refuseOpinion("subject", "事项名称太长")
	}
	if o.Name == "" && o.Phone == "" {
		return nil
	}
	if !r.Contacts {
		// The form does not offer the fields then; storing them unsealed
		// is never an option.
		return refuseOpinion("contact", "本机不收集姓名和电话，请清空后再提交")
	}
	if utf8.RuneCountInString(o.Name) > MaxOpinionNameRunes {
		return refuseOpinion("name", fmt.Sprintf("姓名最多 %d 个字", MaxOpinionNameRunes))
	}
	if strings.IndexFunc(o.Name, unicode.IsControl) >= 0 || !utf8.ValidString(o.Name) {
		return refuseOpinion("name", "姓名里有无法识别的字符")
	}
	if o.Phone != "" {
		if strings.IndexFunc(o.Phone, func(c rune) bool { return !isPhoneDigit(c) }) >= 0 {
			return refuseOpinion("phone", "电话号码只能填数字")
		}
		if n := len(o.Phone); n < MinOpinionPhoneDigits {
			return refuseOpinion("phone", "电话号码不完整，请检查")
		} else if n > MaxOpinionPhoneDigits {
			return refuseOpinion("phone", fmt.Sprintf("电话号码应为 %d 到 %d 位数字", MinOpinionPhoneDigits, MaxOpinionPhoneDigits))
		}
	}
	return nil
}

// CheckOpinionInterval refuses a submission at `at` that comes less than
// r.MinInterval after the last one taken at `last` (zero: none yet). A
// clock set back (a kiosk without a clock battery gets the time late) must
// not lock the screen until it catches up, so an `at` before `last` is
// taken.
func CheckOpinionInterval(r OpinionRules, last, at time.Time) error {
	elapsed := at.Sub(last)
	if last.IsZero() || elapsed < 0 || elapsed >= r.MinInterval {
		return nil
	}
	wait := r.MinInterval - elapsed
	return refuseOpinion("interval", fmt.Sprintf("刚刚有人提交过，请%d秒后再提交", int(wait.Seconds()+0.999)))
}

// OpinionHoldWord returns the first of r.HoldWords found in o's text or
// subject, ignoring case; "" for none. An opinion with one is stored for
// staff to look at before it goes further.
func OpinionHoldWord(r OpinionRules, o Opinion) string {
	text, subject := strings.ToLower(o.Text), strings.ToLower(o.Subject)
	for _, w := range r.HoldWords {
		lw := strings.ToLower(w)
		if strings.Contains(text, lw) || strings.Contains(subject, lw) {
			return w
		}
	}
	return ""
}

// OpinionFieldLimit is the most characters the form lets one type into a
// field ("subject", "text", "name", "phone"); 0 for a field it does not
// know. The subject may be longer when the form fills it from a title.
func OpinionFieldLimit(r OpinionRules, field string) int {
	switch field {
	case "subject":
		return maxTypedSubjectRunes
	case "text":
		return r.MaxLength
	case "name":
		return MaxOpinionNameRunes
	case "phone":
		return MaxOpinionPhoneDigits
	}
	return 0
}

// OpinionPhoneDigits keeps only what a phone number may hold, for a form
// that filters what is typed into the phone field.
func OpinionPhoneDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if isPhoneDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isPhoneDigit(r rune) bool { return r >= '0' && r <= '9' }
