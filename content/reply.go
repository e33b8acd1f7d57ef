package content

import (
	"strings"
	"time"
)

// ReceiptAlphabet is what a receipt is written in: no 0/O or 1/I/L, so a
// receipt read aloud over the phone, copied from the screen by hand or
// typed on the kiosk's keypad cannot be misread.
const ReceiptAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// ReceiptLen is the number of characters of a receipt, without its dash:
// 31⁸ ≈ 8.5·10¹¹ receipts, so one cannot be guessed from another.
const ReceiptLen = 8

// NormalizeReceipt returns s as a receipt is written, "XXXX-XXXX": upper
// case, spaces and dashes dropped and the dash put back after the fourth
// character; ok is false unless s holds exactly ReceiptLen characters of
// ReceiptAlphabet.
func NormalizeReceipt(s string) (receipt string, ok bool) {
	var b strings.Builder
	n := 0
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			continue
		case r > 127 || !strings.ContainsRune(ReceiptAlphabet, r) || n == ReceiptLen:
			return "", false
		}
		if n == ReceiptLen/2 {
			b.WriteByte('-')
		}
		b.WriteRune(r)
		n++
	}
	if n != ReceiptLen {
		return "", false
	}
	return b.String(), true
}

// ReplyStatus is where an opinion is in the office's handling, as the
// office writes it in the district workbook's 办理状态 column and as a
// resident reads it on the kiosk's timeline.
type ReplyStatus string

const (
	StatusReceived  ReplyStatus = "已收到" // the office has it
	StatusForwarded ReplyStatus = "已转交" // handed to a unit (承办单位)
	StatusReplied   ReplyStatus = "已答复" // the office has answered
	StatusClosed    ReplyStatus = "已办结" // answered and closed
)

// ReplyStatuses are the statuses in the order an opinion goes through them.
var ReplyStatuses = []ReplyStatus{StatusReceived, StatusForwarded, StatusReplied, StatusClosed}

// Answered reports whether the status carries an answer a resident can
// read.
func (s ReplyStatus) Answered() bool { return s == StatusReplied || s == StatusClosed }

// Valid reports whether s is one of ReplyStatuses.
func (s ReplyStatus) Valid() bool {
	for _, v := range ReplyStatuses {
		if s == v {
			return true
		}
	}
	return false
}

// DefaultReplyOverdueDays is how long the office may take to answer an
// opinion before it is flagged overdue, unless the district configures
// otherwise.
const DefaultReplyOverdueDays = 15

// Bounds on what a reply carries, checked by the office when it imports
// the workbook and by the kiosk when it reads a reply package.
const (
	MaxReplyTextRunes = 2000
	MaxReplyUnitRunes = 60
)

// Reply is what the office says about one opinion, as it travels to the
// kiosks in a package of replies. It never carries a name, a phone number
// or anything sealed.
type Reply struct {
	Receipt   string      // "XXXX-XXXX"
	Status    ReplyStatus // where the opinion is
	Category  string      // the opinion's category, for the public board
	Received  time.Time   // when the office received it (a date)
	Forwarded time.Time   // when it went to Unit; zero if it did not
	Unit      string      // 承办单位, "" if none
	Replied   time.Time   // when the office answered; zero if it has not
	Text      string      // 答复内容, "" until answered
	Public    bool        // 是否公开: shown on the kiosk's board of answers
	// Opinion is the resident's own text, present only when the resident
	// agreed to its publication (Opinion.Consent) and the reply is public.
	Opinion string
}
