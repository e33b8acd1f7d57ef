package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"qingfeng/content/outbox"
	"qingfeng/content/store"
)

// outboxEvery is how often a running kiosk puts new opinions into a batch.
const outboxEvery = time.Minute

// flushOutbox writes what waits to go into the outbox folder
// (outbox.Writer): it returns how many batch files it wrote.
func (a *app) flushOutbox(ctx context.Context, st *store.Store) (int, error) {
	w := &outbox.Writer{Dir: a.cfg.Outbox, KeyDir: a.cfg.DataDir, Site: a.cfg.Site.ID, SiteName: a.cfg.Site.Name, Log: a.log}
	return w.Write(ctx, st)
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
		if code := a.heartbeatCmd(ctx, st); code != 0 {
			return code
		}
		if k, _, err := outbox.LoadOrCreateKey(a.cfg.DataDir); err == nil {
			fmt.Fprintf(a.out, "批次用本机的钥匙签名：%s（%s）\n", k.Public(), filepath.Join(a.cfg.DataDir, outbox.PublicKeyFile))
		}
		return 0
	})
}
