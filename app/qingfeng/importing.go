package main

// check and import by hand: the words are the inbox's (content/inbox),
// printed here.

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"qingfeng/content"
	"qingfeng/content/inbox"
	"qingfeng/content/store"
	"qingfeng/kiosk"
)

func (a *app) importer(st *store.Store) *inbox.Importer {
	return &inbox.Importer{
		Store:    st,
		Site:     a.cfg.Site.ID,
		Trusted:  a.cfg.trusted,
		Options:  a.parseOptions(),
		Log:      a.log,
		Progress: a.progress(),

		AllowPublisherChange: a.cfg.AllowPublisherChange,
	}
}

// progress shows long imports in the terminal: one line redrawn in place on
// a terminal, a line per 10% otherwise (logs, CI).
func (a *app) progress() func(stage string, done, total int) {
	lastTenth := -1
	lastStage := ""
	return func(stage string, done, total int) {
		if total <= 0 {
			return
		}
		if stage != lastStage {
			lastStage, lastTenth = stage, -1
		}
		if a.tty {
			fmt.Fprintf(a.out, "\r%s %d/%d", stage, done, total)
			if done == total {
				fmt.Fprintln(a.out)
			}
			return
		}
		if tenth := done * 10 / total; tenth != lastTenth {
			lastTenth = tenth
			fmt.Fprintf(a.out, "%s %d/%d（%d%%）\n", stage, done, total, done*100/total)
		}
	}
}

func (a *app) record(ctx context.Context, st *store.Store, r inbox.Result) {
	err := st.RecordImport(ctx, store.ImportRecord{Source: r.Source, PackageID: r.PackageID, Version: r.Version,
		OK: r.Outcome == inbox.Imported, Report: inbox.Report(r, a.cfg.location), At: r.At})
	if err != nil {
		a.log.Error("cannot record import", "err", err)
	}
}

// importCmd installs packages by hand; unlike the inbox it leaves them
// where they are, and prints the report instead of writing it beside them.
func (a *app) importCmd(ctx context.Context, paths []string) int {
	if len(paths) == 0 {
		fmt.Fprintln(a.out, "用法：qingfeng import --data DIR PACKAGE...")
		return 2
	}
	return a.withStore(ctx, func(st *store.Store) int {
		im := a.importer(st)
		status := 0
		for _, p := range paths {
			r := im.ImportPath(ctx, p)
			a.record(ctx, st, r)
			fmt.Fprint(a.out, inbox.Report(r, a.cfg.location))
			fmt.Fprintf(a.out, "用时 %s\n\n", r.Took.Round(time.Millisecond))
			if r.Outcome != inbox.Imported {
				status = 1
			}
		}
		return status
	})
}

// screenNews tells the kiosk's banner about the packages a person brings
// (a USB stick, a copy by hand): their start and their result. Packages
// that Syncthing delivers (inbox.Synced) come in quietly, with the small
// notice as before. A nil *screenNews tells nobody (headless).
type screenNews struct {
	k interface {
		ImportStarted(name string)
		ImportFinished(n kiosk.ImportNews)
	}
	do func(func()) // fyne.Do: the banner is drawn on the UI thread
}

func (n *screenNews) started(path, dir string) {
	if n == nil || inbox.Synced(dir) {
		return
	}
	name := inbox.ReportName(filepath.Base(path))
	n.do(func() { n.k.ImportStarted(name) })
}

func (n *screenNews) finished(r inbox.Result) {
	if n == nil || r.Inbox == "" || inbox.Synced(r.Inbox) {
		return
	}
	news := newsOf(r)
	n.do(func() { n.k.ImportFinished(news) })
}

// newsOf is the banner's words for a result, every name from the package
// escaped as the report escapes it.
func newsOf(r inbox.Result) kiosk.ImportNews {
	n := kiosk.ImportNews{Name: inbox.ReportName(filepath.Base(r.Source)), Title: inbox.ReportName(r.Title),
		Imported: r.Outcome == inbox.Imported}
	if n.Imported {
		if r.Changes == nil {
			n.Summary = countWords(r.Counts)
			return n
		}
		for _, l := range []struct {
			to   *[]string
			from []content.Item
		}{{&n.Added, r.Changes.Added}, {&n.Changed, r.Changes.Changed}, {&n.Removed, r.Changes.Removed}} {
			for _, it := range l.from {
				*l.to = append(*l.to, inbox.ReportName(it.String()))
			}
		}
		return n
	}
	n.Reason = inbox.ReportName(r.Reason)
	for _, p := range r.Problems {
		if p.Severity != content.Error {
			continue
		}
		n.Problems = append(n.Problems, inbox.ReportName(p.String())) // the banner shows the first, and counts the rest
	}
	return n
}

// countWords says what a first install brought: 故事 3 篇，公示 2 张.
func countWords(c inbox.Counts) string {
	var parts []string
	for _, p := range []struct {
		n    int
		word string
	}{{c.Stories, "故事 %d 篇"}, {c.Disclosures, "公示 %d 张"}, {c.Quizzes, "答题 %d 套"}, {c.TeaSets, "七味茶 %d 套"},
		{c.Puzzles, "拼图 %d 幅"}, {c.Images, "图片 %d 张"}, {c.Replies, "答复 %d 条"}, {c.Notices, "通知 %d 条"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf(p.word, p.n))
		}
	}
	return strings.Join(parts, "，")
}
