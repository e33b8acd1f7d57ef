package main

import (
	"context"
	"fmt"

	"qingfeng/content/inbox"
	"qingfeng/content/release"
	"qingfeng/content/usbsync"
)

// usbSync is staff mode's 与U盘同步 (content/usbsync): a batch and the
// heartbeat are written now, then the outbox goes onto the stick's
// qingfeng folder (the export folder) and the packages of its inbox
// folder are imported as the inbox watcher imports them.
func (d staffDesk) usbSync(ctx context.Context) (string, error) {
	a := d.a
	if _, err := a.flushOutbox(ctx, d.st); err != nil {
		// Batches written before still go; the error is logged.
		a.log.Error("outbox before the USB sync", "dir", a.cfg.Outbox, "err", err)
	}
	if err := a.writeHeartbeat(ctx, d.st); err != nil {
		a.log.Error("heartbeat before the USB sync", "err", err)
	}
	im := a.importer(d.st)
	im.Progress = nil // the clerk waits on the screen, not the terminal
	imported := false
	r, err := usbsync.Sync(ctx, usbsync.Options{Stick: a.cfg.Staff.ExportDir, Site: a.cfg.Site.ID, Outbox: a.cfg.Outbox,
		Import: func(ctx context.Context, path string) usbsync.Taken {
			if release.IsRelease(path) {
				return usbsync.Taken{Words: "这是软件更新，不在这里安装：请放在U盘的 qingfeng 文件夹里"}
			}
			res := im.ImportPath(ctx, path)
			if inImportHistory(res) {
				a.record(ctx, d.st, res)
			}
			ok := res.Outcome == inbox.Imported
			imported = imported || ok
			words := res.Outcome.Words()
			if !ok && res.Reason != "" {
				words += "：" + inbox.ReportName(res.Reason)
			}
			return usbsync.Taken{OK: ok, Words: words}
		}})
	if imported && d.imported != nil {
		d.imported()
	}
	a.log.Info("USB sync", "stick", a.cfg.Staff.ExportDir, "batches", r.Batches, "screens", r.Screens, "packages", len(r.Packages), "err", err)
	if err != nil {
		if r.Batches+r.Screens > 0 || r.Heartbeat {
			return "", fmt.Errorf("%w（之前已写好 %d 个文件，没写完的文件不会被汇总，再同步一次即可）", err, r.Batches+r.Screens)
		}
		return "", err
	}
	return r.Words(), nil
}
