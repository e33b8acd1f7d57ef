package outbox

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A kiosk whose clock is wrong (a board without a clock battery starts in
// 1970; one set by hand may run years ahead) still sends its residents'
// opinions: the batch is signed, the times are what its clock said, and
// the district counts them (flagged in its summary) rather than losing
// them. Before, each of these refused the whole batch, opinions included,
// which the kiosk had already marked as sent.
func TestCheckKeepsBatchesOfWrongClocks(t *testing.T) {
	tests := []struct {
		name string
		edit func(b *Batch)
	}{
		{"written in 1970", func(b *Batch) { b.Written = time.Unix(0, 0).UTC() }},
		{"an opinion in 1970", func(b *Batch) { b.Opinions[0].At = time.Unix(0, 0).UTC() }},
		{"a view in 1970", func(b *Batch) { b.Views[0].At = time.Unix(12, 0).UTC() }},
		{"an opinion in 2099", func(b *Batch) { b.Opinions[0].At = time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC) }},
		{"written in year 9999", func(b *Batch) { b.Written = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := sample()
			b.Opinions = append([]Opinion(nil), b.Opinions...)
			b.Views = append([]View(nil), b.Views...)
			tc.edit(&b)
			if err := b.Check(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// A site id is any short printable word: ids kiosks were installed with
// before batches were checked (XS_01, 萧山) are kept, so an upgrade never
// stops a kiosk; what could break a line, a path or the order of a text is
// not.
func TestValidSite(t *testing.T) {
	tests := []struct {
		id string
		ok bool
	}{
		{"shili", true}, {"xiaoshan-01", true}, {"XS_01", true}, {"萧山", true}, {"萧山区.2号", true},
		{strings.Repeat("站", 64), true},
		{"", false}, {strings.Repeat("站", 65), false},
		{"a/b", false}, {`a\b`, false}, {".", false}, {"..", false},
		{"a b", false}, {"a\nb", false}, {"a\x00b", false}, {"萧山\u202e10", false}, {"a\u2028b", false},
		{"a\u200bb", false}, {"\xff", false},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			if got := ValidSite(tc.id); got != tc.ok {
				t.Errorf("ValidSite(%q) = %v, want %v", tc.id, got, tc.ok)
			}
		})
	}
}

// A value quoted in a refusal cannot reorder or break the line it is shown
// on, in the office's terminal or its workbook: control, format and line
// separator characters are written as escapes.
func TestRefusalQuotesStayOnTheirLine(t *testing.T) {
	for _, c := range []string{"\n", "\r", "\u202e", "\u2028", "\u2029", "\u200f", "\x00"} {
		t.Run(strings.Trim(strconv.Quote(c), `"`), func(t *testing.T) {
			b := sample()
			b.ID = "0190a000" + c + "伪造"
			var r *Refusal
			if err := b.Check(); !errors.As(err, &r) {
				t.Fatalf("checked as %v", err)
			}
			if strings.Contains(r.Reason, c) {
				t.Errorf("reason holds %q: %q", c, r.Reason)
			}
			if !strings.Contains(r.Reason, "0190a000"+strings.Trim(strconv.Quote(c), `"`)+"伪造") {
				t.Errorf("reason does not show the value escaped: %q", r.Reason)
			}
		})
	}
}
