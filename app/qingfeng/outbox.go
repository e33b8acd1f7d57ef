package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/google/uuid"

	"qingfeng/content/inbox"
	"qingfeng/content/outbox"
	"qingfeng/content/store"
)

// outboxEvery is how often a running kiosk puts new opinions into a batch.
const outboxEvery = time.Minute

// flushOutbox puts the opinions and usage views not yet sent into a new batch and writes
// every batch whose file is not written yet into the outbox folder, each
// file once, atomically, as the district takes it (outbox.Fit). It returns
// how many files it wrote; a batch the district would refuse whole is not
// written, and an error says so once the others are.
func (a *app) flushOutbox(ctx context.Context, st *store.Store) (int, error) {
	dir := a.cfg.Outbox
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("outbox: %w", err)
	}
	// Syncthing must not carry the temporary files batches are written
	// through; a .stignore of the office's own is left alone.
	ign := filepath.Join(dir, ".stignore")
	if _, err := os.Stat(ign); errors.Is(err, fs.ErrNotExist) {
		if err := inbox.WriteFileAtomic(ign, []byte(outbox.StIgnore)); err != nil {
			return 0, fmt.Errorf("outbox: %w", err)
		}
	}
	// The key exists before the first batch: every batch is signed.
	key, created, err := outbox.LoadOrCreateKey(a.cfg.DataDir)
	if err != nil {
		return 0, err
	}
	if created {
		a.log.Info("kiosk key made: batches are signed with it", "file", filepath.Join(a.cfg.DataDir, outbox.KeyFile), "key", key.Public().String())
	}
	id, err := uuid.NewV7()
	if err != nil {
		return 0, fmt.Errorf("outbox: %w", err)
	}
	if _, err := st.SealOutboxBatch(ctx, id.String()); err != nil {
		return 0, err
	}
	batches, err := st.UnwrittenBatches(ctx)
	if err != nil {
		return 0, err
	}
	written := 0
	var failed error // a batch left unwritten: the others still go
	for _, b := range batches {
		name := filepath.Join(dir, outbox.FileName(b))
		// A file already there was written before a stop that came
		// between writing and marking it: it is not written again. Any
		// other answer (a stick gone, no permission) is an error: the
		// batch must not be marked written unseen.
		_, err := os.Stat(name)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return written, fmt.Errorf("outbox: %w", err)
		}
		if err != nil {
			ops, err := st.BatchOpinions(ctx, b)
			if err != nil {
				return written, err
			}
			views, err := st.BatchViews(ctx, b)
			if err != nil {
				return written, err
			}
			batch := outbox.Batch{Format: outbox.Format, ID: b, Site: a.cfg.Site.ID, SiteName: a.cfg.Site.Name,
				Written: time.Now().UTC(), Opinions: make([]outbox.Opinion, len(ops))}
			for i, o := range ops {
				batch.Opinions[i] = outbox.Opinion{UID: o.UID, Receipt: o.Receipt, At: o.At, Site: o.Site,
					Category: o.Category, Subject: o.Subject, Text: o.Text, Rating: o.Rating,
					Held: o.Held, HeldWord: o.HeldWord, Contact: o.Contact}
			}
			batch.Views = make([]outbox.View, len(views))
			for i, v := range views {
				batch.Views[i] = outbox.View{UID: v.UID, At: v.At, Screen: v.Screen, Item: v.Item, Title: v.Title,
					DwellMS: v.Dwell.Milliseconds(), Taps: v.Taps}
			}
			// The district's own rule, here: what it would refuse whole
			// is mended or left out (views only) before the batch is
			// written and its opinions counted as sent.
			batch, notes, err := outbox.Fit(batch)
			for _, n := range notes {
				a.log.Warn("outbox: "+n, "batch", b)
			}
			if err != nil {
				// Not written, not marked: its opinions stay here until
				// the cause (the site id) is mended.
				a.log.Error("outbox: batch not written: the district would refuse it", "batch", b, "err", err)
				failed = fmt.Errorf("outbox: batch %s not written: %w", b, err)
				continue
			}
			data, err := outbox.Encode(batch, key)
			if err != nil {
				return written, err
			}
			if err := inbox.WriteFileAtomic(name, data); err != nil {
				return written, fmt.Errorf("outbox: %w", err)
			}
			written++
			a.log.Info("outbox batch written", "file", name, "opinions", len(ops), "views", len(views))
		}
		if err := st.MarkBatchWritten(ctx, b); err != nil {
			return written, err
		}
	}
	return written, failed
}

// followOutbox flushes the outbox now, every outboxEvery, and once more
// when ctx ends, so an opinion left just before a shutdown goes out too.
func (a *app) followOutbox(ctx context.Context, st *store.Store) {
	flush := func(ctx context.Context) {
		if _, err := a.flushOutbox(ctx, st); err != nil {
			a.log.Error("outbox", "dir", a.cfg.Outbox, "err", err)
		}
	}
	flush(ctx)
	t := time.NewTicker(outboxEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			flush(ctx)
		case <-ctx.Done():
			flush(context.WithoutCancel(ctx))
			return
		}
	}
}

// outboxCmd is `qingfeng outbox`: write the waiting opinions into the
// outbox folder now (before taking a stick to the office, say).
func (a *app) outboxCmd(ctx context.Context) int {
	return a.withStore(ctx, func(st *store.Store) int {
		n, err := a.flushOutbox(ctx, st)
		if err != nil {
			fmt.Fprintln(a.out, "写入发件箱出错：", err)
			return 1
		}
		fmt.Fprintf(a.out, "发件箱 %s：新写入 %d 个文件\n", a.cfg.Outbox, n)
		if k, _, err := outbox.LoadOrCreateKey(a.cfg.DataDir); err == nil {
			fmt.Fprintf(a.out, "批次用本机的钥匙签名：%s（%s）\n", k.Public(), filepath.Join(a.cfg.DataDir, outbox.PublicKeyFile))
		}
		return 0
	})
}
