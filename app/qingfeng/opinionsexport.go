package main

import (
	"context"

	"qingfeng/app/office"
	"qingfeng/content/seal"
	"qingfeng/content/store"
)

// exportOpinions is `qingfeng opinions export` of this kiosk's data
// folder: app/office's, which qingfeng-office runs as well.
func (a *app) exportOpinions(ctx context.Context, out, keyPath string) int {
	return a.office().ExportOpinions(ctx, "qingfeng opinions export [--data DIR] --out FILE.xlsx|FILE.csv [--key office.key]", a.cfg.DataDir, out, keyPath,
		office.OfficeKey{Public: a.cfg.Opinions.PublicKey, File: a.cfg.Opinions.OfficeKey})
}

type exportSummary struct{ held, sealed, unreadable, handled int }

// opinionRows is app/office's OpinionRows in this kiosk's time zone, with
// progress lines for a long export.
func (a *app) opinionRows(ctx context.Context, st *store.Store, ops []store.StoredOpinion, priv *seal.Private) ([][]string, exportSummary, error) {
	// A few hundred rows take no time; progress lines would only be noise.
	var progress func(string, int, int)
	if len(ops) >= 1000 {
		progress = a.progress()
	}
	rows, sum, err := office.OpinionRows(ctx, st, ops, priv, a.cfg.location, progress)
	return rows, exportSummary{held: sum.Held, sealed: sum.Sealed, unreadable: sum.Unreadable, handled: sum.Handled}, err
}
