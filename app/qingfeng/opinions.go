package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"
	"unicode/utf8"

	"qingfeng/content"
	"qingfeng/content/seal"
	"qingfeng/content/store"
)

// opinionStore is what the recorder needs of the store.
type opinionStore interface {
	RecordOpinion(ctx context.Context, o store.StoredOpinion) (receipt string, err error)
}

// opinionRecorder is where the opinion screen's submissions go (the
// kiosk's OpinionRecorder). It asks content.CheckOpinion whether the
// opinion is acceptable and content.OpinionHoldWord whether staff look at
// it first, seals the resident's name and phone to the office key, and
// stores it. Refusals are *content.OpinionError, worded for the resident.
type opinionRecorder struct {
	st    opinionStore
	rules content.OpinionRules
	pub   *seal.Public // nil: contacts are not collected
	site  string
	now   func() time.Time
	log   *slog.Logger

	mu   sync.Mutex // one submission at a time, so the interval holds
	last time.Time  // when this screen last stored an opinion
}

func newOpinionRecorder(st opinionStore, cfg *Config, log *slog.Logger) *opinionRecorder {
	r := &opinionRecorder{st: st, rules: cfg.Opinions.rules(), pub: cfg.Opinions.PublicKey,
		site: cfg.Site.ID, now: time.Now, log: log}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	return r
}

// rules are the opinion rules this config sets.
func (o OpinionsConfig) rules() content.OpinionRules {
	return content.OpinionRules{Categories: o.Categories, MaxLength: o.MaxLength, Contacts: o.CollectsContact(),
		MinInterval: o.MinInterval, HoldWords: o.HoldWords}
}

// RecordOpinion checks, seals and stores o, and returns the receipt to
// show the resident. It returns only once the opinion is on disk.
func (r *opinionRecorder) RecordOpinion(ctx context.Context, o content.Opinion) (string, error) {
	o = content.TrimOpinion(o)
	if err := content.CheckOpinion(r.rules, o); err != nil {
		return "", err
	}
	so := store.StoredOpinion{
		Category: o.Category, Subject: o.Subject, Text: o.Text, Rating: o.Rating,
		Site: o.Site, At: o.At, Consent: o.Consent,
	}
	if so.Site == "" {
		so.Site = r.site
	}
	so.HeldWord = content.OpinionHoldWord(r.rules, o)
	so.Held = so.HeldWord != ""
	if o.Name != "" || o.Phone != "" {
		sealed, err := seal.SealContact(*r.pub, seal.Contact{Name: o.Name, Phone: o.Phone})
		if err != nil {
			return "", err
		}
		so.Contact = sealed
	}

	r.mu.Lock()
	defer r.mu.Unlock()
	// The interval is measured between submission times: the screen stamps
	// o.At from the same clock it keeps its own interval with, so the two
	// checks agree to the instant.
	if so.At.IsZero() {
		so.At = r.now()
	}
	if err := content.CheckOpinionInterval(r.rules, r.last, so.At); err != nil {
		return "", err
	}
	receipt, err := r.st.RecordOpinion(ctx, so)
	if err != nil {
		return "", fmt.Errorf("opinion not stored: %w", err)
	}
	r.last = so.At
	// No text and no contact in the log: the log is not sealed.
	r.log.Info("opinion recorded", "receipt", receipt, "category", so.Category, "rating", so.Rating,
		"chars", utf8.RuneCountInString(so.Text), "contact", so.Contact != nil, "held", so.Held)
	return receipt, nil
}
