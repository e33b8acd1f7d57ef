package outbox

import (
	"fmt"
	"unicode/utf8"
)

// Fit is how a kiosk makes a batch of what it stored before it writes it:
// a batch Check accepts, so the district never refuses it whole. What can
// be mended is (a title, a text or a word cut to its limit; an opinion made
// under an earlier site id given the kiosk's site id now); a view that
// still breaks a rule is left out. An opinion is never left out: if the
// batch cannot be mended without doing so (the kiosk's own site id is one
// the district refuses), Fit returns Check's *Refusal, and the caller
// leaves the batch unwritten, its opinions in the kiosk's store. Each
// change is named in a note, in English, for the kiosk's log.
func Fit(b Batch) (Batch, []string, error) {
	var notes []string
	cut := func(s *string, limit int, format string, args ...any) {
		if utf8.RuneCountInString(*s) <= limit {
			return
		}
		n := 0
		for i := range *s {
			if n == limit {
				*s = (*s)[:i]
				break
			}
			n++
		}
		notes = append(notes, fmt.Sprintf(format, args...)+fmt.Sprintf(" cut to %d characters", limit))
	}
	cut(&b.SiteName, MaxWord, "site name")
	b.Opinions = append([]Opinion(nil), b.Opinions...)
	for i := range b.Opinions {
		o := &b.Opinions[i]
		if o.Site != b.Site {
			notes = append(notes, fmt.Sprintf("opinion %d (receipt %s): site %q, recorded before site.id changed, sent as %q", i+1, o.Receipt, o.Site, b.Site))
			o.Site = b.Site
		}
		cut(&o.Category, MaxWord, "opinion %d (receipt %s): category", i+1, o.Receipt)
		cut(&o.Subject, MaxSubject, "opinion %d (receipt %s): subject", i+1, o.Receipt)
		cut(&o.Text, MaxText, "opinion %d (receipt %s): text (the whole text stays in the kiosk's database)", i+1, o.Receipt)
		cut(&o.HeldWord, MaxWord, "opinion %d (receipt %s): hold word", i+1, o.Receipt)
	}
	b.Views = append([]View(nil), b.Views...)
	for i := range b.Views {
		cut(&b.Views[i].Title, MaxTitle, "view %d: title", i+1)
	}
	if b.Check() == nil {
		return b, notes, nil
	}
	// Each view on its own, with the batch's header and no opinion: the
	// same rule the district applies. A header the district refuses is
	// not mended by leaving views out.
	alone := b
	alone.Opinions, alone.Views = nil, nil
	if err := alone.Check(); err != nil {
		return b, notes, err
	}
	views := b.Views[:0:0]
	for i, v := range b.Views {
		alone.Views = []View{v}
		if err := alone.Check(); err != nil {
			notes = append(notes, fmt.Sprintf("view %d dropped: %v", i+1, err))
			continue
		}
		views = append(views, v)
	}
	b.Views = views
	if err := b.Check(); err != nil {
		return b, notes, err
	}
	return b, notes, nil
}
