package outbox

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/google/uuid"

	"qingfeng/content/durable"
	"qingfeng/content/store"
)

// Queue is what the writer needs of the kiosk's store (content/store):
// what has not been sent, put into batches, and which batch files are
// written.
type Queue interface {
	SealOutboxBatch(ctx context.Context, id string) (int, error)
	UnwrittenBatches(ctx context.Context) ([]string, error)
	BatchOpinions(ctx context.Context, id string) ([]store.StoredOpinion, error)
	BatchViews(ctx context.Context, id string) ([]store.UsageView, error)
	MarkBatchWritten(ctx context.Context, id string) error
}

// Writer puts a kiosk's opinions and usage views into batch files in its
// outbox folder.
type Writer struct {
	Dir      string // the outbox folder
	KeyDir   string // the kiosk's data folder, where its signing key is (LoadOrCreateKey)
	Site     string // config site.id
	SiteName string
	Log      *slog.Logger     // nil: no log
	Now      func() time.Time // nil: time.Now
}

// Write puts the opinions and usage views not yet sent into a new batch
// and writes every batch whose file is not written yet into the outbox
// folder, each file once, atomically, as the district takes it (Fit). It
// returns how many files it wrote; a batch the district would refuse whole
// is not written, and an error says so once the others are.
func (w *Writer) Write(ctx context.Context, q Queue) (int, error) {
	log := w.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	now := w.Now
	if now == nil {
		now = time.Now
	}
	dir := w.Dir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("outbox: %w", err)
	}
	// Syncthing must not carry the temporary files batches are written
	// through; a .stignore of the office's own is left alone.
	ign := filepath.Join(dir, ".stignore")
	if _, err := os.Stat(ign); errors.Is(err, fs.ErrNotExist) {
		if err := durable.WriteFile(ign, []byte(StIgnore), 0o600); err != nil {
			return 0, fmt.Errorf("outbox: %w", err)
		}
	}
	// The key exists before the first batch: every batch is signed.
	key, created, err := LoadOrCreateKey(w.KeyDir)
	if err != nil {
		return 0, err
	}
	if created {
		log.Info("kiosk key made: batches are signed with it", "file", filepath.Join(w.KeyDir, KeyFile), "key", key.Public().String())
	}
	id, err := uuid.NewV7()
	if err != nil {
		return 0, fmt.Errorf("outbox: %w", err)
	}
	if _, err := q.SealOutboxBatch(ctx, id.String()); err != nil {
		return 0, err
	}
	batches, err := q.UnwrittenBatches(ctx)
	if err != nil {
		return 0, err
	}
	written := 0
	var failed error // a batch left unwritten: the others still go
	for _, b := range batches {
		name := filepath.Join(dir, FileName(b))
		// A file already there was written before a stop that came
		// between writing and marking it: it is not written again. Any
		// other answer (a stick gone, no permission) is an error: the
		// batch must not be marked written unseen.
		_, err := os.Stat(name)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return written, fmt.Errorf("outbox: %w", err)
		}
		if err != nil {
			ops, err := q.BatchOpinions(ctx, b)
			if err != nil {
				return written, err
			}
			views, err := q.BatchViews(ctx, b)
			if err != nil {
				return written, err
			}
			batch := newBatch(b, w.Site, w.SiteName, now().UTC(), ops, views)
			// The district's own rule, here: what it would refuse whole
			// is mended or left out (views only) before the batch is
			// written and its opinions counted as sent.
			batch, notes, err := Fit(batch)
			for _, n := range notes {
				log.Warn("outbox: "+n, "batch", b)
			}
			if err != nil {
				// Not written, not marked: its opinions stay here until
				// the cause (the site id) is mended.
				log.Error("outbox: batch not written: the district would refuse it", "batch", b, "err", err)
				failed = fmt.Errorf("outbox: batch %s not written: %w", b, err)
				continue
			}
			data, err := Encode(batch, key)
			if err != nil {
				return written, err
			}
			if err := durable.WriteFile(name, data, 0o600); err != nil {
				return written, fmt.Errorf("outbox: %w", err)
			}
			written++
			log.Info("outbox batch written", "file", name, "opinions", len(ops), "views", len(views))
		}
		if err := q.MarkBatchWritten(ctx, b); err != nil {
			return written, err
		}
	}
	return written, failed
}

// newBatch is batch id as it travels: the stored opinions and views, with
// nothing of the kiosk's own bookkeeping.
func newBatch(id, site, siteName string, written time.Time, ops []store.StoredOpinion, views []store.UsageView) Batch {
	batch := Batch{Format: Format, ID: id, Site: site, SiteName: siteName,
		Written: written, Opinions: make([]Opinion, len(ops))}
	for i, o := range ops {
		batch.Opinions[i] = Opinion{UID: o.UID, Receipt: o.Receipt, At: o.At, Site: o.Site,
			Category: o.Category, Subject: o.Subject, Text: o.Text, Rating: o.Rating,
			Held: o.Held, HeldWord: o.HeldWord, Contact: o.Contact, Consent: o.Consent}
	}
	batch.Views = make([]View, len(views))
	for i, v := range views {
		batch.Views[i] = View{UID: v.UID, At: v.At, Screen: v.Screen, Item: v.Item, Title: v.Title,
			DwellMS: v.Dwell.Milliseconds(), Taps: v.Taps}
	}
	return batch
}
