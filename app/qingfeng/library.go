package main

import (
	"context"
	"time"

	"qingfeng/content/store"
	"qingfeng/kiosk"
)

// library adapts the store to the small interfaces the kiosk shell reads
// through, turning media digests into file paths on the way.
type library struct{ st *store.Store }

func (l library) card(it store.StoryItem) kiosk.StoryCard {
	return kiosk.StoryCard{PkgID: it.PackageID, ID: it.ID, Title: it.Title, Category: it.Category, Summary: it.Summary,
		Featured: it.Featured, Thumb: l.st.MediaPath(it.CoverThumbSHA), Cover: l.st.MediaPath(it.CoverSHA)}
}

func (l library) Stories(ctx context.Context, now time.Time, category string) ([]kiosk.StoryCard, error) {
	items, err := l.st.Stories(ctx, now, category)
	cards := make([]kiosk.StoryCard, len(items))
	for i, it := range items {
		cards[i] = l.card(it)
	}
	return cards, err
}

func (l library) Story(ctx context.Context, now time.Time, pkgID, id string) (kiosk.StoryPage, bool, error) {
	s, ok, err := l.st.Story(ctx, now, pkgID, id)
	if err != nil || !ok {
		return kiosk.StoryPage{}, ok, err
	}
	p := kiosk.StoryPage{StoryCard: l.card(s.StoryItem), Body: s.Body, URL: s.URL, Images: map[string]string{}}
	for _, path := range s.Images {
		if m, ok, err := l.st.Media(ctx, pkgID, path); err == nil && ok {
			p.Images[path] = l.st.MediaPath(m.SHA256)
		}
	}
	if s.Audio != "" {
		if m, ok, err := l.st.Media(ctx, pkgID, s.Audio); err == nil && ok {
			p.Audio = l.st.MediaPath(m.SHA256)
		}
	}
	return p, true, nil
}

func discCard(d store.DisclosureItem) kiosk.DisclosureCard {
	return kiosk.DisclosureCard{PkgID: d.PackageID, ID: d.ID, Title: d.Title, Category: d.Category, Period: d.Period,
		Unit: d.Unit, Window: d.Window, Rows: d.RowCount}
}

func (l library) Disclosures(ctx context.Context, now time.Time, category string) ([]kiosk.DisclosureCard, error) {
	items, err := l.st.Disclosures(ctx, now, category)
	cards := make([]kiosk.DisclosureCard, len(items))
	for i, d := range items {
		cards[i] = discCard(d)
	}
	return cards, err
}

func (l library) Disclosure(ctx context.Context, now time.Time, pkgID, id string) (kiosk.Table, bool, error) {
	d, ok, err := l.st.Disclosure(ctx, now, pkgID, id)
	if err != nil || !ok {
		return kiosk.Table{}, ok, err
	}
	return kiosk.Table{DisclosureCard: discCard(d.DisclosureItem), Header: d.Header, AmountColumns: d.AmountColumns, Rows: d.Rows}, true, nil
}

func (l library) Search(ctx context.Context, q string, now time.Time) ([]kiosk.Hit, error) {
	hits, err := l.st.Search(ctx, q, now, store.DefaultSearchLimit)
	out := make([]kiosk.Hit, len(hits))
	for i, h := range hits {
		out[i] = kiosk.Hit{Story: h.Kind == store.HitStory, PkgID: h.PackageID, ItemID: h.ItemID, Row: h.Row, Title: h.Title, Snippet: h.Snippet}
	}
	return out, err
}
