package outbox

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// What a kiosk stored can be more than the district takes: a title longer
// than MaxTitle (package titles are not bounded), a text longer than
// MaxText (opinions.max_length was not bounded), a category or site name
// from the config, an opinion recorded under an earlier site id, a view
// with an absurd stay. Fit makes of it a batch Check accepts, keeping every
// opinion; before, such a batch was written as it was, refused whole at the
// district, and its opinions were lost.
func TestFitKeepsEveryOpinion(t *testing.T) {
	long := func(n int) string { return strings.Repeat("长", n) }
	tests := []struct {
		name    string
		edit    func(b *Batch)
		views   int    // views left
		changed string // in a note
	}{
		{"a long title", func(b *Batch) { b.Views[0].Title = long(MaxTitle + 50) }, 2, "title"},
		{"a long text", func(b *Batch) { b.Opinions[0].Text = long(MaxText + 1) }, 2, "text"},
		{"a long subject", func(b *Batch) { b.Opinions[0].Subject = long(MaxSubject + 1) }, 2, "subject"},
		{"a long category", func(b *Batch) { b.Opinions[0].Category = long(MaxWord + 1) }, 2, "category"},
		{"a long hold word", func(b *Batch) { b.Opinions[0].HeldWord = long(MaxWord + 1) }, 2, "hold word"},
		{"a long site name", func(b *Batch) { b.SiteName = long(MaxWord + 1) }, 2, "site name"},
		{"an opinion of the earlier site id", func(b *Batch) { b.Opinions[0].Site = "XS_01" }, 2, "site"},
		{"a stay of 500 days", func(b *Batch) { b.Views[1].DwellMS = (500 * 24 * time.Hour).Milliseconds() }, 1, "view 2 dropped"},
		{"negative taps", func(b *Batch) { b.Views[0].Taps = -1 }, 1, "view 1 dropped"},
		{"a screen name no kiosk has", func(b *Batch) { b.Views[1].Screen = "Story\n" }, 1, "view 2 dropped"},
		{"a long item", func(b *Batch) { b.Views[0].Item = long(MaxTitle + 1) }, 1, "view 1 dropped"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := sample()
			b.Opinions = append([]Opinion(nil), b.Opinions...)
			b.Views = append(append([]View(nil), b.Views...), b.Views[0])
			b.Views[1].UID = "0190a000-0000-7000-8000-000000000004"
			tc.edit(&b)
			if b.Check() == nil {
				t.Fatal("the batch passes as it is: the case shows nothing")
			}
			fit, notes, err := Fit(b)
			if err != nil {
				t.Fatal(err)
			}
			if err := fit.Check(); err != nil {
				t.Fatalf("fitted batch refused: %v", err)
			}
			if len(fit.Opinions) != len(b.Opinions) || fit.Opinions[0].UID != b.Opinions[0].UID {
				t.Errorf("opinions %d of %d", len(fit.Opinions), len(b.Opinions))
			}
			if len(fit.Views) != tc.views {
				t.Errorf("%d views kept, want %d", len(fit.Views), tc.views)
			}
			if !strings.Contains(strings.Join(notes, "\n"), tc.changed) {
				t.Errorf("notes %q, want one about %q", notes, tc.changed)
			}
			for _, v := range fit.Views {
				if n := utf8.RuneCountInString(v.Title); n > MaxTitle {
					t.Errorf("a title of %d characters", n)
				}
			}
		})
	}
}

// A batch Fit cannot mend (the kiosk's own site id is one the district
// refuses) is not made: the caller leaves it unwritten, its opinions kept.
func TestFitRefusesWhatItCannotMend(t *testing.T) {
	b := sample()
	b.Site = "a/b"
	b.Opinions = append([]Opinion(nil), b.Opinions...)
	b.Opinions[0].Site = "a/b"
	var r *Refusal
	if _, _, err := Fit(b); !errors.As(err, &r) || !strings.Contains(r.Reason, "站点编号") {
		t.Fatalf("fitted as %v", err)
	}
}
